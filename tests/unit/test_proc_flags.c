// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* process.flags as Tetragon words them: pkg/reader/exec/exec.go, flagsOrdered's order. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "process/flags.h"
#include "tp_test.h"

static const struct {
	uint32_t execf;
	const char *cwd;
	size_t filename_len, args_len;
	const char *want;
} flag_cases[] = {
	{ 0, "/tmp", 9, 10, "execve" },
	{ TP_EXECF_CLONE, "/", 9, 0,
	  "execve rootcwd clone" }, /* the docs' "execve rootcwd clone" */
	{ TP_EXECF_CLONE | TP_EXECF_TRUNC_ARGS, "/", 9, 1023,
	  "execve truncArgs rootcwd clone dataArgs" },
	{ TP_EXECF_PROCFS, "/", 0, 0, "procFS rootcwd" },
	{ TP_EXECF_PROCFS | TP_EXECF_TRUNC_ARGS, "/home", 0, 0, "procFS truncArgs" },
	/* not one of Tetragon's words: a filename is never cut */
	{ TP_EXECF_TRUNC_FILENAME | TP_EXECF_CLONE, "/tmp", 9, 0, "execve clone" },
	{ 0, "", 9, 0, "execve" },
	{ 0, "/root/", 9, 0, "execve" },
	/* where Tetragon's event sends them apart (read_path, read_args) */
	{ 0, "/tmp", 253, 0, "execve" },
	{ 0, "/tmp", 254, 0, "execve dataFilename" },
	{ TP_EXECF_CLONE, "/tmp", 4095, 0, "execve clone dataFilename" },
	{ 0, "/tmp", 9, 960 - 9 - 1, "execve" },
	{ 0, "/tmp", 9, 960 - 9, "execve dataArgs" },
	{ 0, "/tmp", 253, 960 - 253 - 1, "execve" },
	{ 0, "/tmp", 253, 960 - 253, "execve dataArgs" },
	{ 0, "/tmp", 300, 960 - 32 - 1, "execve dataFilename" }, /* its 32-byte desc in the event */
	{ TP_EXECF_CLONE, "/", 300, 960 - 32, "execve rootcwd clone dataFilename dataArgs" },
	/* learned from /proc: no data event */
	{ TP_EXECF_PROCFS, "/tmp", 300, 1000, "procFS" },
};

START_TEST(test_flag_words)
{
	char *got = tp_proc_flags__words(flag_cases[_i].execf, flag_cases[_i].cwd,
					 flag_cases[_i].filename_len, flag_cases[_i].args_len);

	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, flag_cases[_i].want);
	free(got);
}
END_TEST

START_TEST(test_has_cwd)
{
	ck_assert(tp_proc_flags__has_cwd("/tmp"));
	ck_assert(!tp_proc_flags__has_cwd("/"));
	ck_assert(!tp_proc_flags__has_cwd(""));
	ck_assert(!tp_proc_flags__has_cwd(NULL));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("proc_flags");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_flag_words, 0, sizeof(flag_cases) / sizeof(flag_cases[0]));
	tcase_add_test(tc, test_has_cwd);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
