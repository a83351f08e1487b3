#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# matchBinaries: every operator, followChildren, and a process older than tprun.
# Copies of the opener under different names and directories of $T are the
# binaries; every selector also needs an open of $T/f, so the rest of the
# system is untouched by the negative operators.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/bin" "$T/other"
cp "$OPENER" "$T/bin/a"
cp "$OPENER" "$T/bin/b"
cp "$OPENER" "$T/other/a"
cp "$OPENER" "$T/other/a-tool"
touch "$T/f" "$T/g"

# policy NAME OP FOLLOWCHILDREN VALUE...: Sigkill openat($T/f) under one matchBinaries filter
policy() {
	local name=$1 op=$2 follow=$3 v
	shift 3
	{
		cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "binaries"
spec:
  kprobes:
  - call: "sys_openat"
    syscall: true
    args:
    - index: 1
      type: "string"
    selectors:
    - matchBinaries:
      - operator: "$op"
        followChildren: $follow
        values:
YAML
		for v in "$@"; do
			echo "        - \"$v\""
		done
		cat <<YAML
      matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "$T/f"
      matchActions:
      - action: Sigkill
YAML
	} | compile "$name"
}

# killed BIN...: each must die opening $T/f (and live opening $T/g)
killed() {
	local b
	for b in "$@"; do
		expect_killed "$b" open "$T/f"
		expect_alive "$b" open "$T/g"
	done
}

alive() {
	local b
	for b in "$@"; do
		expect_alive "$b" open "$T/f"
	done
}

# binaries of the hook events, sorted
check_binaries() {
	check_events "sorted(h['process']['binary'] for h in hooks()) == sorted('$*'.split())"
}

test_in() {
	policy bin_in In false "$T/bin/a" "$T/other/a-tool"
	start_tprun "$T/bin_in.bpf.o"
	killed "$T/bin/a" "$T/other/a-tool"
	alive "$T/bin/b" "$T/other/a" "$OPENER"
	expect_alive cat "$T/f"
	stop_tprun
	check_binaries "$T/bin/a" "$T/other/a-tool"
	check_events "all(h['action'] == 'KPROBE_ACTION_SIGKILL' for h in hooks())"
}

test_not_in() {
	policy bin_notin NotIn false "$T/bin/a" "$T/other/a-tool"
	start_tprun "$T/bin_notin.bpf.o"
	alive "$T/bin/a" "$T/other/a-tool"
	killed "$T/bin/b" "$T/other/a"
	expect_killed cat "$T/f"
	stop_tprun
	check_binaries "$T/bin/b" "$T/other/a" /usr/bin/cat
}

test_prefix() {
	policy bin_prefix Prefix false "$T/bin/" "$T/other/a-"
	start_tprun "$T/bin_prefix.bpf.o"
	killed "$T/bin/a" "$T/bin/b" "$T/other/a-tool"
	alive "$T/other/a" "$OPENER"
	stop_tprun
	check_binaries "$T/bin/a" "$T/bin/b" "$T/other/a-tool"
}

test_not_prefix() {
	policy bin_notprefix NotPrefix false "$T/bin/" "/usr/"
	start_tprun "$T/bin_notprefix.bpf.o"
	alive "$T/bin/a" "$T/bin/b"
	expect_alive cat "$T/f"
	killed "$T/other/a" "$OPENER"
	stop_tprun
	check_binaries "$T/other/a" "$OPENER"
}

test_postfix() {
	policy bin_postfix Postfix false "/a" "-tool"
	start_tprun "$T/bin_postfix.bpf.o"
	killed "$T/bin/a" "$T/other/a" "$T/other/a-tool"
	alive "$T/bin/b" "$OPENER"
	stop_tprun
	check_binaries "$T/bin/a" "$T/other/a" "$T/other/a-tool"
}

test_not_postfix() {
	policy bin_notpostfix NotPostfix false "/a" "/cat"
	start_tprun "$T/bin_notpostfix.bpf.o"
	alive "$T/bin/a" "$T/other/a"
	expect_alive cat "$T/f"
	killed "$T/bin/b" "$T/other/a-tool"
	stop_tprun
	check_binaries "$T/bin/b" "$T/other/a-tool"
}

