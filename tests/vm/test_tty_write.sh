#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The corpus' tty.yaml: tty_write(struct kiocb *, struct iov_iter *), the
# iov_iter read as its first segment's bytes. With maxData the event carries
# all of a 10000-byte write to a pty (Tetragon: copy_iov_iter in
# bpf/process/generic_calls.h passes has_max_data to __copy_char_buf); without
# it, the first 4096.
. "$(dirname "$0")/lib.sh"

PY=$(readlink -f "$(command -v python3)")

# tty_policy NAME MAXDATA: tty_write by python, the iov_iter with maxData MAXDATA
tty_policy() {
	compile "$1" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "tty"
spec:
  kprobes:
  - call: "tty_write"
    syscall: false
    args:
    - index: 0
      type: "kiocb"
    - index: 1
      type: "iov_iter"
      maxData: $2
    selectors:
    - matchBinaries:
      - operator: "In"
        values:
        - "$PY"
YAML
}

# pty_write N: python writes N bytes of a..z to a pty's slave, which a thread drains
pty_write() {
	python3 -S -c '
import os, pty, sys, threading
m, s = pty.openpty()
def drain():
    try:
        while os.read(m, 65536):
            pass
    except OSError:
        pass
threading.Thread(target=drain, daemon=True).start()
n = int(sys.argv[1])
os.write(s, bytes(97 + i % 26 for i in range(n)))
os.close(s)' "$1"
}

# written N: the python expression for the JSON bytes of pty_write N
written() {
	echo "b64(bytes(97 + i % 26 for i in range($1)))"
}

test_max_data_whole_write() {
	tty_policy tty-md true
	start_tprun "$T/tty-md.bpf.o" -o json
	expect_alive pty_write 10000
	stop_tprun
	expect_events \
		"len(kprobes()) == 1 and kprobes()[0]['function_name'] == 'tty_write'" \
		"kprobes()[0]['args'][1] == {'bytes_arg': $(written 10000)}"
}

test_without_max_data_first_4096() {
	tty_policy tty false
	start_tprun "$T/tty.bpf.o" -o json
	expect_alive pty_write 10000
	stop_tprun
	expect_events \
		"len(kprobes()) == 1" \
		"kprobes()[0]['args'][1] == {'truncated_bytes_arg': {'bytes_arg': $(written 4096), 'orig_size': '10000'}}"
}

run_tests
