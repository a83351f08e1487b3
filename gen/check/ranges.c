// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The values of InMap, NotInMap, InRange and NotInRange on an integer arg:
 * numbers, "min:max" ranges and (InMap) "list:NAME" syscall lists, each
 * parsed into num..num_hi. Tetragon: writeMatchValuesInMap, writeRangeInMap,
 * writeMatchValuesRange (pkg/selectors/kernel.go) and listReader.Read
 * (pkg/sensors/tracing/lists_linux.go).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <tp/arg_blobs.h>

#include "checker.h"
#include "kbtf.h"
#include "values.h"

static const struct tp_list *find_list(struct checker *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->p->nlists; i++)
		if (c->p->lists[i].name && !strcmp(c->p->lists[i].name, name))
			return &c->p->lists[i];
	return NULL;
}

/*
 * One bound of a range: part of v, as Tetragon reads it for an arg of type t.
 * InMap: base 10, 64 bits, ParseInt or ParseUint by t (writeMatchValuesInMap and
 * writeRangeInMap: "010" is ten). InRange: strconv.ParseInt(v, 0, 64) whatever t, then
 * for a filter of 4 bytes or fewer at most 4294967295, cut to 32 bits
 * (writeMatchValuesRange), as the filter's view compares it: "-1" is 0xffffffff to a
 * uint32, -1 to an int.
 */
static int bound(struct checker *c, const char *label, const struct tp_value *v, const char *s,
		 size_t len, enum tp_arg_type t, bool decimal, uint64_t *out)
{
	struct tp_int_view w = tp_value__view(t, TP_OP_IN_RANGE);
	enum tp_arg_type pt = TP_ARG_SINT64;
	struct tp_value part = { .len = len, .str = (char *)s, .loc = v->loc };
	size_t sign = len && (s[0] == '-' || s[0] == '+') ? 1 : 0, i;
	char msg[256], q[128], *buf;
	int ret;

	if (decimal) {
		for (i = sign; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == sign || i < len) {
			tp_value__quote(&part, q, sizeof(q));
			hook_err(c, v->loc,
				 "%s: value '%s' is not a decimal integer (InMap reads base 10)",
				 label, q);
			return -1;
		}
	}
	buf = malloc(len + 1);
	if (!buf)
		return -1;
	/* the sign, then the digits without the leading zeros that would read as octal */
	memcpy(buf, s, sign);
	for (i = sign; decimal && i + 1 < len && s[i] == '0'; i++)
		;
	memcpy(buf + sign, s + i, len - i);
	part.len = sign + len - i;
	buf[part.len] = '\0';
	part.str = buf;
	if (decimal)
		pt = tp_arg_type__parse_signed(t) ? TP_ARG_SINT64 : TP_ARG_UINT64;
	ret = tp_value__parse_int(&part, pt, out, msg, sizeof(msg));
	if (ret == -ERANGE && !decimal) {
		tp_value__quote(&part, q, sizeof(q));
		hook_err(c, v->loc,
			 "%s: range bound '%s' does not fit a 64-bit int (Tetragon reads InRange "
			 "bounds with ParseInt(v, 0, 64))",
			 label, q);
	} else if (ret) {
		hook_err(c, v->loc, "%s: %s", label, msg);
	} else if (!decimal && w.bytes <= 4 && (int64_t)*out > (int64_t)UINT32_MAX) {
		tp_value__quote(&part, q, sizeof(q));
		hook_err(
		    c, v->loc,
		    "%s: range bound '%s' is past 4294967295, the most Tetragon takes for the %s "
		    "arg",
		    label, q, tp_arg_type__name(t));
		ret = -1;
	} else if (!decimal && w.bytes <= 4) {
		*out &= UINT32_MAX;
		if (w.is_signed)
			*out = (uint64_t)(int64_t)(int32_t)(uint32_t)*out;
	}
	free(buf);
	return ret;
}

static bool less(uint64_t a, uint64_t b, bool is_signed)
{
	return is_signed ? (int64_t)a < (int64_t)b : a < b;
}

/*
 * An InMap value or range, its keys as Tetragon looks them up: an arg narrower than 8 bytes
 * zero-extended (filter_32ty_map and the like), so only keys 0 .. 2^bits - 1 can match. A
 * value or range with a key past those is refused: it would never match, or match only in
 * part (and Tetragon's writeRangeInMap would add each of its keys to the map).
 */
