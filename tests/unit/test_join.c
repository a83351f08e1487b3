// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The entry/return join: held hook records by thread and hook, bounded, dropped with their process.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "output/join.h"

static struct tp_join *j;

static void setup(void)
{
	j = tp_join__new();
	ck_assert_ptr_nonnull(j);
}

static void teardown(void)
{
	tp_join__free(j);
}

/* The record held for (tid, hook) is want (a string), or nothing when want is NULL. */
static void assert_held(uint32_t tid, uint32_t hook, const char *want)
{
	size_t size = 0;
	const char *got = tp_join__find(j, tid, hook, &size);

	if (!want) {
		ck_assert_msg(!got, "tid %u hook %u: nothing held, got '%.*s'", tid, hook,
			      (int)size, got);
		return;
	}
	ck_assert_msg(got, "tid %u hook %u: '%s' held", tid, hook, want);
	ck_assert_uint_eq(size, strlen(want) + 1);
	ck_assert_str_eq(got, want);
}

static void hold(uint32_t pid, uint32_t tid, uint32_t hook, const char *rec)
{
	ck_assert_int_eq(tp_join__hold(j, pid, tid, hook, rec, strlen(rec) + 1), 0);
}

START_TEST(test_hold_find_drop)
{
	hold(10, 11, 0, "open");
	hold(10, 11, 1, "read");
	hold(10, 12, 0, "other thread");
	ck_assert_uint_eq(tp_join__count(j), 3);
	assert_held(11, 0, "open");
	assert_held(11, 1, "read");
	assert_held(12, 0, "other thread");
	assert_held(12, 1, NULL);
	/* a copy is held: the caller's buffer may go */
	{
		char buf[8] = "mine";

		ck_assert_int_eq(tp_join__hold(j, 10, 13, 0, buf, strlen(buf) + 1), 0);
		strcpy(buf, "gone");
		assert_held(13, 0, "mine");
	}
	tp_join__drop(j, 11, 0);
	assert_held(11, 0, NULL);
	assert_held(11, 1, "read");
	tp_join__drop(j, 11, 0); /* nothing to drop */
	ck_assert_uint_eq(tp_join__count(j), 3);
}
END_TEST

START_TEST(test_a_new_call_replaces_the_old)
{
	hold(10, 11, 0, "first");
	hold(10, 11, 0, "second");
	ck_assert_uint_eq(tp_join__count(j), 1);
	assert_held(11, 0, "second");
}
END_TEST

START_TEST(test_drop_pid)
{
	hold(10, 10, 0, "a");
	hold(10, 11, 0, "b");
	hold(20, 21, 0, "c");
	hold(10, 12, 3, "d");
	tp_join__drop_pid(j, 10);
	ck_assert_uint_eq(tp_join__count(j), 1);
	assert_held(10, 0, NULL);
	assert_held(11, 0, NULL);
	assert_held(12, 3, NULL);
	assert_held(21, 0, "c");
}
END_TEST

START_TEST(test_bounded_oldest_go)
{
	uint32_t tid;

	for (tid = 1; tid <= TP_PENDING_MAX + 2; tid++)
		hold(1, tid, 7, "x");
	ck_assert_uint_eq(tp_join__count(j), TP_PENDING_MAX);
	assert_held(1, 7, NULL);
	assert_held(2, 7, NULL);
	assert_held(3, 7, "x");
	assert_held(TP_PENDING_MAX + 2, 7, "x");
	/* the age list stays whole after a drop in its middle */
	tp_join__drop(j, 100, 7);
	hold(1, 1, 7, "y");
	assert_held(3, 7, "x");
	hold(1, 2, 7, "z");
	assert_held(3, 7, NULL);
	assert_held(4, 7, "x");
	assert_held(1, 7, "y");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("join");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hold_find_drop);
	tcase_add_test(tc, test_a_new_call_replaces_the_old);
	tcase_add_test(tc, test_drop_pid);
	tcase_add_test(tc, test_bounded_oldest_go);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
