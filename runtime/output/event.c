// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What a decoded event says beyond its fields: the function a list hook's event is about. */
#include "event.h"

const char *tp_out_event__function(const struct tp_out_event *ev, char *buf, size_t len)
{
	const struct tp_meta_hook_view *h = ev->hook;
	const char *fn;

	if (!(h->flags & TP_HOOKF_LIST) || !h->nvariants)
		return *h->function_name ? h->function_name : h->call;
	/* every variant of a list targets the list's functions */
	fn = tp_meta__list_func(h->variants[0].target, ev->func, buf, len);
	return fn ? fn : h->call;
}
