#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# GetUrl and DnsLookup: tprun performs them when their selector's record arrives
# (Tetragon's generickprobe.go handleMsgGenericKprobe), on a worker thread, with a
# timeout and at most once a second per action; a failure is counted, never fatal.
# The servers are the test's own: an HTTP server and a DNS responder on loopback.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/metrics_lib.sh"

mkdir -p "$T/u"
# libcurl honours the proxy variables; the servers here are on loopback
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

# wait_for FILE TEXT: FILE has TEXT within 10 s
wait_for() {
	local i
	for ((i = 0; i < 100; i++)); do
		grep -qF "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "'$2' not in $1 within 10 s"
}

# each test runs in a subshell: its servers end with it
SERVERS=()
stop_servers() {
	local p
	for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null || true; done
}
serve() {
	SERVERS+=("$1")
	trap stop_servers EXIT
}

# http_server PORT: python's http.server on 127.0.0.1:PORT, its log in $T/http.log
http_server() {
	(cd "$T/u" && exec python3 -m http.server --bind 127.0.0.1 "$1" > "$T/http.log" 2>&1) &
	serve $!
	local i
	for ((i = 0; i < 100; i++)); do
		python3 -c "import socket; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "http.server did not start"
}

# dns_server PORT: answers every A query with 127.0.0.1 and logs "query NAME TYPE"
dns_server() {
	python3 - "$1" > "$T/dns.log" 2>&1 <<'PY' &
import socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
print("listening", flush=True)
while True:
    q, peer = s.recvfrom(512)
    tid, flags, qd = struct.unpack(">HHH", q[:6])
    i, labels = 12, []
    while q[i]:
        labels.append(q[i + 1:i + 1 + q[i]].decode()); i += 1 + q[i]
    qtype, = struct.unpack(">H", q[i + 1:i + 3])
    question = q[12:i + 5]
    print("query", ".".join(labels), qtype, flush=True)
    ans = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton("127.0.0.1")
    s.sendto(struct.pack(">HHHHHH", tid, 0x8180, 1, 1 if qtype == 1 else 0, 0, 0) + question +
             (ans if qtype == 1 else b""), peer)
PY
	serve $!
	wait_for "$T/dns.log" listening
}

# silent_server PORT: accepts TCP connections and never answers
silent_server() {
	python3 - "$1" <<'PY' &
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(16)
held = []
while True:
    c, _ = s.accept()
    held.append(c)
PY
	serve $!
	sleep 0.5
}

# user_policy NAME PATH ACTION KEY VALUE: openat of PATH does ACTION with KEY: VALUE
user_policy() {
	open_selector "$2" "$3" "        $4: \"$5\"" | openat_policy "$1" | compile "$1"
}

# expect_counts COUNTS: tprun's exit line on its user actions
expect_counts() {
	grep -q "^tprun: user actions: $1\$" "$T/tprun.err" ||
		fail "counts: $(grep 'user actions' "$T/tprun.err"), not $1"
}

test_geturl_reaches_the_server() {
	local port
	port=$(free_port)
	http_server "$port"
	user_policy geturl "$T/u/get" GetUrl argUrl "http://127.0.0.1:$port/tpgen-geturl?from=tprun"
	PORT=$(free_port)
	start_tprun "$T/geturl.bpf.o" --metrics-addr "127.0.0.1:$PORT"
	expect_alive "$OPENER" open "$T/u/get"
	wait_for "$T/http.log" '"GET /tpgen-geturl?from=tprun HTTP/1.1" 404'
	# the failure as --metrics-addr counts it
	await_metric 1 tprun_user_actions_total result=failed
	expect_metric 0 tprun_user_actions_total result=done
	stop_tprun
	check_events "[(h['args'][1]['string_arg'], h['action']) for h in hooks()] == [('$T/u/get', 'KPROBE_ACTION_GETURL')]"
	# python's server answers 404 for a file it lacks: the request went, the status counts
	grep -q "tprun: GetUrl 'http://127.0.0.1:$port/tpgen-geturl?from=tprun' failed: HTTP status 404" "$T/tprun.err" ||
		fail "no failure line for the 404"
	expect_counts "0 performed, 1 failed, 0 rate-limited, 0 dropped"
}

test_geturl_ok_and_rate_limited() {
	local port
	port=$(free_port)
	: > "$T/u/page"
	http_server "$port"
	user_policy geturl2 "$T/u/get" GetUrl argUrl "http://127.0.0.1:$port/page"
	PORT=$(free_port)
	start_tprun "$T/geturl2.bpf.o" --metrics-addr "127.0.0.1:$PORT"
	# three events within a second: one GET, two rate-limited, three events printed
	expect_alive "$OPENER" open "$T/u/get" open "$T/u/get" open "$T/u/get"
	wait_for "$T/http.log" '"GET /page HTTP/1.1" 200'
	sleep 1.2
	expect_alive "$OPENER" open "$T/u/get"
	sleep 0.5
	await_metric 2 tprun_user_actions_total result=done
	expect_metric 2 tprun_user_actions_total result=rate_limited
	expect_metric 0 tprun_user_actions_total result=failed
	stop_tprun
	check_events "len(hooks()) == 4"
	[ "$(grep -c 'GET /page' "$T/http.log")" = 2 ] || fail "GETs: $(cat "$T/http.log")"
	expect_counts "2 performed, 0 failed, 2 rate-limited, 0 dropped"
}

