#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tprun as a tool: variant report, unattachable hooks, signals.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

simple() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "cli"
spec:
  kprobes:
  - call: "sys_openat"
    args:
    - index: 1
      type: "string"
    selectors:
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/watched/"
YAML
}

test_reports_the_variant_of_each_hook() {
	simple | compile cli
	start_tprun "$T/cli.bpf.o"
	grep -q "^tprun: hook 'sys_openat' attaches with tracepoint (syscalls/sys_enter_openat)$" "$T/tprun.err" ||
		fail "no variant line"
	stop_tprun
}

test_sigterm_detaches_and_exits_0() {
	simple | compile cli
	start_tprun "$T/cli.bpf.o"
	local pid
	pid=$(cat "$T/tprun.pid")
	kill -TERM "$pid"
	for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	! kill -0 "$pid" 2>/dev/null || fail "tprun still running after SIGTERM"
	rm -f "$T/tprun.pid"
	! bpftool prog show 2>/dev/null | grep -q "name tp_h0_tp" || fail "programs still loaded"
}

test_events_flow_while_running() {
	simple | compile cli
	mkdir -p "$T/watched"
	start_tprun "$T/cli.bpf.o"
	"$OPENER" open "$T/watched/a" > /dev/null
	stop_tprun
	check_events "len(hooks()) == 1 and hooks()[0]['action'] == 'KPROBE_ACTION_POST'"
}

test_a_hook_nothing_can_attach_is_an_error() {
	# compiled against a tracefs that has an event this kernel lacks
	cat > "$T/tp.yaml" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "missing"
spec:
  tracepoints:
  - subsystem: "tptest"
    event: "fields"
    args:
    - index: 5
YAML
	"$TPGEN" --tracefs "$ROOT/tests/unit/fixtures/tracefs" "$T/tp.yaml" -o "$T/tp.bpf.o"
	local rc=0
	"$TPRUN" "$T/tp.bpf.o" > /dev/null 2> "$T/err" || rc=$?
	[ $rc -eq 1 ] || fail "exit status $rc"
	grep -q "hook 'tptest/fields' (policy line 7) cannot attach on this kernel: tracepoint: tracepoint not found in tracefs" "$T/err" ||
		{ cat "$T/err" >&2; fail "the error does not name the hook and what is missing"; }
	! grep -q "tprun: ready" "$T/err" || fail "said ready"
}

run_tests
