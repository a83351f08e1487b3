#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# FollowFD, CopyFD and UnfollowFD on kernel-function and syscall hooks
# (helper file), with fentry and with kprobe. The policy is compiled here,
# against this kernel's BTF.
. "$(dirname "$0")/lib.sh"

FILER="$T/filer"
cp "$O/tests/e2e/filer" "$FILER"
D=/tmp/tpgen-vm/follow-file

# The reference's FollowFD example without its matchPIDs (here every process
# descends from pid 1): fd_install follows files under the directory,
# sys_write matches its fd by the followed path, dup2 copies, close unfollows.
compile follow <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "follow"
spec:
  kprobes:
  - call: "fd_install"
    syscall: false
    args:
    - index: 0
      type: int
    - index: 1
      type: "file"
    selectors:
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$D/"
      matchActions:
      - action: FollowFD
        argFd: 0
        argName: 1
  - call: "sys_write"
    syscall: true
    args:
    - index: 0
      type: "fd"
    - index: 1
      type: "char_buf"
      sizeArgIndex: 3
    - index: 2
      type: "size_t"
    selectors:
    - matchArgs:
      - index: 0
        operator: "Prefix"
        values:
        - "$D/"
  - call: "sys_dup2"
    syscall: true
    args:
    - index: 0
      type: "int"
    - index: 1
      type: "int"
    selectors:
    - matchActions:
      - action: CopyFD
        argFd: 0
        argName: 1
  - call: "sys_close"
    syscall: true
    args:
    - index: 0
      type: "int"
    selectors:
    - matchActions:
      - action: UnfollowFD
        argFd: 0
        argName: 0
YAML

follow() {
	expect_variant fd_install "$1" fd_install
	"$FILER" follow "$D/f" /not/followed one write /tmp/tpgen-vm/elsewhere two
	stop_tprun
	local f="{'file_arg': {'path': '$D/f', 'permission': '-rw-r--r--'}}"
	expect_events \
		"[(h['action'], h['args'][1]) for h in kprobes() if h['function_name'] == 'fd_install'] == [('KPROBE_ACTION_FOLLOWFD', $f)]" \
		"[h['args'] for h in kprobes() if h['function_name'] == '__x64_sys_write'] == [[$f, {'bytes_arg': b64(b'one')}, {'size_arg': '3'}]] * 2"
}

test_follow_fentry() {
	rm -rf "$D"
	mkdir -p "$D"
	start_tprun "$T/follow.bpf.o" -o json
	follow fentry
}

test_follow_kprobe() {
	rm -rf "$D"
	mkdir -p "$D"
	start_tprun "$T/follow.bpf.o" -o json --forbid fentry
	follow kprobe
}

run_tests
