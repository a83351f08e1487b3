// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * common/number.c: the one integer grammar, Go's strconv base 0 as Tetragon
 * parses policy integers (tp_number__parse), and the checked unsigned parser
 * tpgen's and tprun's options use on top of it (tp_uint__parse).
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "tp_test.h"

static void assert_parses(const char *s, uint64_t max, uint64_t want)
{
	uint64_t v = 12345;
	int rc = tp_uint__parse(s, max, &v);

	ck_assert_msg(rc == 0, "'%s': rc %d", s, rc);
	ck_assert_msg(v == want, "'%s': %llu, want %llu", s, (unsigned long long)v,
		      (unsigned long long)want);
}

static void assert_refused(const char *s, uint64_t max, int want)
{
	uint64_t v = 12345;
	int rc = tp_uint__parse(s, max, &v);

	ck_assert_msg(rc == want, "'%s': rc %d, want %d", s, rc, want);
	ck_assert_msg(v == 12345, "'%s': *v written on error", s);
}

static void assert_number(const char *s, bool want_neg, uint64_t want)
{
	uint64_t mag = 12345;
	bool neg = !want_neg;
	int rc = tp_number__parse(s, strlen(s), &neg, &mag);

	ck_assert_msg(rc == 0, "'%s': rc %d", s, rc);
	ck_assert_msg(neg == want_neg && mag == want, "'%s': %s%llu, want %s%llu", s,
		      neg ? "-" : "", (unsigned long long)mag, want_neg ? "-" : "",
		      (unsigned long long)want);
}

static void assert_not_number(const char *s, size_t len, int want)
{
	uint64_t mag = 12345;
	bool neg = false;
	int rc = tp_number__parse(s, len, &neg, &mag);

	ck_assert_msg(rc == want, "'%.*s': rc %d, want %d", (int)len, s, rc, want);
	ck_assert_msg(mag == 12345 && !neg, "'%.*s': written on error", (int)len, s);
}

/* strconv.ParseInt(s, 0, 64)'s grammar: the forms Go's integer literals have */
START_TEST(test_go_base0)
{
	assert_number("0", false, 0);
	assert_number("-0", true, 0);
	assert_number("+42", false, 42);
	assert_number("-42", true, 42);
	assert_number("0b101", false, 5);
	assert_number("0B101", false, 5);
	assert_number("0o17", false, 15);
	assert_number("0O17", false, 15);
	assert_number("017", false, 15);
	assert_number("0x1f", false, 31);
	assert_number("0XdeadBEEF", false, 0xdeadbeef);
	assert_number("1_000", false, 1000);
	assert_number("0x_1f", false, 31);
	assert_number("0b_1_0", false, 2);
	assert_number("0_17", false, 15);
	assert_number("-0x8000000000000000", true, UINT64_C(0x8000000000000000));
	assert_number("18446744073709551615", false, UINT64_MAX);
	assert_number("0xffff_ffff_ffff_ffff", false, UINT64_MAX);
	/* len bounds the text: "12" of "123" */
	assert_number("00", false, 0);
	{
		uint64_t m;
		bool n;

		ck_assert_int_eq(tp_number__parse("123", 2, &n, &m), 0);
		ck_assert_int_eq(m, 12);
	}
}
END_TEST

START_TEST(test_go_base0_refused)
{
	static const char *const bad[] = {
		"",	"-",   "+",   "0x",  "0b",   "0o",   "0x_",    "_1",  "1_", "1__0",
		"0__1", "0b2", "0o8", "08",  "09",   "0xg",  "1.5",    "1e3", " 1", "1 ",
		"- 1",	"--1", "+-1", "abc", "0b1_", "0_x1", "1_000_", "١",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_not_number(bad[i], strlen(bad[i]), -EINVAL);
	assert_not_number("1\0002", 3, -EINVAL); /* a NUL inside */
	assert_not_number(NULL, 0, -EINVAL);
	assert_not_number("18446744073709551616", 20, -ERANGE);
	assert_not_number("-0x1_0000_0000_0000_0000", 24, -ERANGE);
}
END_TEST

START_TEST(test_numbers)
{
	assert_parses("0", 10, 0);
	assert_parses("4096", UINT32_MAX, 4096);
	assert_parses("0x1000", UINT32_MAX, 4096);
	assert_parses("010", 10, 8);
	assert_parses("4294967295", UINT32_MAX, UINT32_MAX);
	assert_parses("18446744073709551615", UINT64_MAX, UINT64_MAX);
	assert_parses("0b1000", 10, 8);
	assert_parses("1_000", 1000, 1000);
}
END_TEST

START_TEST(test_not_numbers)
{
	assert_refused(NULL, 10, -EINVAL);
	assert_refused("", 10, -EINVAL);
	assert_refused("abc", 10, -EINVAL);
	assert_refused("16M", UINT32_MAX, -EINVAL);
	assert_refused("1 ", 10, -EINVAL);
	assert_refused(" 1", 10, -EINVAL);
	assert_refused("-1", UINT64_MAX, -EINVAL);
	assert_refused("+1", 10, -EINVAL);
	assert_refused("0x", 10, -EINVAL);
	assert_refused("08", 10, -EINVAL);
}
END_TEST

START_TEST(test_past_max)
{
	assert_refused("11", 10, -ERANGE);
	assert_refused("4294967296", UINT32_MAX, -ERANGE);
	assert_refused("0x100000000", UINT32_MAX, -ERANGE);
	assert_refused("18446744073709551616", UINT64_MAX, -ERANGE);
	assert_refused("99999999999999999999999", UINT64_MAX, -ERANGE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("number");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_go_base0);
	tcase_add_test(tc, test_go_base0_refused);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_not_numbers);
	tcase_add_test(tc, test_past_max);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
