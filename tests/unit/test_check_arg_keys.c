// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Unit tests for gen/check/arg_keys.c: returnCopy and maxData are taken where
 * they do what Tetragon does with them and refused, at the key, elsewhere.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tp_checkrun.h"
#include "tp_test.h"

/* sys_write with arg 1 a buffer carrying the keys in KEYS (lines 9-11), arg 2 its size */
#define WRITE(type, keys)                                                                        \
	HDR "  kprobes:\n  - call: sys_write\n    args:\n    - index: 1\n      type: " type "\n" \
	    "      sizeArgIndex: 3\n" keys "    - index: 2\n      type: size_t\n"

START_TEST(test_return_copy)
{
	struct result r;

	run(&r, WRITE("char_buf", "      returnCopy: true\n      label: data\n"));
	ASSERT_OUT(&r, "");
	ck_assert_msg(r.p->hooks[0].args[0].return_copy, "returnCopy kept on the arg");
	ck_assert_msg(!strcmp(r.p->hooks[0].args[0].label, "data"), "label kept");
	ck_assert_int_eq(tp_hook__return_copy_pos(&r.p->hooks[0]), 0);
	ck_assert_msg(tp_hook__has_exit(&r.p->hooks[0]), "the hook runs at return without return");
	result_free(&r);
	/* false is no copy */
	run(&r, WRITE("char_buf", "      returnCopy: false\n"));
	ASSERT_OUT(&r, "");
	ck_assert_int_eq(tp_hook__return_copy_pos(&r.p->hooks[0]), -1);
	ck_assert_msg(!tp_hook__has_exit(&r.p->hooks[0]), "no return half");
	result_free(&r);

	CHECK_YAML(
	    WRITE("string", "      returnCopy: true\n"), 2,
	    "p.yaml:9:7: error: kprobe 'sys_write': arg 1: sizeArgIndex is not supported for "
	    "type 'string'\n"
	    "p.yaml:12:7: error: kprobe 'sys_write': arg 1: returnCopy is not supported for "
	    "type 'string' (only char_buf is read at return)\n");
	CHECK_YAML(
	    WRITE("char_iovec", "      returnCopy: true\n"), 2,
	    "p.yaml:10:13: error: kprobe 'sys_write': arg 1: type 'char_iovec' does not match "
	    "'const char *', the type of write's argument 1\n"
	    "p.yaml:12:7: error: kprobe 'sys_write': arg 1: returnCopy is not supported for "
	    "type 'char_iovec' (only char_buf is read at return)\n");
	/* one per hook, as Tetragon's one retprobe copy */
	CHECK_YAML(
	    HDR "  kprobes:\n  - call: sys_write\n    args:\n"
		"    - index: 0\n      type: char_buf\n      sizeArgIndex: 3\n"
		"      returnCopy: true\n"
		"    - index: 1\n      type: char_buf\n      sizeArgIndex: 3\n"
		"      returnCopy: true\n"
		"    - index: 2\n      type: size_t\n",
	    2,
	    "p.yaml:10:13: error: kprobe 'sys_write': arg 0: type 'char_buf' does not match "
	    "'unsigned int', the type of write's argument 0\n"
	    "p.yaml:16:7: error: kprobe 'sys_write': arg 1: returnCopy is not supported on a "
	    "second arg of the same hook\n");
	/* its bytes are not there when matchArgs runs */
	CHECK_YAML(
	    WRITE("char_buf", "      returnCopy: true\n") "    selectors:\n    - matchArgs:\n      "
							  "- index: 1\n        operator: Prefix\n"
							  "        values: [\"ab\"]\n",
	    1,
	    "p.yaml:17:9: error: kprobe 'sys_write': arg 1: matchArgs on a returnCopy arg is "
	    "not supported (its bytes are read at return, after the selectors ran)\n");
	/* tracepoints and LSM hooks have no return half */
	CHECK_YAML(HDR "  tracepoints:\n  - subsystem: syscalls\n    event: sys_enter_write\n"
		       "    args:\n    - index: 5\n      type: uint64\n      returnCopy: true\n",
		   1,
		   "p.yaml:12:7: error: tracepoint 'syscalls/sys_enter_write': arg 5: returnCopy "
		   "is not supported on tracepoints: they have no return probe\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_write\n    return: true\n    args:\n"
		       "    - index: 2\n      type: size_t\n"
		       "    returnArg:\n      index: 0\n      type: int\n      returnCopy: true\n"
		       "      maxData: true\n",
		   2,
		   "p.yaml:15:7: error: kprobe 'sys_write': returnArg: returnCopy is not supported "
		   "here (it is for args)\n"
		   "p.yaml:16:7: error: kprobe 'sys_write': returnArg: maxData is not supported "
		   "here (it is for char_buf args)\n");
}
END_TEST

