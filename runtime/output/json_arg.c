// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* JSON args by type: TP_ARG_TYPES's JSON and PRINT columns, as a table indexed by type. */
#include <errno.h>

#include "json_arg.h"
#include "json_arg_printers.h"

static const struct {
	const char *key; /* the oneof member, NULL: left out of events */
	tp_json_arg_fn print;
} json_args[TP_ARG__MAX] = {
#define TP_JSON_ARG_ROW(id, name, cls, size, sign, flags, capture, ktype, reader, json, print, \
			compact)                                                               \
	[TP_ARG_##id] = { json, tp_json_arg__##print },
	TP_ARG_TYPES(TP_JSON_ARG_ROW)
#undef TP_JSON_ARG_ROW
};

const char *tp_json_arg__key(enum tp_arg_type t)
{
	return (unsigned int)t < TP_ARG__MAX ? json_args[t].key : NULL;
}

int tp_json_arg__put(struct tp_json *j, const struct tp_arg_val *a)
{
	const char *key = tp_json_arg__key(a->type);

	if (!key)
		return -EINVAL;
	json_args[a->type].print(j, key, a);
	return 0;
}
