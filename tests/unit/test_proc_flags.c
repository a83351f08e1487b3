// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* process.flags as Tetragon words them: pkg/reader/exec/exec.go, flagsOrdered's order. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "process/flags.h"
#include "tp_test.h"

static const struct {
	uint32_t execf;
	const char *cwd, *want;
} flag_cases[] = {
	{ 0, "/tmp", "execve" },
	{ TP_EXECF_CLONE, "/", "execve rootcwd clone" }, /* the docs' "execve rootcwd clone" */
	{ TP_EXECF_CLONE | TP_EXECF_TRUNC_ARGS, "/", "execve truncArgs rootcwd clone" },
	{ TP_EXECF_PROCFS, "/", "procFS rootcwd" },
	{ TP_EXECF_PROCFS | TP_EXECF_TRUNC_ARGS, "/home", "procFS truncArgs" },
	/* not one of Tetragon's words: a filename is never cut */
	{ TP_EXECF_TRUNC_FILENAME | TP_EXECF_CLONE, "/tmp", "execve clone" },
	{ 0, "", "execve" },
	{ 0, "/root/", "execve" },
};

START_TEST(test_flag_words)
{
	char *got = tp_proc_flags__words(flag_cases[_i].execf, flag_cases[_i].cwd);

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
