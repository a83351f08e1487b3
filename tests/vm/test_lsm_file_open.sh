#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The reference's BPF LSM example (lsm-file-open-cat-kill.yaml): file_open with
# a Prefix on the file and matchBinaries /usr/bin/cat, Sigkill. Only cat dies;
# head and tail read the same file.
. "$(dirname "$0")/lib.sh"

test_only_cat_is_killed() {
	local d=/tmp/tpgen-vm/secret
	mkdir -p "$d" /tmp/tpgen-vm/public
	echo s1 > "$d/test1"
	echo p1 > /tmp/tpgen-vm/public/test1
	start_policy lsm-file-open-cat-kill
	expect_variant file_open lsm
	expect_killed /usr/bin/cat "$d/test1"
	expect_alive head "$d/test1"
	expect_alive tail "$d/test1"
	expect_alive /usr/bin/cat /tmp/tpgen-vm/public/test1
	stop_tprun
	expect_events \
		"[(h['function_name'], h['action'], h['policy_name'], h['process']['binary']) for h in lsms()] == [('file_open', 'KPROBE_ACTION_SIGKILL', 'block-secret-files', '/usr/bin/cat')]" \
		"lsms()[0]['args'][0]['file_arg']['path'] == '$d/test1'" \
		"(lsms()[0]['message'], lsms()[0]['tags']) == ('a secret file opened by cat', ['secrets', 'lsm'])" \
		"kprobes() == []" \
		"any(x['process']['binary'] == '/usr/bin/cat' and x.get('signal') == 'SIGKILL' for x in exits())"
}

run_tests
