#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# tprun --metrics-addr: Override as the kernel counted it
# (tetragon_tracingpolicy_selector_actions_total), through fmod_ret on
# security_file_open and the BPF LSM file_open hook, scraped over HTTP.
. "$(dirname "$0")/lib.sh"

. "$(dirname "$0")/metrics.sh"

test_fmod_ret_override_counted() {
	local d=/tmp/tpgen-vm/deny
	mkdir -p "$d"
	echo x > "$d/f"
	start_policy override-file-open --metrics-addr "127.0.0.1:$PORT"
	expect_variant security_file_open fmod_ret security_file_open
	expect_exit 1 open_errno "$d/f"
	expect_exit 1 cat "$d/f"
	expect_actions 2 policy=override-file-open hook=kprobe:security_file_open \
		selector_index=0 action=override
	expect_actions 2 policy=override-file-open action=post
	stop_tprun
}

test_lsm_override_counted() {
	local d=/tmp/tpgen-vm/lsm-deny
	mkdir -p "$d"
	echo x > "$d/f"
	start_policy lsm-file-open-override --metrics-addr "127.0.0.1:$PORT"
	expect_variant file_open lsm
	expect_exit 1 /usr/bin/cat "$d/f"
	expect_alive head "$d/f"
	expect_actions 1 policy=lsm-file-open-override hook=lsm:file_open action=override
	stop_tprun
}

run_tests
