// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The values of InMap, NotInMap, InRange and NotInRange on an integer arg:
 * numbers, "min:max" ranges and (InMap) "list:NAME" syscall lists, each
 * parsed into num..num_hi. Tetragon: writeMatchValuesInMap, writeRangeInMap,
 * writeMatchValuesRange (pkg/selectors/kernel.go) and listReader.Read
 * (pkg/sensors/tracing/lists_linux.go).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <tp/arg_blobs.h>

#include "syscall_nrs.h" /* $(O)/include, from scripts/gen-syscall-nrs.sh */

#include "checker.h"
#include "values.h"

struct nr {
	const char *name;
	int nr;
};

/* clang-format off */
#define TP_NR_ROW(name, nr) { name, nr },
static const struct nr nrs_x64[] = { TP_SYSCALLS_X64(TP_NR_ROW) };
static const struct nr nrs_i386[] = { TP_SYSCALLS_I386(TP_NR_ROW) };
#undef TP_NR_ROW
/* clang-format on */

static bool cut(const char **s, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(*s, prefix, n))
		return false;
	*s += n;
	return true;
}

/*
 * A syscalls list entry as SyscallVal.ID reads it: "[x64/|i386/]" then
 * "__x64_" or "__ia32_" (the ABI they name), then an optional "sys_"; an
 * i386 number carries TP_SYSCALL64_I386 (Tetragon's Is32Bit). -1: unknown.
 */
static int64_t syscall_nr(const char *v)
{
	const struct nr *t = nrs_x64;
	size_t n = sizeof(nrs_x64) / sizeof(nrs_x64[0]), i;
	bool i386 = false;

	if (cut(&v, "i386/"))
		i386 = true;
	else
		cut(&v, "x64/");
	if (cut(&v, "__ia32_"))
		i386 = true;
	else
		cut(&v, "__x64_");
	cut(&v, "sys_");
	if (i386) {
		t = nrs_i386;
		n = sizeof(nrs_i386) / sizeof(nrs_i386[0]);
	}
	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, v))
			return t[i].nr | (i386 ? TP_SYSCALL64_I386 : 0);
	return -1;
}

static const struct tp_list *find_list(struct checker *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->p->nlists; i++)
		if (c->p->lists[i].name && !strcmp(c->p->lists[i].name, name))
			return &c->p->lists[i];
	return NULL;
}

/*
 * One bound of a range: part of v, as an integer of type t. InMap reads
 * base 10 (strconv.ParseInt(v, 10, 64) in writeMatchValuesInMap and
 * writeRangeInMap: "010" is ten), InRange base 0 (writeMatchValuesRange).
 */
static int bound(struct checker *c, const char *label, const struct tp_value *v, const char *s,
		 size_t len, enum tp_arg_type t, bool decimal, uint64_t *out)
{
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
	ret = tp_value__parse_int(&part, t, out, msg, sizeof(msg));
	if (ret)
		hook_err(c, v->loc, "%s: %s", label, msg);
	free(buf);
	return ret;
}

static bool less(uint64_t a, uint64_t b, bool is_signed)
{
	return is_signed ? (int64_t)a < (int64_t)b : a < b;
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
		if (!bound(c, label, v, v->str, v->len, t, !need_colon, &v->num))
			v->num_hi = v->num;
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
	/* a reversed range is turned round, as writeRangeInMap does */
	if (less(v->num_hi, v->num, tp_arg_type__is_signed(t))) {
		uint64_t x = v->num;

		v->num = v->num_hi;
		v->num_hi = x;
	}
}

/* The syscall numbers of list name, as values at v's place; -1 when refused. */
static int list_values(struct checker *c, const char *label, const struct tp_value *v,
		       const char *name, enum tp_arg_type t, struct tp_value **out, size_t *nout)
{
	const struct tp_list *l = find_list(c, name);
	size_t i;

	if (!l) {
		hook_err(c, v->loc, "%s: there is no list '%s' in spec.lists", label, name);
		return -1;
	}
	if (!l->type || strcasecmp(l->type, "syscalls")) {
		hook_err(c, v->loc,
			 "%s: list '%s' is not a syscalls list: only syscall lists give values "
			 "(generated_syscalls lists are not supported yet)",
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
	for (i = 0; i < l->nvalues; i++) {
		const struct tp_value *e = &l->values[i];
		int64_t nr = syscall_nr(e->str ? e->str : "");
		struct tp_value *o;

		if (nr < 0) {
			hook_err(c, tp_check__loc(e->loc, l->loc),
				 "list '%s': '%s' is not a syscall of this machine's ABIs (x64, "
				 "i386)",
				 name, e->str ? e->str : "");
			return -1;
		}
		o = realloc(*out, (*nout + 1) * sizeof(**out));
		if (!o)
			return -1;
		*out = o;
		o = &o[(*nout)++];
		memset(o, 0, sizeof(*o));
		o->str = strdup(e->str);
		o->len = strlen(e->str);
		o->loc = v->loc;
		o->num = o->num_hi = (uint64_t)nr;
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
