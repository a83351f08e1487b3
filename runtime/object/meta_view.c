// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Questions the decoded .tp.meta answers beyond its fields: names, programs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"

int tp_meta__uprobe_target(const char *t, struct tp_uprobe_target *u)
{
	const char *ref = strchr(t, TP_UPROBE_REF_SEP), *plus;
	size_t len = ref ? (size_t)(ref - t) : strlen(t);

	memset(u, 0, sizeof(*u));
	if (len >= sizeof(u->symbol))
		return -ENAMETOOLONG;
	memcpy(u->symbol, t, len);
	plus = strchr(u->symbol, '+');
	if (plus)
		u->off = strtoull(plus + 1, NULL, 0);
	memcpy(u->name, u->symbol, plus ? (size_t)(plus - u->symbol) : len);
	if (plus == u->symbol)
		u->symbol[0] = 0; /* an offset: no symbol */
	if (ref)
		u->ref_ctr_off = strtoull(ref + 1, NULL, 0);
	return 0;
}

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
