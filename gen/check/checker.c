// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What every part of the checker shares: locations, arg lookups, type names. */
#include <string.h>

#include "checker.h"

struct tp_loc tp_check__loc(struct tp_loc loc, struct tp_loc fallback)
{
	return loc.line ? loc : fallback;
}

bool tp_check__is_auto(const struct tp_arg *a)
{
	return a->type == TP_ARG_NONE && (!a->type_name || !strcmp(a->type_name, "auto"));
}

const char *tp_check__type_name(const struct tp_arg *a)
{
	return a->type_name ? a->type_name : tp_arg_type__name(a->type);
}

bool tp_check__is_syscall_kprobe(const struct tp_hook *h)
{
	return h->kind == TP_HOOK_KPROBE && h->syscall;
}

const struct tp_arg *tp_check__arg_by_index(const struct tp_hook *h, int index)
{
	size_t i;

	for (i = 0; i < h->nargs; i++) {
		if (h->args[i].index == index && !h->args[i].data) /* data: no function arg */
			return &h->args[i];
	}
	return NULL;
}

const char *tp_check__arg_label(const struct tp_arg *a, char buf[24])
{
	if (a->data)
		snprintf(buf, 24, "data %d", a->index - TP_DATA_INDEX);
	else
		snprintf(buf, 24, "arg %d", a->index);
	return buf;
}

/* The position in args of the arg index names: tracepoints count positions, the rest indexes. */
int tp_check__arg_pos(const struct tp_hook *h, int index)
{
	size_t i;

	if (h->kind == TP_HOOK_TRACEPOINT)
		return index >= 0 && (size_t)index < h->nargs ? index : -1;
	for (i = 0; i < h->nargs; i++)
		if (h->args[i].index == index && !h->args[i].data) /* data: no function arg */
			return (int)i;
	return -1;
}