static void map_keys(struct checker *c, const char *label, struct tp_value *v, enum tp_arg_type t)
{
	struct tp_int_view w = tp_value__view(t, TP_OP_IN_MAP);
	uint64_t max = tp_int_view__max(w);
	char q[128];

	if (w.bytes >= 8)
		return;
	if ((tp_arg_type__parse_signed(t) && (int64_t)v->num < 0) || v->num_hi > max) {
		tp_value__quote(v, q, sizeof(q));
		hook_err(c, v->loc,
			 "%s: value '%s' is outside 0..%" PRIu64 ": Tetragon looks the %s arg up "
			 "zero-extended, so no key past those matches",
			 label, q, max, tp_arg_type__name(t));
	}
}

/*
 * An InRange or NotInRange range, compared as the filter's view compares
 * (filter_{8,16,32,64}ty_range, bpf/process/types/basic.h). writeMatchValuesRange does not
 * turn a reversed range round, so no value is in it: refused, as one that starts past what
 * the arg can be.
 */
static void in_range(struct checker *c, const char *label, struct tp_value *v, enum tp_arg_type t)
{
	struct tp_int_view w = tp_value__view(t, TP_OP_IN_RANGE);
	char q[128], as[48];

	tp_value__quote(v, q, sizeof(q));
	if (w.is_signed)
		snprintf(as, sizeof(as), "%" PRId64 ":%" PRId64, (int64_t)v->num,
			 (int64_t)v->num_hi);
	else
		snprintf(as, sizeof(as), "%" PRIu64 ":%" PRIu64, v->num, v->num_hi);
	if (less(v->num_hi, v->num, w.is_signed))
		hook_err(c, v->loc,
			 "%s: range '%s' starts past its end (%s on the %s arg, as Tetragon "
			 "compares it), and Tetragon does not turn it round: no value is in it "
			 "(write 'min:max')",
			 label, q, as, tp_arg_type__name(t));
	else if (!w.is_signed && v->num > tp_int_view__max(w))
		hook_err(c, v->loc,
			 "%s: range '%s' starts past %" PRIu64 ", the most the low %d bits of a %s "
			 "arg Tetragon compares can be: no value is in it",
			 label, q, tp_int_view__max(w), 8 * w.bytes, tp_arg_type__name(t));
}

/* "n" or "min:max" (InRange: only the latter, as writeMatchValuesRange wants). */
static void parse_range(struct checker *c, const char *label, struct tp_value *v,
			enum tp_arg_type t, bool need_colon)
{
	const char *colon = v->str ? memchr(v->str, ':', v->len) : NULL;
	char q[128];

	if (v->str && !strncmp(v->str, "list:", 5)) {
		hook_err(c, v->loc, "%s: list:NAME values are for InMap and NotInMap", label);
		return;
	}
	if (!colon) {
		if (need_colon) {
			tp_value__quote(v, q, sizeof(q));
			hook_err(c, v->loc, "%s: value '%s' is not a range (write 'min:max')",
				 label, q);
			return;
		}
		if (!bound(c, label, v, v->str, v->len, t, !need_colon, &v->num)) {
			v->num_hi = v->num;
			map_keys(c, label, v, t);
		}
		return;
	}
	if (memchr(colon + 1, ':', v->len - (size_t)(colon + 1 - v->str))) {
		tp_value__quote(v, q, sizeof(q));
		hook_err(c, v->loc, "%s: value '%s' is not a range (write 'min:max')", label, q);
		return;
	}
	if (bound(c, label, v, v->str, (size_t)(colon - v->str), t, !need_colon, &v->num) ||
	    bound(c, label, v, colon + 1, v->len - (size_t)(colon + 1 - v->str), t, !need_colon,
		  &v->num_hi))
		return;
	if (need_colon) {
		in_range(c, label, v, t);
		return;
	}
	/* a reversed range is turned round, as writeRangeInMap does, in the sign it reads */
	if (less(v->num_hi, v->num, tp_arg_type__parse_signed(t))) {
		uint64_t x = v->num;

		v->num = v->num_hi;
		v->num_hi = x;
	}
	map_keys(c, label, v, t);
}

