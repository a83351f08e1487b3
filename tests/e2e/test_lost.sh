#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Records the kernel cannot hand over (ring buffer full while tprun is stopped)
# are counted and reported, never dropped silently.
. "$(dirname "$0")/lib.sh"

N=5000

policy() {
	compile getppid <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "post-getppid"
spec:
  kprobes:
  - call: "sys_getppid"
    syscall: true
    selectors:
    - matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
YAML
}

# the N in "tprun: N records lost ...", 0 without the line
lost() {
	sed -nE 's/^tprun: ([0-9]+) records? lost.*/\1/p' "$T/tprun.err" | tail -1 | grep . || echo 0
}

test_lost_records_are_reported() {
	policy
	start_tprun "$T/getppid.bpf.o" --ringbuf-size 4096
	local pid=$TPRUN_PID n
	kill -STOP "$pid"
	expect_alive "$OPENER" $(yes getppid | head -n $N)
	kill -CONT "$pid"
	# the final count comes with the drain at exit: no need to wait for it; whether tprun survives SIGCONT is test_sigstop_sigcont_keeps_running's business
	if kill -0 "$pid" 2>/dev/null; then
		stop_tprun
	else
		wait "$pid" || true
		TPRUN_PID=
		rm -f "$T/tprun.pid"
	fi
	n=$(lost)
	[ "$n" -gt 0 ] || { cat "$T/tprun.err" >&2; fail "no lost records reported"; }
	# every call was either delivered or counted
	check_events "0 < len(hooks()) < $N and len(hooks()) + $n >= $N"
	grep -q "records lost in the kernel (ring buffer full)" "$T/tprun.err" ||
		fail "lost records not explained"
}

# a stopped and continued tprun goes on (epoll_wait returns EINTR after SIGCONT)
test_sigstop_sigcont_keeps_running() {
	policy
	start_tprun "$T/getppid.bpf.o"
	local pid=$TPRUN_PID i
	for i in $(seq 1 20); do
		kill -STOP "$pid" 2>/dev/null || break
		sleep 0.1
		kill -CONT "$pid"
		sleep 0.1
	done
	kill -0 "$pid" 2>/dev/null || { cat "$T/tprun.err" >&2; fail "tprun exited after SIGSTOP/SIGCONT"; }
	expect_alive "$OPENER" getppid
	stop_tprun
	check_events "len(hooks()) == 1"
}

# without pressure nothing is reported lost
test_nothing_lost() {
	policy
	start_tprun "$T/getppid.bpf.o"
	expect_alive "$OPENER" $(yes getppid | head -n 100)
	stop_tprun
	[ "$(lost)" -eq 0 ] || { cat "$T/tprun.err" >&2; fail "records reported lost"; }
	check_events "len(hooks()) == 100"
}

run_tests
