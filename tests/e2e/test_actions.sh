#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# What an event says about its selector's actions and its processes: the action is
# the last one run (Tetragon's do_action sets the message's action at each), and
# every process object carries a tid (a cached process's is its pid).
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/a"

# policy NAME: openat of $T/a/post-signal posts then signals, of $T/a/signal-post the other
# way round; SIGCHLD (17) is ignored by default, so the opener lives on
actions_policy() {
	openat_policy "$1" <<YAML | compile "$1"
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "$T/a/post-signal"
      matchActions:
      - action: Post
      - action: Signal
        argSig: 17
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "$T/a/signal-post"
      matchActions:
      - action: Signal
        argSig: 17
      - action: Post
YAML
}

test_action_is_the_last_action() {
	actions_policy lastact
	start_tprun "$T/lastact.bpf.o"
	expect_alive "$OPENER" open "$T/a/post-signal" open "$T/a/signal-post"
	stop_tprun
	check_events "[(h['args'][1]['string_arg'], h['action']) for h in hooks()] == [('$T/a/post-signal', 'KPROBE_ACTION_SIGNAL'), ('$T/a/signal-post', 'KPROBE_ACTION_POST')]"
}

test_parent_and_exec_tid() {
	actions_policy tids
	start_tprun "$T/tids.bpf.o"
	expect_alive "$OPENER" open "$T/a/post-signal"
	stop_tprun
	check_events "len(hooks()) == 1"
	# the hook's process: the calling thread; its parent: tid = pid
	check_events "all(h['process']['tid'] == h['process']['pid'] for h in hooks())"
	check_events "all(h['parent']['tid'] == h['parent']['pid'] > 0 for h in hooks())"
	# an exec's process and parent, an exit's process: tid = pid
	check_events "[x['process']['tid'] == x['process']['pid'] and x['parent']['tid'] == x['parent']['pid'] for x in execs() if x['process'].get('binary') == '$OPENER'] == [True]"
	check_events "[x['process']['tid'] == x['process']['pid'] for x in exits() if x['process'].get('binary') == '$OPENER'] == [True]"
}

run_tests
