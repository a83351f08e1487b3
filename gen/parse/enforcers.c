// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * spec.enforcers: each call becomes an enforcer hook (TP_HOOK_ENFORCER), a
 * "list:NAME" call one per value of the list, as Tetragon's
 * createEnforcerSensor (pkg/sensors/tracing/enforcer.go) makes one fmod_ret
 * program per symbol. The checker names each hook's function.
 */
#include <errno.h>
#include <stdlib.h>
#include <strings.h>

#include "node.h"
#include "parts.h"

enum { EN_CALLS, EN__N };
static const char *const enforcer_keys[EN__N] = { "calls" };

struct enforcer_ctx {
	struct tp_policy *p;
	yaml_node_t *calls;
};

static void enforcer_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct enforcer_ctx *x = ctx;

	if (tp_parse_want_seq(ps, v))
		x->calls = v;
}

static const struct tp_list *find_list(const struct tp_policy *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nlists; i++)
		if (p->lists[i].name && !strcmp(p->lists[i].name, name))
			return &p->lists[i];
	return NULL;
}

/* The next hook of p, zeroed (p->hooks has room: add_room). */
static struct tp_hook *add_hook(struct tp_policy *p, const char *call, size_t len, bool syscall,
				struct tp_loc loc, struct parser *ps)
{
	struct tp_hook *h = &p->hooks[p->nhooks];

	h->call = tp_parse_memdup(ps, call, len);
	if (!h->call)
		return NULL;
	h->kind = TP_HOOK_ENFORCER;
	h->syscall = syscall;
	h->loc = loc;
	p->nhooks++;
	return h;
}

/* One hook per function of call: itself, or the values of the list it names. */
static void add_call(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	const char *s = (const char *)n->data.scalar.value, *name;
	const struct tp_list *l;
	bool sys;
	size_t i;

	if (strncmp(s, "list:", 5)) {
		add_hook(p, s, n->data.scalar.length, false, node_loc(n), ps);
		return;
	}
	name = s + 5;
	l = find_list(p, name);
	if (!l) {
		parse_err(ps, n, "enforcer call '%s': no list named '%s' in spec.lists",
			  tp_parse_text(ps, n), name);
		return;
	}
	if (l->type && *l->type && strcasecmp(l->type, "syscalls")) {
		/* Tetragon takes their values, which it generates, as they are */
		parse_err(ps, n,
			  "enforcer call '%s': a list of type '%s' is not supported yet (lists "
			  "of syscalls or of functions are)",
			  tp_parse_text(ps, n), l->type);
		return;
	}
	if (!l->nvalues)
		parse_err(ps, n, "enforcer call '%s': list '%s' has no values",
			  tp_parse_text(ps, n), name);
	sys = l->type && !strcasecmp(l->type, "syscalls");
	for (i = 0; i < l->nvalues && !ps->err; i++)
		add_hook(p, l->values[i].str, l->values[i].len, sys, l->values[i].loc, ps);
}

/* Room in p->hooks for the hooks of calls. */
static bool add_room(struct parser *ps, yaml_node_t *calls, struct tp_policy *p)
{
	const struct tp_list *l;
	struct tp_hook *grown;
	yaml_node_t *v;
	size_t i, n = 0;

	for_each_item(ps, calls, i, v) {
		const char *s =
		    v->type == YAML_SCALAR_NODE ? (const char *)v->data.scalar.value : NULL;

		l = s && !strncmp(s, "list:", 5) ? find_list(p, s + 5) : NULL;
		n += l ? l->nvalues : 1;
	}
	grown = realloc(p->hooks, (p->nhooks + n + 1) * sizeof(*grown));
	if (!grown) {
		ps->err = -ENOMEM;
		return false;
	}
	memset(grown + p->nhooks, 0, (n + 1) * sizeof(*grown));
	p->hooks = grown;
	return true;
}

void tp_parse_enforcers(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	struct enforcer_ctx x = { p, NULL };
	yaml_node_t *v, *c;
	uint64_t seen;
	size_t i, j;

	for_each_item(ps, n, i, v) {
		x.calls = NULL;
		if (i == 1) /* Tetragon: "we support only single enforcer sensor" */
			parse_err(ps, v, "only one enforcer is supported (Tetragon's rule)");
		if (!tp_parse_map(ps, v, enforcer_keys, EN__N, "enforcer", enforcer_pair, &x,
				  &seen))
			continue;
		tp_parse_require(ps, v, seen, BIT(EN_CALLS), enforcer_keys, "enforcer");
		if (!x.calls || i > 0)
			continue;
		if (!nitems(x.calls))
			parse_err(ps, x.calls, "enforcer has no calls");
		if (!add_room(ps, x.calls, p))
			return;
		for_each_item(ps, x.calls, j, c)
			if (tp_parse_want_scalar(ps, c))
				add_call(ps, c, p);
	}
}
