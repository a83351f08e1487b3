#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# matchBinaries: every operator, followChildren, and a process older than tprun;
# a binary is its executable however it was started (./a, dir/a, a symlink, a
# script's interpreter), and process.binary is always absolute.
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
		kill_on_open "$T/f"
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

# A script runs its interpreter: matchBinaries takes the executable, so a
# script matches as its interpreter does, never by its own path (Tetragon's
# read_exe of mm->exe_file; docs: "Scripts with shebangs"). The interpreter
# is a copy of bash under $T. With followChildren, everything it runs keeps
# the membership across exec.
SCRIPT_BODY='
"$OPENER" open "$T/f" > /dev/null; echo "child=$?"
bash -c "\"$OPENER\" open \"$T/f\"" > /dev/null; echo "grandchild=$?"
"$OPENER" open "$T/g" > /dev/null; echo "other=$?"
exec 3< "$T/f"
echo "self survived"
'

make_script() {
	cp /usr/bin/bash "$T/bin/mysh"
	printf '#!%s\n%s' "$T/bin/mysh" "$SCRIPT_BODY" > "$T/bin/script.sh"
	chmod +x "$T/bin/script.sh"
	export OPENER T
}

# run_script NAME FOLLOWCHILDREN VALUE: the script under an In policy; sets OUT and RC
run_script() {
	make_script
	policy "$1" In "$2" "$3"
	start_tprun "$T/$1.bpf.o"
	RC=0
	OUT=$("$T/bin/script.sh") || RC=$?
	alive "$OPENER" "$T/bin/a"
	stop_tprun
}

test_script_matches_its_interpreter() {
	run_script bin_script false "$T/bin/script.sh"
	[ $RC -eq 0 ] || fail "script exited $RC: its own path must not match"
	check_events "len(hooks()) == 0"

	run_script bin_interp false "$T/bin/mysh"
	[ $RC -eq 137 ] || fail "script exited $RC, expected to be killed as $T/bin/mysh"
	[ "$OUT" = "$(printf 'child=0\ngrandchild=0\nother=0')" ] ||
		fail "children of the script matched without followChildren: $OUT"
	# process.binary is the exec's filename (the script), as Tetragon reports it
	check_binaries "$T/bin/script.sh"
}

test_follow_children() {
	run_script bin_follow true "$T/bin/mysh"
	[ $RC -eq 137 ] || fail "script exited $RC, expected to be killed"
	[ "$OUT" = "$(printf 'child=137\ngrandchild=137\nother=0')" ] ||
		fail "children of the script not killed: $OUT"
	check_binaries "$T/bin/script.sh" "$OPENER" "$OPENER"
}

# However a binary is started, it is its executable: ./a, bin/a, a symlink to
# it; process.binary is the name it was started by, made absolute (Tetragon's
# GetBinaryAbsolutePath: lexical, the symlink is not resolved).
test_in_relative_and_symlink() {
	ln -sf "$T/bin/a" "$T/link-a"
	ln -sf bin/a "$T/rel-link"
	policy bin_rel In false "$T/bin/a"
	start_tprun "$T/bin_rel.bpf.o"
	(cd "$T/bin" && expect_killed ./a open "$T/f")
	(cd "$T" && expect_killed bin/a open "$T/f")
	(cd "$T/other" && expect_killed ../bin/./a open "$T/f")
	expect_killed "$T/link-a" open "$T/f"
	(cd "$T" && expect_killed ./rel-link open "$T/f")
	(cd "$T/other" && expect_alive ./a open "$T/f")
	stop_tprun
	check_binaries "$T/bin/a" "$T/bin/a" "$T/bin/a" "$T/link-a" "$T/rel-link"
}

test_not_in_spares_relative_and_symlink() {
	ln -sf "$T/bin/a" "$T/link-a"
	policy bin_notin_rel NotIn false "$T/bin/a"
	start_tprun "$T/bin_notin_rel.bpf.o"
	(cd "$T/bin" && expect_alive ./a open "$T/f")
	(cd "$T" && expect_alive bin/a open "$T/f")
	expect_alive "$T/link-a" open "$T/f"
	(cd "$T/bin" && expect_killed ./b open "$T/f")
	stop_tprun
	check_binaries "$T/bin/b"
}

# A forked child runs its parent's executable: it matches as the parent does.
test_fork_child_inherits() {
	local out
	policy bin_fork In false "$T/bin/a"
	start_tprun "$T/bin_fork.bpf.o"
	out=$(cd "$T/bin" && ./a fork open "$T/f")
	stop_tprun
	[[ $out == *"child killed by signal 9"* ]] || fail "forked child of ./a not killed: $out"
	check_binaries "$T/bin/a"
	check_events "hooks()[0]['process']['pid'] != hooks()[0]['parent']['pid']"
}

# started_before NAME OP VALUE START...: each START, "DIR CMD" (CMD run in DIR),
# waits for $T/go then opens $T/f; tprun with the policy starts after them and
# learns them from /proc. Sets PIDS and RCS (their exit statuses).
started_before() {
	local name=$1 op=$2 value=$3 s i
	shift 3
	rm -f "$T/go"
	PIDS=()
	RCS=()
	for s in "$@"; do
		(cd "${s%% *}" && exec ${s#* } waitfile "$T/go" open "$T/f" > /dev/null) &
		PIDS+=($!)
	done
	policy "$name" "$op" false "$value"
	start_tprun "$T/$name.bpf.o"
	touch "$T/go"
	for i in "${!PIDS[@]}"; do
		RCS[i]=0
		wait "${PIDS[i]}" || RCS[i]=$?
	done
	stop_tprun
}

# Running before tprun starts: tprun learns them from /proc (binary = /proc/PID/exe).
test_in_process_started_before_tprun() {
	started_before bin_learn In "$T/bin/a" "/ $T/bin/a" "/ $T/bin/b"
	[ "${RCS[0]}" -eq 137 ] || fail "$T/bin/a started before tprun exited ${RCS[0]}"
	[ "${RCS[1]}" -eq 0 ] || fail "$T/bin/b started before tprun exited ${RCS[1]}"
	check_events "len(hooks()) == 1 and hooks()[0]['process']['pid'] == ${PIDS[0]}"
	check_binaries "$T/bin/a"
	check_events "'procFS' in hooks()[0]['process']['flags']"
}

# Started before tprun as ./a and through a symlink: /proc/PID/exe is the
# executable, so they match as if seen at exec; NotIn spares them.
test_not_in_processes_started_before_tprun() {
	ln -sf "$T/bin/a" "$T/link-a"
	started_before bin_learn_notin NotIn "$T/bin/a" "$T/bin ./a" "$T ./link-a" "$T/bin ./b"
	[ "${RCS[0]}" -eq 0 ] || fail "./a started before tprun exited ${RCS[0]}"
	[ "${RCS[1]}" -eq 0 ] || fail "a symlink to a started before tprun exited ${RCS[1]}"
	[ "${RCS[2]}" -eq 137 ] || fail "./b started before tprun exited ${RCS[2]}, expected SIGKILL"
	check_events "len(hooks()) == 1 and hooks()[0]['process']['pid'] == ${PIDS[2]}"
	# learned from /proc: process.binary is /proc/PID/exe, as Tetragon's procfs reader has it
	check_binaries "$T/bin/b"
}

run_tests
