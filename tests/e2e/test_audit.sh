#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Kill events are never lost to Post events: a selector that enforces sends its
# records on the audit ring (tp_audit), which a flood of Posts on tp_events
# cannot crowd out; what tp_events loses is reported in the event stream as
# Tetragon's rate_limit_info, exactly: Posts printed + dropped == calls made.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/flood_policy.sh"

FLOODER="$T/flooder"
cp "$O/tests/e2e/flooder" "$FLOODER"
KILLS=30

# one object: Post on every getppid of $FLOODER; Sigkill on getppid of $OPENER
policy() {
	{
		policy_head audit
		opener_sys_enter Equal 110 Sigkill < /dev/null
		flooder_hook "$FLOODER"
	} | compile audit
}

# kills_before_exits N: N kill events of $OPENER, each before its process's exit
kills_before_exits() {
	check_events "len([h for h in hooks() if h.get('action') == 'KPROBE_ACTION_SIGKILL']) == $1"
	check_events "all(min([i for i, e in enumerate(ev) if kind(e) == 'process_tracepoint' and body(e)['process']['pid'] == p]) < min([i for i, e in enumerate(ev) if kind(e) == 'process_exit' and body(e)['process']['pid'] == p]) for p in set(body(e)['process']['pid'] for e in ev if kind(e) == 'process_exit' and body(e)['process'].get('binary') == '$OPENER'))"
	check_events "sum(1 for x in exits() if x['process'].get('binary') == '$OPENER' and x.get('signal') == 'SIGKILL') == $1"
}

# kill_openers: KILLS processes killed by the policy, one after the other
kill_openers() {
	local i
	for ((i = 0; i < KILLS; i++)); do
		expect_killed "$OPENER" getppid
	done
}

# flood_and_kill: the flooder's calls (COUNT, one thread: see test_flood.sh) while KILLS
# processes are killed; prints the calls it made
flood_and_kill() {
	"$FLOODER" 1 "$1" > "$T/flood.out" &
	local fpid=$!
	kill_openers
	wait "$fpid" || fail "flooder failed"
	cut -d' ' -f1 "$T/flood.out"
}

# assert_kills_and_accounted CALLS: every kill printed; Posts printed + rate_limit_info's dropped
# == CALLS, and the drained line's hook events lost agree with the stream
assert_kills_and_accounted() {
	local calls=$1 lost_hooks
	check_events "len([h for h in hooks() if h.get('action') == 'KPROBE_ACTION_SIGKILL' and h['event'] == 'sys_enter' and h['process'].get('binary') == '$OPENER']) == $KILLS"
	check_events "all(h['process']['binary'] == '$FLOODER' for h in hooks() if h['event'] == 'sys_enter_getppid')"
	check_events "len([h for h in hooks() if h['event'] == 'sys_enter_getppid']) + sum(int(body(e)['number_of_dropped_process_events']) for e in ev if kind(e) == 'rate_limit_info') == $calls"
	check_events "all(e['node_name'] and e['time'] for e in ev if kind(e) == 'rate_limit_info')"
	lost_hooks=$(sed -nE 's/^tprun: drained: .*\(([0-9]+) hook events\)$/\1/p' "$T/tprun.err")
	check_events "sum(int(body(e)['number_of_dropped_process_events']) for e in ev if kind(e) == 'rate_limit_info') == ${lost_hooks:-0}"
}

# tprun stopped: the 4 KiB ring is full while the kills happen; none of their events is lost
test_kills_printed_while_the_ring_is_full() {
	policy
	start_tprun "$T/audit.bpf.o" --ringbuf-size 4096
	local pid=$TPRUN_PID calls
	kill -STOP "$pid"
	calls=$(flood_and_kill 50000)
	kill -CONT "$pid"
	stop_tprun
	assert_kills_and_accounted "$calls"
	# the flood did overflow the ring: the report is in the stream
	check_events "sum(1 for e in ev if kind(e) == 'rate_limit_info') >= 1"
	grep -qE "^tprun: [0-9]+ records? lost in the kernel \(ring buffer full\)" "$T/tprun.err" ||
		fail "no lost line on stderr"
}

# tprun reading all along: whatever is lost, every kill is printed, the loss exact
test_kills_printed_in_a_running_flood() {
	policy
	start_tprun "$T/audit.bpf.o" --ringbuf-size 4096
	local calls
	calls=$(flood_and_kill 300000)
	stop_tprun
	assert_kills_and_accounted "$calls"
}

# no flood: each kill's event comes before its process's exit (which follows it on tp_audit)
test_kill_event_before_its_exit() {
	policy
	start_tprun "$T/audit.bpf.o"
	KILLS=5 kill_openers
	stop_tprun
	check_events "len([e for e in ev if kind(e) == 'process_kprobe' or kind(e) == 'process_tracepoint']) == 5"
	kills_before_exits 5
}

