#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tprun --metrics-addr: a real scrape of /metrics over HTTP (curl) while real
# processes are traced and killed, its counters compared with the events
# tprun printed: by type and policy, the actions the kernel took (Post,
# Sigkill) by policy, hook and selector, the records a full ring lost (as
# rate_limit_info reports them), what the export filters kept out, the
# process cache; an address tprun cannot have refused before it enforces.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/metrics_lib.sh"
. "$(dirname "$0")/flood_policy.sh"

FLOODER="$T/flooder"
cp "$O/tests/e2e/flooder" "$FLOODER"
HOOK="tracepoint:raw_syscalls/sys_enter"

# printed PYEXPR: how many printed events (so far) the predicate on (kind, body) takes
printed() {
	python3 - "$T/tprun.out" "$1" <<'PY'
import json, sys
n = 0
for l in open(sys.argv[1]):
    try:
        e = json.loads(l)
    except ValueError:
        continue  # a line being written
    kind = next(k for k in e if k not in ("node_name", "time"))
    body = e[kind]
    n += bool(eval(sys.argv[2]))
print(n)
PY
}

# policy: one hook, two selectors: $OPENER's prctl (157) posts, its getppid (110) is
# killed; and a hook posting $FLOODER's getppids
policy() {
	{
		policy_head metrics
		opener_sys_enter Equal 157 Post <<YAML
$({
			match_arg 0 Equal 110
			match_binary "$OPENER"
			match_action Sigkill
		} | selector)
$(flooder_hook "$FLOODER")
YAML
	} | compile metrics
}

# run_openers N K: N processes post, K are killed
run_openers() {
	local i
	for ((i = 0; i < $1; i++)); do
		expect_alive "$OPENER" prctl 0
	done
	for ((i = 0; i < $2; i++)); do
		expect_killed "$OPENER" getppid
	done
}

# the counters equal what was printed: events by type, by policy and hook, actions by
# selector; each type's count lies between what was printed before and after the scrape
test_counters_equal_the_printed_events() {
	local n=6 k=4 type before after got
	policy
	PORT=$(free_port)
	start_tprun "$T/metrics.bpf.o" --metrics-addr "127.0.0.1:$PORT"
	run_openers $n $k
	await_metric $((n + k)) tetragon_policy_events_total policy=metrics hook="$HOOK"
	sleep 0.3 # the exits of the last ones
	for type in PROCESS_EXEC PROCESS_EXIT PROCESS_TRACEPOINT; do
		printed "kind == '${type,,}'" > "$T/before.$type"
	done
	scrape
	cp "$T/scrape" "$T/scrape.kept"
	stop_tprun
	cp "$T/scrape.kept" "$T/scrape"
	for type in PROCESS_EXEC PROCESS_EXIT PROCESS_TRACEPOINT; do
		before=$(cat "$T/before.$type")
		after=$(printed "kind == '${type,,}'")
		got=$(metric tetragon_events_total type=$type)
		[ "$before" -le "$got" ] && [ "$got" -le "$after" ] ||
			fail "$type: $got counted, $before printed before the scrape, $after after"
		[ "$got" -gt 0 ] || fail "$type: none counted"
	done
	# the openers' own events, exactly
	expect_metric $((n + k)) tetragon_events_total type=PROCESS_TRACEPOINT binary="$OPENER"
	expect_metric "$(printed "kind == 'process_exec' and body['process']['binary'] == '$OPENER'")" \
		tetragon_events_total type=PROCESS_EXEC binary="$OPENER"
	expect_metric $((n + k)) tetragon_events_total type=PROCESS_EXIT binary="$OPENER"
	expect_metric $((n + k)) tetragon_policy_events_total policy=metrics hook="$HOOK" \
		binary="$OPENER"
	expect_metric "$(printed "kind == 'process_tracepoint' and body['policy_name'] == 'metrics'")" \
		tetragon_policy_events_total policy=metrics
	# actions: selector 0 posted n, selector 1 killed k (the kernel's count) and posted k
	expect_metric $n tetragon_tracingpolicy_selector_actions_total policy=metrics \
		hook="$HOOK" selector_index=0 action=post
	expect_metric $k tetragon_tracingpolicy_selector_actions_total policy=metrics \
		hook="$HOOK" selector_index=1 action=signal
	expect_metric $k tetragon_tracingpolicy_selector_actions_total policy=metrics \
		hook="$HOOK" selector_index=1 action=post
	expect_metric 0 tetragon_tracingpolicy_selector_actions_total selector_index=0 action=signal
	[ "$(printed "body.get('action') == 'KPROBE_ACTION_SIGKILL'")" = $k ] ||
		fail "not $k kills printed"
	expect_metric 0 tetragon_observer_ringbuf_events_lost_total
	expect_metric 0 tprun_events_filtered_total
}

