#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# bpf_cmd on sys_bpf's cmd: Tetragon's bpf_cmd_arg (the BpfCmd name, a number
# it has none for as the number) and integer filters on it. Real bpf() calls
# (python3 ctypes; they fail on their NULL attr, after the hook saw them).
. "$(dirname "$0")/lib.sh"

# our python, as exec named it or resolved
PYS=$(python3 -c 'import os, sys; print(repr((sys.executable, os.path.realpath(sys.executable))))')

test_bpf_cmd() {
	compile bpfcmd <<'YAML'
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "bpf-cmd"
spec:
  kprobes:
  - call: "sys_bpf"
    syscall: true
    args:
    - index: 0
      type: "bpf_cmd"
    selectors:
    - matchArgs:
      - index: 0
        operator: "Equal"
        values:
        - "5"
        - "0x63"
YAML
	start_tprun "$T/bpfcmd.bpf.o"
	python3 -c '
import ctypes, platform
nr = {"x86_64": 321, "aarch64": 280}[platform.machine()]
libc = ctypes.CDLL(None, use_errno=True)
for cmd in (0, 5, 1, 99):
    libc.syscall(nr, cmd, None, 0)'
	stop_tprun
	check_events "[h['args'] for h in hooks() if h['process']['binary'] in $PYS] == [[{'bpf_cmd_arg': 'BPF_PROG_LOAD'}], [{'bpf_cmd_arg': 99}]]"
}

run_tests
