// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A generated file's two units (gen/link/units.c): a file with few programs
 * is one unit; else each hook's blocks go, whole, to one of two sources, the
 * other's blanked line for line, the heaviest hook first, what the policy
 * defines once (TP_UNIT(-1)) to the first; the same file, the same units.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "link/units.h"
#include "tp_test.h"

static char dir[] = "/tmp/tpgen-test-units.XXXXXX";
static char src[64], u0[64], u1[64];

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(src, sizeof(src), "%s/policy.bpf.c", dir);
	snprintf(u0, sizeof(u0), "%s/u0.c", dir);
	snprintf(u1, sizeof(u1), "%s/u1.c", dir);
}

static void teardown(void)
{
	unlink(src);
	unlink(u0);
	unlink(u1);
	rmdir(dir);
	strcpy(dir, "/tmp/tpgen-test-units.XXXXXX");
}

static void write_src(const char *text)
{
	FILE *f = fopen(src, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static char *slurp(const char *path)
{
	size_t len;
	char *text;

	ck_assert_int_eq(tp_file__read(path, 1 << 20, &text, &len), 0);
	return text;
}

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* a hook's block: its body, then n programs */
static void hook(char *buf, size_t len, int id, int n, const char *body)
{
	size_t off = strlen(buf);
	int i;

	off += snprintf(buf + off, len - off, "/* --- hook %d --- */\n#if TP_UNIT(%d)\n%s\n", id,
			id, body);
	for (i = 0; i < n; i++)
		off += snprintf(buf + off, len - off,
				"SEC(\"kprobe\")\nint tp_h%d_p%d(void *ctx)\n"
				"{\n\treturn 0;\n}\n",
				id, i);
	snprintf(buf + off, len - off, "#endif /* TP_UNIT(%d) */\n\n", id);
}

static const char *const units[2] = { u0, u1 };

/* text written as the generated file, then its two units' sources */
static void split_into(const char *text, char **a, char **b)
{
	write_src(text);
	ck_assert_int_eq(tp_units__write(src, units), 2);
	*a = slurp(u0);
	*b = slurp(u1);
}

START_TEST(test_few_programs_are_one_unit)
{
	char text[4096] = "#define TP_SLOTS 1\n";

	/* eleven programs */
	hook(text, sizeof(text), 0, 5, "static int h0_body;");
	hook(text, sizeof(text), 1, 6, "static int h1_body;");
	write_src(text);
	ck_assert_int_eq(tp_units__write(src, units), 1);
	ck_assert_int_ne(access(u0, F_OK), 0);
	ck_assert_int_ne(access(u1, F_OK), 0);
}
END_TEST

START_TEST(test_many_programs_are_two_units_line_for_line)
{
	char text[16384] = "#define TP_SLOTS 1\n#if TP_UNIT(-1)\nint defined_once;\n"
			   "#endif /* TP_UNIT(-1) */\n#include \"tp_process.bpf.h\"\n";
	char *a, *b, *a2;

	/* hook 1 is the heaviest: a long body, six programs */
	hook(text, sizeof(text), 0, 2, "static int h0_body;");
	hook(text, sizeof(text), 1, 6,
	     "static int h1_body;\nstatic int h1_more;\nstatic int h1_most;");
	hook(text, sizeof(text), 2, 2, "static int h2_body;");
	hook(text, sizeof(text), 3, 2, "static int h3_body;");
	split_into(text, &a, &b);
	/* line for line: a unit's lines are the file's */
	ck_assert_int_eq(lines(a), lines(text));
	ck_assert_int_eq(lines(b), lines(text));
	/* what is outside the blocks is in both, what is defined once in the first */
	ck_assert_ptr_nonnull(strstr(a, "#include \"tp_process.bpf.h\"\n"));
	ck_assert_ptr_nonnull(strstr(b, "#include \"tp_process.bpf.h\"\n"));
	ck_assert_ptr_nonnull(strstr(a, "int defined_once;"));
	ck_assert_ptr_null(strstr(b, "int defined_once;"));
	/* the heaviest first; each hook whole in one unit */
	ck_assert_ptr_nonnull(strstr(a, "h1_most"));
	ck_assert_ptr_nonnull(strstr(a, "tp_h1_p5"));
	ck_assert_ptr_null(strstr(b, "h1_body"));
	ck_assert((strstr(a, "h0_body") != NULL) != (strstr(b, "h0_body") != NULL));
	ck_assert((strstr(a, "h2_body") != NULL) != (strstr(b, "h2_body") != NULL));
	ck_assert((strstr(a, "tp_h2_p1") != NULL) == (strstr(a, "h2_body") != NULL));
	/* the lighter hooks balance the heaviest: the second unit has some */
	ck_assert_ptr_nonnull(strstr(b, "SEC("));
	/* the same file, the same units */
	ck_assert_int_eq(tp_units__write(src, units), 2);
	a2 = slurp(u0);
	ck_assert_str_eq(a, a2);
	free(a);
	free(a2);
	free(b);
}
END_TEST

/* a fused group: its hooks' bodies and its programs share the leader's id */
START_TEST(test_a_group_stays_in_one_unit)
{
	char text[16384] = "#define TP_SLOTS 1\n";
	char *a, *b;

	hook(text, sizeof(text), 0, 6, "static int h0_body;");
	hook(text, sizeof(text), 1, 0, "static int member_body;");
	hook(text, sizeof(text), 1, 6, "static int group_body;");
	split_into(text, &a, &b);
	ck_assert((strstr(a, "member_body") != NULL) == (strstr(a, "group_body") != NULL));
	ck_assert((strstr(b, "member_body") != NULL) == (strstr(b, "group_body") != NULL));
	ck_assert((strstr(a, "h0_body") != NULL) != (strstr(a, "group_body") != NULL));
	free(a);
	free(b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("units");
	TCase *tc = tcase_create("units");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_few_programs_are_one_unit);
	tcase_add_test(tc, test_many_programs_are_two_units_line_for_line);
	tcase_add_test(tc, test_a_group_stays_in_one_unit);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
