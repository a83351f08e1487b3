#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tracepoints: raw_syscalls/sys_enter filtered on the syscall number and the
# binary (Sigkill), and sched/sched_process_exec's __data_loc filename (Post).
# Arg index counts the format's fields, the 4 common ones included; matchArgs
# index names an arg by that field index or by its position in the args list,
# the field index first (Tetragon's genericTracepoint.InitKernelSelectors).
. "$(dirname "$0")/lib.sh"

SYS_GETPPID=110		# x86-64
mkdir -p "$T/other"
cp "$OPENER" "$T/other/opener"
touch "$T/f"


# sys_enter_policy TYPE ACTION: id (format index 4) as TYPE, getppid from $OPENER
sys_enter_policy() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "raw-syscalls"
spec:
  tracepoints:
  - subsystem: "raw_syscalls"
    event: "sys_enter"
    message: "getppid from the opener"
    tags: ["test", "syscalls"]
    args:
    - index: 4
      type: "$1"
    selectors:
    - matchArgs:
      - index: 0
        operator: "Equal"
        values:
        - "$SYS_GETPPID"
      matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
      matchActions:
      - action: $2
YAML
}

test_sys_enter_syscall64_sigkill() {
	sys_enter_policy syscall64 Sigkill | compile sysenter
	start_tprun "$T/sysenter.bpf.o"
	expect_killed "$OPENER" getppid
	expect_killed "$OPENER" open "$T/f" getppid
	expect_alive "$OPENER" open "$T/f" write hello
	expect_alive "$T/other/opener" getppid
	stop_tprun
	check_events "len(hooks()) == 2"
	check_events "all(set(e) >= {'process_tracepoint', 'node_name', 'time'} for e in ev if 'process_tracepoint' in e)"
	check_events "all(h['subsys'] == 'raw_syscalls' and h['event'] == 'sys_enter' for h in hooks())"
	check_events "all(h['args'] == [{'syscall_id': {'id': $SYS_GETPPID, 'abi': 'x64'}}] for h in hooks())"
	check_events "all(h['action'] == 'KPROBE_ACTION_SIGKILL' and h['policy_name'] == 'raw-syscalls' for h in hooks())"
	check_events "all(h['message'] == 'getppid from the opener' and h['tags'] == ['test', 'syscalls'] for h in hooks())"
	check_events "all(h['process']['binary'] == '$OPENER' and h['process']['pid'] == h['process']['tid'] for h in hooks())"
	check_events "sum(1 for x in exits() if x.get('signal') == 'SIGKILL' and x['process']['binary'] == '$OPENER') == 2"
}

test_sys_enter_int64_post() {
	sys_enter_policy int64 Post | compile sysenter64
	start_tprun "$T/sysenter64.bpf.o"
	expect_alive "$OPENER" getppid getppid
	expect_alive "$T/other/opener" getppid
	expect_alive "$OPENER" open "$T/f"
	stop_tprun
	check_events "len(hooks()) == 2"
	check_events "all(h['args'] == [{'long_arg': '$SYS_GETPPID'}] for h in hooks())"
	check_events "all('action' not in h or h['action'] == 'KPROBE_ACTION_POST' for h in hooks())"
}

test_sched_process_exec_filename() {
	compile schedexec <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "exec-filenames"
spec:
  tracepoints:
  - subsystem: "sched"
    event: "sched_process_exec"
    args:
    - index: 4
      type: "string"
    - index: 5
      type: "int"
    selectors:
    - matchArgs:
      - index: 0
        operator: "Prefix"
        values:
        - "$T/"
      matchActions:
      - action: Post
YAML
	start_tprun "$T/schedexec.bpf.o"
	expect_alive "$OPENER" getppid
	expect_alive "$T/other/opener" open "$T/f"
	expect_alive /usr/bin/true
	expect_alive "$OPENER" fork getppid
	stop_tprun
	check_events "len(hooks()) == 3"
	check_events "all(h['subsys'] == 'sched' and h['event'] == 'sched_process_exec' for h in hooks())"
	check_events "sorted(h['args'][0]['string_arg'] for h in hooks()) == sorted(['$OPENER', '$T/other/opener', '$OPENER'])"
	check_events "all(h['args'][1]['int_arg'] == h['process']['pid'] for h in hooks())"
	check_events "all(h['process']['binary'] == h['args'][0]['string_arg'] for h in hooks())"
}

# sys_enter with two selectors: the first one that matches acts
test_sys_enter_selectors_in_order() {
	compile sysenter2 <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "raw-syscalls-2"
spec:
  tracepoints:
  - subsystem: "raw_syscalls"
    event: "sys_enter"
    args:
    - index: 4
      type: "int64"
    selectors:
    - matchArgs:
      - index: 0
        operator: "Equal"
        values:
        - "$SYS_GETPPID"
      matchBinaries:
      - operator: "In"
        values:
        - "$T/other/opener"
      matchActions:
      - action: Signal
        argSig: 10
    - matchArgs:
      - index: 0
        operator: "Equal"
        values:
        - "$SYS_GETPPID"
      matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
        - "$T/other/opener"
      matchActions:
      - action: Sigkill
YAML
	start_tprun "$T/sysenter2.bpf.o"
	SIG=10 expect_killed "$T/other/opener" getppid
	expect_killed "$OPENER" getppid
	stop_tprun
	check_events "sorted(h['action'] for h in hooks()) == ['KPROBE_ACTION_SIGKILL', 'KPROBE_ACTION_SIGNAL']"
}

