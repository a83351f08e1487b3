#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# data entries with source pt_regs on kprobes: resolve names a register (Tetragon's
# pkg/asm/regoffset_linux_amd64.go). Such a hook takes its kprobe variant alone: fentry
# programs have no pt_regs. On a kernel function the kprobe's own registers: fd_install(fd,
# file) has fd in edi and file in rsi. On a syscall its caller's, as Tetragon's
# get_pt_regs_arg_syscall reads them: Tetragon's TestKprobePtRegsDataMatch
# (pkg/sensors/tracing/kprobe_amd64_test.go), prctl(0xffff0, 1, 2, 3, 4) read from rdi,
# rsi, rdx, r10 and r8, matchData on rdi.
. "$(dirname "$0")/lib.sh"

test_pt_regs_on_a_kernel_function() {
	mkdir -p /tmp/tpgen-vm
	echo regs > /tmp/tpgen-vm/regs
	compile fdregs <<YAML || return
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata: {name: "fdregs"}
spec:
  kprobes:
  - call: "fd_install"
    syscall: false
    data:
    - {source: "pt_regs", resolve: "edi", type: "int", label: "fd"}
    - {source: "pt_regs", resolve: "rsi", type: "file"}
    selectors:
    - matchData:
      - {index: 1, operator: "Equal", values: ["/tmp/tpgen-vm/regs"]}
YAML
	start_tprun "$T/fdregs.bpf.o" -o json
	expect_variant fd_install kprobe fd_install
	expect_alive "$OPENER" open /tmp/tpgen-vm/regs
	stop_tprun
	expect_events \
		"len(kprobes()) == 1" \
		"kprobes()[0]['function_name'] == 'fd_install' and 'args' not in kprobes()[0]" \
		"kprobes()[0]['data'][0]['label'] == 'fd' and kprobes()[0]['data'][0]['int_arg'] >= 3" \
		"kprobes()[0]['data'][1]['file_arg']['path'] == '/tmp/tpgen-vm/regs'"
}

test_pt_regs_on_a_syscall() {
	compile prctl <<YAML || return
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata: {name: "prctl"}
spec:
  kprobes:
  - call: "sys_prctl"
    syscall: true
    data:
    - {index: 0, type: "uint64", source: "pt_regs", resolve: "rdi"}
    - {index: 1, type: "uint64", source: "pt_regs", resolve: "rsi"}
    - {index: 2, type: "uint64", source: "pt_regs", resolve: "rdx"}
    - {index: 3, type: "uint64", source: "pt_regs", resolve: "r10"}
    - {index: 4, type: "uint64", source: "pt_regs", resolve: "r8"}
    selectors:
    - matchData:
      - {index: 0, operator: "Equal", values: ["0xffff0"]}
YAML
	start_tprun "$T/prctl.bpf.o" -o json
	expect_variant sys_prctl kprobe __x64_sys_prctl
	expect_alive "$OPENER" prctl 0xffff0 prctl 0xffff1
	stop_tprun
	expect_events \
		"len(kprobes()) == 1" \
		"kprobes()[0]['data'] == [{'size_arg': str(v)} for v in (0xffff0, 1, 2, 3, 4)]"
}

run_tests
