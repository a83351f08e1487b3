#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The reference's FollowFD example (sys-write-follow-fd.yaml): fd_install
# follows descriptors of files under the directory, sys_write matches its fd
# argument by the followed path, sys_close unfollows. The write event carries
# the path; a later file on the same descriptor number is not followed, and
# closes (NoPost) are not reported.
. "$(dirname "$0")/lib.sh"

test_writes_to_followed_files_are_reported_with_the_path() {
	local d=/tmp/tpgen-vm/follow
	mkdir -p "$d"
	start_policy sys-write-follow-fd
	expect_variant fd_install fentry fd_install
	expect_alive python3 -S -c '
import os, sys
a = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
os.write(a, b"hello follow\n")
os.close(a)
b = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
os.write(b, b"not followed\n")
os.close(b)
sys.exit(0 if a == b else 3)   # the same number, now another file
' "$d/log" /tmp/tpgen-vm/unfollowed.log
	stop_tprun
	expect_events \
		"len([h for h in kprobes() if h['function_name'] == '__x64_sys_write']) == 1" \
		"[(h['args'][0]['file_arg']['path'], h['args'][1:]) for h in kprobes() if h['function_name'] == '__x64_sys_write'] == [('$d/log', [{'bytes_arg': b64(b'hello follow\n')}, {'size_arg': '13'}])]" \
		"[(h['args'][1]['file_arg']['path'], h['action']) for h in kprobes() if h['function_name'] == 'fd_install'] == [('$d/log', 'KPROBE_ACTION_FOLLOWFD')]" \
		"all(h['policy_name'] == 'sys-write-follow-fd' and 'python3' in h['process']['binary'] for h in kprobes() if h['function_name'] == '__x64_sys_write')" \
		"not any(h['function_name'] == '__x64_sys_close' for h in kprobes())"
}

run_tests
