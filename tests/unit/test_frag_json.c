// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The rendered-members cache of runtime/output/frag_json.h. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "output/frag_json.h"
#include "tp_test.h"

START_TEST(test_put_get)
{
	struct tp_frag_json *c = tp_frag_json__new();
	int hook1, hook2;
	const char *text;
	size_t len = 0;

	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_null(tp_frag_json__get(c, &hook1, 1, &len));
	ck_assert_int_eq(tp_frag_json__put(c, &hook1, 1, "\"a\":1xyz", 5), 0);
	text = tp_frag_json__get(c, &hook1, 1, &len);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(memcmp(text, "\"a\":1", 5), 0);
	/* another key of the hook, the key of another hook: not this rendering */
	ck_assert_ptr_null(tp_frag_json__get(c, &hook1, 2, &len));
	ck_assert_ptr_null(tp_frag_json__get(c, &hook1, 1ull << 32 | 1, &len));
	ck_assert_ptr_null(tp_frag_json__get(c, &hook2, 1, &len));
	/* nothing rendered is a rendering too */
	ck_assert_int_eq(tp_frag_json__put(c, &hook2, 1, "", 0), 0);
	ck_assert_ptr_nonnull(tp_frag_json__get(c, &hook2, 1, &len));
	ck_assert_uint_eq(len, 0);
	/* no owner: never kept */
	ck_assert_int_eq(tp_frag_json__put(c, NULL, 3, "\"b\":2", 5), 0);
	ck_assert_ptr_null(tp_frag_json__get(c, NULL, 3, &len));

	tp_frag_json__clear(c);
	ck_assert_ptr_null(tp_frag_json__get(c, &hook1, 1, &len));
	tp_frag_json__free(c);
}
END_TEST

/* many keys in few slots: each get answers its own key's rendering or none */
START_TEST(test_slots_shared)
{
	struct tp_frag_json *c = tp_frag_json__new();
	char want[16];
	const char *text;
	uint64_t k, kept = 0;
	size_t len;
	int hook;

	for (k = 0; k < 2000; k++) {
		snprintf(want, sizeof(want), "\"k\":%llu", (unsigned long long)k);
		ck_assert_int_eq(tp_frag_json__put(c, &hook, k, want, strlen(want)), 0);
	}
	for (k = 0; k < 2000; k++) {
		text = tp_frag_json__get(c, &hook, k, &len);
		if (!text)
			continue;
		kept++;
		snprintf(want, sizeof(want), "\"k\":%llu", (unsigned long long)k);
		ck_assert_uint_eq(len, strlen(want));
		ck_assert_int_eq(memcmp(text, want, len), 0);
	}
	ck_assert_uint_gt(kept, 0);
	ck_assert_uint_le(kept, 256);
	tp_frag_json__free(c);
}
END_TEST

static Suite *frag_json_suite(void)
{
	Suite *s = suite_create("frag_json");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_put_get);
	tcase_add_test(tc, test_slots_shared);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(frag_json_suite());
}
