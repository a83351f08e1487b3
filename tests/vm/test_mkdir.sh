#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The reference's kill-mkdir-test example (mkdir-kill.yaml): do_mkdirat with a
# filename argument Equal to the path; that mkdir is killed, others are not.
. "$(dirname "$0")/lib.sh"

test_mkdir_of_that_path_is_killed() {
	local d=/tmp/tpgen-vm/mkdir
	rm -rf "$d"; mkdir -p "$d"
	start_policy mkdir-kill
	expect_variant do_mkdirat fentry do_mkdirat
	expect_killed mkdir "$d/test"
	expect_alive mkdir "$d/other"
	expect_alive mkdir "$d/test2"
	stop_tprun
	# AT_FDCWD, the name as written, mode 0777 (the umask applies later)
	expect_events \
		"[(h['function_name'], h['action'], h['policy_name'], h['process']['binary']) for h in kprobes()] == [('do_mkdirat', 'KPROBE_ACTION_SIGKILL', 'kill-mkdir-test', '/usr/bin/mkdir')]" \
		"kprobes()[0]['args'] == [{'int_arg': -100}, {'string_arg': '$d/test'}, {'int_arg': 511}]" \
		"any(x['process']['binary'] == '/usr/bin/mkdir' and x.get('signal') == 'SIGKILL' for x in exits())"
}

run_tests
