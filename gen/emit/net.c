// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Network filters as functions over a tuple (struct tp_net_tuple, read once
 * per arg by tp_net_tuple_T in tp_net.bpf.h): ports, protocol, family and
 * state against constants or LPM tries, addresses against prefixes.
 */
#include <inttypes.h>
#include <stdio.h>

#include "parts.h"

static const char *field_name(enum tp_net_field field)
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

/* One term per range of a 16-bit (or 8-bit) field, each negated for the Not forms. */
static void range_terms(struct tp_terms *t, const struct tp_lnet *f, const char *var)
{
	bool neg = f->negate;
	size_t i;

	if (f->map >= 0) {
		tp_terms__add(t, "%sTP_NET_LPM16(&" TP_SET_NAME "%d, %s)", neg ? "!" : "", f->map,
			      var);
		return;
	}
	for (i = 0; i < f->nranges; i++) {
		const struct tp_lnet_range *r = &f->ranges[i];

		if (r->lo == r->hi)
			tp_terms__add(t, "%s %s %u", var, neg ? "!=" : "==", r->lo);
		else if (!r->lo)
			tp_terms__add(t, "%s %s %u", var, neg ? ">" : "<=", r->hi);
		else if (neg)
			tp_terms__add(t, "(%s < %u || %s > %u)", var, r->lo, var, r->hi);
		else
			tp_terms__add(t, "(%s >= %u && %s <= %u)", var, r->lo, var, r->hi);
	}
}

/* One term per prefix of one family, on the address array a. */
static void prefix_terms(struct tp_terms *t, const struct tp_lnet_prefix *p, size_t n, int alen,
			 int map, const char *a, bool neg)
{
	char term[256];
	size_t i;
	int w, o;

	if (map >= 0) {
		tp_terms__add(t, "%sTP_NET_LPM%d(&" TP_SET_NAME "%d, %s)", neg ? "!" : "",
			      alen == 4 ? 4 : 6, map, a);
		return;
	}
	for (i = 0; i < n; i++) {
		o = 0;
		for (w = 0; w < alen / 4 && 32 * w < p[i].bits; w++) {
			int keep = p[i].bits - 32 * w;
			uint32_t mask = keep >= 32 ? 0xffffffffu : ~(0xffffffffu >> keep);
			uint32_t v = (uint32_t)p[i].addr[4 * w] << 24 |
				     (uint32_t)p[i].addr[4 * w + 1] << 16 |
				     (uint32_t)p[i].addr[4 * w + 2] << 8 | p[i].addr[4 * w + 3];

			if (mask == 0xffffffffu)
				o += snprintf(term + o, sizeof(term) - o,
					      "%sTP_NET_W(%s, %d) == 0x%08" PRIx32, w ? " && " : "",
					      a, w, v);
			else
				o += snprintf(term + o, sizeof(term) - o,
					      "%s(TP_NET_W(%s, %d) & 0x%08" PRIx32
					      ") == 0x%08" PRIx32,
					      w ? " && " : "", a, w, mask, v);
		}
		if (!o)
			tp_terms__add(t, "%s", neg ? "false" : "true"); /* /0: every address */
		else if (neg)
			tp_terms__add(t, "!(%s)", term);
		else
			tp_terms__add(t, w > 1 ? "(%s)" : "%s", term);
	}
}

/*
 * Tetragon's semantics: an address filter only ever matches an IPv4 or IPv6
 * tuple, negated or not; a family without values matches nothing, or (Not
 * forms) everything.
 */
static void addr_fn(struct tp_emitter *e, const struct tp_lnet *f)
{
	const char *sep = f->negate ? "&&" : "||", *none = f->negate ? "true" : "false";
	static const struct {
		const char *family;
		int alen;
	} fam[] = { { "TP_AF_INET", 4 }, { "TP_AF_INET6", 16 } };
	char a[32];
	size_t k;

	snprintf(a, sizeof(a), "t->%s", field_name(f->field));
	for (k = 0; k < 2; k++) {
		struct tp_terms t = { 0 };

		prefix_terms(&t, k ? f->v6 : f->v4, k ? f->nv6 : f->nv4, fam[k].alen,
			     k ? f->map6 : f->map4, a, f->negate);
		tp_emitter__line(e, "if (t->family == %s)", fam[k].family);
		e->indent++;
		if (t.n)
			tp_emitter__join(e, "return ", &t, sep, ";");
		else
			tp_emitter__line(e, "return %s;", none);
		e->indent--;
		tp_terms__free(&t);
	}
	tp_emitter__line(e, "return false;");
}

void tp_emit__net_fn(struct tp_emitter *e, const char *name, const char *what,
		     const struct tp_lnet *f)
{
	struct tp_terms t = { 0 };
	char var[32];

	tp_emitter__line(e, "/* %s */", what);
	tp_emitter__line(e, "static __always_inline bool %s(const struct tp_net_tuple *t)", name);
	tp_emitter__line(e, "{");
	e->indent++;
	snprintf(var, sizeof(var), "t->%s", field_name(f->field));
	if (f->field == TP_NF_SADDR || f->field == TP_NF_DADDR) {
		addr_fn(e, f);
	} else if (f->priv) {
		tp_emitter__line(e, "return %s %s 1024;", var, f->negate ? ">=" : "<");
	} else {
		range_terms(&t, f, var);
		if (t.n)
			tp_emitter__join(e, "return ", &t, f->negate ? "&&" : "||", ";");
		else
			tp_emitter__line(e, "return %s;", f->negate ? "true" : "false");
	}
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
	tp_terms__free(&t);
}
