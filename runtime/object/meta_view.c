// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Questions the decoded .tp.meta answers beyond its fields: names, programs, list targets. */
#include <stdio.h>
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

size_t tp_meta__list_count(const char *target)
{
	size_t n = *target ? 1 : 0;

	for (; *target; target++)
		n += *target == '\n';
	return n;
}

const char *tp_meta__list_func(const char *target, size_t i, char *buf, size_t len)
{
	const char *p = target, *nl;

	while (i-- && (p = strchr(p, '\n')))
		p++;
	if (!p || !*p)
		return NULL;
	nl = strchr(p, '\n');
	snprintf(buf, len, "%.*s", (int)(nl ? (size_t)(nl - p) : strlen(p)), p);
	return buf;
}
