// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The rendered-process cache of runtime/output/proc_json.h. */
#include <check.h>
#include <string.h>

#include "output/proc_json.h"
#include "tp_test.h"

static struct tp_process proc(uint32_t pid, char *exec_id)
{
	struct tp_process p = { .pid = pid, .exec_id = exec_id };

	return p;
}

START_TEST(test_put_get)
{
	struct tp_proc_json *c = tp_proc_json__new();
	char id1[] = "aWQx", id1_copy[] = "aWQx";
	struct tp_process p = proc(10, id1), same = proc(10, id1_copy);
	const char *text;
	size_t len = 0;

	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(tp_proc_json__writer(c));
	ck_assert_ptr_null(tp_proc_json__get(c, &p, &len));
	ck_assert_int_eq(tp_proc_json__put(c, &p, "\"pid\":10,xyz", 9), 0);
	text = tp_proc_json__get(c, &p, &len);
	ck_assert_uint_eq(len, 9);
	ck_assert_int_eq(memcmp(text, "\"pid\":10,", 9), 0);
	/* the exec_id names it, not where it is kept */
	ck_assert_ptr_eq(tp_proc_json__get(c, &same, &len), text);

	tp_proc_json__clear(c);
	ck_assert_ptr_null(tp_proc_json__get(c, &p, &len));
	tp_proc_json__free(c);
}
END_TEST

/* another process in the same slot (a reused pid, or pids 1024 apart) is not taken for it */
START_TEST(test_other_process_not_taken)
{
	struct tp_proc_json *c = tp_proc_json__new();
	char id1[] = "aWQx", id2[] = "aWQy", id3[] = "aWQz";
	struct tp_process p = proc(10, id1), reused = proc(10, id2), apart = proc(10 + 1024, id3);
	struct tp_process anon = proc(11, NULL);
	size_t len;

	ck_assert_int_eq(tp_proc_json__put(c, &p, "\"a\":1", 5), 0);
	ck_assert_ptr_null(tp_proc_json__get(c, &reused, &len));
	ck_assert_ptr_null(tp_proc_json__get(c, &apart, &len));
	/* the newest keeps the slot */
	ck_assert_int_eq(tp_proc_json__put(c, &apart, "\"b\":2", 5), 0);
	ck_assert_ptr_null(tp_proc_json__get(c, &p, &len));
	ck_assert_ptr_nonnull(tp_proc_json__get(c, &apart, &len));
	/* nothing names a process without an exec_id: never kept */
	ck_assert_int_eq(tp_proc_json__put(c, &anon, "\"c\":3", 5), 0);
	ck_assert_ptr_null(tp_proc_json__get(c, &anon, &len));
	tp_proc_json__free(c);
}
END_TEST

/* a thread's process and parent: kept by both exec_ids and the tid */
START_TEST(test_pair)
{
	struct tp_proc_json *c = tp_proc_json__new();
	char id1[] = "aWQx", id1_copy[] = "aWQx", id2[] = "aWQy", id3[] = "aWQz";
	struct tp_process p = proc(10, id1), same = proc(10, id1_copy), parent = proc(5, id2);
	struct tp_process other_parent = proc(5, id3), anon = proc(6, NULL);
	const char *text;
	size_t len = 0;

	ck_assert_ptr_null(tp_proc_json__get_pair(c, &p, 11, &parent, &len));
	ck_assert_int_eq(tp_proc_json__put_pair(c, &p, 11, &parent, "\"process\":{}xyz", 12), 0);
	text = tp_proc_json__get_pair(c, &same, 11, &parent, &len);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(len, 12);
	ck_assert_int_eq(memcmp(text, "\"process\":{}", 12), 0);
	/* another thread, another parent, or none: not this rendering */
	ck_assert_ptr_null(tp_proc_json__get_pair(c, &p, 12, &parent, &len));
	ck_assert_ptr_null(tp_proc_json__get_pair(c, &p, 11 + 1024, &parent, &len));
	ck_assert_ptr_null(tp_proc_json__get_pair(c, &p, 11, &other_parent, &len));
	ck_assert_ptr_null(tp_proc_json__get_pair(c, &p, 11, NULL, &len));
	/* without a parent: a rendering of its own, which a parent does not match */
	ck_assert_int_eq(tp_proc_json__put_pair(c, &p, 11, NULL, "\"a\":1", 5), 0);
	ck_assert_ptr_nonnull(tp_proc_json__get_pair(c, &p, 11, NULL, &len));
	ck_assert_ptr_null(tp_proc_json__get_pair(c, &p, 11, &parent, &len));
	/* nothing names a process or parent without an exec_id: never kept */
	ck_assert_int_eq(tp_proc_json__put_pair(c, &anon, 20, NULL, "\"b\":2", 5), 0);
	ck_assert_ptr_null(tp_proc_json__get_pair(c, &anon, 20, NULL, &len));
	ck_assert_int_eq(tp_proc_json__put_pair(c, &p, 21, &anon, "\"c\":3", 5), 0);
	ck_assert_ptr_null(tp_proc_json__get_pair(c, &p, 21, &anon, &len));
	/* what a process shows has changed: every pair rendered again */
	tp_proc_json__clear(c);
	ck_assert_ptr_null(tp_proc_json__get_pair(c, &p, 11, NULL, &len));
	tp_proc_json__free(c);
}
END_TEST

static Suite *proc_json_suite(void)
{
	Suite *s = suite_create("proc_json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_put_get);
	tcase_add_test(tc, test_other_process_not_taken);
	tcase_add_test(tc, test_pair);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(proc_json_suite());
}
