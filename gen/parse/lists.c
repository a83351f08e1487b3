// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* spec.lists: named sets of functions for "list:NAME" calls. */
#include <string.h>

#include "node.h"
#include "parts.h"

enum { LI_NAME, LI_TYPE, LI_VALUES, LI_PATTERN, LI__N };
static const char *const list_keys[LI__N] = { "name", "type", "values", "pattern" };

void tp_parse_lists(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	yaml_node_t *item, *k, *v, *val;
	size_t i, j, m;

	p->lists = tp_parse_calloc(ps, nitems(n), sizeof(*p->lists));
	for_each_item(ps, n, i, item)
	{
		struct tp_list *l = &p->lists[p->nlists];
		uint64_t seen = 0;

		if (!tp_parse_want_map(ps, item))
			continue;
		l->loc = node_loc(item);
		p->nlists++;
		for_each_pair(ps, item, j, k, v)
		{
			switch (tp_parse_key(ps, k, list_keys, LI__N, &seen, "list")) {
			case LI_NAME:
				l->name = tp_parse_str(ps, v);
				break;
			case LI_TYPE:
				l->type = tp_parse_str(ps, v);
				l->type_loc = node_loc(v);
				break;
			case LI_VALUES:
				if (!tp_parse_want_seq(ps, v))
					break;
				l->values = tp_parse_calloc(ps, nitems(v), sizeof(*l->values));
				for_each_item(ps, v, m, val)
				{
					l->values[l->nvalues].str = tp_parse_str(ps, val);
					l->values[l->nvalues].loc = node_loc(val);
					if (l->values[l->nvalues].str) {
						l->values[l->nvalues].len =
							strlen(l->values[l->nvalues].str);
						l->nvalues++;
					}
				}
				break;
			case LI_PATTERN:
				l->pattern = tp_parse_str(ps, v);
				break;
			}
		}
		if (!ps->err && !(seen & BIT(LI_NAME)))
			parse_err(ps, item, "missing required key 'name' in list");
	}
}