START_TEST(test_max_data)
{
	struct result r;

	run(&r, WRITE("char_buf", "      maxData: true\n"));
	ASSERT_OUT(&r, "");
	ck_assert_msg(r.p->hooks[0].args[0].max_data, "maxData kept on the arg");
	result_free(&r);
	CHECK_YAML(
	    WRITE("char_iovec", "      maxData: true\n"), 2,
	    "p.yaml:10:13: error: kprobe 'sys_write': arg 1: type 'char_iovec' does not match "
	    "'const char *', the type of write's argument 1\n"
	    "p.yaml:12:7: error: kprobe 'sys_write': arg 1: maxData is not supported for "
	    "type 'char_iovec' (it is for char_buf and iov_iter)\n");
	CHECK_YAML(WRITE("char_buf", "      returnCopy: true\n      maxData: true\n"), 1,
		   "p.yaml:13:7: error: kprobe 'sys_write': arg 1: maxData is not supported with "
		   "returnCopy (Tetragon reads at most 4096 bytes at return)\n");
}
END_TEST

/* file_open's Post with imaHash: MATCHACTIONS (YAML at matchActions' indent) on HOOK */
#define IMA(hook, actions)                                              \
	HDR "  " hook "\n    args:\n    - index: 0\n      type: file\n" \
	    "    selectors:\n    - matchActions:\n" actions

START_TEST(test_ima_hash)
{
	struct result r;

	/* taken on an lsmhook's Post: the hook is marked with the file it hashes */
	run(&r,
	    IMA("lsmhooks:\n  - hook: file_open", "      - action: Post\n        imaHash: true\n"));
	ASSERT_OUT(&r, "");
	ck_assert_int_eq(r.p->hooks[0].ima_hash, TP_IMA_FILE);
	result_free(&r);
	run(&r, HDR "  lsmhooks:\n  - hook: bprm_check_security\n    args:\n    - index: 0\n"
		    "      type: linux_binprm\n    selectors:\n    - matchActions:\n"
		    "      - action: Post\n        imaHash: true\n");
	ASSERT_OUT(&r, "");
	ck_assert_int_eq(r.p->hooks[0].ima_hash, TP_IMA_BPRM);
	result_free(&r);
	/* Tetragon (genericlsm.go, imaProgName) loads no hash program for other hooks */
	CHECK_YAML(IMA("lsmhooks:\n  - hook: file_permission",
		       "      - action: Post\n        imaHash: true\n"),
		   1,
		   "p.yaml:14:9: error: lsmhook 'file_permission': imaHash is not supported on "
		   "this hook (Tetragon hashes a file for the bprm_* hooks, file_ioctl, file_lock, "
		   "file_open, file_post_open, file_receive and mmap_file only)\n");
	run(&r, IMA("lsmhooks:\n  - hook: file_open",
		    "      - action: Post\n        imaHash: false\n"));
	ASSERT_OUT(&r, "");
	ck_assert_msg(!r.p->hooks[0].ima_hash, "imaHash: false asks for nothing");
	result_free(&r);
	CHECK_YAML(IMA("lsmhooks:\n  - hook: file_open",
		       "      - action: Sigkill\n        imaHash: true\n"),
		   1,
		   "p.yaml:14:9: error: lsmhook 'file_open': imaHash is not supported on action "
		   "'Sigkill' (it is for Post)\n");
	CHECK_YAML(IMA("kprobes:\n  - call: security_file_open\n    syscall: false",
		       "      - action: Post\n        imaHash: true\n"),
		   1,
		   "p.yaml:15:9: error: kprobe 'security_file_open': imaHash is not supported on "
		   "kprobes (Tetragon computes it in lsmhooks only)\n");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("check_arg_keys");
	TCase *tc = tcase_create("check");

	tcase_add_test(tc, test_return_copy);
	tcase_add_test(tc, test_max_data);
	tcase_add_test(tc, test_ima_hash);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
