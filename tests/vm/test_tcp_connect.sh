#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The reference's block-443-for-wget example (tcp-connect-wget-kill.yaml):
# tcp_connect with a sock argument, DPort 443 and matchBinaries /usr/bin/wget.
# wget to 443 is killed; curl to 443 and wget to another port are not.
. "$(dirname "$0")/lib.sh"

# a minimal HTTP server on 127.0.0.1 at each port given (http.server takes 5 s to start here)
serve() {
	exec python3 -S -c '
import selectors, socket, sys
sel = selectors.DefaultSelector()
for port in sys.argv[1:]:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(port)))
    s.listen(16)
    sel.register(s, selectors.EVENT_READ)
while True:
    for key, _ in sel.select():
        c, _ = key.fileobj.accept()
        c.settimeout(5)
        try:
            c.recv(4096)
            c.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nhello\n")
        except OSError:
            pass
        c.close()
' "$@"
}

test_wget_to_443_is_killed() {
	policy_obj tcp-connect-wget-kill > /dev/null
	background serve 443 8080
	wait_port 443
	wait_port 8080
	start_policy tcp-connect-wget-kill
	expect_variant tcp_connect fentry tcp_connect
	expect_killed /usr/bin/wget -q -O /dev/null http://127.0.0.1:443/f
	expect_alive /usr/bin/curl -sf -o /dev/null http://127.0.0.1:443/f
	expect_alive /usr/bin/wget -q -O /dev/null http://127.0.0.1:8080/f
	stop_tprun
	expect_events \
		"[(h['function_name'], h['action'], h['policy_name'], h['process']['binary']) for h in kprobes()] == [('tcp_connect', 'KPROBE_ACTION_SIGKILL', 'block-443-for-wget', '/usr/bin/wget')]" \
		"(lambda s: (s['family'], s['type'], s['protocol'], s['saddr'], s['daddr'], s['dport'], s['state']))(kprobes()[0]['args'][0]['sock_arg']) == ('AF_INET', 'SOCK_STREAM', 'IPPROTO_TCP', '127.0.0.1', '127.0.0.1', 443, 'TCP_SYN_SENT')" \
		"kprobes()[0]['args'][0]['sock_arg']['sport'] > 0" \
		"any(x['process']['binary'] == '/usr/bin/wget' and x.get('signal') == 'SIGKILL' for x in exits())"
}

run_tests
