// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The entry/return join: held hook records by thread and hook, bounded, dropped with their process.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/join.h"
#include "tp_test.h"

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

/* A held record: a string behind the join's link. */
struct held {
	struct tp_join_entry link;
	char rec[32];
};

static void hold(uint32_t pid, uint32_t tid, uint32_t hook, const char *rec)
{
	struct held *h = calloc(1, sizeof(*h));

	ck_assert_ptr_nonnull(h);
	snprintf(h->rec, sizeof(h->rec), "%s", rec);
	tp_join__hold(j, &h->link, pid, tid, hook);
}

/* Take what is held for (tid, hook): want (a string), or nothing when want is NULL. */
static void assert_taken(uint32_t tid, uint32_t hook, const char *want)
{
	struct held *got = (struct held *)tp_join__take(j, tid, hook);

	if (!want) {
		ck_assert_msg(!got, "tid %u hook %u: nothing held, got '%s'", tid, hook,
			      got ? got->rec : "");
		return;
	}
	ck_assert_msg(got, "tid %u hook %u: '%s' held", tid, hook, want);
	ck_assert_uint_eq(got->link.tid, tid);
	ck_assert_uint_eq(got->link.hook, hook);
	ck_assert_str_eq(got->rec, want);
	free(got);
}

START_TEST(test_hold_take)
{
	hold(10, 11, 0, "open");
	hold(10, 11, 1, "read");
	hold(10, 12, 0, "other thread");
	ck_assert_uint_eq(tp_join__count(j), 3);
	assert_taken(12, 1, NULL);
	ck_assert_uint_eq(tp_join__count(j), 3);
	assert_taken(11, 0, "open");
	ck_assert_uint_eq(tp_join__count(j), 2);
	/* taken once: the second take finds nothing */
	assert_taken(11, 0, NULL);
	ck_assert_uint_eq(tp_join__count(j), 2);
	assert_taken(11, 1, "read");
	assert_taken(12, 0, "other thread");
	ck_assert_uint_eq(tp_join__count(j), 0);
}
END_TEST

START_TEST(test_a_new_call_replaces_the_old)
{
	hold(10, 11, 0, "first");
	hold(10, 11, 0, "second");
	ck_assert_uint_eq(tp_join__count(j), 1);
	assert_taken(11, 0, "second");
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
	assert_taken(10, 0, NULL);
	assert_taken(11, 0, NULL);
	assert_taken(12, 3, NULL);
	assert_taken(21, 0, "c");
}
END_TEST

/* deferred: a return that comes after its process's exit (another ring) still finds its entry */
START_TEST(test_drop_pid_deferred_a_round)
{
	tp_join__defer(j, true);
	hold(10, 10, 0, "a");
	hold(10, 11, 0, "b");
	hold(20, 21, 0, "c");
	tp_join__drop_pid(j, 10);
	ck_assert_uint_eq(tp_join__count(j), 3);
	assert_taken(11, 0, "b"); /* its return, read after the exit */
	tp_join__reap(j);	  /* the round the exit came in: kept */
	ck_assert_uint_eq(tp_join__count(j), 2);
	hold(10, 12, 0, "d"); /* held after the exit: not the exited process's to drop */
	tp_join__reap(j);     /* a round later: gone */
	ck_assert_uint_eq(tp_join__count(j), 2);
	assert_taken(10, 0, NULL);
	assert_taken(21, 0, "c");
	assert_taken(12, 0, "d");
	tp_join__reap(j);
	ck_assert_uint_eq(tp_join__count(j), 0);
}
END_TEST

START_TEST(test_bounded_oldest_go)
{
	uint32_t tid;

	for (tid = 1; tid <= TP_PENDING_MAX + 2; tid++)
		hold(1, tid, 7, "x");
	ck_assert_uint_eq(tp_join__count(j), TP_PENDING_MAX);
	assert_taken(1, 7, NULL);
	assert_taken(2, 7, NULL);
	/* the age list stays whole after a take in its middle */
	assert_taken(100, 7, "x");
	hold(1, 1, 7, "y");
	ck_assert_uint_eq(tp_join__count(j), TP_PENDING_MAX); /* room for it: nothing went */
	hold(1, 2, 7, "z");
	ck_assert_uint_eq(tp_join__count(j), TP_PENDING_MAX);
	assert_taken(3, 7, NULL); /* the oldest went */
	assert_taken(4, 7, "x");
	assert_taken(TP_PENDING_MAX + 2, 7, "x");
	assert_taken(1, 7, "y");
	assert_taken(2, 7, "z");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("join");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hold_take);
	tcase_add_test(tc, test_a_new_call_replaces_the_old);
	tcase_add_test(tc, test_drop_pid);
	tcase_add_test(tc, test_drop_pid_deferred_a_round);
	tcase_add_test(tc, test_bounded_oldest_go);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
