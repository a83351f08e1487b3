#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Once tprun is ready, no process may write its maps (BPF_MAP_FREEZE): an update
# or a delete of any map of the running objects fails with EPERM (the process
# table, counters, pending, follow, rate-limit and enforcer maps, the value
# sets, the heaps), while the programs keep writing them and keep killing.
# Tetragon leaves its maps writable (cilium/tetragon#5079).
. "$(dirname "$0")/lib.sh"

W="$T/w"
mkdir -p "$W"
CORPUS=${CORPUS:-$(cd "$(dirname "$0")/../.." && pwd)/../shared/corpus}

# frz: openat with its return (tp_pending), a Sigkill on a set of ten paths (a
# value set, past the inline limit) and a rate-limited Post (tp_ratelimit)
frozen_policy() {
	{
		echo "    - matchArgs:"
		echo "      - index: 1"
		echo "        operator: Equal"
		echo "        values:"
		for i in 1 2 3 4 5 6 7 8 9; do echo "        - $W/other$i"; done
		echo "        - $W/forbidden"
		echo "      matchActions:"
		echo "      - action: Sigkill"
		kill_on_open "$W/post" |
			sed 's/^      matchArgs:/    - matchArgs:/; s/Equal/Prefix/; s/Sigkill/Post\n        rateLimit: 1m/'
	} | openat_policy frz |
		sed 's/^    syscall: true$/    syscall: true\n    return: true\n    returnArg:\n      index: 0\n      type: int/'
}

# fol: FollowFD (tp_fd_follow, tp_file_heap)
follow_policy() {
	policy_head fol
	echo "  kprobes:"
	symlinkat_follow_hook "$OPENER"
}

# tp_procs_id: the process table's id (of the first object)
tp_procs_id() {
	local id
	for id in $(map_ids); do
		[ "$("$MAPWRITER" lookup "$id" | cut -d' ' -f1)" = tp_procs ] && { echo "$id"; return 0; }
	done
	fail "tprun holds no tp_procs"
}

test_every_map_refuses_user_space_writes() {
	frozen_policy | compile frz
	follow_policy | compile fol
	# enf: NotifyEnforcer (tp_enforcer); signals only, sent from the notifying hook here
	enforcer_policy enf "        argSig: 9" | compile enf
	compile loader < "$CORPUS/tetragon/tracingpolicy/loader.yaml"
	start_tprun "$T/frz.bpf.o" "$T/fol.bpf.o" "$T/enf.bpf.o" "$T/loader.bpf.o"
	local names
	names=$(maps_refuse_writes) || return 1
	for want in tp_procs tp_counters tp_pending tp_ratelimit tp_fd_follow tp_file_heap \
		tp_enforcer tp_loader_calls tp_heap_map tp_exec_heap_ma tp_learn_heap tp_events \
		tp_audit tp_set_0; do
		[[ " $names " == *" $want "* ]] || fail "no map $want among tprun's: $names"
	done
	# the programs still write them: a kill, a rate-limited Post, a notified enforcer
	expect_killed "$OPENER" open "$W/forbidden"
	touch "$W/post"
	# twice, posted once
	expect_alive "$OPENER" open "$W/post" open "$W/post"
	expect_killed "$OPENER" dup
	stop_tprun
	check_events "[(h['args'][1]['string_arg'], h.get('action')) for h in hooks() if h['policy_name'] == 'frz' and h['process']['binary'] == '$OPENER'] == [('$W/forbidden', 'KPROBE_ACTION_SIGKILL'), ('$W/post', 'KPROBE_ACTION_POST')]"
}

# libbpf writes its USDT spec maps while attaching: they are frozen after, and still read
test_usdt_specs_frozen_after_attach() {
	local usdter=$T/usdter names
	cp "$O/tests/e2e/usdter" "$usdter"
	tracing_policy usdt <<YAML | compile usdt
  usdts:
  - path: "$usdter"
    provider: "tpgen"
    name: "probe2"
    args:
    - index: 0
      type: "int64"
    - index: 1
      type: "string"
YAML
	start_tprun "$T/usdt.bpf.o"
	names=$(maps_refuse_writes) || return 1
	[[ " $names " == *" __bpf_usdt_spec "* ]] || fail "no USDT spec map among tprun's: $names"
	expect_alive "$usdter" 3 hello
	stop_tprun
	check_events "[body(e)['args'] for e in ev if kind(e) == 'process_usdt'] == [[{'long_arg': '3'}, {'string_arg': 'hello'}]]"
}

# The issue's bypass: zeroing one process's tp_procs entry exempted it from a Sigkill
test_zeroing_a_process_entry_fails() {
	frozen_policy | compile frz
	start_tprun "$T/frz.bpf.o"
	local procs pid= sub i=0 rc
	procs=$(tp_procs_id)
	# a subshell waits for it, so bash's "Killed" notice goes to /dev/null
	(
		"$OPENER" waitfile "$W/go" open "$W/forbidden" &
		echo $! > "$T/victim.pid"
		r=0
		wait $! || r=$?
		echo $r > "$T/victim.rc"
	) > /dev/null 2>&1 &
	sub=$!
	while [ -z "$pid" ] && [ $((i++)) -lt 100 ]; do
		{ read -r pid < "$T/victim.pid"; } 2> /dev/null || sleep 0.05
	done
	# its exec put it in the table
	for ((i = 0; i < 100; i++)); do
		[ "$("$MAPWRITER" lookup "$procs" "$pid")" = "tp_procs 1 ok" ] && break
		sleep 0.05
	done
	[ $i -lt 100 ] || fail "pid $pid never in tp_procs"
	[ "$("$MAPWRITER" update "$procs" "$pid")" = "tp_procs 1 EPERM" ] ||
		fail "zeroing pid $pid's entry was not refused with EPERM"
	[ "$("$MAPWRITER" delete "$procs" "$pid")" = "tp_procs 1 EPERM" ] ||
		fail "deleting pid $pid's entry was not refused with EPERM"
	touch "$W/go"
	wait "$sub"
	read -r rc < "$T/victim.rc"
	[ $rc -eq 137 ] || fail "pid $pid was not killed: exit status $rc"
	stop_tprun
}

run_tests
