#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The reference's fd_install example (fd-install-kill.yaml): whoever installs a
# file descriptor for /tmp/tetragon is killed; other files stay readable. A
# kernel-function hook: fentry by default, kprobe when fentry is forbidden.
. "$(dirname "$0")/lib.sh"

setup() {
	mkdir -p /tmp/tpgen-vm
	# never opened under the policy: renamed into place
	echo 'eBPF!' > /tmp/tpgen-vm/tetragon.new
	mv /tmp/tpgen-vm/tetragon.new /tmp/tetragon
	echo other > /tmp/tpgen-vm/other
}

# enforced VARIANT: the running tprun attached fd_install with VARIANT and enforces
enforced() {
	expect_variant fd_install "$1" fd_install
	expect_killed cat /tmp/tetragon
	expect_alive cat /tmp/tpgen-vm/other
	expect_alive head -c1 /tmp/tpgen-vm/other
	stop_tprun
	expect_events \
		"[(h['function_name'], h['action'], h['policy_name'], h['process']['binary']) for h in kprobes()] == [('fd_install', 'KPROBE_ACTION_SIGKILL', 'fd-install', '/usr/bin/cat')]" \
		"kprobes()[0]['args'][1]['file_arg']['path'] == '/tmp/tetragon'" \
		"set(kprobes()[0]['args'][0]) == {'int_arg'} and kprobes()[0]['args'][0]['int_arg'] >= 3" \
		"any(x['process']['binary'] == '/usr/bin/cat' and x.get('signal') == 'SIGKILL' for x in exits())"
}

test_fentry_by_default() {
	setup
	start_policy fd-install-kill
	enforced fentry
}

test_kprobe_when_fentry_forbidden() {
	setup
	start_policy fd-install-kill --forbid fentry
	enforced kprobe
}

run_tests
