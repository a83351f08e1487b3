// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* What a decoded event says beyond its fields: the function a list hook's event is about. */
#include "event.h"

const char *tp_out_event__function(const struct tp_meta *m, const struct tp_meta_hook_view *h,
				   uint32_t func)
{
	size_t n;
	const char *const *funcs = tp_meta__list_funcs(m, h, &n);

	if (funcs)
		return func < n ? funcs[func] : h->call;
	return *h->function_name ? h->function_name : h->call;
}
