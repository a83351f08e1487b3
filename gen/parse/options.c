// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* spec.options: name/value pairs; the checker gives them meaning. */
#include "node.h"
#include "parts.h"

void tp_parse_options(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	yaml_node_t *item, *k, *v;
	size_t i, j;

	p->options = tp_parse_calloc(ps, nitems(n), sizeof(*p->options));
	for_each_item(ps, n, i, item)
	{
		struct tp_option *o = &p->options[p->noptions];

		if (!tp_parse_want_map(ps, item))
			continue;
		o->loc = node_loc(item);
		p->noptions++;
		for_each_pair(ps, item, j, k, v)
		{
			if (scalar_is(k, "name"))
				o->name = tp_parse_str(ps, v);
			else if (scalar_is(k, "value"))
				o->value = tp_parse_str(ps, v);
			else
				parse_err(ps, k, "unknown key '%s' in option (expected name, value)",
				     tp_parse_text(ps, k));
		}
		if (!ps->err && !o->name)
			parse_err(ps, item, "missing required key 'name' in option");
	}
}
