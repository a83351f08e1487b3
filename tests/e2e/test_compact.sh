#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tprun -o compact: one line per event as `tetra getevents -o compact` prints
# it, "<emoji> <label padded to 7> <node> <binary> <details>", with the action
# after an enforced hook event and the signal after a killed process's exit.
. "$(dirname "$0")/lib.sh"

NODE=$(uname -n)

policy() {
	{
		kill_selector "$T/c/kill"
		open_selector "$T/c/usr1" Signal "        argSig: 10"
		open_selector "$T/c/quiet" Sigkill "      - action: NoPost"
		match_arg 1 Prefix "$T/c/post" | selector
	} | openat_policy compact
}

# line TEXT: the output has exactly this line, once
line() {
	local n
	n=$(grep -cFx -- "$1" "$T/tprun.out" || true)
	[ "$n" -eq 1 ] || {
		grep -F -- "$T/" "$T/tprun.out" >&2 || true
		fail "expected one line '$1', found $n"
		return 1
	}
}

# no_line TEXT: no line contains TEXT
no_line() {
	! grep -qF -- "$1" "$T/tprun.out" || { fail "unexpected line with '$1'"; return 1; }
}

test_compact_lines() {
	policy | compile compact
	start_tprun "$T/compact.bpf.o" -o compact
	expect_alive "$OPENER" open "$T/c/post"
	expect_killed "$OPENER" open "$T/c/kill"
	SIG=10 expect_killed "$OPENER" open "$T/c/usr1"
	expect_killed "$OPENER" open "$T/c/quiet"
	expect_alive "$OPENER" open "$T/c/other"
	stop_tprun

	line "🚀 process $NODE $OPENER open $T/c/post"
	line "📬 open    $NODE $OPENER $T/c/post"
	line "💥 exit    $NODE $OPENER open $T/c/post 0"

	line "🚀 process $NODE $OPENER open $T/c/kill"
	line "📬 open    $NODE $OPENER $T/c/kill SIGKILL"
	line "💥 exit    $NODE $OPENER open $T/c/kill SIGKILL"

	line "📬 open    $NODE $OPENER $T/c/usr1 SIGNAL"
	line "💥 exit    $NODE $OPENER open $T/c/usr1 SIGUSR1"

	# NoPost: killed, no open line
	line "💥 exit    $NODE $OPENER open $T/c/quiet SIGKILL"
	no_line "📬 open    $NODE $OPENER $T/c/quiet"

	# no selector matched: the process shows, its open does not
	line "💥 exit    $NODE $OPENER open $T/c/other 0"
	no_line "📬 open    $NODE $OPENER $T/c/other"

	# every line is a compact line, not JSON
	! grep -qv -e '^🚀 process ' -e '^💥 exit    ' -e '^📬 open    ' "$T/tprun.out" ||
		{ grep -v -e '^🚀 ' -e '^💥 ' -e '^📬 ' "$T/tprun.out" | head -5 >&2; fail "a line is not compact"; }
	# order: the open comes after the process started and before it exited
	[ "$(grep -F -e "$OPENER open $T/c/kill" -e "$OPENER $T/c/kill" "$T/tprun.out" |
		cut -d' ' -f1)" = "$(printf '🚀\n📬\n💥')" ] || fail "kill lines out of order"
}

# arguments and paths with control characters stay on one line
test_compact_one_line_per_event() {
	policy | compile compact
	start_tprun "$T/compact.bpf.o" -o compact
	expect_alive "$OPENER" open "$T/c/post"$'\n'"x" sleep 1
	stop_tprun
	line "📬 open    $NODE $OPENER $T/c/post?x"
	line "💥 exit    $NODE $OPENER open $T/c/post?x sleep 1 0"
}

run_tests