# two entries of one hook: their kills share one series (Tetragon's hook_index would
# part them), the sum of both hooks' counts, never one hook's alone
test_two_entries_of_a_hook_summed() {
	local k=3
	{
		policy_head twice
		# the second entry: opener_sys_enter's hook without its "tracepoints:"
		opener_sys_enter Equal 110 Sigkill < <(opener_sys_enter Equal 110 Sigkill < /dev/null | sed 1d)
	} | compile twice
	PORT=$(free_port)
	start_tprun "$T/twice.bpf.o" --metrics-addr "127.0.0.1:$PORT"
	run_openers 0 $k
	await_metric $((2 * k)) tetragon_tracingpolicy_selector_actions_total policy=twice \
		hook="$HOOK" selector_index=0 action=signal
	stop_tprun
	[ "$(printed "body.get('action') == 'KPROBE_ACTION_SIGKILL'")" = $((2 * k)) ] ||
		fail "not $((2 * k)) kills printed"
}

# the process cache: as many processes as the host runs, near enough (others come and go
# on a busy host); as many as the kernel's process table holds
# near PROCS SIZE: SIZE is PROCS within a quarter (and 10): exited processes stay in the
# cache until the drain's second round after their exit record
near() {
	[ $(($2 - $1)) -le $(($1 / 4 + 10)) ] && [ $(($1 - $2)) -le $(($1 / 4 + 10)) ]
}

# the cache's size against the host's processes and the kernel's table, counted at once;
# a few tries, for a machine where others start and end processes meanwhile
test_process_cache_size() {
	local size procs table try ok=
	policy
	PORT=$(free_port)
	start_tprun "$T/metrics.bpf.o" --metrics-addr "127.0.0.1:$PORT"
	for try in 1 2 3 4 5; do
		sleep 0.3
		scrape
		size=$(metric tetragon_process_cache_size)
		# the host's processes, kernel threads too, as the cache has them
		procs=$(ps -e -o pid= | wc -l)
		table=$(for id in $(map_ids); do
			bpftool -j map show id "$id" | grep -q '"name":"tp_procs"' || continue
			bpftool map dump id "$id" | grep -c '"key":' || true
		done | head -1)
		[ -n "$table" ] && [ "$size" -gt 0 ] && near "$procs" "$size" && near "$table" "$size" &&
			{ ok=1; break; }
	done
	stop_tprun
	[ -n "$table" ] || fail "the kernel's process table (tp_procs) not read"
	[ -n "$ok" ] || fail "process cache size $size, $procs processes in /proc, $table in" \
		"the kernel's table (5 tries)"
	grep -q '^tetragon_process_cache_misses_total{operation="get"} [0-9]*$' "$T/scrape" ||
		fail "no process cache misses"
}