# More values than tpgen inlines: hash set (In) and LPM tries (Prefix, Postfix)
many() {
	local i
	for i in $(seq 1 12); do echo "$1$i${2:-}"; done
}

test_in_large_set() {
	policy bin_in_many In false $(many "$T/none/x") "$T/bin/a" "$T/other/a-tool"
	start_tprun "$T/bin_in_many.bpf.o"
	killed "$T/bin/a" "$T/other/a-tool"
	alive "$T/bin/b" "$T/other/a" "$OPENER"
	stop_tprun
	check_binaries "$T/bin/a" "$T/other/a-tool"
}

test_prefix_large_set() {
	policy bin_prefix_many Prefix false $(many "$T/none/x" /) "$T/bin/" "$T/other/a-"
	start_tprun "$T/bin_prefix_many.bpf.o"
	killed "$T/bin/a" "$T/bin/b" "$T/other/a-tool"
	alive "$T/other/a" "$OPENER"
	stop_tprun
	check_binaries "$T/bin/a" "$T/bin/b" "$T/other/a-tool"
}

test_not_postfix_large_set() {
	policy bin_notpostfix_many NotPostfix false $(many /none-x) "/a" "/cat"
	start_tprun "$T/bin_notpostfix_many.bpf.o"
	alive "$T/bin/a" "$T/other/a"
	expect_alive cat "$T/f"
	killed "$T/bin/b" "$T/other/a-tool"
	stop_tprun
	check_binaries "$T/bin/b" "$T/other/a-tool"
}

# A script matched by In: its own opens, and with followChildren those of
# everything it runs (exec'd binaries keep the membership).
SCRIPT_BODY='
"$OPENER" open "$T/f" > /dev/null; echo "child=$?"
bash -c "\"$OPENER\" open \"$T/f\"" > /dev/null; echo "grandchild=$?"
"$OPENER" open "$T/g" > /dev/null; echo "other=$?"
exec 3< "$T/f"
echo "self survived"
'

make_script() {
	printf '#!/bin/bash\n%s' "$SCRIPT_BODY" > "$T/bin/script.sh"
	chmod +x "$T/bin/script.sh"
	export OPENER T
}

test_follow_children() {
	make_script
	policy bin_follow In true "$T/bin/script.sh"
	start_tprun "$T/bin_follow.bpf.o"
	local out rc=0
	out=$("$T/bin/script.sh") || rc=$?
	alive "$OPENER" "$T/bin/a"
	stop_tprun
	[ $rc -eq 137 ] || fail "script exited $rc, expected to be killed"
	[ "$out" = "$(printf 'child=137\ngrandchild=137\nother=0')" ] ||
		fail "children of the script not killed: $out"
	check_binaries "$T/bin/script.sh" "$OPENER" "$OPENER"
}

test_without_follow_children() {
	make_script
	policy bin_nofollow In false "$T/bin/script.sh"
	start_tprun "$T/bin_nofollow.bpf.o"
	local out rc=0
	out=$("$T/bin/script.sh") || rc=$?
	stop_tprun
	[ $rc -eq 137 ] || fail "script exited $rc, expected to be killed"
	[ "$out" = "$(printf 'child=0\ngrandchild=0\nother=0')" ] ||
		fail "children of the script matched without followChildren: $out"
	check_binaries "$T/bin/script.sh"
}

# Running before tprun starts: tprun learns them from /proc (binary = /proc/PID/exe).
test_in_process_started_before_tprun() {
	local a b rca=0 rcb=0
	rm -f "$T/go"
	"$T/bin/a" waitfile "$T/go" open "$T/f" > /dev/null &
	a=$!
	"$T/bin/b" waitfile "$T/go" open "$T/f" > /dev/null &
	b=$!
	policy bin_learn In false "$T/bin/a"
	start_tprun "$T/bin_learn.bpf.o"
	touch "$T/go"
	wait $a || rca=$?
	wait $b || rcb=$?
	stop_tprun
	[ $rca -eq 137 ] || fail "$T/bin/a started before tprun exited $rca, expected SIGKILL"
	[ $rcb -eq 0 ] || fail "$T/bin/b started before tprun exited $rcb"
	check_events "len(hooks()) == 1 and hooks()[0]['process']['pid'] == $a"
	check_binaries "$T/bin/a"
	check_events "'procFS' in hooks()[0]['process']['flags']"
}

run_tests