/* Append syscall nr, named str, to *out as a value at v's place; -1 when out of memory. */
static int add_nr(struct tp_value **out, size_t *nout, const struct tp_value *v, const char *str,
		  int64_t nr)
{
	struct tp_value *o = realloc(*out, (*nout + 1) * sizeof(**out));

	if (!o)
		return -1;
	*out = o;
	o = &o[(*nout)++];
	memset(o, 0, sizeof(*o));
	o->str = strdup(str);
	if (!o->str)
		return -1;
	o->len = strlen(str);
	o->loc = v->loc;
	o->num = o->num_hi = (uint64_t)nr;
	return 0;
}

struct gen_out {
	const struct tp_value *v;
	struct tp_value **out;
	size_t *nout;
};

static int add_generated(const char *sym, int nr, void *arg)
{
	struct gen_out *g = arg;

	return add_nr(g->out, g->nout, g->v, sym, nr);
}

/* The syscall numbers of list name, as values at v's place; -1 when refused. */
static int list_values(struct checker *c, const char *label, const struct tp_value *v,
		       const char *name, enum tp_arg_type t, struct tp_value **out, size_t *nout)
{
	const struct tp_list *l = find_list(c, name);
	bool generated;
	size_t i;

	if (!l) {
		hook_err(c, v->loc, "%s: there is no list '%s' in spec.lists", label, name);
		return -1;
	}
	generated = l->type && !strcasecmp(l->type, "generated_syscalls");
	if (!generated && (!l->type || strcasecmp(l->type, "syscalls"))) {
		hook_err(
		    c, v->loc,
		    "%s: list '%s' is not a syscalls list: only syscalls and generated_syscalls "
		    "lists give values",
		    label, name);
		return -1;
	}
	if (t != TP_ARG_SYSCALL64) {
		hook_err(c, v->loc,
			 "%s: list '%s' gives syscall numbers: the arg must be of type syscall64 "
			 "(Tetragon's listReader refuses it too)",
			 label, name);
		return -1;
	}
	if (generated) {
		struct gen_out g = { v, out, nout };

		return tp_check__generated_syscalls(c, v->loc, name, add_generated, &g);
	}
	for (i = 0; i < l->nvalues; i++) {
		const struct tp_value *e = &l->values[i];
		int64_t nr = tp_check__syscall_nr(c, e->str ? e->str : "");

		if (nr < 0) {
			hook_err(c, tp_check__loc(e->loc, l->loc),
				 "list '%s': '%s' is not a syscall of this machine's ABIs (%s)",
				 name, e->str ? e->str : "", tp_check__syscall_abis(c));
			return -1;
		}
		if (add_nr(out, nout, v, e->str, nr))
			return -1;
	}
	return 0;
}

void tp_check__range_values(struct checker *c, struct tp_match_arg *m, const struct tp_arg *a,
			    const char *label)
{
	bool in_map = m->op == TP_OP_IN_MAP || m->op == TP_OP_NOT_IN_MAP;
	struct tp_value *vals = NULL;
	size_t nvals = 0, i;
	bool lists = false;

	for (i = 0; i < m->nvalues; i++) {
		struct tp_value *v = &m->values[i];

		v->loc = tp_check__loc(v->loc, m->loc);
		if (in_map && v->str && !strncmp(v->str, "list:", 5)) {
			lists = true;
			continue;
		}
		parse_range(c, label, v, a->type, !in_map);
	}
	if (!lists)
		return;
	/* list:NAME values become the list's numbers, in place */
	for (i = 0; i < m->nvalues; i++) {
		struct tp_value *v = &m->values[i], *o;

		if (v->str && !strncmp(v->str, "list:", 5)) {
			if (list_values(c, label, v, v->str + 5, a->type, &vals, &nvals))
				break;
			continue;
		}
		o = realloc(vals, (nvals + 1) * sizeof(*vals));
		if (!o)
			break;
		vals = o;
		vals[nvals] = *v;
		vals[nvals++].str = strdup(v->str ? v->str : "");
	}
	if (i < m->nvalues) {
		tp_values__free(vals, nvals);
		return;
	}
	tp_values__free(m->values, m->nvalues);
	m->values = vals;
	m->nvalues = nvals;
}
