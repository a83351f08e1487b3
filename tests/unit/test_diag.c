// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/diag.h"
#include "tp_test.h"

struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static void capture_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	ck_assert_msg(c->f != NULL, "open_memstream failed");
}

static const char *capture_close(struct capture *c)
{
	fclose(c->f);
	c->f = NULL;
	return c->buf;
}

START_TEST(test_error_format)
{
	struct capture c;
	struct tp_diag d;
	const char *out;

	capture_open(&c);
	tp_diag__init(&d, "policy.yaml", c.f);
	tp_diag__error(&d, (struct tp_loc){ 12, 7 }, "kprobe '%s': bad %d", "fd_install", 3);
	out = capture_close(&c);
	ck_assert_msg(!strcmp(out, "policy.yaml:12:7: error: kprobe 'fd_install': bad 3\n"),
		      "error line: got '%s'", out);
	ck_assert_msg(d.errors == 1, "errors counted: got %d", d.errors);
	ck_assert_msg(d.warnings == 0, "warnings untouched: got %d", d.warnings);
	free(c.buf);
}
END_TEST

START_TEST(test_warning_format)
{
	struct capture c;
	struct tp_diag d;
	const char *out;

	capture_open(&c);
	tp_diag__init(&d, "p.yaml", c.f);
	tp_diag__warn(&d, (struct tp_loc){ 1, 1 }, "tag '%s' is short", "x");
	out = capture_close(&c);
	ck_assert_msg(!strcmp(out, "p.yaml:1:1: warning: tag 'x' is short\n"),
		      "warning line: got '%s'", out);
	ck_assert_msg(d.warnings == 1 && d.errors == 0, "counts: errors %d warnings %d", d.errors,
		      d.warnings);
	free(c.buf);
}
END_TEST

START_TEST(test_line_zero)
{
	struct capture c;
	struct tp_diag d;
	const char *out;

	capture_open(&c);
	tp_diag__init(&d, "missing.yaml", c.f);
	tp_diag__error(&d, (struct tp_loc){ 0, 0 }, "cannot open policy: %s", "No such file");
	tp_diag__warn(&d, (struct tp_loc){ 0, 5 }, "whole file");
	out = capture_close(&c);
	ck_assert_msg(!strcmp(out, "missing.yaml: error: cannot open policy: No such file\n"
				   "missing.yaml: warning: whole file\n"),
		      "line 0 drops line and column: got '%s'", out);
	free(c.buf);
}
END_TEST

START_TEST(test_counting)
{
	struct capture c;
	struct tp_diag d;
	int i;

	capture_open(&c);
	tp_diag__init(&d, "p.yaml", c.f);
	for (i = 0; i < 5; i++)
		tp_diag__error(&d, (struct tp_loc){ i + 1, 1 }, "e%d", i);
	for (i = 0; i < 3; i++)
		tp_diag__warn(&d, (struct tp_loc){ i + 1, 2 }, "w%d", i);
	capture_close(&c);
	ck_assert_msg(d.errors == 5, "5 errors counted: got %d", d.errors);
	ck_assert_msg(d.warnings == 3, "3 warnings counted: got %d", d.warnings);
	ck_assert_msg(strstr(c.buf, "p.yaml:5:1: error: e4\n") != NULL, "last error printed");
	ck_assert_msg(strstr(c.buf, "p.yaml:3:2: warning: w2\n") != NULL, "last warning printed");
	free(c.buf);

	/* init resets the counters */
	tp_diag__init(&d, "p.yaml", stderr);
	ck_assert_msg(d.errors == 0 && d.warnings == 0, "init resets counts");
}
END_TEST

START_TEST(test_percent_in_message)
{
	struct capture c;
	struct tp_diag d;

	capture_open(&c);
	tp_diag__init(&d, "a%sb.yaml", c.f);
	tp_diag__error(&d, (struct tp_loc){ 2, 3 }, "value '%s'", "100%d");
	capture_close(&c);
	ck_assert_msg(!strcmp(c.buf, "a%sb.yaml:2:3: error: value '100%d'\n"),
		      "path and arguments are not format strings: got '%s'", c.buf);
	free(c.buf);
}
END_TEST

static Suite *diag_suite(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_error_format);
	tcase_add_test(tc, test_warning_format);
	tcase_add_test(tc, test_line_zero);
	tcase_add_test(tc, test_counting);
	tcase_add_test(tc, test_percent_in_message);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(diag_suite());
}
