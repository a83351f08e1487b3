// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "output/ktime.h"
#include "tp_test.h"

#define NS 1000000000LL
/* 2022-02-01T18:01:56Z, the time of Tetragon's sample events */
#define T0 1643738516LL

static const char *fmt(int64_t ns)
{
	static char buf[TP_TIME_STRLEN];

	ck_assert_int_gt(tp_time_format(ns, buf, sizeof(buf)), 0);
	return buf;
}

START_TEST(test_fraction_digits)
{
	static const struct {
		int64_t ns;
		const char *want;
	} groups[] = {
		{ 999000000, "2022-02-01T18:01:56.999Z" },
		{ 10000000, "2022-02-01T18:01:56.010Z" },
		{ 1000, "2022-02-01T18:01:56.000001Z" },
		{ 123000, "2022-02-01T18:01:56.000123Z" },
		{ 999999000, "2022-02-01T18:01:56.999999Z" },
		{ 100, "2022-02-01T18:01:56.000000100Z" },
		{ 100000001, "2022-02-01T18:01:56.100000001Z" },
	};
	size_t i;

	/* protojson: 0, 3, 6 or 9 digits, the fewest that are exact */
	ck_assert_str_eq(fmt(T0 * NS), "2022-02-01T18:01:56Z");
	ck_assert_str_eq(fmt(T0 * NS + 410000000), "2022-02-01T18:01:56.410Z");
	ck_assert_str_eq(fmt(T0 * NS + 1000000), "2022-02-01T18:01:56.001Z");
	ck_assert_str_eq(fmt(T0 * NS + 410123000), "2022-02-01T18:01:56.410123Z");
	ck_assert_str_eq(fmt(T0 * NS + 410123456), "2022-02-01T18:01:56.410123456Z");
	ck_assert_str_eq(fmt(T0 * NS + 1), "2022-02-01T18:01:56.000000001Z");
	ck_assert_str_eq(fmt(T0 * NS + 999999999), "2022-02-01T18:01:56.999999999Z");
	/* each group of 3 digits alone, at its edges */
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		ck_assert_str_eq(fmt(T0 * NS + groups[i].ns), groups[i].want);
}
END_TEST

START_TEST(test_calendar)
{
	ck_assert_str_eq(fmt(0), "1970-01-01T00:00:00Z");
	ck_assert_str_eq(fmt(-1), "1969-12-31T23:59:59.999999999Z");
	ck_assert_str_eq(fmt(951782400LL * NS), "2000-02-29T00:00:00Z");
	ck_assert_str_eq(fmt(1704067199LL * NS + 500000000), "2023-12-31T23:59:59.500Z");
}
END_TEST

START_TEST(test_small_buffer)
{
	char buf[20];

	ck_assert_int_eq(tp_time_format(T0 * NS, buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(tp_time_format(T0 * NS, buf, 21), 20);
}
END_TEST

START_TEST(test_boot_offset)
{
	struct timespec rt, bt;
	int64_t off, want;
	char buf[TP_TIME_STRLEN];

	/* measured once: the same value every call */
	off = tp_ktime_offset();
	ck_assert_int_eq(tp_ktime_offset(), off);
	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	want = (rt.tv_sec - bt.tv_sec) * NS + (rt.tv_nsec - bt.tv_nsec);
	ck_assert_msg(llabs(off - want) < NS / 10, "offset %lld far from %lld", (long long)off,
		      (long long)want);

	tp_ktime_set_offset(T0 * NS - 5 * NS);
	ck_assert_int_gt(tp_ktime_format(5 * NS + 410000000, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "2022-02-01T18:01:56.410Z");
}
END_TEST

/* the calendar part is kept from the last second: back and forth, and a failure, keep it right */
START_TEST(test_second_reused)
{
	char buf[TP_TIME_STRLEN];

	ck_assert_str_eq(fmt(T0 * NS + 5), "2022-02-01T18:01:56.000000005Z");
	ck_assert_str_eq(fmt(T0 * NS + 6000), "2022-02-01T18:01:56.000006Z");
	ck_assert_str_eq(fmt((T0 + 1) * NS), "2022-02-01T18:01:57Z");
	ck_assert_str_eq(fmt(T0 * NS + 7000000), "2022-02-01T18:01:56.007Z");
	/* a buffer too small for a new second: refused, and the next call is right */
	ck_assert_int_eq(tp_time_format((T0 + 2) * NS, buf, 20), -EINVAL);
	ck_assert_str_eq(fmt((T0 + 2) * NS + 1000000), "2022-02-01T18:01:58.001Z");
	ck_assert_str_eq(fmt(T0 * NS), "2022-02-01T18:01:56Z");
}
END_TEST

static Suite *ktime_suite(void)
{
	Suite *s = suite_create("ktime");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_fraction_digits);
	tcase_add_test(tc, test_calendar);
	tcase_add_test(tc, test_small_buffer);
	tcase_add_test(tc, test_boot_offset);
	tcase_add_test(tc, test_second_reused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(ktime_suite());
}
