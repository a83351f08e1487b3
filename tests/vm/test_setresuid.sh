#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The reference's detect-sudo example (setresuid-root.yaml): __sys_setresuid
# with matchArgs on the effective uid; an event only, nothing is killed.
. "$(dirname "$0")/lib.sh"

test_setresuid_to_root_is_reported() {
	start_policy setresuid-root
	expect_variant __sys_setresuid fentry __sys_setresuid
	expect_alive python3 -S -c 'import os; os.setresuid(-1, 0, -1)'
	expect_alive python3 -S -c 'import os; os.setresuid(-1, 1000, -1)'
	stop_tprun
	expect_events \
		"[(h['function_name'], h['action'], h['policy_name']) for h in kprobes()] == [('__sys_setresuid', 'KPROBE_ACTION_POST', 'detect-sudo')]" \
		"kprobes()[0]['args'] == [{'int_arg': -1}, {'int_arg': 0}, {'int_arg': -1}]" \
		"'python3' in kprobes()[0]['process']['binary']" \
		"not any(x.get('signal') for x in exits())"
}

run_tests
