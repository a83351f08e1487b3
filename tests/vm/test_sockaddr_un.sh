#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# sockaddr_un on a kernel function: unix_stream_connect's uaddr, the kernel's
# copy of what connect() was given. A filesystem name up to its NUL; an
# abstract one '@' and the bytes after its leading NUL, which Tetragon's
# filters compare raw (set_event_from_sockaddr_un, filter_sockaddr_un).
# Real AF_UNIX connects (python3).
. "$(dirname "$0")/lib.sh"

cat > "$T/conn.py" <<'PY'
# conn.py PATH...: connect an AF_UNIX stream socket to each (@NAME: abstract), errors ignored
import socket, sys
for p in sys.argv[1:]:
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect("\0" + p[1:] if p.startswith("@") else p)
    except OSError:
        pass
    s.close()
PY

ABS="tpgen-abs-$$"

un_policy() {
	printf 'apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: "%s"\n' "$1"
	printf 'spec:\n  kprobes:\n  - call: "unix_stream_connect"\n    syscall: false\n'
	printf '    args:\n    - index: 1\n      type: "sockaddr_un"\n    selectors:\n'
	cat
}

OURS="[h['args'][0]['sockaddrun_arg'] for h in hooks() if 'sockaddrun_arg' in h['args'][0]]"

test_prefix_path_and_abstract() {
	un_policy un-prefix <<YAML | compile prefix
    - matchArgs:
      - index: 1
        operator: "Prefix"
        values:
        - "$T/a"
        - "$ABS"
YAML
	start_tprun "$T/prefix.bpf.o"
	python3 "$T/conn.py" "$T/a.sock" "$T/b.sock" "@$ABS-1" "@other-$$"
	stop_tprun
	check_events "len($OURS) == 2"
	check_events "$OURS[0] == {'family': 'AF_UNIX', 'path': '$T/a.sock'}"
	# what follows the name in the kernel's copy is not the name's, and Tetragon shows it too
	check_events "$OURS[1]['family'] == 'AF_UNIX' and $OURS[1]['path'].startswith('@$ABS-1')"
}

test_equal_not_equal() {
	un_policy un-eq <<YAML | compile eq
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "$T/b.sock"
    - matchArgs:
      - index: 1
        operator: "NotEqual"
        values:
        - "$T/b.sock"
        - "$T/c.sock"
      - index: 1
        operator: "Prefix"
        values:
        - "$T/"
YAML
	start_tprun "$T/eq.bpf.o"
	python3 "$T/conn.py" "$T/a.sock" "$T/b.sock" "$T/c.sock" "$T/b.sockx"
	stop_tprun
	check_events "[a['path'] for a in $OURS] == ['$T/a.sock', '$T/b.sock', '$T/b.sockx']"
}

run_tests
