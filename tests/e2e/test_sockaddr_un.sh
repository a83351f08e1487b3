#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# sockaddr_un on a syscall hook (sys_connect's user pointer, as Tetragon's
# validateSycall allows it on "struct sockaddr *"): sockaddrun_arg's family and
# path, and the path filters Tetragon has for it (Equal, NotEqual, Prefix,
# NotPrefix). Real AF_UNIX connects (python3); kernel functions: tests/vm.
. "$(dirname "$0")/lib.sh"

# our python, as exec named it or resolved
PYS=$(python3 -c 'import os, sys; print(repr((sys.executable, os.path.realpath(sys.executable))))')

cat > "$T/conn.py" <<'PY'
# conn.py PATH...: connect an AF_UNIX socket to each (@NAME: abstract), errors ignored
import socket, sys
for p in sys.argv[1:]:
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect("\0" + p[1:] if p.startswith("@") else p)
    except OSError:
        pass
    s.close()
PY

# connect_policy NAME: sys_connect with arg 0 fd (int), arg 1 sockaddr_un; the
# matchArgs (YAML, indented for "selectors:") on stdin
connect_policy() {
	printf 'apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: "%s"\n' "$1"
	printf 'spec:\n  kprobes:\n  - call: "sys_connect"\n    syscall: true\n    args:\n'
	printf '    - index: 0\n      type: "int"\n    - index: 1\n      type: "sockaddr_un"\n'
	printf '    selectors:\n'
	cat
}

# the sockaddrun_arg of our python's connects, in order
OURS="[h['args'][1]['sockaddrun_arg'] for h in hooks() if h['process']['binary'] in $PYS]"

test_prefix() {
	connect_policy un-prefix <<YAML | compile prefix
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/a"
YAML
	start_tprun "$T/prefix.bpf.o"
	python3 "$T/conn.py" "$T/a.sock" "$T/b.sock" "@$T/a.abstract"
	stop_tprun
	check_events "$OURS == [{'family': 'AF_UNIX', 'path': '$T/a.sock'}]"
}

test_equal_and_not_prefix() {
	connect_policy un-eq <<YAML | compile eq
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "$T/b.sock"
    - matchArgs:
      - index: 1
        operator: "NotPrefix"
        values:
        - "$T/"
YAML
	start_tprun "$T/eq.bpf.o"
	python3 "$T/conn.py" "$T/a.sock" "$T/b.sock" "$T/bb.sock" "@abstract-$$"
	stop_tprun
	# an abstract name on a user pointer has no path: Tetragon reads its bytes
	# from kernel memory only (set_event_from_sockaddr_un), so NotPrefix passes
	check_events "$OURS == [{'family': 'AF_UNIX', 'path': '$T/b.sock'}, {'family': 'AF_UNIX'}]"
}

test_not_equal() {
	connect_policy un-neq <<YAML | compile neq
    - matchArgs:
      - index: 1
        operator: "NotEqual"
        values:
        - "$T/a.sock"
        - "$T/c.sock"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/"
YAML
	start_tprun "$T/neq.bpf.o"
	python3 "$T/conn.py" "$T/a.sock" "$T/b.sock" "$T/c.sock" "$T/a.sockx"
	stop_tprun
	check_events "[a['path'] for a in $OURS] == ['$T/b.sock', '$T/a.sockx']"
}

# no filter on it: read straight into the record, not from a filter's slot
test_captured() {
	connect_policy un-all <<YAML | compile all
    - matchArgs:
      - index: 0
        operator: "GT"
        values:
        - "-1"
YAML
	start_tprun "$T/all.bpf.o"
	python3 "$T/conn.py" "$T/a.sock" "@abstract-$$"
	stop_tprun
	check_events "$OURS == [{'family': 'AF_UNIX', 'path': '$T/a.sock'}, {'family': 'AF_UNIX'}]"
}

run_tests
