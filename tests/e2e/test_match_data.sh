#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# data entries and matchData on a uprobe: with source current_task (a resolve path from the
# task) the values are read from the current task_struct; with source pt_regs resolve
# names a register, read from the probe's registers as Tetragon's RegOffsetSize names them
# (pkg/asm/regoffset_linux_amd64.go: rdi 8 bytes, edi 4, dil 1). matchData filters them
# as matchArgs filters args, and events carry them in data, after args (tetragon.proto's
# ProcessUprobe.data; Tetragon's genericuprobe.go appends them to Data).
. "$(dirname "$0")/lib.sh"

UPROBER="$T/uprober"
cp "$O/tests/e2e/uprober" "$UPROBER"

# the default data: data 0 the task's tgid, data 1 its parent's
TASK_DATA='    - source: "current_task"
      resolve: "tgid"
      type: "int"
    - source: "current_task"
      resolve: "real_parent.tgid"'

# policy NAME SELECTORS [DATA]: a uprobe on tp_probed, arg 0 (int), DATA (TASK_DATA)
policy() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata: {name: "$1"}
spec:
  uprobes:
  - path: "$UPROBER"
    symbols: ["tp_probed"]
    args:
    - index: 0
      type: "int"
    data:
${3:-$TASK_DATA}
    selectors:
$2
YAML
}

UP="[body(e) for e in ev if kind(e) == 'process_uprobe']"

