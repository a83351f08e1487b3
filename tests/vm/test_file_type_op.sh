#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# FileType and NotFileType on security_file_open's file, with fentry and with
# kprobe: the S_IFMT bits of the opened inode's mode (Tetragon's
# filter_file_type, bpf/process/types/basic.h). A fifo, a directory and
# regular files are opened under one directory; each selector also filters
# on the path.
. "$(dirname "$0")/lib.sh"

OPENER="$T/opener"
cp "$O/tests/e2e/opener" "$OPENER"
D=/tmp/tpgen-vm/ftype

compile ftype <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "file-type-op"
spec:
  kprobes:
  - call: "security_file_open"
    syscall: false
    args:
    - index: 0
      type: "file"
    selectors:
    - matchArgs:
      - index: 0
        operator: "Prefix"
        values:
        - "$D/"
      - index: 0
        operator: "FileType"
        values:
        - "fifo"
        - "chr"
    - matchArgs:
      - index: 0
        operator: "Prefix"
        values:
        - "$D/n"
      - index: 0
        operator: "NotFileType"
        values:
        - "reg"
YAML

file_type_op() {
	expect_variant security_file_open "$1" security_file_open
	# O_RDONLY | O_NONBLOCK: a fifo opens without a writer
	"$OPENER" openf "$D/p" 0x800 open "$D/reg" open "$D/nreg" open "$D/ndir" open /dev/null
	stop_tprun
	expect_events "sorted(h['args'][0]['file_arg']['path'] for h in kprobes()) == ['$D/ndir', '$D/p']"
}

setup() {
	rm -rf "$D"
	mkdir -p "$D/ndir"
	mkfifo "$D/p"
	: > "$D/reg"
	: > "$D/nreg"
}

test_fentry() {
	setup
	start_tprun "$T/ftype.bpf.o" -o json
	file_type_op fentry
}

test_kprobe() {
	setup
	start_tprun "$T/ftype.bpf.o" -o json --forbid fentry
	file_type_op kprobe
}

run_tests
