#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The audit ring on this kernel's fentry and kprobe programs
# (tests/e2e/test_audit.sh on the host's tracepoints): with tprun stopped and
# a 4 KiB tp_events ring full of Posts, every Sigkill's event is still printed,
# with its process; the Posts lost are reported as rate_limit_info, exactly.
. "$(dirname "$0")/lib.sh"

FLOODER="$T/flooder"
cp "$O/tests/e2e/flooder" "$FLOODER"
W="$T/w"
mkdir -p "$W"
KILLS=5
CALLS=3000

# one object: Sigkill on $OPENER's open of $W/forbidden; Post on $FLOODER's getppid
policy() {
	{
		openat_policy audit <<YAML
    - matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
$(kill_on_open "$W/forbidden")
YAML
		cat <<YAML
  - call: "sys_getppid"
    syscall: true
    selectors:
    - matchBinaries:
      - operator: "In"
        values:
        - "$FLOODER"
YAML
	} | compile audit
}

# flood_while_stopped VARIANT [TPRUN ARGS]: the flood and the kills while tprun is stopped
flood_while_stopped() {
	local variant=$1 pid calls i
	shift
	policy
	start_tprun "$T/audit.bpf.o" -o json --ringbuf-size 4096 "$@"
	expect_variant sys_openat "$variant"
	pid=$TPRUN_PID
	kill -STOP "$pid"
	"$FLOODER" 1 "$CALLS" > "$T/flood.out" || fail "flooder failed"
	for ((i = 0; i < KILLS; i++)); do
		expect_killed "$OPENER" open "$W/forbidden"
	done
	read -r calls _ < "$T/flood.out"
	kill -CONT "$pid"
	stop_tprun
	expect_events \
		"len([h for h in kprobes() if h['action'] == 'KPROBE_ACTION_SIGKILL' and h['process'].get('binary') == '$OPENER' and h['args'][1]['string_arg'] == '$W/forbidden']) == $KILLS" \
		"len([h for h in kprobes() if h['function_name'].endswith('sys_getppid')]) + sum(int(body(e)['number_of_dropped_process_events']) for e in ev if kind(e) == 'rate_limit_info') == $calls" \
		"sum(int(body(e)['number_of_dropped_process_events']) for e in ev if kind(e) == 'rate_limit_info') > 0"
}

test_fentry_kills_printed_while_the_ring_is_full() {
	flood_while_stopped fentry
}

test_kprobe_kills_printed_while_the_ring_is_full() {
	flood_while_stopped kprobe --forbid fentry
}

run_tests
