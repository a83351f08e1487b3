#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# return: true on sys_openat: the event carries the return value, matchReturnArgs
# decides whether it is posted, matchReturnActions act on the return.
. "$(dirname "$0")/lib.sh"

ENOENT=-2
EEXIST=-17
O_EXCL_CREAT=0xc1	# O_WRONLY | O_CREAT | O_EXCL
mkdir -p "$T/d"
touch "$T/d/f"

# policy NAME [SELECTOR-YAML]: openat under $T/d with its return value
policy() {
	local extra=${2:-}
	compile "$1" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "openat-return"
spec:
  kprobes:
  - call: "sys_openat"
    syscall: true
    return: true
    args:
    - index: 1
      type: "string"
    returnArg:
      index: 0
      type: "int"
    selectors:
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/d/"
$extra
YAML
}

# ret_filter OP VALUE...: a matchReturnArgs block
ret_filter() {
	local op=$1 v
	shift
	printf '      matchReturnArgs:\n      - index: 0\n        operator: "%s"\n        values:\n' "$op"
	for v in "$@"; do
		printf '        - "%s"\n' "$v"
	done
}

# run the same four opens under every policy: ok, missing, exists (O_EXCL), ok
opens() {
	expect_alive "$OPENER" open "$T/d/f"
	expect_alive "$OPENER" open "$T/d/missing"
	expect_alive "$OPENER" openf "$T/d/f" $O_EXCL_CREAT
	expect_alive "$OPENER" open "$T/d/f"
}

# the return values of the posted events, in order
rets() {
	check_events "[h['return']['int_arg'] for h in hooks()] == [$*]"
}

# returnArg's label goes with the return value, as Tetragon's argPrinter gives it
test_return_label() {
	policy retlabel
	sed 's/^      type: "int"$/      type: "int"\n      label: "fd"/' "$T/retlabel.yaml" | compile labelled
	start_tprun "$T/labelled.bpf.o"
	expect_alive "$OPENER" open "$T/d/missing"
	stop_tprun
	check_events "[h['return'] for h in hooks()] == [{'int_arg': $ENOENT, 'label': 'fd'}]"
}

test_return_value_in_event() {
	policy retval
	start_tprun "$T/retval.bpf.o"
	opens
	expect_alive "$OPENER" open "$T/other"
	stop_tprun
	check_events "len(hooks()) == 4"
	check_events "all(set(h['return']) == {'int_arg'} for h in hooks())"
	check_events "[h['args'][0]['string_arg'] for h in hooks()] == ['$T/d/f', '$T/d/missing', '$T/d/f', '$T/d/f']"
	check_events "hooks()[1]['return'] == {'int_arg': $ENOENT}"
	check_events "hooks()[0]['return']['int_arg'] >= 3 and hooks()[3]['return']['int_arg'] >= 3"
	check_events "hooks()[2]['return'] == {'int_arg': $EEXIST}"
	check_events "all(h['function_name'] == '__x64_sys_openat' for h in hooks())"
	# no matchReturnActions ran: the entry's action, as Tetragon's generic_retprobe leaves it
	check_events "all(h['return_action'] == 'KPROBE_ACTION_POST' for h in hooks())"
	check_events "all(h['action'] == 'KPROBE_ACTION_POST' for h in hooks())"
}

test_match_return_args_equal() {
	policy reteq "$(ret_filter Equal $ENOENT)"
	start_tprun "$T/reteq.bpf.o"
	opens
	stop_tprun
	rets $ENOENT
	check_events "hooks()[0]['args'][0]['string_arg'] == '$T/d/missing'"
}

test_match_return_args_not_equal() {
	policy retne "$(ret_filter NotEqual 3 $ENOENT)"
	start_tprun "$T/retne.bpf.o"
	opens
	stop_tprun
	# opener's first free descriptor is 3: only EEXIST is neither value
	rets $EEXIST
}

test_match_return_args_lt() {
	policy retlt "$(ret_filter LT 0)"
	start_tprun "$T/retlt.bpf.o"
	opens
	stop_tprun
	rets $ENOENT, $EEXIST
}

test_match_return_args_gt() {
	policy retgt "$(ret_filter GT -1)"
	start_tprun "$T/retgt.bpf.o"
	opens
	stop_tprun
	rets 3, 3
}

test_match_return_actions_sigkill() {
	policy retkill "$(ret_filter LT 0)
      matchReturnActions:
      - action: Sigkill"
	start_tprun "$T/retkill.bpf.o"
	expect_alive "$OPENER" open "$T/d/f"
	expect_killed "$OPENER" open "$T/d/missing"
	expect_killed "$OPENER" openf "$T/d/f" $O_EXCL_CREAT
	expect_alive "$OPENER" open "$T/d/f" open "$T/d/f"
	expect_alive "$OPENER" open "$T/missing"
	stop_tprun
	rets $ENOENT, $EEXIST
	check_events "all(h['return_action'] == 'KPROBE_ACTION_SIGKILL' for h in hooks())"
	check_events "sum(1 for x in exits() if x.get('signal') == 'SIGKILL' and x['process']['binary'] == '$OPENER') == 2"
}

# two selectors: failed opens of one file are killed, the other file's only posted
test_return_actions_per_selector() {
	policy retsel "$(ret_filter LT 0)
      matchReturnActions:
      - action: Sigkill
    - matchArgs:
      - index: 1
        operator: \"Prefix\"
        values:
        - \"$T/e/\""
	start_tprun "$T/retsel.bpf.o"
	expect_killed "$OPENER" open "$T/d/missing"
	expect_alive "$OPENER" open "$T/e/missing"
	expect_alive "$OPENER" open "$T/d/f"
	stop_tprun
	check_events "[(h['args'][0]['string_arg'], h['return']['int_arg'], h.get('return_action')) for h in hooks()] == [('$T/d/missing', $ENOENT, 'KPROBE_ACTION_SIGKILL'), ('$T/e/missing', $ENOENT, 'KPROBE_ACTION_POST')]"
}

# the entry's last action is the event's action and, no return action running, its return_action
test_return_action_is_the_entry_action() {
	policy retentry "      matchActions:
      - action: Post
      - action: Signal
        argSig: 17"
	start_tprun "$T/retentry.bpf.o"
	expect_alive "$OPENER" open "$T/d/f"
	stop_tprun
	check_events "[(h['action'], h['return_action']) for h in hooks()] == [('KPROBE_ACTION_SIGNAL', 'KPROBE_ACTION_SIGNAL')]"
}

# NoPost in matchReturnActions: Tetragon never sends the return, so the call is not printed
test_return_action_nopost() {
	policy retnopost "      matchReturnActions:
      - action: NoPost
    - matchArgs:
      - index: 1
        operator: \"Prefix\"
        values:
        - \"$T/e/\""
	start_tprun "$T/retnopost.bpf.o"
	opens
	expect_alive "$OPENER" open "$T/e/missing"
	stop_tprun
	check_events "[h['args'][0]['string_arg'] for h in hooks()] == ['$T/e/missing']"
}

run_tests