# data 1 (the parent's tgid) Equal this shell: the uprober run from here matches, the
# one run from a child sh does not
test_match_data_filters_and_events_carry_data() {
	local me=$BASHPID
	policy mdata "    - matchData:
      - index: 1
        operator: \"Equal\"
        values: [\"$me\"]" | compile mdata
	start_tprun "$T/mdata.bpf.o"
	expect_alive "$UPROBER" 7 here
	expect_alive sh -c "\"$UPROBER\" 8 there; true"
	stop_tprun
	check_events "len($UP) == 1" || { grep process_uprobe "$T/tprun.out" | cut -c1-900 >&2; return 1; }
	check_events "$UP[0]['args'] == [{'int_arg': 7}]"
	check_events "$UP[0]['data'] == [{'int_arg': $UP[0]['process']['pid']}, {'int_arg': $me}]"
}

# matchData with args: [0] (a position in data) and NotEqual: the task's own tgid is
# never the parent's
test_match_data_by_position() {
	policy mpos "    - matchData:
      - args: [0]
        operator: \"NotEqual\"
        values: [\"$BASHPID\"]
      matchArgs:
      - index: 0
        operator: \"Equal\"
        values: [\"9\"]" | compile mpos
	start_tprun "$T/mpos.bpf.o"
	expect_alive "$UPROBER" 9 a 10 b
	stop_tprun
	check_events "len($UP) == 1 and $UP[0]['args'] == [{'int_arg': 9}]"
	check_events "$UP[0]['data'][0] == {'int_arg': $UP[0]['process']['pid']}"
}

# Tetragon's example (docs/.../hooks.md): comm as a string, matchData Equal. A hard
# link to the uprober is the same file (the uprobe fires) with another comm.
test_match_data_comm_string() {
	ln "$UPROBER" "$T/other"
	policy comm "    - matchData:
      - index: 0
        operator: \"Equal\"
        values: [\"uprober\"]" | sed 's/resolve: "tgid"/resolve: "comm"/; 14s/"int"/"string"/' > "$T/comm.in"
	compile comm < "$T/comm.in"
	start_tprun "$T/comm.bpf.o"
	expect_alive "$UPROBER" 1 a
	expect_alive "$T/other" 2 b
	stop_tprun
	check_events "len($UP) == 1 and $UP[0]['args'] == [{'int_arg': 1}]" || { grep process_uprobe "$T/tprun.out" | cut -c1-900 >&2; return 1; }
	check_events "$UP[0]['data'][0] == {'string_arg': 'uprober'}"
}

# a syscall kprobe (sys_openat, attached here through its tracepoint): data from the
# current task, matchData on it, the event's data (with its label) after its args
test_kprobe_data() {
	touch "$T/f"
	openat_policy kdata > "$T/kdata.in" <<YAML
    - matchData:
      - index: 0
        operator: "Equal"
        values: ["$BASHPID"]
      matchArgs:
      - index: 1
        operator: "Equal"
        values: ["$T/f"]
YAML
	cat >> "$T/kdata.in" <<YAML
    data:
    - source: "current_task"
      resolve: "real_parent.tgid"
      label: "ppid"
YAML
	compile kdata < "$T/kdata.in"
	start_tprun "$T/kdata.bpf.o"
	expect_alive "$OPENER" open "$T/f"
	expect_alive sh -c "\"$OPENER\" open \"$T/f\"; true"
	stop_tprun
	check_events "len(hooks()) == 1" || { grep process_kprobe "$T/tprun.out" | cut -c1-900 >&2; return 1; }
	check_events "hooks()[0]['data'] == [{'int_arg': $BASHPID, 'label': 'ppid'}]"
	check_events "hooks()[0]['args'][1] == {'string_arg': '$T/f'}"
}

test_match_data_refusals() {
	policy r1 "    - matchData:
      - index: 2
        operator: \"Equal\"
        values: [\"1\"]" > "$T/r1.yaml"
	expect_refused r1 "r1.yaml:19:9: error: uprobe '$UPROBER': matchData: 2 does not name a data entry of this hook (it has 2)"
	policy r2 "    - matchActions: [{action: Post}]" | sed 's/source: "current_task"/source: "stack"/' > "$T/r2.yaml"
	expect_refused r2 "r2.yaml:12:15: error: source 'stack' is not supported: Tetragon takes current_task or pt_regs"
	policy r3 "    - matchActions: [{action: Post}]" | sed '/resolve: "tgid"/d' > "$T/r3.yaml"
	expect_refused r3 "r3.yaml:12:7: error: missing required key 'resolve' in data"
	policy r4 "    - matchData:
      - index: 0
        operator: \"CapabilitiesGained\"
        args: [0, 1]" > "$T/r4.yaml"
	expect_refused r4 "matchData: operator 'CapabilitiesGained' is not supported"
	policy r5 "    - matchActions: [{action: Post}]" | sed 's/resolve: "tgid"/resolve: "no_such_field"/' > "$T/r5.yaml"
	expect_refused r5 "r5.yaml:13:17: error: uprobe '$UPROBER': data 0: resolve 'no_such_field'"
	# matchData names data entries by position: an index, where written, is the position
	policy r6 "    - matchActions: [{action: Post}]" |
		sed 's/resolve: "real_parent.tgid"/resolve: "real_parent.tgid"\n      index: 0/' > "$T/r6.yaml"
	expect_refused r6 "r6.yaml:15:7: error: data: index 0 is not supported here: matchData names a data entry by its position, and this one is at 1"
	sed 's/index: 0$/index: 1/' "$T/r6.yaml" > "$T/r7.yaml"
	"$TPGEN" "$T/r7.yaml" -o "$T/r7.bpf.o" || fail "index 1 on data 1 was refused"
}

# source pt_regs: tp_probed(int n, const char *text) takes n in rdi and text in rsi (the
# x86-64 calling convention): data 0 rdi (uint64), data 1 rsi as a string (a user pointer
# on a uprobe, as genericuprobe.go getUprobeArgConfig reads it), data 2 dil (rdi's low byte)
REGS_DATA='    - source: "pt_regs"
      resolve: "rdi"
      type: "uint64"
    - source: "pt_regs"
      resolve: "rsi"
      type: "string"
    - source: "pt_regs"
      resolve: "dil"
      type: "int"
      label: "low"'

# matchData on the 8-byte register: only the call with n 7; its data are the registers'
test_pt_regs_match_data_and_values() {
	policy regs "    - matchData:
      - index: 0
        operator: \"Equal\"
        values: [\"7\"]" "$REGS_DATA" | compile regs
	start_tprun "$T/regs.bpf.o"
	expect_alive "$UPROBER" 7 hello 8 world 263 long
	stop_tprun
	check_events "len($UP) == 1" || { grep process_uprobe "$T/tprun.out" | cut -c1-900 >&2; return 1; }
	check_events "$UP[0]['args'] == [{'int_arg': 7}]"
	check_events "$UP[0]['data'] == [{'size_arg': '7'}, {'string_arg': 'hello'}, {'int_arg': 7, 'label': 'low'}]"
}

# matchData on the string read through rsi; dil keeps rdi's low byte (263 = 0x107)
test_pt_regs_match_string_low_byte() {
	policy str "    - matchData:
      - index: 1
        operator: \"Equal\"
        values: [\"long\"]" "$REGS_DATA" | compile str
	start_tprun "$T/str.bpf.o"
	expect_alive "$UPROBER" 7 hello 263 long
	stop_tprun
	check_events "len($UP) == 1" || { grep process_uprobe "$T/tprun.out" | cut -c1-900 >&2; return 1; }
	check_events "$UP[0]['data'] == [{'size_arg': '263'}, {'string_arg': 'long'}, {'int_arg': 7, 'label': 'low'}]"
}

# sys_prctl's first argument from its caller's rdi, on kprobes (KPROBES) or fentries
prctl_regs() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata: {name: "$1"}
spec:
  $2:
  - call: "sys_prctl"
    syscall: true
    data:
    - source: "pt_regs"
      resolve: "rdi"
      type: "uint64"
YAML
}

# a syscall kprobe reading registers takes its kprobe variant alone: this host has no
# kprobes, and tprun's error says why the fentry and tracepoint variants are not there
test_pt_regs_syscall_kprobe_only() {
	prctl_regs sys kprobes | compile sys
	local rc=0
	"$TPRUN" "$T/sys.bpf.o" -o json > "$T/out" 2> "$T/err" < /dev/null || rc=$?
	if grep -q "attaches with" "$T/err"; then
		# a host with kprobes: the kprobe, never fentry or the tracepoint
		grep -q "hook 'sys_prctl' attaches with kprobe" "$T/err" || { cat "$T/err" >&2; fail "not the kprobe"; }
		return
	fi
	[ $rc -eq 1 ] || { cat "$T/err" >&2; fail "tprun exited $rc, not 1"; return 1; }
	grep -q "^tprun: hook 'sys_prctl' (policy line 6) cannot attach on this kernel: kprobe: [^;]*(its data entries read registers, source pt_regs, which only a kprobe program has)$" "$T/err" ||
		{ cat "$T/err" >&2; fail "tprun's error does not name pt_regs"; }
}

# refusals at the line: an unknown register, no type, fentries, fmod_ret overrides, and
# lsmhooks and tracepoints, which have no data (Tetragon's CRD)
test_pt_regs_refusals() {
	policy p1 "    - matchActions: [{action: Post}]" "$REGS_DATA" | sed 's/resolve: "rsi"/resolve: "xmm0"/' > "$T/p1.yaml"
	expect_refused p1 "p1.yaml:16:17: error: data: register 'xmm0' is not supported: source pt_regs reads an x86-64 register as Tetragon names it"
	policy p2 "    - matchActions: [{action: Post}]" "$REGS_DATA" | sed '/type: "uint64"/d' > "$T/p2.yaml"
	expect_refused p2 "p2.yaml:12:7: error: uprobe '$UPROBER': data 0: type is required (a register read through source pt_regs has no type to infer)"
	prctl_regs p3 fentries > "$T/p3.yaml"
	expect_refused p3 "p3.yaml:9:15: error: fentry 'sys_prctl': data 0: source pt_regs is not supported here: a fentries hook attaches only through BPF trampolines, which have no pt_regs"
	{
		prctl_regs p4 kprobes | sed 's/^spec:/spec:\n  options: [{name: "override-method", value: "fmod-ret"}]/'
		printf '    selectors:\n    - matchActions: [{action: Override, argError: -1}]\n'
	} > "$T/p4.yaml"
	expect_refused p4 "p4.yaml:10:15: error: kprobe 'sys_prctl': data 0: source pt_regs is not supported here: option override-method fmod_ret leaves no kprobe"
	cat > "$T/p5.yaml" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata: {name: "p5"}
spec:
  lsmhooks:
  - hook: "file_open"
    data: [{source: "pt_regs", resolve: "rdi", type: "uint64"}]
  tracepoints:
  - subsystem: "syscalls"
    event: "sys_enter_openat"
    data: [{source: "pt_regs", resolve: "rdi", type: "uint64"}]
YAML
	expect_refused p5 "p5.yaml:7:5: error: unknown key 'data' in lsmhook"
	expect_refused p5 "p5.yaml:11:5: error: unknown key 'data' in tracepoint"
}

run_tests
