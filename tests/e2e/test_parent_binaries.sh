#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# matchParentBinaries: the binary that ran before the process's last exec
# (the parent's after a fork, its own after an exec without one), as
# Tetragon's update_parents_map records it. The parents are copies of bash
# under $T; the opener, run by them, opens $T/f and is killed or not.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/bin"
cp /usr/bin/bash "$T/bin/psh"
cp /usr/bin/bash "$T/bin/qsh"
touch "$T/f"
export OPENER T

# policy NAME OP FOLLOWCHILDREN VALUE...: Sigkill openat($T/f) under one matchParentBinaries filter
policy() {
	local name=$1 op=$2 follow=$3 v
	shift 3
	{
		openat_policy parent_binaries <<YAML
    - matchParentBinaries:
      - operator: "$op"
        followChildren: $follow
        values:
$(for v in "$@"; do echo "        - \"$v\""; done)
$(kill_on_open "$T/f")
YAML
	} | compile "$name"
}

# under SHELL SCRIPT: run the script with the shell; prints the opener's exit status
under() {
	"$T/bin/$1" -c "$2"
}

RUN_OPENER='"$OPENER" open "$T/f" > /dev/null; echo $?'

test_in() {
	policy parent_in In false "$T/bin/psh"
	start_tprun "$T/parent_in.bpf.o"
	local a b c
	a=$(under psh "$RUN_OPENER")
	b=$(under qsh "$RUN_OPENER")
	c=0
	"$OPENER" open "$T/f" > /dev/null 2>&1 || c=$?
	stop_tprun
	[ "$a" = 137 ] || fail "opener run by psh exited $a, expected SIGKILL"
	[ "$b" = 0 ] || fail "opener run by qsh exited $b"
	[ "$c" = 0 ] || fail "opener run by the test's bash exited $c"
	check_events "len(hooks()) == 1 and hooks()[0]['process']['binary'] == '$OPENER'"
	check_events "hooks()[0]['parent']['binary'] == '$T/bin/psh'"
}

# psh_and_qsh NAME OP VALUE: the opener run by psh, then by qsh, under the
# policy; prints their exit statuses
psh_and_qsh() {
	policy "$1" "$2" false "$3"
	start_tprun "$T/$1.bpf.o"
	echo "$(under psh "$RUN_OPENER") $(under qsh "$RUN_OPENER")"
	stop_tprun
}

test_not_in() {
	local r
	r=$(psh_and_qsh parent_notin NotIn "$T/bin/psh")
	[ "$r" = "0 137" ] || fail "NotIn psh: psh's opener and qsh's exited $r, expected 0 137"
	check_events "len(hooks()) == 1 and hooks()[0]['parent']['binary'] == '$T/bin/qsh'"
}

# psh started as ./psh, or through a symlink, is still $T/bin/psh
test_parent_started_relative_or_by_symlink() {
	ln -sf "$T/bin/psh" "$T/link-psh"
	policy parent_rel In false "$T/bin/psh"
	start_tprun "$T/parent_rel.bpf.o"
	local a b
	a=$(cd "$T/bin" && ./psh -c "$RUN_OPENER")
	b=$("$T/link-psh" -c "$RUN_OPENER")
	stop_tprun
	[ "$a" = 137 ] || fail "opener run by ./psh exited $a, expected SIGKILL"
	[ "$b" = 137 ] || fail "opener run by a symlink to psh exited $b, expected SIGKILL"
}

# exec without a fork: the binary the process ran before is its parent binary
test_exec_without_fork() {
	policy parent_exec In false "$T/bin/psh"
	start_tprun "$T/parent_exec.bpf.o"
	local rc=0
	"$T/bin/psh" -c 'exec "$OPENER" open "$T/f"' > /dev/null 2>&1 || rc=$?
	stop_tprun
	[ $rc -eq 137 ] || fail "opener exec'd by psh in place exited $rc, expected SIGKILL"
	check_events "len(hooks()) == 1"
}

test_postfix_and_not_prefix() {
	local r
	r=$(psh_and_qsh parent_postfix Postfix /psh)
	[ "$r" = "137 0" ] || fail "Postfix /psh: psh's opener and qsh's exited $r"
	r=$(psh_and_qsh parent_notprefix NotPrefix "$T/bin/p")
	[ "$r" = "0 137" ] || fail "NotPrefix $T/bin/p: psh's opener and qsh's exited $r"
}

# followChildren: any ancestor's binary (since tprun started) counts
test_follow_children() {
	local nested='"$T/bin/qsh" -c '"'$RUN_OPENER'"
	policy parent_nofollow In false "$T/bin/psh"
	start_tprun "$T/parent_nofollow.bpf.o"
	local a
	a=$(under psh "$nested")
	stop_tprun
	[ "$a" = 0 ] || fail "psh's grandchild exited $a without followChildren"

	policy parent_follow In true "$T/bin/psh"
	start_tprun "$T/parent_follow.bpf.o"
	a=$(under psh "$nested")
	stop_tprun
	[ "$a" = 137 ] || fail "psh's grandchild exited $a with followChildren, expected SIGKILL"
	check_events "len(hooks()) == 1 and hooks()[0]['parent']['binary'] == '$T/bin/qsh'"
}

# A process that has not exec'd since tprun started has no parent binary
# recorded: the filter is skipped, In or NotIn, as Tetragon skips it without a
# tg_parents_bin entry (bpf/process/pfilter.h).
test_no_parent_binary_recorded() {
	local pid rc=0
	rm -f "$T/go"
	"$OPENER" waitfile "$T/go" open "$T/f" > /dev/null &
	pid=$!
	policy parent_unknown NotIn false /usr/bin/bash "$T/bin/psh"
	start_tprun "$T/parent_unknown.bpf.o"
	touch "$T/go"
	wait $pid || rc=$?
	stop_tprun
	[ $rc -eq 137 ] || fail "opener older than tprun exited $rc: the filter must be skipped"
}

test_refused() {
	local rc=0
	policy parent_bad Prefix true "$T/bin/" 2> /dev/null || rc=1
	[ $rc -eq 1 ] || fail "followChildren with Prefix compiled"
	grep -q "parent_bad.yaml:[0-9]*:[0-9]*: error: .*matchParentBinaries: followChildren with operator 'Prefix' is not supported" "$T/parent_bad.tpgen.err" ||
		fail "no located refusal: $(cat "$T/parent_bad.tpgen.err")"
	rc=0
	policy parent_badop Equal false "$T/bin/psh" 2> /dev/null || rc=1
	[ $rc -eq 1 ] || fail "operator Equal compiled"
	grep -q "parent_badop.yaml:[0-9]*:[0-9]*: error: unknown operator 'Equal'" "$T/parent_badop.tpgen.err" ||
		fail "no located refusal: $(cat "$T/parent_badop.tpgen.err")"
}

run_tests