# a full ring: the loss counted is what rate_limit_info reported, posts printed plus lost are
# the calls made; every kill counted by the kernel, whatever the ring lost
test_ring_loss_equals_rate_limit_info() {
	local pid calls k=10 lost reported i
	policy
	PORT=$(free_port)
	start_tprun "$T/metrics.bpf.o" --metrics-addr "127.0.0.1:$PORT" --ringbuf-size 4096
	pid=$TPRUN_PID
	kill -STOP "$pid"
	calls=$("$FLOODER" 1 50000 | cut -d' ' -f1)
	run_openers 0 $k
	kill -CONT "$pid"
	# rate_limit_info comes every 5 s: wait until the stream has told the whole loss
	for ((i = 0; i < 60; i++)); do
		scrape
		lost=$(metric tprun_hook_events_lost_total)
		reported=$(python3 -c "import json,sys
print(sum(int(json.loads(l)['rate_limit_info']['number_of_dropped_process_events'])
          for l in open(sys.argv[1]) if l.startswith('{\"rate_limit_info\"')))" "$T/tprun.out")
		[ "$lost" -gt 0 ] && [ "$lost" = "$reported" ] && break
		sleep 0.25
	done
	cp "$T/scrape" "$T/scrape.kept"
	stop_tprun
	cp "$T/scrape.kept" "$T/scrape"
	[ "$lost" -gt 0 ] || fail "no loss counted"
	[ "$lost" = "$reported" ] || fail "$lost hook events lost counted, rate_limit_info said $reported"
	reported=$(python3 -c "import json,sys
print(sum(int(json.loads(l)['rate_limit_info']['number_of_dropped_process_events'])
          for l in open(sys.argv[1]) if l.startswith('{\"rate_limit_info\"')))" "$T/tprun.out")
	[ "$lost" = "$reported" ] || fail "$lost lost at the scrape, rate_limit_info said $reported in all"
	[ "$(metric tetragon_observer_ringbuf_events_lost_total)" -ge "$lost" ] ||
		fail "ring loss below the hook events lost"
	# posts printed (counted) + lost == calls
	[ $(($(metric tetragon_policy_events_total hook=tracepoint:syscalls/sys_enter_getppid) +
		lost)) -eq "$calls" ] || fail "$calls calls: $(metric tetragon_policy_events_total \
		hook=tracepoint:syscalls/sys_enter_getppid) posts + $lost lost"
	expect_metric $k tetragon_tracingpolicy_selector_actions_total policy=metrics \
		selector_index=1 action=signal
}

# the export filters' drops counted, by type and policy; Tetragon counts events before them
test_filtered_events_counted() {
	local n=5
	policy
	PORT=$(free_port)
	start_tprun "$T/metrics.bpf.o" --metrics-addr "127.0.0.1:$PORT" \
		--export-denylist "{\"binary_regex\":[\"^$OPENER\$\"]}"
	run_openers $n 0
	await_metric $n tprun_events_filtered_total type=PROCESS_TRACEPOINT policy=metrics
	sleep 0.3
	scrape
	cp "$T/scrape" "$T/scrape.kept"
	stop_tprun
	cp "$T/scrape.kept" "$T/scrape"
	[ "$(printed "body.get('process', {}).get('binary') == '$OPENER'")" = 0 ] ||
		fail "the denylist let an event of $OPENER through"
	expect_metric $n tprun_events_filtered_total type=PROCESS_TRACEPOINT policy=metrics
	expect_metric $n tprun_events_filtered_total type=PROCESS_EXEC policy=
	expect_metric $n tprun_events_filtered_total type=PROCESS_EXIT policy=
	expect_metric $n tetragon_events_total type=PROCESS_TRACEPOINT binary="$OPENER"
	expect_metric $n tetragon_tracingpolicy_selector_actions_total selector_index=0 action=post
}

# what the kernel did, whether or not an event says so: Sigkill with NoPost kills and
# prints nothing; under policy-mode: monitor nothing dies, and Tetragon's monitor_signal counts
test_nopost_and_monitor_counted_in_the_kernel() {
	local k=3
	policy
	sed 's/      - action: Sigkill/      - action: Sigkill\n      - action: NoPost/' \
		"$T/metrics.yaml" | compile nopost
	grep -q 'action: NoPost' "$T/nopost.yaml" || fail "fixture"
	PORT=$(free_port)
	start_tprun "$T/nopost.bpf.o" --metrics-addr "127.0.0.1:$PORT"
	run_openers 0 $k
	await_metric $k tetragon_tracingpolicy_selector_actions_total policy=metrics \
		hook="$HOOK" selector_index=1 action=signal
	expect_metric $k tetragon_tracingpolicy_selector_actions_total selector_index=1 \
		action=nopost
	expect_metric 0 tetragon_tracingpolicy_selector_actions_total action=post
	stop_tprun
	[ "$(printed "kind == 'process_tracepoint'")" = 0 ] || fail "NoPost printed an event"
	sed 's/^spec:$/spec:\n  options:\n  - name: "policy-mode"\n    value: "monitor"/' \
		"$T/metrics.yaml" | compile monitor
	grep -q 'policy-mode' "$T/monitor.yaml" || fail "fixture"
	start_tprun "$T/monitor.bpf.o" --metrics-addr "127.0.0.1:$PORT"
	for ((i = 0; i < k; i++)); do
		expect_alive "$OPENER" getppid
	done
	await_metric $k tetragon_tracingpolicy_selector_actions_total policy=metrics \
		selector_index=1 action=monitor_signal
	expect_metric 0 tetragon_tracingpolicy_selector_actions_total action=signal
	expect_metric $k tetragon_tracingpolicy_selector_actions_total selector_index=1 action=post
}

# a malformed address, or one tprun cannot listen on: one line, non-zero, never ready
test_bad_address_refused() {
	local addr rc port holder
	policy
	port=$(free_port)
	for addr in 127.0.0.1 127.0.0.1:0 ":70000" "localhost:$port" "[::1" "1.2.3:$port" \
		"127.0.0.1:${port}x"; do
		rc=0
		"$TPRUN" "$T/metrics.bpf.o" --metrics-addr "$addr" > /dev/null 2> "$T/err" || rc=$?
		[ $rc -eq 2 ] || fail "--metrics-addr '$addr': exit status $rc"
		[ "$(wc -l < "$T/err")" -eq 1 ] || { cat "$T/err" >&2; fail "'$addr': not one line"; }
		grep -qF -- "--metrics-addr: '$addr' is not" "$T/err" || { cat "$T/err" >&2; fail "'$addr'"; }
	done
	rc=0
	"$TPRUN" --check "$T/metrics.bpf.o" --metrics-addr "127.0.0.1:$port" > /dev/null 2>&1 || rc=$?
	[ $rc -eq 2 ] || fail "--metrics-addr with --check: exit status $rc"
	# a port another process holds
	python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); print("held", flush=True); time.sleep(30)' \
		"$port" > "$T/holder" &
	holder=$!
	for ((rc = 0; rc < 50; rc++)); do grep -q held "$T/holder" && break; sleep 0.1; done
	rc=0
	"$TPRUN" "$T/metrics.bpf.o" --metrics-addr "127.0.0.1:$port" > /dev/null 2> "$T/err" || rc=$?
	kill "$holder"
	wait "$holder" 2> /dev/null || true
	[ $rc -ne 0 ] || fail "a port in use: exit status 0"
	grep -q '^tprun: ready' "$T/err" && fail "ready with a port in use"
	grep -q "^tprun: --metrics-addr 127.0.0.1:$port: cannot listen: Address already in use$" \
		"$T/err" || { cat "$T/err" >&2; fail "no reason given for a port in use"; }
}

# GET /metrics alone: another path or method is 404; only the given address listens
test_http_paths_and_addresses() {
	local code other
	policy
	PORT=$(free_port)
	start_tprun "$T/metrics.bpf.o" --metrics-addr "127.0.0.1:$PORT"
	code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/other")
	[ "$code" = 404 ] || fail "GET /other: $code"
	code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/metrics/x")
	[ "$code" = 404 ] || fail "GET /metrics/x: $code"
	code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$PORT/metrics")
	[ "$code" = 404 ] || fail "POST /metrics: $code"
	curl -s -D "$T/headers" -o /dev/null "http://127.0.0.1:$PORT/metrics"
	grep -qi '^content-type: text/plain; version=0.0.4' "$T/headers" || fail "content type"
	grep -q '^HTTP/1.1 200' "$T/headers" || fail "GET /metrics not 200"
	# another address of this host does not answer
	other=$(hostname -I 2> /dev/null | awk '{ print $1 }')
	if [ -n "$other" ] && [ "$other" != 127.0.0.1 ]; then
		curl -s -o /dev/null --max-time 2 "http://$other:$PORT/metrics" &&
			fail "127.0.0.1:$PORT answers on $other"
	fi
	stop_tprun
	# ":PORT": every address, IPv4 and IPv6
	PORT=$(free_port)
	start_tprun "$T/metrics.bpf.o" --metrics-addr ":$PORT"
	scrape "http://127.0.0.1:$PORT/metrics"
	if ip -6 addr show dev lo 2> /dev/null | grep -q 'inet6 ::1'; then
		scrape "http://[::1]:$PORT/metrics"
		stop_tprun
		PORT=$(free_port)
		start_tprun "$T/metrics.bpf.o" --metrics-addr "[::1]:$PORT"
		scrape "http://[::1]:$PORT/metrics"
		curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/metrics" &&
			fail "[::1]:$PORT answers on 127.0.0.1"
	fi
	stop_tprun
}

run_tests
