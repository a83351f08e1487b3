/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* For unit tests of the arg printers: one arg, decoded from its blob, as put_arg would frame it. */
#ifndef TP_ARGJSON_H
#define TP_ARGJSON_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "output/json_arg.h"
#include "records.h"

/* got (malloc'd, freed here) is exactly want, and valid JSON; what names the case. */
#define TP_ASSERT_JSON(what, got, want)                                                          \
	do {                                                                                     \
		char *got_ = (got);                                                              \
		ck_assert_msg(!strcmp(got_, want), "%s:\ngot:  %s\nwant: %s", what, got_, want); \
		ck_assert_msg(json_lines_valid(got_), "%s: invalid JSON %s", what, got_);        \
		free(got_);                                                                      \
	} while (0)

/* "{" member "}": what the type's printer wrote for a (returns malloc'd text). */
static inline char *tp_test_arg_json(const struct tp_arg_val *a)
{
	struct tp_json *j = tp_json__new();
	char *out;

	ck_assert_ptr_nonnull(j);
	tp_json__begin_obj(j, NULL);
	ck_assert_msg(tp_json_arg__put(j, a) == 0, "type %d has no member", a->type);
	tp_json__end_obj(j);
	ck_assert_int_eq(tp_json__error(j), 0);
	out = strdup(tp_json__text(j, NULL));
	tp_json__free(j);
	return out;
}

/* The same for the blob of type as a record holds it. */
static inline char *tp_test_blob_json(enum tp_arg_type type, const void *blob, uint32_t len,
				      uint32_t info)
{
	struct tp_arg_val a = { .label = "" };

	tp_arg_val__from_blob(&a, type, blob, len, info);
	return tp_test_arg_json(&a);
}

#endif /* TP_ARGJSON_H */
