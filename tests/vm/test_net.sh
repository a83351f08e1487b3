#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Network args on kernel-function hooks (helper "net"): socket and sockaddr on
# security_socket_connect, sock on tcp_connect under fentry and under kprobe,
# skb and net_device on dev_hard_start_xmit; the network operators filtering
# real loopback connections.
. "$(dirname "$0")/lib.sh"

PA=31337 PB=31338

cat > "$T/conn.py" <<'PY'
# conn.py ADDR:PORT...: listen on each, connect to it, send a little, close
import socket, sys
for target in sys.argv[1:]:
    addr, port = target.rsplit(":", 1)
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, int(port)))
    s.listen(4)
    c = socket.create_connection((addr, int(port)))
    a, _ = s.accept()
    c.sendall(b"x" * 100)
    a.recv(100)
    c.close(); a.close(); s.close()
PY

# kfunc_policy NAME CALL ARGS: a kernel-function hook; ARGS and selectors are YAML lines
kfunc_policy() {
	printf 'apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: "%s"\n' "$1"
	printf 'spec:\n  kprobes:\n  - call: "%s"\n    syscall: false\n    args:\n' "$2"
	cat
}

test_socket_and_sockaddr_on_connect() {
	kfunc_policy net-connect security_socket_connect <<YAML | compile connect
    - index: 0
      type: "socket"
    - index: 1
      type: "sockaddr"
    selectors:
    - matchArgs:
      - index: 1
        operator: "SAddr"
        values:
        - "127.0.0.0/8"
        - "::1"
      - index: 1
        operator: "SPort"
        values:
        - "$PA"
      - index: 1
        operator: "NotSPortPriv"
      - index: 0
        operator: "Protocol"
        values:
        - "IPPROTO_TCP"
YAML
	start_tprun "$T/connect.bpf.o"
	python3 "$T/conn.py" "127.0.0.1:$PA" "127.0.0.1:$PB" "::1:$PA"
	stop_tprun
	check_events "len(hooks()) == 2"
	check_events "[h['args'][1]['sockaddr_arg'] for h in hooks()] == [{'family': 'AF_INET', 'addr': '127.0.0.1', 'port': $PA}, {'family': 'AF_INET6', 'addr': '::1', 'port': $PA}]"
	check_events "[(lambda s: (s['family'], s['type'], s['protocol'], s['state']))(h['args'][0]['sock_arg']) for h in hooks()] == [('AF_INET', 'SOCK_STREAM', 'IPPROTO_TCP', 'TCP_CLOSE'), ('AF_INET6', 'SOCK_STREAM', 'IPPROTO_TCP', 'TCP_CLOSE')]"
}

tcp_connect_policy() {
	kfunc_policy net-tcp-connect tcp_connect <<YAML | compile tcpconnect
    - index: 0
      type: "sock"
    selectors:
    - matchArgs:
      - index: 0
        operator: "DPort"
        values:
        - "$PA:$PA"
      - index: 0
        operator: "NotDAddr"
        values:
        - "10.0.0.0/8"
      - index: 0
        operator: "State"
        values:
        - "TCP_SYN_SENT"
YAML
}

test_sock_on_tcp_connect_fentry() {
	tcp_connect_policy
	start_tprun "$T/tcpconnect.bpf.o"
	expect_variant tcp_connect fentry
	python3 "$T/conn.py" "127.0.0.1:$PA" "127.0.0.1:$PB" "::1:$PA"
	stop_tprun
	check_events "[(s['family'], s['saddr'], s['daddr'], s['dport'], s['state']) for s in (h['args'][0]['sock_arg'] for h in hooks())] == [('AF_INET', '127.0.0.1', '127.0.0.1', $PA, 'TCP_SYN_SENT'), ('AF_INET6', '::1', '::1', $PA, 'TCP_SYN_SENT')]"
	check_events "all(h['args'][0]['sock_arg']['sport'] >= 1024 for h in hooks())"
}

test_sock_on_tcp_connect_kprobe() {
	tcp_connect_policy
	start_tprun "$T/tcpconnect.bpf.o" --forbid fentry
	expect_variant tcp_connect kprobe
	python3 "$T/conn.py" "127.0.0.1:$PB" "127.0.0.1:$PA"
	stop_tprun
	check_events "[(s['daddr'], s['dport']) for s in (h['args'][0]['sock_arg'] for h in hooks())] == [('127.0.0.1', $PA)]"
}

test_skb_and_net_device_on_xmit() {
	kfunc_policy net-xmit dev_hard_start_xmit <<YAML | compile xmit
    - index: 0
      type: "skb"
    - index: 1
      type: "net_device"
    selectors:
    - matchArgs:
      - index: 0
        operator: "DPort"
        values:
        - "$PA"
      - index: 0
        operator: "Family"
        values:
        - "AF_INET6"
YAML
	start_tprun "$T/xmit.bpf.o"
	python3 "$T/conn.py" "127.0.0.1:$PA" "::1:$PA"
	stop_tprun
	check_events "len(hooks()) >= 3"
	check_events "all((lambda s: (s['family'], s['saddr'], s['dport'], s['protocol']))(h['args'][0]['skb_arg']) == ('AF_INET6', '::1', $PA, 'IPPROTO_TCP') for h in hooks())"
	check_events "all(h['args'][1] == {'net_dev_arg': {'name': 'lo'}} for h in hooks())"
}

run_tests
