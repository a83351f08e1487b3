#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The corpus' open_geturl.yaml and open_dnsrequest.yaml on their kernel
# function, fd_install: installing a descriptor for one file makes tprun fetch a
# URL from an HTTP server, or ask a resolver for a name, both the test's own on
# loopback (Tetragon performs them in user space after the event:
# pkg/sensors/tracing/generickprobe.go handleMsgGenericKprobe).
. "$(dirname "$0")/lib.sh"

unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
mkdir -p "$T/www" /tmp/tpgen-vm
: > "$T/www/ebpf"
echo secret > /tmp/tpgen-vm/watched

# fd_policy NAME ACTION-YAML: fd_install of /tmp/tpgen-vm/watched does the action
fd_policy() {
	compile "$1" <<YAML
apiVersion: cilium.io/v1alpha1
kind: TracingPolicy
metadata:
  name: "$1"
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
        operator: "Equal"
        values:
        - "/tmp/tpgen-vm/watched"
      matchActions:
$2
YAML
}

# log_has FILE TEXT: FILE has TEXT within 10 s
log_has() {
	local i
	for ((i = 0; i < 100; i++)); do
		file_has "$1" "$2" && return 0
		nap 0.1
	done
	sed 's/^/      /' "$1" >&2
	fail "'$2' not in $1 within 10 s"
}

http_server() {
	(cd "$T/www" && exec python3 -m http.server --bind 127.0.0.1 8081 > "$T/http.log" 2>&1) &
	echo $! >> "$T/bg.pids"
	wait_port 8081
}

test_geturl_on_fd_install() {
	http_server
	fd_policy url "      - action: GetUrl
        argUrl: http://127.0.0.1:8081/ebpf"
	start_tprun "$T/url.bpf.o" -o json
	expect_alive cat /tmp/tpgen-vm/watched
	expect_alive cat /etc/hostname
	log_has "$T/http.log" '"GET /ebpf HTTP/1.1" 200'
	stop_tprun
	expect_events \
		"[(h['function_name'], h['action'], h['args'][1]['file_arg']['path']) for h in kprobes()] == [('fd_install', 'KPROBE_ACTION_GETURL', '/tmp/tpgen-vm/watched')]"
	file_has "$T/tprun.err" "tprun: user actions: 1 performed, 0 failed, 0 rate-limited, 0 dropped" ||
		fail "counts: $(grep 'user actions' "$T/tprun.err")"
}

# a resolver that answers every A query with 127.0.0.1 and logs "query NAME TYPE"
dns_server() {
	python3 - > "$T/dns.log" 2>&1 <<'PY' &
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 5353))
print("listening", flush=True)
while True:
    q, peer = s.recvfrom(512)
    tid, = struct.unpack(">H", q[:2])
    i, labels = 12, []
    while q[i]:
        labels.append(q[i + 1:i + 1 + q[i]].decode()); i += 1 + q[i]
    qtype, = struct.unpack(">H", q[i + 1:i + 3])
    print("query", ".".join(labels), qtype, flush=True)
    ans = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton("127.0.0.1")
    s.sendto(struct.pack(">HHHHHH", tid, 0x8180, 1, 1 if qtype == 1 else 0, 0, 0) +
             q[12:i + 5] + (ans if qtype == 1 else b""), peer)
PY
	echo $! >> "$T/bg.pids"
	log_has "$T/dns.log" listening
}

test_dnslookup_on_fd_install() {
	dns_server
	fd_policy dns "      - action: DnsLookup
        argFqdn: ebpf.io"
	start_tprun "$T/dns.bpf.o" -o json --dns-server 127.0.0.1:5353
	expect_alive cat /tmp/tpgen-vm/watched
	log_has "$T/dns.log" "query ebpf.io 1"
	stop_tprun
	expect_events \
		"[(h['function_name'], h['action']) for h in kprobes()] == [('fd_install', 'KPROBE_ACTION_DNSLOOKUP')]"
	file_has "$T/tprun.err" "tprun: user actions: 1 performed, 0 failed, 0 rate-limited, 0 dropped" ||
		fail "counts: $(grep 'user actions' "$T/tprun.err")"
}

run_tests
