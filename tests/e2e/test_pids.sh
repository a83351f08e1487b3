#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# matchPIDs: In and NotIn, with and without followForks, and isNamespacePID.
# Every selector also needs an open of $T/f, so the rest of the system is untouched.
. "$(dirname "$0")/lib.sh"

# policy OP FOLLOWFORKS ISNSPID PID...: Sigkill openat($T/f) under one matchPIDs filter
policy() {
	local op=$1 follow=$2 ns=$3 v
	shift 3
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "pids"
spec:
  kprobes:
  - call: "sys_openat"
    syscall: true
    args:
    - index: 1
      type: "string"
    selectors:
    - matchPIDs:
      - operator: "$op"
        followForks: $follow
        isNamespacePID: $ns
        values:
YAML
	for v in "$@"; do
		echo "        - \"$v\""
	done
	kill_on_open "$T/f"
}

# hold NAME SCRIPT: a bash that blocks until `release NAME`, then runs SCRIPT
# (output in $T/NAME.out). Its pid, known before any policy is written, is in HELD_PID.
hold() {
	local name=$1 script=$2
	rm -f "$T/$name.fifo" "$T/$name.out" "$T/$name.rc"
	mkfifo "$T/$name.fifo"
	# opened read-write, the fifo does not block; never released, it gives up
	bash -c 'exec 3<> "$0"; read -r -t 60 -u 3 _ || exit 99; exec 3<&-; eval "$1"' \
		"$T/$name.fifo" "$script" > "$T/$name.out" 2>&1 &
	HELD_PID=$!
	echo "$HELD_PID" > "$T/$name.pid"
}

# release NAME: let it run and wait for it; its exit status in $T/NAME.rc
release() {
	local pid rc=0
	pid=$(cat "$T/$1.pid")
	echo go > "$T/$1.fifo"
	wait "$pid" || rc=$?
	echo "$rc" > "$T/$1.rc"
}

expect_rc() {
	local got
	got=$(cat "$T/$1.rc")
	[ "$got" = "$2" ] || { cat "$T/$1.out" >&2; fail "'$1' exited $got, expected $2"; return 1; }
}

expect_out() {
	grep -q -- "$2" "$T/$1.out" || { cat "$T/$1.out" >&2; fail "'$1' output lacks '$2'"; return 1; }
}

expect_not_out() {
	! grep -q -- "$2" "$T/$1.out" || { cat "$T/$1.out" >&2; fail "'$1' output has '$2'"; return 1; }
}

# the opener exec'd by a held shell keeps its pid; its children do not
test_in_without_follow_forks() {
	touch "$T/f"
	hold a "exec $OPENER open $T/f"; local a=$HELD_PID
	hold b "exec $OPENER open $T/f"
	hold c "exec $OPENER fork open $T/f"; local c=$HELD_PID
	policy In false false "$a" "$c" | compile pin
	start_tprun "$T/pin.bpf.o"
	release a
	release b
	release c
	expect_alive "$OPENER" open "$T/f"
	stop_tprun
	expect_rc a 137
	expect_rc b 0
	# c's child has another pid: not matched without followForks
	expect_rc c 0
	expect_not_out c "killed"
	check_events "len(hooks()) == 1 and hooks()[0]['process']['pid'] == $a"
	check_events "hooks()[0]['action'] == 'KPROBE_ACTION_SIGKILL' and hooks()[0]['args'][0]['string_arg'] == '$T/f'"
}

test_not_in_without_follow_forks() {
	touch "$T/f"
	hold a "exec $OPENER open $T/f"; local a=$HELD_PID
	hold b "exec $OPENER open $T/f"; local b=$HELD_PID
	policy NotIn false false "$a" 1 | compile pnotin
	start_tprun "$T/pnotin.bpf.o"
	release a
	release b
	expect_killed "$OPENER" open "$T/f"
	expect_alive "$OPENER" open "$T/g"
	stop_tprun
	expect_rc a 0
	expect_rc b 137
	check_events "len(hooks()) == 2 and $a not in [h['process']['pid'] for h in hooks()]"
	check_events "$b in [h['process']['pid'] for h in hooks()]"
}

# The parent shell exists before tprun: tprun learns it from /proc, and the
# processes it forks afterwards (and theirs) inherit the membership.
P_SCRIPT='$OPENER open $T/f; echo "rc1=$?"; $OPENER fork open $T/f; bash -c "$OPENER open $T/f"; echo "rc3=$?"; $OPENER open $T/g; echo "rc4=$?"'

