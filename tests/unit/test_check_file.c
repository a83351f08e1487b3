// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Unit tests for the checker's rules on file-like args (file, path, dentry,
 * filename, linux_binprm, kiocb, fd) and on FollowFD, UnfollowFD and CopyFD
 * (gen/check/actions.c, args.c), with the exact diagnostics, against the fake tracefs
 * and this machine's BTF for kernel functions.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tp_checkrun.h"
#include "tp_test.h"

/* sys_write(fd, buf, count) with selectors (YAML, indented for "selectors:") appended */
#define WRITE_FD(type)                                                                           \
	HDR "  kprobes:\n  - call: sys_write\n    args:\n    - index: 0\n      type: " type "\n" \
	    "    - index: 1\n      type: char_buf\n      sizeArgIndex: 3\n"                      \
	    "    - index: 2\n      type: size_t\n    selectors:\n"

/* fd_install(fd, file): the reference's FollowFD hook (lines 6-13, selectors from 14) */
#define FD_INSTALL                                                              \
	HDR "  kprobes:\n  - call: fd_install\n    syscall: false\n    args:\n" \
	    "    - index: 0\n      type: int\n    - index: 1\n      type: file\n    selectors:\n"

START_TEST(test_fd_any_hook)
{
	/* an fd resolves through current->files: syscall hooks too, string operators */
	CHECK_OK(WRITE_FD(
	    "fd") "    - matchArgs:\n"
		  "      - {index: 0, operator: Prefix, values: [\"/etc/\"]}\n"
		  "      - {index: 0, operator: NotPostfix, values: [\".log\"]}\n"
		  "      - {index: 0, operator: Equal, values: [\"/etc/passwd\", \"3\"]}\n");
	/* integer operators do not apply to the path */
	CHECK_YAML(WRITE_FD("fd") "    - matchArgs:\n"
				  "      - {index: 0, operator: GT, values: [\"2\"]}\n"
				  "      - {index: 0, operator: Mask, values: [\"1\"]}\n",
		   2,
		   "p.yaml:18:30: error: kprobe 'sys_write': arg 0: operator 'GT' needs an integer "
		   "argument\n"
		   "p.yaml:19:30: error: kprobe 'sys_write': arg 0: operator 'Mask' needs an "
		   "integer argument\n");
	/* an int typed fd is still an integer */
	CHECK_OK(WRITE_FD("int") "    - matchArgs:\n"
				 "      - {index: 0, operator: Equal, values: [\"3\"]}\n");
}
END_TEST

START_TEST(test_path_types_need_kernel_pointers)
{
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_write\n    args:\n    - index: 0\n"
		       "      type: file\n",
		   1,
		   "p.yaml:10:13: error: kprobe 'sys_write': arg 0: type 'file' is a kernel "
		   "object: it needs a kernel-function (syscall: false), LSM or raw tracepoint "
		   "hook\n");
	/* raw tracepoints hand kernel pointers: linux_binprm of sched_process_exec */
	CHECK_OK(HDR "  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n"
		     "    raw: true\n    args:\n    - index: 2\n      type: linux_binprm\n"
		     "    selectors:\n    - matchArgs:\n"
		     "      - {index: 0, operator: Postfix, values: [\"/true\"]}\n");
	CHECK_OK(FD_INSTALL "    - matchArgs:\n"
			    "      - {index: 1, operator: Equal, values: [\"/tmp/tetragon\"]}\n"
			    "      matchActions:\n      - action: Sigkill\n");
	CHECK_YAML(FD_INSTALL "    - matchArgs:\n"
			      "      - {index: 1, operator: LT, values: [\"1\"]}\n",
		   1,
		   "p.yaml:16:30: error: kprobe 'fd_install': arg 1: operator 'LT' needs an "
		   "integer argument\n");
}
END_TEST

START_TEST(test_follow_fd)
{
	/* the reference's example: fd_install follows, sys_write filters, close unfollows */
	CHECK_OK(FD_INSTALL "    - matchArgs:\n"
			    "      - {index: 1, operator: Equal, values: [\"/etc/passwd\"]}\n"
			    "      matchActions:\n"
			    "      - {action: FollowFD, argFd: 0, argName: 1}\n"
			    "  - call: sys_write\n    args:\n    - index: 0\n      type: fd\n"
			    "    selectors:\n    - matchActions:\n"
			    "      - {action: UnfollowFD, argFd: 0, argName: 0}\n"
			    "      - {action: CopyFD, argFd: 0, argName: 0}\n");
	CHECK_YAML(FD_INSTALL "    - matchActions:\n"
			      "      - {action: FollowFD, argName: 1}\n"
			      "      - {action: FollowFD, argFd: 0}\n"
			      "      - {action: FollowFD, argFd: 1, argName: 0}\n"
			      "      - {action: FollowFD, argFd: 5, argName: 1}\n"
			      "      - {action: CopyFD, argFd: 0, argName: 1}\n"
			      "      - action: UnfollowFD\n",
		   7,
		   "p.yaml:16:9: error: kprobe 'fd_install': action 'FollowFD' needs argFd\n"
		   "p.yaml:17:9: error: kprobe 'fd_install': action 'FollowFD' needs argName\n"
		   "p.yaml:18:9: error: kprobe 'fd_install': action 'FollowFD': argFd 1 names a "
		   "'file' arg, not a file descriptor (an integer or fd)\n"
		   "p.yaml:18:9: error: kprobe 'fd_install': action 'FollowFD': argName 0 names a "
		   "'int' arg: it must name a file (fd, string, file, path, dentry, filename, "
		   "linux_binprm or kiocb)\n"
		   "p.yaml:19:9: error: kprobe 'fd_install': action 'FollowFD': argFd 5 does not "
		   "name an arg of this hook\n"
		   "p.yaml:20:9: error: kprobe 'fd_install': action 'CopyFD': argName 1 names a "
		   "'file' arg, not a file descriptor (an integer or fd)\n"
		   "p.yaml:21:9: error: kprobe 'fd_install': action 'UnfollowFD' needs argFd\n");
}
END_TEST

START_TEST(test_follow_fd_return)
{
	CHECK_YAML(HDR "  kprobes:\n  - call: fd_install\n    syscall: false\n    return: true\n"
		       "    returnArg:\n      index: 0\n      type: int\n    args:\n"
		       "    - index: 0\n      type: int\n    - index: 1\n      type: file\n"
		       "    selectors:\n    - matchReturnActions:\n"
		       "      - {action: FollowFD, argFd: 0, argName: 1}\n",
		   1,
		   "p.yaml:12:13: warning: kprobe 'fd_install': returnArg: type 'int' does not "
		   "match 'void' returned by fd_install\n"
		   "p.yaml:20:9: error: kprobe 'fd_install': action 'FollowFD' is not supported "
		   "in matchReturnActions\n");
}
END_TEST

static Suite *check_file_suite(void)
{
	Suite *s = suite_create("check_file");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_fd_any_hook);
	tcase_add_test(tc, test_path_types_need_kernel_pointers);
	tcase_add_test(tc, test_follow_fd);
	tcase_add_test(tc, test_follow_fd_return);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(check_file_suite());
}
