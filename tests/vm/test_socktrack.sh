#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Socket tracking (returnArgAction: TrackSock, actions TrackSock and
# UntrackSock with argSock), as the corpus' tcp-accept and sshd policies use
# it: sk_alloc's returned sock is tracked to the process that made it, and a
# later event with that sock as an arg is that process's, as Tetragon's
# update_pid_tid_from_sock makes it, although the kernel runs the hook for
# another (tcp_create_openreq_child runs in the connecting side's softirq),
# and its return half still joins the entry.
. "$(dirname "$0")/lib.sh"

P=31401

# server.py PORT: listen on 127.0.0.1:PORT, accept one connection, hold it
cat > "$T/server.py" <<'PY'
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(4)
c, _ = s.accept()
time.sleep(60)
PY

# on_port: the selector of a hook whose arg 0 is a sock of port $P
on_port() {
	printf '    selectors:\n    - matchArgs:\n      - index: 0\n'
	printf '        operator: "SPort"\n        values:\n        - "%s"\n' "$P"
}

# sk_alloc_hook: sk_alloc's AF_INET socks tracked to their maker, as tcp-accept.yaml does
sk_alloc_hook() {
	cat <<'YAML'
  - call: "sk_alloc"
    syscall: false
    return: true
    args:
    - index: 1
      type: int
      label: "Family"
    returnArg:
      index: 0
      type: sock
    returnArgAction: TrackSock
    selectors:
    - matchArgs:
      - index: 1
        operator: "Equal"
        values:
        - "2"
YAML
}

# sock_policy NAME LISTEN_ACTION: sk_alloc tracked, tcp_create_openreq_child on
# the listener of port $P posted with the new sock it returns (the entry is the
# listener owner's, the return the caller's: tprun still joins them); LISTEN_ACTION (TrackSock or UntrackSock) on
# inet_csk_listen_start's sock
sock_policy() {
	cat <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "$1"
spec:
  kprobes:
$(sk_alloc_hook)
  - call: "inet_csk_listen_start"
    syscall: false
    args:
    - index: 0
      type: sock
$(on_port)
      matchActions:
      - action: $2
        argSock: 0
  - call: "tcp_create_openreq_child"
    syscall: false
    return: true
    returnArg:
      index: 0
      type: sock
    args:
    - index: 0
      type: sock
$(on_port)
YAML
}

# run_pair: the server listens on $P; a bash client connects; prints the server's pid
run_pair() {
	background python3 -S "$T/server.py" "$P"
	wait_port "$P"
	tail -n 1 "$T/bg.pids" > "$T/server.pid"
}

test_tracked_sock_reports_its_owner() {
	sock_policy socktrack TrackSock | compile socktrack
	start_tprun "$T/socktrack.bpf.o" -o json
	run_pair
	local server
	read -r server < "$T/server.pid"
	stop_tprun
	expect_events \
		"any(h['return']['sock_arg']['family'] == 'AF_INET' for h in kprobes() if h['function_name'] == 'sk_alloc' and h['process']['pid'] == $server)" \
		"[h['process']['binary'].split('/')[-1][:6] for h in kprobes() if h['function_name'] == 'inet_csk_listen_start'] == ['python']" \
		"[h['action'] for h in kprobes() if h['function_name'] == 'inet_csk_listen_start'] == ['KPROBE_ACTION_TRACKSOCK']" \
		"[(h['process']['pid'], h['args'][0]['sock_arg']['sport'], h['return']['sock_arg']['sport']) for h in kprobes() if h['function_name'] == 'tcp_create_openreq_child'] == [($server, $P, $P)]"
}

test_untracked_sock_is_the_callers() {
	sock_policy sockuntrack UntrackSock | compile sockuntrack
	start_tprun "$T/sockuntrack.bpf.o" -o json
	run_pair
	local server
	read -r server < "$T/server.pid"
	stop_tprun
	expect_events \
		"[h['action'] for h in kprobes() if h['function_name'] == 'inet_csk_listen_start'] == ['KPROBE_ACTION_UNTRACKSOCK']" \
		"len([h for h in kprobes() if h['function_name'] == 'tcp_create_openreq_child']) == 1" \
		"[h['process'].get('pid') for h in kprobes() if h['function_name'] == 'tcp_create_openreq_child'] != [$server]"
}

# returnArgAction tracks only a call whose entry matched: Tetragon's
# generic_retprobe finds nothing in retprobe_map for a call its filters
# rejected (filter_args_reject); so the listener's sock, made by an sk_alloc
# that no selector took, stays untracked and the child's event is the caller's
test_return_tracks_only_matched_calls() {
	sk_alloc_hook | sed 's/- "2"/- "99"/' > "$T/sk_alloc_99"
	cat <<YAML | compile sockunmatched
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "sockunmatched"
spec:
  kprobes:
$(cat "$T/sk_alloc_99")
  - call: "tcp_create_openreq_child"
    syscall: false
    args:
    - index: 0
      type: sock
$(on_port)
YAML
	start_tprun "$T/sockunmatched.bpf.o" -o json
	run_pair
	local server
	read -r server < "$T/server.pid"
	stop_tprun
	expect_events \
		"len([h for h in kprobes() if h['function_name'] == 'sk_alloc']) == 0" \
		"len([h for h in kprobes() if h['function_name'] == 'tcp_create_openreq_child']) == 1" \
		"[h['process'].get('pid') for h in kprobes() if h['function_name'] == 'tcp_create_openreq_child'] != [$server]"
}

# udp_server.py PORT READY: bind UDP 127.0.0.1:PORT, create READY, take one datagram, hold
cat > "$T/udp_server.py" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
open(sys.argv[2], "w").close()
s.recv(100)
time.sleep(60)
PY

# A datagram is queued on the receiver's socket in the sender's softirq:
# the event is the receiver's, whose sk_alloc tracked the socket.
test_udp_datagram_is_the_receivers() {
	cat <<YAML | compile sockudp
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "sockudp"
spec:
  kprobes:
$(sk_alloc_hook)
      matchActions:
      - action: NoPost
  - call: "__udp_enqueue_schedule_skb"
    syscall: false
    args:
    - index: 0
      type: sock
    - index: 1
      type: skb
$(on_port)
YAML
	start_tprun "$T/sockudp.bpf.o" -o json
	background python3 -S "$T/udp_server.py" "$P" "$T/udp.ready"
	local server i
	tail -n 1 "$T/bg.pids" > "$T/server.pid"
	read -r server < "$T/server.pid"
	for ((i = 0; i < 200; i++)); do
		[ -e "$T/udp.ready" ] && break
		nap 0.1
	done
	(echo hello > "/dev/udp/127.0.0.1/$P")
	stop_tprun
	expect_events \
		"[h['process']['pid'] for h in kprobes() if h['function_name'] == '__udp_enqueue_schedule_skb'] == [$server]" \
		"[(h['args'][0]['sock_arg']['protocol'], h['args'][1]['skb_arg']['dport']) for h in kprobes() if h['function_name'] == '__udp_enqueue_schedule_skb'] == [('IPPROTO_UDP', $P)]" \
		"not any(h['function_name'] == 'sk_alloc' for h in kprobes())"
}

run_tests
