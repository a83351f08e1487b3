// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Names the generated C gives things: filter functions, actions, and which selectors can act. */
#include <stdio.h>
#include <string.h>

#include <tp/event.h>

#include "parts.h"

/* Selectors after the first one without filters can never be chosen. */
size_t tp_emit__reachable(const struct tp_lhook *lh)
{
	size_t s;

	for (s = 0; s < lh->nsels; s++)
		if (!tp_lselector__filters(&lh->sels[s]))
			return s + 1;
	return lh->nsels;
}

bool tp_emit__has_filters(const struct tp_lselector *ls)
{
	return tp_lselector__filters(ls) > 0;
}

const char *tp_emit__filter_name(char *buf, size_t len, const struct tp_lhook *lh, size_t s,
				 const char *list, int index)
{
	snprintf(buf, len, "tp_h%d_s%zu_%s%d", lh->id, s, list, index);
	return buf;
}

const char *tp_emit__action_name(char *buf, size_t len, enum tp_action a)
{
	const char *proto = tp_action__proto_name(a);

	/* TP_ACT_<ID> is KPROBE_ACTION_<ID> */
	snprintf(buf, len, "TP_ACT_%s", proto ? proto + strlen("KPROBE_ACTION_") : "UNKNOWN");
	return buf;
}

/* TP_HOOKEV_KERNEL_STACK | TP_HOOKEV_USER_STACK, either, or 0. */
const char *tp_emit__stack_flags(char *buf, size_t len, uint32_t flags)
{
	bool k = flags & TP_HOOKEV_KERNEL_STACK, u = flags & TP_HOOKEV_USER_STACK;

	snprintf(buf, len, "%s%s%s", k ? "TP_HOOKEV_KERNEL_STACK" : "", k && u ? " | " : "",
		 u   ? "TP_HOOKEV_USER_STACK"
		 : k ? ""
		     : "0");
	return buf;
}
