// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* process.binary from an exec's filename and cwd, as Tetragon's GetBinaryAbsolutePath. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "process/abs_path.h"
#include "tp_test.h"

static const struct {
	const char *cwd, *name, *want, *why;
} cases[] = {
	/* pkg/reader/path/path_linux_test.go */
	{ "/tmp", "/usr/bin/cat", "/usr/bin/cat", "tetragon" },
	{ "/usr", "./bin/cat", "/usr/bin/cat", "tetragon" },
	{ "/etc", "../usr/bin/cat", "/usr/bin/cat", "tetragon" },
	{ "/usr/local/bin", "../../bin/cat", "/usr/bin/cat", "tetragon" },
	/* relative names: joined and cleaned as Go's filepath.Join */
	{ "/home/u", "./tool", "/home/u/tool", "dot" },
	{ "/home/u", "tool", "/home/u/tool", "bare" },
	{ "/home/u", "dir/tool", "/home/u/dir/tool", "dir" },
	{ "/home/u/", "dir//./tool", "/home/u/dir/tool", "slashes" },
	{ "/", "tool", "/tool", "root" },
	{ "/", "../../tool", "/tool", ".. at the root" },
	{ "/a/b", "../../../../x", "/x", "past the root" },
	{ "/a/b", "c/..", "/a/b", "back" },
	{ "/a/b", ".", "/a/b", "." },
	{ "/a/b", "..", "/a", ".." },
	{ "/a//b/./c/", "d/", "/a/b/c/d", "trailing slash" },
	{ "/a/link", "../x", "/a/x", "lexical, no symlink" },
	/* GetBinaryAbsolutePath returns an absolute name as it is, uncleaned */
	{ "/tmp", "/usr/bin/../bin/cat", "/usr/bin/../bin/cat", "absolute kept" },
	{ "", "/bin/sh", "/bin/sh", "absolute, no cwd" },
	/* filepath.Join drops empty elements; all empty is "" */
	{ "", "", "", "empty" },
	{ "/srv/", "", "/srv", "no name" },
	{ "", "./tool", "tool", "no cwd" },
	{ "", "../tool", "../tool", "no cwd, .." },
	{ "a/../..", "b", "../b", "relative cwd" },
};

START_TEST(test_abs_path)
{
	char *got = tp_abs_path(cases[_i].cwd, cases[_i].name);

	ck_assert_ptr_nonnull(got);
	ck_assert_msg(!strcmp(got, cases[_i].want), "%s: cwd '%s', name '%s': got '%s', want '%s'",
		      cases[_i].why, cases[_i].cwd, cases[_i].name, got, cases[_i].want);
	free(got);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("abs_path");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_abs_path, 0, sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
