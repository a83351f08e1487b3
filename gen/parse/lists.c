// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* spec.lists: named sets of functions for "list:NAME" calls. */
#include "node.h"
#include "parts.h"

enum { LI_NAME, LI_TYPE, LI_VALUES, LI_PATTERN, LI_VALIDATED, LI__N };
static const char *const list_keys[LI__N] = { "name", "type", "values", "pattern", "validated" };

static void list_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct tp_list *l = ctx;

	switch (key) {
	case LI_NAME:
		l->name = tp_parse_str(ps, v);
		break;
	case LI_TYPE:
		l->type = tp_parse_str(ps, v);
		l->type_loc = node_loc(v);
		break;
	case LI_VALUES:
		tp_parse_seq(ps, v, &l->values, &l->nvalues, sizeof(*l->values), tp_parse_value,
			     NULL);
		break;
	case LI_PATTERN:
		l->pattern = tp_parse_str(ps, v);
		l->pattern_loc = node_loc(k);
		break;
	default:
		/* Tetragon's agent sets it once it has checked the list; a policy
		 * saying so would skip no check here */
		parse_err(ps, k, "validated is not supported");
		break;
	}
}

static bool parse_list(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	struct tp_list *l = item;
	uint64_t seen;

	l->loc = node_loc(n);
	if (!tp_parse_map(ps, n, list_keys, LI__N, "list", list_pair, l, &seen))
		return false;
	tp_parse_require(ps, n, seen, BIT(LI_NAME), list_keys, "list");
	return true;
}

void tp_parse_lists(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	tp_parse_seq(ps, n, &p->lists, &p->nlists, sizeof(*p->lists), parse_list, NULL);
}
