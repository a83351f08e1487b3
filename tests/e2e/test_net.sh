#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Network args and operators on raw tracepoints with kernel pointers:
# sock/inet_sock_set_state (sk, oldstate, newstate) for sock_arg and the
# DPort/DAddr/State/Family/... filters, net/net_dev_xmit (skb, rc, dev, len)
# for skb_arg and net_dev_arg. Real TCP connections over loopback (python3).
. "$(dirname "$0")/lib.sh"

# ports of our own, so connections of other processes do not show up in the checks
BASE=$((20000 + RANDOM % 20000))
PA=$BASE PB=$((BASE + 1)) PC=$((BASE + 2)) PD=$((BASE + 3))

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

# state_policy NAME: inet_sock_set_state with arg 0 sock, arg 2 newstate (int);
# the selectors (YAML, indented for "selectors:") on stdin
state_policy() {
	printf 'apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: "%s"\n' "$1"
	printf 'spec:\n  tracepoints:\n  - subsystem: "sock"\n    event: "inet_sock_set_state"\n'
	printf '    raw: true\n    args:\n    - index: 0\n      type: "sock"\n'
	printf '    - index: 2\n      type: "int"\n    selectors:\n'
	cat
}

# the hook events of our connections: (daddr, dport, sock state, new state), sorted
OURS="sorted((h['args'][0]['sock_arg']['daddr'], h['args'][0]['sock_arg'].get('dport'), h['args'][0]['sock_arg']['state'], h['args'][1]['int_arg']) for h in hooks() if $PA <= h['args'][0]['sock_arg'].get('dport', 0) <= $PD or $PA <= h['args'][0]['sock_arg'].get('sport', 0) <= $PD)"

test_dport_daddr_state() {
	state_policy dport-state <<YAML | compile dport
    - matchArgs:
      - index: 0
        operator: "DPort"
        values:
        - "$PA"
        - "$PC:$PD"
      - index: 0
        operator: "DAddr"
        values:
        - "127.0.0.0/8"
      - index: 0
        operator: "State"
        values:
        - "TCP_SYN_SENT"
YAML
	start_tprun "$T/dport.bpf.o"
	python3 "$T/conn.py" "127.0.0.1:$PA" "127.0.0.1:$PB" "127.0.0.1:$PD" "::1:$PA"
	stop_tprun
	# SYN_SENT -> ESTABLISHED (1) of the v4 clients to PA and PD only
	check_events "$OURS == [('127.0.0.1', $PA, 'TCP_SYN_SENT', 1), ('127.0.0.1', $PD, 'TCP_SYN_SENT', 1)]"
	check_events "all((lambda s: (s['family'], s['type'], s['protocol'], s['saddr']))(h['args'][0]['sock_arg']) == ('AF_INET', 'SOCK_STREAM', 'IPPROTO_TCP', '127.0.0.1') for h in hooks())"
	check_events "all(h['args'][0]['sock_arg']['sport'] >= 1024 and int(h['args'][0]['sock_arg']['cookie']) > 0 for h in hooks())"
	check_events "all(h['subsys'] == 'sock' and h['event'] == 'inet_sock_set_state' for h in hooks())"
}

test_not_operators_ipv6() {
	state_policy not-ops <<YAML | compile notops
    - matchArgs:
      - index: 0
        operator: "Family"
        values:
        - "AF_INET6"
      - index: 0
        operator: "NotDPort"
        values:
        - "$PA"
      - index: 0
        operator: "DAddr"
        values:
        - "::1/128"
      - index: 0
        operator: "NotSPortPriv"
      - index: 0
        operator: "Protocol"
        values:
        - "6"
      - index: 0
        operator: "State"
        values:
        - "2"
YAML
	start_tprun "$T/notops.bpf.o"
	python3 "$T/conn.py" "::1:$PA" "::1:$PB" "127.0.0.1:$PB"
	stop_tprun
	check_events "$OURS == [('::1', $PB, 'TCP_SYN_SENT', 1)]"
	check_events "all(h['args'][0]['sock_arg']['family'] == 'AF_INET6' and h['args'][0]['sock_arg']['saddr'] == '::1' for h in hooks())"
}

