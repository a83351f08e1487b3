#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# CapabilitiesGained on a kernel function, as Tetragon's own test does it
# (pkg/sensors/tracing/kprobe_test.go, testCapabilitiesGained): security_capset(new,
# old, effective, inheritable, permitted), the old credentials' effective set
# (resolve) against the new effective set; args: [OLD, NEW]. A capset that raises
# CAP_NET_RAW (13) back into the effective set gains it; the one that dropped it
# does not. The hook also carries a data entry (source current_task), shown in the
# event's data, and matchData on it. The same under spec.fentries (Tetragon's
# TestFentryCapabilitiesGained), whose matchData comes from a selectorsMacros macro.
. "$(dirname "$0")/lib.sh"

# capset_policy NAME KIND [SELECTOR-TAIL [SPEC-TAIL]]
capset_policy() {
	local sel=${3:-$'      matchData:\n      - {index: 0, operator: "NotEqual", values: ["1"]}'}
	compile "$1" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata: {name: "$1"}
spec:
  $2:
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
$sel
${4:-}
YAML
}

# capset_check: the one event of the capset that raised CAP_NET_RAW again
capset_check() {
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

test_cap_gained_on_security_capset() {
	capset_policy capset kprobes || return
	start_tprun "$T/capset.bpf.o" -o json
	capset_check
}

test_cap_gained_on_fentry_with_macro() {
	capset_policy fcapset fentries "      macros: [\"not-init\"]" "  selectorsMacros:
    not-init:
      matchData:
      - {index: 0, operator: \"NotEqual\", values: [\"1\"]}" || return
	start_tprun "$T/fcapset.bpf.o" -o json
	expect_variant security_capset fentry security_capset
	capset_check
}

run_tests
