// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Questions the decoded .tp.meta answers beyond its fields: names, programs. */
#include <string.h>

#include "meta.h"

const char *tp_meta__hook_name(const struct tp_meta_hook_view *h)
{
	return *h->call ? h->call : h->function_name;
}

const struct tp_meta_variant_view *tp_meta__prog_variant(const struct tp_meta *m, const char *prog,
							 const struct tp_meta_hook_view **hook)
{
	size_t i, j;

	for (i = 0; prog && i < tp_meta__hook_cnt(m); i++) {
		const struct tp_meta_hook_view *h = tp_meta__hook(m, i);

		for (j = 0; j < h->nvariants; j++) {
			if (!strcmp(h->variants[j].prog, prog) ||
			    !strcmp(h->variants[j].prog_exit, prog)) {
				*hook = h;
				return &h->variants[j];
			}
		}
	}
	return NULL;
}
