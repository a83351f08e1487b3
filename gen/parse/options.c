// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* spec.options: name/value pairs; the checker gives them meaning. */
#include "node.h"
#include "parts.h"

enum { O_NAME, O_VALUE, O__N };
static const char *const option_keys[O__N] = { "name", "value" };

static void option_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct tp_option *o = ctx;

	if (key == O_NAME)
		o->name = tp_parse_str(ps, v);
	else
		o->value = tp_parse_str(ps, v);
}

static bool parse_option(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	struct tp_option *o = item;
	uint64_t seen;

	o->loc = node_loc(n);
	if (!tp_parse_map(ps, n, option_keys, O__N, "option (expected name, value)", option_pair, o,
			  &seen))
		return false;
	tp_parse_require(ps, n, seen, BIT(O_NAME), option_keys, "option");
	return true;
}

void tp_parse_options(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	tp_parse_seq(ps, n, &p->options, &p->noptions, sizeof(*p->options), parse_option, NULL);
}