test_in_follow_forks_parent_started_before_tprun() {
	touch "$T/f" "$T/g"
	export OPENER T
	hold parent "$P_SCRIPT"; local p=$HELD_PID
	hold sibling "$P_SCRIPT"; local s=$HELD_PID
	policy In true false "$p" | compile pfollow
	start_tprun "$T/pfollow.bpf.o"
	release parent
	release sibling
	expect_alive "$OPENER" open "$T/f"
	stop_tprun
	expect_rc parent 0
	expect_out parent "rc1=137"
	expect_out parent "opener: child killed by signal 9"
	expect_out parent "rc3=137"
	expect_out parent "rc4=0"
	expect_rc sibling 0
	expect_out sibling "rc1=0"
	expect_not_out sibling "killed"
	expect_out sibling "rc3=0"
	check_events "len(hooks()) == 3 and all(h['action'] == 'KPROBE_ACTION_SIGKILL' for h in hooks())"
	check_events "$p not in [h['process']['pid'] for h in hooks()]"
	check_events "all(h['process']['binary'] == '$OPENER' for h in hooks())"
}

test_not_in_follow_forks() {
	touch "$T/f"
	export OPENER T
	hold parent "$P_SCRIPT"
	hold sibling "$P_SCRIPT"; local s=$HELD_PID
	policy NotIn true false "$(cat "$T/parent.pid")" | compile pnotfollow
	start_tprun "$T/pnotfollow.bpf.o"
	release parent
	release sibling
	expect_killed "$OPENER" open "$T/f"
	stop_tprun
	expect_out parent "rc1=0"
	expect_not_out parent "killed"
	expect_out parent "rc3=0"
	expect_out sibling "rc1=137"
	expect_out sibling "opener: child killed by signal 9"
	expect_out sibling "rc3=137"
	expect_out sibling "rc4=0"
	check_events "len(hooks()) == 4"
}

# unshare --pid --fork: the exec'd command is pid 1 in its namespace, what
# bash -c forks there is pid 2
test_namespace_pid_in() {
	touch "$T/f"
	policy In false true 2 | compile pns
	start_tprun "$T/pns.bpf.o"
	local out
	out=$(unshare --pid --fork --mount-proc bash -c \
		"$OPENER open $T/f >/dev/null; echo rc=\$?; $OPENER open $T/f >/dev/null; echo rc=\$?")
	expect_alive unshare --pid --fork --mount-proc "$OPENER" open "$T/f"
	expect_alive "$OPENER" open "$T/f"
	stop_tprun
	[ "$out" = "$(printf 'rc=137\nrc=0')" ] || fail "namespace pid 2 not killed alone: $out"
	check_events "len(hooks()) == 1 and hooks()[0]['process']['pid'] > 2"
}

test_namespace_pid_not_in() {
	touch "$T/f"
	policy NotIn false true 1 | compile pnsnot
	start_tprun "$T/pnsnot.bpf.o"
	local out
	expect_alive unshare --pid --fork --mount-proc "$OPENER" open "$T/f"
	out=$(unshare --pid --fork --mount-proc bash -c "$OPENER open $T/f >/dev/null; echo rc=\$?")
	expect_killed "$OPENER" open "$T/f"
	stop_tprun
	[ "$out" = "rc=137" ] || fail "namespace pid 2 not killed: $out"
	check_events "len(hooks()) == 2"
}

# followForks with isNamespacePID: namespace pid 2 and what it forks, not its
# siblings. (In 1 would be every process: all descend from the host's init.)
test_namespace_pid_follow_forks() {
	touch "$T/f"
	policy In true true 2 | compile pnsfollow
	start_tprun "$T/pnsfollow.bpf.o"
	local out
	out=$(unshare --pid --fork --mount-proc bash -c \
		"$OPENER fork open $T/f; echo rc=\$?; $OPENER open $T/f >/dev/null; echo rc=\$?")
	expect_alive "$OPENER" open "$T/f"
	expect_alive "$OPENER" fork open "$T/f"
	stop_tprun
	[ "$out" = "$(printf 'opener: child killed by signal 9\nopener: done\nrc=0\nrc=0')" ] ||
		fail "namespace pid 2's child not killed alone: $out"
	check_events "len(hooks()) == 1"
}

run_tests