test_dnslookup_asks_the_resolver() {
	local port
	port=$(free_port)
	dns_server "$port"
	user_policy dns "$T/u/dns" DnsLookup argFqdn tpgen-e2e.example.org
	start_tprun "$T/dns.bpf.o" --dns-server "127.0.0.1:$port"
	expect_alive "$OPENER" open "$T/u/dns"
	wait_for "$T/dns.log" "query tpgen-e2e.example.org 1"
	sleep 0.3
	stop_tprun
	check_events "[h['action'] for h in hooks()] == ['KPROBE_ACTION_DNSLOOKUP']"
	expect_counts "1 performed, 0 failed, 0 rate-limited, 0 dropped"
}

# On a tracepoint too (Tetragon's generictracepoint.go performs them as its kprobes do).
test_dnslookup_on_a_tracepoint() {
	local port
	port=$(free_port)
	dns_server "$port"
	{
		policy_head tpdns
		echo '        argFqdn: "tp.tpgen-e2e.example.org."' |
			opener_sys_enter Equal 110 DnsLookup
	} | compile tpdns
	start_tprun "$T/tpdns.bpf.o" --dns-server "127.0.0.1:$port"
	expect_alive "$OPENER" getppid
	wait_for "$T/dns.log" "query tp.tpgen-e2e.example.org 1"
	sleep 0.3
	stop_tprun
	# Tetragon's tracepoint events name actions from the same KprobeAction enum
	check_events "[h['action'] for h in hooks()] == ['KPROBE_ACTION_DNSLOOKUP']"
	expect_counts "1 performed, 0 failed, 0 rate-limited, 0 dropped"
}

# A server that never answers holds only the worker: the events after it are printed
# at once, the request times out, and a dead port's refusal is a counted failure.
test_dead_servers_do_not_delay_events() {
	local silent closed
	silent=$(free_port)
	closed=$(free_port)
	silent_server "$silent"
	{
		open_selector "$T/u/slow" GetUrl "        argUrl: \"http://127.0.0.1:$silent/\""
		open_selector "$T/u/dead" GetUrl "        argUrl: \"http://127.0.0.1:$closed/\""
		open_selector "$T/u/next" Post
	} | openat_policy dead | compile dead
	start_tprun "$T/dead.bpf.o" --action-timeout 3000
	expect_alive "$OPENER" open "$T/u/slow" open "$T/u/dead" open "$T/u/next"
	local t0=$SECONDS
	wait_for "$T/tprun.out" "$T/u/next"
	# printed well before the silent server's request timed out (3 s)
	grep -q "GetUrl 'http://127.0.0.1:$silent/' failed" "$T/tprun.err" &&
		fail "the next event waited for the silent server"
	wait_for "$T/tprun.err" "GetUrl 'http://127.0.0.1:$silent/' failed"
	wait_for "$T/tprun.err" "GetUrl 'http://127.0.0.1:$closed/' failed"
	stop_tprun
	check_events "[h['args'][1]['string_arg'] for h in hooks()] == ['$T/u/slow', '$T/u/dead', '$T/u/next']"
	expect_counts "0 performed, 2 failed, 0 rate-limited, 0 dropped"
	[ $((SECONDS - t0)) -lt 20 ] || fail "took $((SECONDS - t0)) s"
}

# At exit a request in flight is cut short: tprun does not wait out its timeout.
test_exit_does_not_wait_for_a_request() {
	local silent
	silent=$(free_port)
	silent_server "$silent"
	user_policy exitcut "$T/u/slow" GetUrl argUrl "http://127.0.0.1:$silent/"
	start_tprun "$T/exitcut.bpf.o" --action-timeout 60000
	expect_alive "$OPENER" open "$T/u/slow"
	sleep 0.5
	local t0=$SECONDS
	stop_tprun
	[ $((SECONDS - t0)) -lt 5 ] || fail "exit took $((SECONDS - t0)) s"
	expect_counts "0 performed, 1 failed, 0 rate-limited, 0 dropped"
}

# tpgen checks the argument: a URL tprun can GET, a name it can look up.
test_arguments_are_checked() {
	local bad
	for bad in 'GetUrl|argUrl|ftp://example.com|its scheme is not http:// or https://' \
		'GetUrl|argUrl|http:///x|its host is not a host name' \
		'GetUrl|argUrl|http://example.com:70000/|its port is not a number from 1 to 65535' \
		'DnsLookup|argFqdn|bad_name.example|it has a character other than' \
		'DnsLookup|argFqdn|-x.example|a label starts with'; do
		IFS='|' read -r act key val why <<< "$bad"
		open_selector "$T/u/x" "$act" "        $key: \"$val\"" |
			openat_policy badarg > "$T/badarg.yaml"
		if "$TPGEN" "$T/badarg.yaml" -o "$T/badarg.bpf.o" 2> "$T/badarg.err"; then
			fail "tpgen accepted $key $val"
		fi
		grep -q "badarg.yaml:[0-9]*:[0-9]*: error: .*$key '$val' is not .*: $why" "$T/badarg.err" ||
			fail "message for $val: $(cat "$T/badarg.err")"
	done
	open_selector "$T/u/x" GetUrl | openat_policy noarg > "$T/noarg.yaml"
	! "$TPGEN" "$T/noarg.yaml" -o "$T/noarg.bpf.o" 2> "$T/noarg.err"
	grep -q "error: .*action 'GetUrl' needs argUrl" "$T/noarg.err" || fail "$(cat "$T/noarg.err")"
}

run_tests