# two objects: the kill of the second's policy comes before the exit, which only the first
# sends (on its audit ring); tprun reads the first's audit ring up to each of the second's
test_kill_of_a_second_object_before_its_exit() {
	policy
	{
		policy_head first
		echo "  tracepoints:"
		flooder_hook "$FLOODER"
	} | compile first
	start_tprun "$T/first.bpf.o" "$T/audit.bpf.o"
	KILLS=5 kill_openers
	stop_tprun
	check_events "len([e for e in ev if kind(e) == 'process_kprobe' or kind(e) == 'process_tracepoint']) == 5"
	kills_before_exits 5
}

# compact output: the loss as its own line, "🚦 dropped NODE N events dropped"
test_rate_limit_info_compact() {
	policy
	start_tprun "$T/audit.bpf.o" --ringbuf-size 4096 -o compact
	local pid=$TPRUN_PID calls printed dropped
	kill -STOP "$pid"
	calls=$(flood_and_kill 20000)
	kill -CONT "$pid"
	stop_tprun
	printed=$(grep -c "^⁉️ tracepoint [^ ]* $FLOODER syscalls sys_enter_getppid" "$T/tprun.out" || true)
	dropped=$(sed -nE 's/^🚦 dropped [^ ]+ ([0-9]+) events dropped$/\1/p' "$T/tprun.out" |
		awk '{ n += $1 } END { print n + 0 }')
	[ "$dropped" -gt 0 ] || { head -5 "$T/tprun.out" >&2; fail "no dropped line"; }
	[ $((printed + dropped)) -eq "$calls" ] ||
		fail "$calls calls: $printed printed + $dropped dropped"
	# each kill's event names its process: its exec, refused by the full ring, took the
	# audit ring's first half
	[ "$(grep -c "^☎  syscall [^ ]* $OPENER 110 SIGKILL$" "$T/tprun.out" || true)" -eq "$KILLS" ] ||
		{ grep SIGKILL "$T/tprun.out" >&2; fail "not $KILLS kills printed with their binary"; }
}

# the filters choose among events, not the loss report: an allowlist of the kills alone
# still prints rate_limit_info (Tetragon's rate limiter encodes it past the filters)
test_rate_limit_info_passes_the_filters() {
	policy
	start_tprun "$T/audit.bpf.o" --ringbuf-size 4096 \
		--export-allowlist "{\"binary_regex\":[\"^$OPENER\$\"]}"
	local pid=$TPRUN_PID
	kill -STOP "$pid"
	flood_and_kill 20000 > /dev/null
	kill -CONT "$pid"
	stop_tprun
	check_events "not [h for h in hooks() if h['event'] == 'sys_enter_getppid']"
	check_events "len([h for h in hooks() if h.get('action') == 'KPROBE_ACTION_SIGKILL']) == $KILLS"
	check_events "sum(int(body(e)['number_of_dropped_process_events']) for e in ev if kind(e) == 'rate_limit_info') > 0"
}

# map_entries NAME: max_entries of the running tprun's map NAME, and the value of the
# .rodata variable VAR when given (the programs' copy of it)
map_entries() {
	local id
	for id in $(map_ids); do bpftool -j map show id "$id"; echo; done |
		python3 -c "import json,sys
for l in sys.stdin:
    m = json.loads(l) if l.strip() else {}
    if m.get('name') == '$1': print(m['max_entries'])"
}

# rodata_u64 VAR: the running tprun's .rodata variable VAR, as the programs read it
rodata_u64() {
	local id
	for id in $(map_ids); do
		bpftool -j map show id "$id" | grep -q '"name":"tp.rodata"' || continue
		bpftool -j map dump id "$id"
	done | python3 -c "import json,sys
for e in json.load(sys.stdin):
    for v in e.get('formatted', {}).get('value', {}).get('.rodata', []):
        if '$1' in v: print(v['$1'])"
}

# the audit ring is a quarter of --ringbuf-size, 256 KiB at least; the programs' spill
# and wake thresholds are of that size
test_audit_ring_sized_by_ringbuf_size() {
	policy
	local size want
	for size in 4096 8388608 67108864; do
		want=$((size / 4 > 262144 ? size / 4 : 262144))
		start_tprun "$T/audit.bpf.o" --ringbuf-size "$size"
		[ "$(map_entries tp_events)" = "$size" ] || fail "tp_events: $(map_entries tp_events)"
		[ "$(map_entries tp_audit)" = "$want" ] ||
			fail "--ringbuf-size $size: tp_audit $(map_entries tp_audit), not $want"
		[ "$(rodata_u64 tp_audit_bytes)" = "$want" ] ||
			fail "--ringbuf-size $size: tp_audit_bytes $(rodata_u64 tp_audit_bytes)"
		stop_tprun
	done
}

run_tests
