#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# data entries (source: current_task, a resolve path from the task) and matchData on a
# uprobe: the values are read from the current task_struct, matchData filters them as
# matchArgs filters args, and events carry them in data, after args (tetragon.proto's
# ProcessUprobe.data; Tetragon's genericuprobe.go appends them to Data).
. "$(dirname "$0")/lib.sh"

UPROBER="$T/uprober"
cp "$O/tests/e2e/uprober" "$UPROBER"

# policy NAME SELECTORS: a uprobe on tp_probed, arg 0 (int), data 0 the task's tgid,
# data 1 its parent's
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
    - source: "current_task"
      resolve: "tgid"
      type: "int"
    - source: "current_task"
      resolve: "real_parent.tgid"
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
	policy r2 "    - matchActions: [{action: Post}]" | sed 's/source: "current_task"/source: "pt_regs"/' > "$T/r2.yaml"
	expect_refused r2 "r2.yaml:12:15: error: source 'pt_regs' is not supported yet"
	policy r3 "    - matchActions: [{action: Post}]" | sed '/resolve: "tgid"/d' > "$T/r3.yaml"
	expect_refused r3 "r3.yaml:12:7: error: missing required key 'resolve' in data"
	policy r4 "    - matchData:
      - index: 0
        operator: \"CapabilitiesGained\"
        args: [0, 1]" > "$T/r4.yaml"
	expect_refused r4 "matchData: operator 'CapabilitiesGained' is not supported"
	policy r5 "    - matchActions: [{action: Post}]" | sed 's/resolve: "tgid"/resolve: "no_such_field"/' > "$T/r5.yaml"
	expect_refused r5 "r5.yaml:13:17: error: uprobe '$UPROBER': data 0: resolve 'no_such_field'"
}

run_tests
