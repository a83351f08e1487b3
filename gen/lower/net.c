// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Lowering network filters: ranges and prefixes, inline or in LPM tries (see lower.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/vec.h"
#include "check/net_values.h"

#include "maps.h"
#include "net.h"

/* Entry i of map id: its key bytes (the value byte after them is set to 1). */
static uint8_t *entry(struct tp_plan *plan, int id, uint32_t i)
{
	struct tp_lmap *m = &plan->maps[id];
	uint8_t *e = m->entries + (size_t)i * (m->key_size + 1);

	e[m->key_size] = 1;
	return e;
}

static void put_prefixlen(uint8_t *e, uint32_t bits)
{
	int b;

	for (b = 0; b < 4; b++)
		e[b] = (uint8_t)(bits >> (8 * b));
}

/* LPM entries (into out, unless NULL) for the aligned power-of-two blocks covering lo..hi; returns
 * how many. */
static size_t range_blocks(uint32_t lo, uint32_t hi, uint8_t *out)
{
	size_t n = 0;
	uint32_t v = lo;

	while (v <= hi) {
		int k = 0;

		while (k < 16 && !(v & (1u << k)) && v + (2u << k) - 1 <= hi)
			k++;
		if (out) {
			uint8_t *e = out + n * 7;

			put_prefixlen(e, (uint32_t)(16 - k));
			e[4] = (uint8_t)(v >> 8);
			e[5] = (uint8_t)v;
			e[6] = 1;
		}
		n++;
		if (v + (1u << k) - 1 >= hi)
			break;
		v += 1u << k;
	}
	return n;
}

static int map_ranges(struct tp_plan *plan, const struct tp_lnet *f)
{
	size_t i, n = 0;
	int id;

	for (i = 0; i < f->nranges; i++)
		n += range_blocks(f->ranges[i].lo, f->ranges[i].hi, NULL);
	id = tp_plan__add_map(plan, TP_MAP_LPM, 4 + 2, (uint32_t)n);
	if (id < 0)
		return id;
	plan->maps[id].data_len = 2;
	for (i = 0, n = 0; i < f->nranges; i++)
		n += range_blocks(f->ranges[i].lo, f->ranges[i].hi, plan->maps[id].entries + n * 7);
	return id;
}

static int map_prefixes(struct tp_plan *plan, const struct tp_lnet_prefix *p, size_t n, int alen)
{
	int id = tp_plan__add_map(plan, TP_MAP_LPM, 4 + (uint32_t)alen, (uint32_t)n);
	size_t i;

	if (id < 0)
		return id;
	plan->maps[id].data_len = (uint32_t)alen;
	for (i = 0; i < n; i++) {
		uint8_t *e = entry(plan, id, (uint32_t)i);

		put_prefixlen(e, (uint32_t)p[i].bits);
		memcpy(e + 4, p[i].addr, (size_t)alen);
	}
	return id;
}

int tp_lower__net(struct tp_plan *plan, const struct tp_hook *h, const struct tp_match_arg *m,
		  struct tp_lnet *f, size_t inline_max)
{
	const struct tp_op_info *op = tp_op__info(m->op);
	struct tp_net_value v;
	char err[256];
	size_t i;

	f->arg_pos = m->arg_pos;
	f->type = h->args[m->arg_pos].type;
	f->op = m->op;
	f->map = f->map4 = f->map6 = -1;
	if (!op || op->base != TP_BASE_NET)
		return -EINVAL;
	f->field = op->net;
	f->negate = op->negate;
	f->priv = op->priv;
	if (op->priv)
		return 0;
	f->ranges = tp_vec__calloc(m->nvalues, sizeof(*f->ranges));
	f->v4 = tp_vec__calloc(m->nvalues, sizeof(*f->v4));
	f->v6 = tp_vec__calloc(m->nvalues, sizeof(*f->v6));
	if (!f->ranges || !f->v4 || !f->v6)
		return -ENOMEM;
	for (i = 0; i < m->nvalues; i++) {
		if (tp_net_value__parse(op->net, &m->values[i], &v, err, sizeof(err)))
			return -EINVAL; /* the checker reported it */
		if (v.alen == 4) {
			memcpy(f->v4[f->nv4].addr, v.addr, 4);
			f->v4[f->nv4++].bits = v.bits;
		} else if (v.alen == 16) {
			memcpy(f->v6[f->nv6].addr, v.addr, 16);
			f->v6[f->nv6++].bits = v.bits;
		} else {
			f->ranges[f->nranges].lo = v.lo;
			f->ranges[f->nranges++].hi = v.hi;
		}
	}
	if (f->nranges > inline_max && (f->map = map_ranges(plan, f)) < 0)
		return f->map;
	if (f->nv4 > inline_max && (f->map4 = map_prefixes(plan, f->v4, f->nv4, 4)) < 0)
		return f->map4;
	if (f->nv6 > inline_max && (f->map6 = map_prefixes(plan, f->v6, f->nv6, 16)) < 0)
		return f->map6;
	return 0;
}

void tp_lnet__free(struct tp_lnet *f)
{
	free(f->ranges);
	free(f->v4);
	free(f->v6);
}
