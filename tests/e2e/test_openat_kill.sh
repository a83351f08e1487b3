#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The reference's sys_openat example (/etc/passwd, /etc/shadow, here under $T)
# with Sigkill: exactly the processes opening those files die.
. "$(dirname "$0")/lib.sh"

policy() {
	kill_selector "$T/etc/passwd" "$T/etc/shadow" | openat_policy sys-openat-passwd
}

test_kills_exactly_the_matching_opens() {
	mkdir -p "$T/etc"
	echo root > "$T/etc/passwd"; echo x > "$T/etc/shadow"; echo y > "$T/etc/group"
	policy | compile openat
	start_tprun "$T/openat.bpf.o"
	expect_killed "$OPENER" open "$T/etc/passwd"
	expect_killed "$OPENER" open "$T/etc/shadow"
	expect_killed cat "$T/etc/passwd"
	expect_alive "$OPENER" open "$T/etc/group"
	expect_alive "$OPENER" open "$T/etc/passwdx"
	expect_alive "$OPENER" open "$T/etc/passw"
	expect_alive cat "$T/etc/group"
	stop_tprun
	check_events "len(hooks()) == 3 and all(h['action'] == 'KPROBE_ACTION_SIGKILL' for h in hooks())"
	check_events "sorted(h['args'][1]['string_arg'] for h in hooks()) == sorted(['$T/etc/passwd', '$T/etc/shadow', '$T/etc/passwd'])"
	check_events "all(h['function_name'] == '__x64_sys_openat' and h['policy_name'] == 'sys-openat-passwd' for h in hooks())"
	check_events "sum(1 for x in exits() if x.get('signal') == 'SIGKILL' and '$T/etc/' in x['process'].get('arguments', '')) == 3"
	check_events "any(h['process']['binary'] == '/usr/bin/cat' and h['parent']['pid'] > 0 for h in hooks())"
	check_events "all(set(h['args'][0]) == {'int_arg'} and set(h['args'][2]) == {'int_arg'} for h in hooks())"
}

test_policy_mode_monitor_reports_and_kills_nothing() {
	mkdir -p "$T/etc"; echo root > "$T/etc/passwd"
	policy | sed 's/^spec:$/spec:\n  options:\n  - name: "policy-mode"\n    value: "monitor"/' |
		compile monitor
	grep -q 'policy-mode' "$T/monitor.yaml" || fail "fixture"
	start_tprun "$T/monitor.bpf.o"
	expect_alive "$OPENER" open "$T/etc/passwd"
	stop_tprun
	# the event still says what an enforcing policy would have done
	check_events "[(h['args'][1]['string_arg'], h['action']) for h in hooks()] == [('$T/etc/passwd', 'KPROBE_ACTION_SIGKILL')]"
	check_events "not any(x.get('signal') for x in exits() if x['process'].get('binary') == '$OPENER')"
}

test_sigint_detaches() {
	mkdir -p "$T/etc"; echo root > "$T/etc/passwd"
	policy | compile openat
	start_tprun "$T/openat.bpf.o"
	stop_tprun
	# detached: the same open no longer kills
	expect_alive "$OPENER" open "$T/etc/passwd"
}

run_tests