test_not_daddr_and_selectors_or() {
	# selector 1: NotDAddr 127.0.0.1 (so 127.0.0.2 passes); selector 2: DPort PC
	state_policy not-daddr <<YAML | compile notdaddr
    - matchArgs:
      - index: 0
        operator: "DPort"
        values:
        - "$PA:$PB"
      - index: 0
        operator: "NotDAddr"
        values:
        - "127.0.0.1"
        - "10.0.0.0/8"
      - index: 1
        operator: "Equal"
        values:
        - "1"
    - matchArgs:
      - index: 0
        operator: "DPort"
        values:
        - "$PC"
      - index: 1
        operator: "Equal"
        values:
        - "1"
YAML
	start_tprun "$T/notdaddr.bpf.o"
	python3 "$T/conn.py" "127.0.0.1:$PA" "127.0.0.2:$PB" "127.0.0.1:$PC"
	stop_tprun
	check_events "$OURS == [('127.0.0.1', $PC, 'TCP_SYN_SENT', 1), ('127.0.0.2', $PB, 'TCP_SYN_SENT', 1)]"
}

test_large_sets_use_maps() {
	# past --inline-max the ports and addresses go to LPM tries
	state_policy large-sets <<YAML > "$T/large.yaml"
    - matchArgs:
      - index: 0
        operator: "DPort"
        values:
        - "1"
        - "7"
        - "$PA"
        - "$PC:$PD"
      - index: 0
        operator: "DAddr"
        values:
        - "10.0.0.0/8"
        - "192.168.0.0/16"
        - "127.0.0.1/32"
        - "::1"
        - "fe80::/10"
        - "2001:db8::/32"
      - index: 1
        operator: "Equal"
        values:
        - "1"
YAML
	"$TPGEN" --inline-max 1 -S "$T/large.c" "$T/large.yaml" -o "$T/large.bpf.o"
	grep -q 'TP_NET_LPM16(&tp_set_' "$T/large.c" || fail "ports not in an LPM trie"
	grep -q 'TP_NET_LPM4(&tp_set_' "$T/large.c" || fail "IPv4 prefixes not in an LPM trie"
	grep -q 'TP_NET_LPM6(&tp_set_' "$T/large.c" || fail "IPv6 prefixes not in an LPM trie"
	start_tprun "$T/large.bpf.o"
	python3 "$T/conn.py" "127.0.0.1:$PA" "127.0.0.1:$PB" "::1:$PC" "127.0.0.2:$PD" "127.0.0.1:$PD"
	stop_tprun
	check_events "$OURS == [('127.0.0.1', $PA, 'TCP_SYN_SENT', 1), ('127.0.0.1', $PD, 'TCP_SYN_SENT', 1), ('::1', $PC, 'TCP_SYN_SENT', 1)]"
}

test_skb_and_net_device() {
	cat <<YAML | compile skb
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "skb-xmit"
spec:
  tracepoints:
  - subsystem: "net"
    event: "net_dev_xmit"
    raw: true
    args:
    - index: 0
      type: "skb"
    - index: 2
      type: "net_device"
    selectors:
    - matchArgs:
      - index: 0
        operator: "DPort"
        values:
        - "$PA"
      - index: 0
        operator: "SAddr"
        values:
        - "::1"
        - "127.0.0.1"
YAML
	start_tprun "$T/skb.bpf.o"
	python3 "$T/conn.py" "127.0.0.1:$PA" "::1:$PA" "127.0.0.1:$PB"
	stop_tprun
	check_events "len(hooks()) >= 4 and all(h['args'][0]['skb_arg']['dport'] == $PA for h in hooks())"
	check_events "{h['args'][0]['skb_arg']['family'] for h in hooks()} == {'AF_INET', 'AF_INET6'}"
	check_events "all((lambda s: s['saddr'] == s['daddr'] and s['saddr'] in ('127.0.0.1', '::1') and s['proto'] == 6 and s['protocol'] == 'IPPROTO_TCP' and s['len'] > 0 and s['sport'] > 0)(h['args'][0]['skb_arg']) for h in hooks())"
	check_events "all(h['args'][1] == {'net_dev_arg': {'name': 'lo'}} for h in hooks())"
}

run_tests
