#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# CapabilitiesGained on a kernel function, as Tetragon's own test does it
# (pkg/sensors/tracing/kprobe_test.go, testCapabilitiesGained): security_capset(new,
# old, effective, inheritable, permitted), the old credentials' effective set
# (resolve) against the new effective set; args: [OLD, NEW]. A capset that raises
# CAP_NET_RAW (13) back into the effective set gains it; the one that dropped it
# does not. The hook also carries a data entry (source current_task), shown in the
# event's data, and matchData on it.
. "$(dirname "$0")/lib.sh"

capset_policy() {
	compile capset <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata: {name: "capset"}
spec:
  kprobes:
  - call: "security_capset"
    syscall: false
    args:
    - index: 1
      type: "kernel_cap_t"
      resolve: "cap_effective"
    - index: 2
      type: "kernel_cap_t"
    data:
    - source: "current_task"
      resolve: "tgid"
      type: "int"
      label: "tgid"
    selectors:
    - matchBinaries:
      - {operator: "In", values: ["$OPENER"]}
      matchArgs:
      - args: [0, 1]
        operator: "CapabilitiesGained"
      matchData:
      - index: 0
        operator: "NotEqual"
        values: ["1"]
YAML
}

test_cap_gained_on_security_capset() {
	capset_policy || return
	start_tprun "$T/capset.bpf.o" -o json
	expect_alive "$OPENER" dropcap 13
	expect_alive "$OPENER" dropcap 13 raisecap 13
	stop_tprun
	expect_events \
		"len(kprobes()) == 1" \
		"kprobes()[0]['process']['arguments'] == 'dropcap 13 raisecap 13'" \
		"kprobes()[0]['function_name'] == 'security_capset'" \
		"int(kprobes()[0]['args'][0]['kernel_cap_t_arg'], 16) & (1 << 13) == 0" \
		"int(kprobes()[0]['args'][1]['kernel_cap_t_arg'], 16) & (1 << 13) != 0" \
		"kprobes()[0]['data'] == [{'int_arg': kprobes()[0]['process']['pid'], 'label': 'tgid'}]"
}

run_tests
