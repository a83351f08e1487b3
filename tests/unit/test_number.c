// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* common/number.c: the one checked unsigned parser tpgen's and tprun's options use. */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

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

START_TEST(test_numbers)
{
	assert_parses("0", 10, 0);
	assert_parses("4096", UINT32_MAX, 4096);
	assert_parses("0x1000", UINT32_MAX, 4096);
	assert_parses("010", 10, 8);
	assert_parses("4294967295", UINT32_MAX, UINT32_MAX);
	assert_parses("18446744073709551615", UINT64_MAX, UINT64_MAX);
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

	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_not_numbers);
	tcase_add_test(tc, test_past_max);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
