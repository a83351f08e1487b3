#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# matchArgs CapabilitiesGained with args: [OLD, NEW]: the selector passes when the set
# at position NEW has a capability the set at position OLD lacks (Tetragon's
# filter_arg_1, bpf/process/types/basic.h). On sched_process_fork's raw args
# (parent, child), the parent's effective set against the child's permitted one: a
# root process that dropped CAP_NET_RAW (13) from its effective set only, then
# forks, gains it; one that did not, does not.
. "$(dirname "$0")/lib.sh"

# fork_policy NAME MATCHARG: sched_process_fork, raw, the opener's forks only
fork_policy() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata: {name: "$1"}
spec:
  tracepoints:
  - subsystem: "sched"
    event: "sched_process_fork"
    raw: true
    args:
    - index: 0
      type: "kernel_cap_t"
      resolve: "cred.cap_effective"
    - index: 1
      type: "kernel_cap_t"
      resolve: "cred.cap_permitted"
    selectors:
    - matchBinaries:
      - operator: "In"
        values: ["$OPENER"]
      matchArgs:
$2
YAML
}

test_cap_gained_parent_effective_vs_child_permitted() {
	fork_policy gained "      - args: [0, 1]
        operator: \"CapabilitiesGained\"" | compile gained
	start_tprun "$T/gained.bpf.o"
	expect_alive "$OPENER" fork getppid
	expect_alive "$OPENER" dropcap 13 fork getppid
	expect_alive "$OPENER" fork getppid
	stop_tprun
	check_events "len(hooks()) == 1" || { grep process_tracepoint "$T/tprun.out" | cut -c1-900 >&2; return 1; }
	# the event's sets (hex): CAP_NET_RAW in the child's permitted set, not in the parent's effective
	check_events "int(hooks()[0]['args'][0]['kernel_cap_t_arg'], 16) & (1 << 13) == 0"
	check_events "int(hooks()[0]['args'][1]['kernel_cap_t_arg'], 16) & (1 << 13) != 0"
	check_events "hooks()[0]['process']['arguments'] == 'dropcap 13 fork getppid'"
}

# args: [1, 0] compares the child's permitted set (old) with the parent's effective
# set (new): with CAP_NET_RAW dropped from the effective set or not, nothing is gained
test_cap_gained_order_matters() {
	fork_policy order "      - args: [1, 0]
        operator: \"CapabilitiesGained\"" | compile order
	start_tprun "$T/order.bpf.o"
	expect_alive "$OPENER" dropcap 13 fork getppid
	expect_alive "$OPENER" fork getppid
	stop_tprun
	check_events "len(hooks()) == 0"
}


test_cap_gained_refusals() {
	fork_policy one "      - args: [0]
        operator: \"CapabilitiesGained\"" > "$T/one.yaml"
	expect_refused one "one.yaml:22:19: error: tracepoint 'sched/sched_process_fork': args [0]: operator 'CapabilitiesGained' needs args: [OLD, NEW]"
	fork_policy notcap "      - args: [0, 1]
        operator: \"CapabilitiesGained\"" | sed '14s/kernel_cap_t/int/; 15s/cred.cap_permitted/pid/' > "$T/notcap.yaml"
	expect_refused notcap "CapabilitiesGained needs capability sets"
	fork_policy two "      - args: [0, 1]
        operator: \"Equal\"
        values: [\"1\"]" > "$T/two.yaml"
	expect_refused two "two.yaml:21:9: error: tracepoint 'sched/sched_process_fork': args [0, ...]: args with two positions is not supported with operator 'Equal'"
}

run_tests
