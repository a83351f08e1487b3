// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * process.arguments as Tetragon prints them: pkg/process/args.go ArgsDecoder
 * on what execParse (pkg/sensors/exec/exec_linux.go) hands it.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "process/args.h"
#include "tp_test.h"

/*
 * buf: the arguments after argv[0] as the exec record and /proc/PID/cmdline
 * give them, the last one's NUL included; has_cwd: the cwd is not "/" (Tetragon
 * then decodes one more token, the cwd, after the arguments).
 */
#define ARGS(s) s, sizeof(s) - 1
static const struct {
	const char *buf;
	size_t len;
	bool has_cwd;
	const char *want, *why;
} cases[] = {
	{ ARGS("a\0b\0"), true, "a b", "plain" },
	{ ARGS("a\0b\0"), false, "a b", "plain, cwd /" },
	{ ARGS(""), true, "", "none" },
	{ ARGS("\0"), true, "", "one empty" },
	{ ARGS("\0"), false, "", "one empty, cwd /" },
	/* a quoted argument gets its space even first */
	{ ARGS("a b\0c\0"), true, " \"a b\" c", "quoted first" },
	{ ARGS("x\0a b\0y\0"), true, "x \"a b\" y", "quoted between" },
	{ ARGS("\0a b\0"), true, " \"a b\"", "empty then quoted" },
	/* an empty argument adds nothing while nothing is there yet, else a space */
	{ ARGS("\0b\0"), true, "b", "empty first" },
	{ ARGS("\0\0b\0"), true, "b", "two empty first" },
	{ ARGS("a\0\0b\0"), true, "a  b", "empty between" },
	{ ARGS("\0\0"), true, "", "two empty" },
	/* trailing empty arguments: their spaces stay when the cwd follows them */
	{ ARGS("a\0\0"), true, "a ", "empty last" },
	{ ARGS("a\0\0"), false, "a", "empty last, cwd /" },
	{ ARGS("a\0\0\0"), true, "a  ", "two empty last" },
	{ ARGS("a\0\0\0"), false, "a", "two empty last, cwd /" },
	{ ARGS("a b\0\0"), true, " \"a b\" ", "quoted, then empty last" },
	{ ARGS("a b\0\0"), false, " \"a b\"", "quoted, then empty last, cwd /" },
	/* only a space quotes; quotes inside are not escaped */
	{ ARGS("a\tb\0"), true, "a\tb", "tab" },
	{ ARGS("\"q\"\0"), true, "\"q\"", "quotes" },
	{ ARGS("say \"hi\"\0"), true, " \"say \"hi\"\"", "quotes and a space" },
	/* cut short: no NUL at the end */
	{ ARGS("a\0bc"), true, "a bc", "cut" },
};

START_TEST(test_args_join)
{
	char *got = tp_args_join(cases[_i].buf, cases[_i].len, cases[_i].has_cwd);

	ck_assert_ptr_nonnull(got);
	ck_assert_msg(!strcmp(got, cases[_i].want), "%s: got '%s', want '%s'", cases[_i].why, got,
		      cases[_i].want);
	free(got);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("args");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_args_join, 0, sizeof(cases) / sizeof(cases[0]));
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
