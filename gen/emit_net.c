// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Filters on sock, skb, sockaddr and socket arguments: ports, addresses,
 * family, protocol, state. Each arg a selector still needs is read once into
 * a tuple on the stack (tp_net_tuple_T in tp_net.bpf.h); every filter on it
 * then narrows cand[] with comparisons against constants or an LPM lookup.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "emit.h"
#include "net_values.h"
#include "values.h"

static const char *field_name(int field)
{
	switch (field) {
	case TP_NF_SPORT:
		return "sport";
	case TP_NF_DPORT:
		return "dport";
	case TP_NF_SADDR:
		return "saddr";
	case TP_NF_DADDR:
		return "daddr";
	case TP_NF_PROTOCOL:
		return "protocol";
	case TP_NF_FAMILY:
		return "family";
	default:
		return "state";
	}
}

/* Any of the ranges, on the 16-bit (or 8-bit) field var. */
static void range_cond(struct tp_emitter *e, const struct tp_lnet *f, const char *var)
{
	size_t i;

	if (f->map >= 0) {
		tp_emitter__raw(e, "TP_NET_LPM16(&tp_set_%d, %s)", f->map, var);
		return;
	}
	tp_emitter__raw(e, "(0");
	for (i = 0; i < f->nranges; i++) {
		const struct tp_lnet_range *r = &f->ranges[i];

		if (r->lo == r->hi)
			tp_emitter__raw(e, " || %s == %u", var, r->lo);
		else if (!r->lo)
			tp_emitter__raw(e, " || %s <= %u", var, r->hi);
		else
			tp_emitter__raw(e, " || (%s >= %u && %s <= %u)", var, r->lo, var, r->hi);
	}
	tp_emitter__raw(e, ")");
}

/* Any of the prefixes of one family, on the address array a. */
static void prefix_cond(struct tp_emitter *e, const struct tp_lnet_prefix *p, size_t n, int alen,
			int map, const char *a)
{
	size_t i;
	int w;

	if (map >= 0) {
		tp_emitter__raw(e, "TP_NET_LPM%d(&tp_set_%d, %s)", alen == 4 ? 4 : 6, map, a);
		return;
	}
	tp_emitter__raw(e, "(0");
	for (i = 0; i < n; i++) {
		const char *sep = "";

		tp_emitter__raw(e, " || (");
		if (!p[i].bits)
			tp_emitter__raw(e, "1");
		for (w = 0; w < alen / 4 && 32 * w < p[i].bits; w++) {
			int keep = p[i].bits - 32 * w;
			uint32_t mask = keep >= 32 ? 0xffffffffu : ~(0xffffffffu >> keep);
			uint32_t v = (uint32_t)p[i].addr[4 * w] << 24 | (uint32_t)p[i].addr[4 * w + 1] << 16 |
				     (uint32_t)p[i].addr[4 * w + 2] << 8 | p[i].addr[4 * w + 3];

			if (mask == 0xffffffffu)
				tp_emitter__raw(e, "%sTP_NET_W(%s, %d) == 0x%08" PRIx32 "U", sep, a, w, v);
			else
				tp_emitter__raw(e, "%s(TP_NET_W(%s, %d) & 0x%08" PRIx32 "U) == 0x%08" PRIx32 "U",
						sep, a, w, mask, v);
			sep = " && ";
		}
		tp_emitter__raw(e, ")");
	}
	tp_emitter__raw(e, ")");
}

/* Tetragon's semantics: an address filter only matches an IPv4 or IPv6 tuple, negated or not. */
static void addr_cond(struct tp_emitter *e, const struct tp_lnet *f, const char *t)
{
	char a[48];
	const char *neg = f->negate ? "!" : "";

	snprintf(a, sizeof(a), "%s.%s", t, field_name(f->field));
	tp_emitter__raw(e, "((%s.family == 2 && %s", t, neg);
	prefix_cond(e, f->v4, f->nv4, 4, f->map4, a);
	tp_emitter__raw(e, ") || (%s.family == 10 && %s", t, neg);
	prefix_cond(e, f->v6, f->nv6, 16, f->map6, a);
	tp_emitter__raw(e, "))");
}

static void net_cond(struct tp_emitter *e, const struct tp_lnet *f, const char *t)
{
	char var[48];

	if (f->field == TP_NF_SADDR || f->field == TP_NF_DADDR) {
		addr_cond(e, f, t);
		return;
	}
	snprintf(var, sizeof(var), "%s.%s", t, field_name(f->field));
	if (f->priv) {
		tp_emitter__raw(e, "(%s %s 1024)", var, f->negate ? ">=" : "<");
		return;
	}
	if (f->negate)
		tp_emitter__raw(e, "!");
	range_cond(e, f, var);
}

static bool filters_arg(const struct tp_lselector *ls, size_t pos)
{
	size_t i;

	for (i = 0; i < ls->nnets; i++)
		if (ls->nets[i].arg_pos == (int)pos)
			return true;
	return false;
}

void tp_emit__net_filters(struct tp_emitter *e, const struct tp_lhook *lh)
{
	const struct tp_hook *h = lh->hook;
	size_t words = lh->nsels ? (lh->nsels + 63) / 64 : 1;
	uint64_t *need = calloc(words, sizeof(*need));
	char t[32];
	size_t pos, s, i;

	if (!need) {
		e->err = e->err ? e->err : -12;
		return;
	}
	for (pos = 0; pos < h->nargs; pos++) {
		const char *sep = "";
		bool any = false;

		if (tp_arg_type__class(h->args[pos].type) != TP_ACL_NET)
			continue;
		for (i = 0; i < words; i++)
			need[i] = 0;
		for (s = 0; s < lh->nsels; s++)
			if (filters_arg(&lh->sels[s], pos)) {
				need[s / 64] |= (uint64_t)1 << (s % 64);
				any = true;
			}
		if (!any)
			continue;
		tp_emitter__indent(e);
		tp_emitter__raw(e, "if (");
		for (i = 0; i < words; i++) {
			if (!need[i])
				continue;
			tp_emitter__raw(e, "%s(cand[%zu] & 0x%" PRIx64 "ULL)", sep, i, need[i]);
			sep = " || ";
		}
		tp_emitter__raw(e, ") {\n");
		e->indent++;
		snprintf(t, sizeof(t), "nt%zu", pos);
		tp_emitter__line(e, "struct tp_net_tuple %s;", t);
		tp_emitter__blank(e);
		tp_emitter__indent(e);
		tp_emitter__raw(e, "tp_net_tuple_%s(&%s, (__u64)",
				tp_arg_type__info(h->args[pos].type)->reader, t);
		tp_emit__raw_arg(e, lh, pos);
		tp_emitter__raw(e, ");\n");
		for (s = 0; s < lh->nsels; s++) {
			const struct tp_lselector *ls = &lh->sels[s];

			for (i = 0; i < ls->nnets; i++) {
				if (ls->nets[i].arg_pos != (int)pos)
					continue;
				tp_emitter__indent(e);
				tp_emitter__raw(e, "if ((cand[%zu] & 0x%" PRIx64 "ULL) && !", s / 64,
						(uint64_t)1 << (s % 64));
				net_cond(e, &ls->nets[i], t);
				tp_emitter__raw(e, ")\n");
				tp_emitter__line(e, "\tcand[%zu] &= ~0x%" PRIx64 "ULL;", s / 64,
						 (uint64_t)1 << (s % 64));
			}
		}
		e->indent--;
		tp_emitter__line(e, "}");
	}
	free(need);
}
