#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Post's rateLimit: within the window one event per key, the key being the hook, the
# scope's thread, process or nothing, and the call's args (Tetragon's rate_limit()).
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/r"
F="$T/r/f"
G="$T/r/g"
touch "$F" "$G"
# opens of $F by the opener, as (tid, pid) pairs
OPENS="[(h['process']['tid'], h['process']['pid']) for h in hooks() if h['args'][1]['string_arg'] == '$F']"

# policy NAME RATE [SCOPE] [return]: openat under $T/r/ posted with rateLimit RATE; with
# "return" the hook also has return: true and its return value
rl_policy() {
	local scope=${3:+"        rateLimitScope: $3"}
	openat_policy "$1" <<YAML | sed "s/^    syscall: true\$/    syscall: true\n${4:+    return: true\n    returnArg:\n      index: 0\n      type: int}/" | compile "$1"
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/r/"
      matchActions:
      - action: Post
        rateLimit: $2
$scope
YAML
}

test_thread_scope() {
	rl_policy thread 1
	start_tprun "$T/thread.bpf.o"
	# three opens, two in a second thread, then one after the window
	expect_alive "$OPENER" open "$F" open "$F" open "$F" thread open "$F" open "$F" sleep 1500 open "$F"
	stop_tprun
	check_events "len($OPENS) == 3 and len(set(p for t, p in $OPENS)) == 1"
	check_events "[t == p for t, p in $OPENS] == [True, False, False]"
}

test_process_scope() {
	rl_policy process 1 process
	start_tprun "$T/process.bpf.o"
	expect_alive "$OPENER" open "$F" open "$F" thread open "$F" open "$F" sleep 1500 open "$F"
	stop_tprun
	# the second thread's opens fall in the main thread's window; the one after it posts
	check_events "[t == p for t, p in $OPENS] == [True, False]"
}

test_global_scope() {
	rl_policy global 1 global
	start_tprun "$T/global.bpf.o"
	expect_alive "$OPENER" open "$F" open "$F"
	expect_alive "$OPENER" open "$F" open "$F"
	expect_alive "$OPENER" sleep 1500 open "$F"
	stop_tprun
	check_events "len($OPENS) == 2 and len(set(p for t, p in $OPENS)) == 2"
}

# the key holds the call's args: another path is another key; Tetragon's syntax for minutes
test_args_in_key() {
	rl_policy args 1m
	start_tprun "$T/args.bpf.o"
	expect_alive "$OPENER" open "$F" open "$G" open "$F" open "$G" sleep 1500 open "$F"
	stop_tprun
	check_events "[h['args'][1]['string_arg'] for h in hooks()] == ['$F', '$G']"
}

# a held-back entry takes its return half with it
test_return_half_held_back() {
	rl_policy ret 1m "" return
	start_tprun "$T/ret.bpf.o"
	expect_alive "$OPENER" open "$F" open "$F" open "$F"
	stop_tprun
	check_events "[(h['args'][1]['string_arg'], h['return']['int_arg'] >= 3) for h in hooks()] == [('$F', True)]"
}

test_errors() {
	local out
	rl_policy bad 1x thread 2>/dev/null && return 1
	grep -q "bad.yaml:25:20: error: kprobe 'sys_openat': action 'Post': rateLimit '1x' is not a duration" "$T/bad.tpgen.err"
	rl_policy bads 1 Thread 2>/dev/null && return 1
	grep -q "bads.yaml:26:25: error: .*rateLimitScope 'Thread' is not thread, process or global" "$T/bads.tpgen.err"
	openat_policy kill <<YAML | compile kill 2>/dev/null && return 1
    - matchActions:
      - action: Sigkill
        rateLimit: 1m
YAML
	grep -q "kill.yaml:19:20: error: kprobe 'sys_openat': action 'Sigkill': rateLimit applies to Post only" "$T/kill.tpgen.err"
}

run_tests
