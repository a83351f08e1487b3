// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * JSON args by type: the JSON column of TP_ARG_TYPES through common/vocab,
 * its PRINT column as a table of printers indexed by type.
 */
#include <errno.h>
#include <stdio.h>

#include "json_arg.h"
#include "json_arg_printers.h"
#include "names.h"
#include "vocab.h"

static const tp_json_arg_fn printers[TP_ARG__MAX] = {
#define TP_JSON_ARG_ROW(id, name, cls, size, sign, flags, capture, ktype, reader, json, print, \
			compact)                                                               \
	[TP_ARG_##id] = tp_json_arg__##print,
	TP_ARG_TYPES(TP_JSON_ARG_ROW)
#undef TP_JSON_ARG_ROW
};

const char *tp_json_arg__key(enum tp_arg_type t)
{
	const struct tp_arg_type_info *ti = tp_arg_type__info(t);

	return ti ? ti->json : NULL;
}

void tp_json_arg__put_u32(struct tp_json *j, const char *key, uint32_t v)
{
	if (v)
		tp_json__uint(j, key, v);
}

void tp_json_arg__put_enum(struct tp_json *j, const char *key, const char *name, unsigned int num)
{
	char buf[16];

	tp_json__str(j, key, tp_names__or_num(name, num, buf, sizeof(buf)));
}

/*
 * Tetragon's KprobeError for an arg whose read failed: its BPF side marks
 * the arg's status (read_arg, bpf/process/generic_calls.h) and the agent
 * says this (getArgStatus, pkg/sensors/tracing/args_linux.go).
 */
void tp_json_arg__put_error(struct tp_json *j)
{
	tp_json__begin_obj(j, "error_arg");
	tp_json__str(j, "Message", "Bad address for basic type");
	tp_json__end_obj(j);
}

int tp_json_arg__put(struct tp_json *j, const struct tp_arg_val *a)
{
	const char *key = tp_json_arg__key(a->type);

	if (!key)
		return -EINVAL;
	if (a->resolve_fault) { /* getArgStatus (pkg/sensors/tracing/args_linux.go) */
		char msg[96];

		snprintf(msg, sizeof(msg),
			 "Bad address encountered during resolve dereference at depth %u",
			 a->resolve_fault - 1);
		tp_json__begin_obj(j, "error_arg");
		tp_json__str(j, "Message", msg);
		tp_json__end_obj(j);
		return 0;
	}
	printers[a->type](j, key, a);
	return 0;
}
