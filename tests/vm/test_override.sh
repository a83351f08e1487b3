#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Override: the syscall fails with argError instead of the process dying.
# security_file_open through fmod_ret (override-file-open.yaml, -1 = EPERM) and
# the BPF LSM file_open hook's return value (lsm-file-open-override.yaml, -13 =
# EACCES, cat only). Neither kernel has bpf_override_return.
. "$(dirname "$0")/lib.sh"

test_fmod_ret_on_security_file_open() {
	local d=/tmp/tpgen-vm/deny
	mkdir -p "$d" /tmp/tpgen-vm/allow
	echo x > "$d/f"; echo y > /tmp/tpgen-vm/allow/f
	start_policy override-file-open
	expect_variant security_file_open fmod_ret security_file_open
	expect_exit 1 open_errno "$d/f"
	expect_exit 0 open_errno /tmp/tpgen-vm/allow/f
	expect_exit 1 cat "$d/f"
	file_has "$T/cmd.out" "Operation not permitted" || fail "cat did not say EPERM: $(cat "$T/cmd.out")"
	stop_tprun
	expect_events \
		"len(kprobes()) == 2" \
		"all((h['function_name'], h['action'], h['policy_name']) == ('security_file_open', 'KPROBE_ACTION_OVERRIDE', 'override-file-open') for h in kprobes())" \
		"[h['args'][0]['file_arg']['path'] for h in kprobes()] == ['$d/f', '$d/f']" \
		"not any(x.get('signal') for x in exits())"
}

test_lsm_file_open_return() {
	local d=/tmp/tpgen-vm/lsm-deny
	mkdir -p "$d"
	echo x > "$d/f"
	start_policy lsm-file-open-override
	expect_variant file_open lsm
	expect_exit 1 /usr/bin/cat "$d/f"
	file_has "$T/cmd.out" "Permission denied" || fail "cat did not say EACCES: $(cat "$T/cmd.out")"
	expect_alive head "$d/f"
	expect_exit 0 open_errno "$d/f"
	stop_tprun
	expect_events \
		"[(h['function_name'], h['action'], h['policy_name'], h['process']['binary']) for h in lsms()] == [('file_open', 'KPROBE_ACTION_OVERRIDE', 'lsm-file-open-override', '/usr/bin/cat')]" \
		"lsms()[0]['args'][0]['file_arg']['path'] == '$d/f'" \
		"not any(x.get('signal') for x in exits())"
}

run_tests
