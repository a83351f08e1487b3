/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* For unit tests of the kernel-object printers: one arg as put_arg would frame it. */
#ifndef TP_ARGJSON_H
#define TP_ARGJSON_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "output/json_arg.h"

typedef bool (*tp_arg_printer)(struct tp_json *j, const struct tp_arg_val *a);

/* "{" member "}": what print wrote for a, which it must claim (returns malloc'd text). */
static inline char *tp_test_arg_json(tp_arg_printer print, const struct tp_arg_val *a)
{
	struct tp_json *j = tp_json__new();
	char *out;

	ck_assert_ptr_nonnull(j);
	tp_json__begin_obj(j, NULL);
	ck_assert_msg(print(j, a), "type %d is not the printer's", a->type);
	tp_json__end_obj(j);
	ck_assert_int_eq(tp_json__error(j), 0);
	out = strdup(tp_json__text(j, NULL));
	tp_json__free(j);
	return out;
}

#endif /* TP_ARGJSON_H */
