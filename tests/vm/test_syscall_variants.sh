#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The demo policy (a sys_openat Sigkill) enforced through each syscall variant:
# fentry by default, kprobe when fentry is forbidden, the syscalls tracepoint
# when both are. Each must kill the opener and report the same event.
. "$(dirname "$0")/lib.sh"

D=/tmp/tpgen-demo

setup() {
	mkdir -p "$D"
	echo secret > "$D/secret"
	echo public > "$D/public"
}

# demo_enforced VARIANT TARGET: the running tprun uses VARIANT and enforces demo.yaml
demo_enforced() {
	expect_variant sys_openat "$1" "$2"
	expect_killed cat "$D/secret"
	expect_alive cat "$D/public"
	expect_alive cat /etc/os-release
	stop_tprun
	expect_events \
		"[(h['function_name'], h['args'][1], h['policy_name'], h['process']['binary']) for h in kprobes() if h['action'] == 'KPROBE_ACTION_SIGKILL'] == [('__x64_sys_openat', {'string_arg': '$D/secret'}, 'demo', '/usr/bin/cat')]" \
		"[h['args'][1] for h in kprobes() if h['action'] == 'KPROBE_ACTION_POST'] == [{'string_arg': '$D/public'}]" \
		"len(kprobes()) == 2" \
		"any(x['process']['binary'] == '/usr/bin/cat' and x.get('signal') == 'SIGKILL' for x in exits())"
}

test_fentry_by_default() {
	setup
	start_policy demo
	demo_enforced fentry __x64_sys_openat
}

test_kprobe_when_fentry_forbidden() {
	setup
	start_policy demo --forbid fentry
	demo_enforced kprobe __x64_sys_openat
}

test_tracepoint_when_fentry_and_kprobe_forbidden() {
	setup
	start_policy demo --forbid fentry,kprobe
	demo_enforced tracepoint syscalls/sys_enter_openat
}

test_forbid_repeats() {
	setup
	start_policy demo --forbid fentry --forbid kprobe
	demo_enforced tracepoint syscalls/sys_enter_openat
}

# nothing left to attach sys_openat with: an error naming the hook, not a silent skip
test_all_variants_forbidden() {
	local obj rc=0
	obj=$(policy_obj demo)
	"$TPRUN" "$obj" --forbid fentry,kprobe,tracepoint > "$T/out" 2> "$T/err" < /dev/null || rc=$?
	[ $rc -ne 0 ] || fail "tprun ran with every variant forbidden"
	file_has "$T/err" "sys_openat" || { cat "$T/err" >&2; fail "the error does not name the hook"; }
	! file_has "$T/err" "tprun: ready" || fail "tprun said ready"
}

run_tests