# raw: true: args are the TP_PROTO arguments; sys_enter's are (regs, id), so id is index 1
test_raw_sys_enter_syscall64_sigkill() {
	sys_enter_policy syscall64 Sigkill | sed -e 's/    event: "sys_enter"/    event: "sys_enter"\n    raw: true/' \
		-e 's/    - index: 4/    - index: 1/' | compile rawenter
	"$TPRUN" --check "$T/rawenter.bpf.o" > /dev/null 2>&1
	start_tprun "$T/rawenter.bpf.o"
	grep -q "attaches with raw_tracepoint (raw_syscalls/sys_enter)" "$T/tprun.err" ||
		fail "not attached as a raw tracepoint"
	expect_killed "$OPENER" getppid
	expect_alive "$OPENER" open "$T/f"
	expect_alive "$T/other/opener" getppid
	stop_tprun
	check_events "len(hooks()) == 1 and hooks()[0]['args'] == [{'syscall_id': {'id': $SYS_GETPPID, 'abi': 'x64'}}]"
	check_events "hooks()[0]['subsys'] == 'raw_syscalls' and hooks()[0]['event'] == 'sys_enter'"
}

test_raw_index_past_the_prototype_is_an_error() {
	sys_enter_policy int64 Post | sed -e 's/    event: "sys_enter"/    event: "sys_enter"\n    raw: true/' \
		-e 's/    - index: 4/    - index: 2/' > "$T/bad.yaml"
	local rc=0
	"$TPGEN" "$T/bad.yaml" -o "$T/bad.bpf.o" 2> "$T/bad.err" || rc=$?
	[ $rc -eq 1 ] || fail "exit status $rc"
	grep -q "bad.yaml:[0-9]*:[0-9]*: error: .*arg 2: index out of range (the raw tracepoint has 2 arguments)" "$T/bad.err" ||
		{ cat "$T/bad.err" >&2; fail "no located error"; }
}

# openat_tp_policy NAME ARGS SELECTORS: syscalls/sys_enter_openat (fields: 4 __syscall_nr,
# 5 dfd, 6 filename, 7 flags, 8 mode), only the opener's calls
openat_tp_policy() {
	compile "$1" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "openat-tp"
spec:
  tracepoints:
  - subsystem: "syscalls"
    event: "sys_enter_openat"
    args:
$2
    selectors:
$3
YAML
}

# by_opener INDEX OP VALUE ACTION: a selector on one matchArgs entry, the opener only
by_opener() {
	cat <<YAML
    - matchArgs:
      - index: $1
        operator: "$2"
        values:
        - "$3"
      matchBinaries:
      - operator: "In"
        values:
        - "$OPENER"
      matchActions:
      - action: $4
YAML
}

# index 6 is filename's field index; 0 and 1 are no arg's field index, so positions
test_match_args_index_field_or_position() {
	openat_tp_policy tpindex "    - index: 6
      type: string
    - index: 7
      type: int" "$(by_opener 6 Equal "$T/by-field" Sigkill)
$(by_opener 0 Equal "$T/by-pos" "Signal
        argSig: 10")
$(by_opener 1 Equal 577 "Signal
        argSig: 12")"
	start_tprun "$T/tpindex.bpf.o"
	expect_killed "$OPENER" open "$T/by-field"
	SIG=10 expect_killed "$OPENER" open "$T/by-pos"
	SIG=12 expect_killed "$OPENER" openf "$T/created" 577
	expect_alive "$OPENER" open "$T/f"
	expect_alive "$T/other/opener" open "$T/by-field"
	stop_tprun
	check_events "[h['action'] for h in hooks()] == ['KPROBE_ACTION_SIGKILL', 'KPROBE_ACTION_SIGNAL', 'KPROBE_ACTION_SIGNAL']"
	check_events "[h['args'][0]['string_arg'] for h in hooks()] == ['$T/by-field', '$T/by-pos', '$T/created']"
}

# matchArgs index 4 is both a position (mode) and __syscall_nr's field index:
# the field wins, and every openat's number is 257 (x86-64), whatever its mode
test_match_args_field_index_wins_over_position() {
	openat_tp_policy tpprec "    - index: 4
      type: int
    - index: 5
      type: int
    - index: 6
      type: string
    - index: 7
      type: int
    - index: 8
      type: int" "$(by_opener 4 Equal 257 Sigkill)"
	start_tprun "$T/tpprec.bpf.o"
	expect_killed "$OPENER" open "$T/f"
	expect_alive "$T/other/opener" open "$T/f"
	stop_tprun
	# killed at its first openat (the dynamic loader's), whose mode (position 4) is 0
	check_events "len(hooks()) == 1 and hooks()[0]['args'][0] == {'int_arg': 257}"
	check_events "hooks()[0]['args'][4] == {'int_arg': 0} and 'string_arg' in hooks()[0]['args'][2]"
}

run_tests
