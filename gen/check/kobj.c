// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * matchArgs on kernel objects: capability sets and capabilities (class CAPS)
 * filter as integers, with capability names as values; the other objects
 * are captured, not filtered.
 */
#include <ctype.h>
#include <string.h>

#include "cap_names.h"
#include "checker.h"
#include "values.h"

/*
 * A capability set value as Tetragon's parseCapabilitiesMask reads it: a
 * number, or capability names separated by commas. 0 or -1 (reported).
 */
static int parse_cap_set(struct checker *c, const char *label, struct tp_value *v,
			 struct tp_loc loc)
{
	char name[64];
	const char *p = v->str, *end;
	uint64_t mask = 0;
	size_t n;
	int cap;

	if (!tp_value__parse_int(v, TP_ARG_UINT64, &v->num, NULL, 0))
		return 0;
	if (!v->str || strlen(v->str) != v->len || !v->len)
		goto bad;
	for (;;) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		while (p < end && isspace((unsigned char)*p))
			p++;
		n = end - p;
		while (n && isspace((unsigned char)p[n - 1]))
			n--;
		if (!n || n >= sizeof(name))
			goto bad;
		memcpy(name, p, n);
		name[n] = 0;
		cap = tp_cap_number(name);
		if (cap < 0) {
			hook_err(c, loc,
				 "%s: '%s' is not a capability name (CAP_CHOWN ... "
				 "CAP_CHECKPOINT_RESTORE)",
				 label, name);
			return -1;
		}
		mask |= (uint64_t)1 << cap;
		if (!*end)
			break;
		p = end + 1;
	}
	v->num = mask;
	return 0;
bad:
	hook_err(c, loc,
		 "%s: a capability set is a number or capability names separated by "
		 "commas, not '%s'",
		 label, v->str ? v->str : "");
	return -1;
}

/* A capability number: an integer, or one capability's name. */
static void parse_cap(struct checker *c, const char *label, struct tp_value *v, struct tp_loc loc)
{
	char msg[256];
	int cap;

	if (!tp_value__parse_int(v, TP_ARG_INT, &v->num, msg, sizeof(msg)))
		return;
	cap = v->str && strlen(v->str) == v->len ? tp_cap_number(v->str) : -1;
	if (cap >= 0)
		v->num = cap;
	else
		hook_err(c, loc,
			 "%s: a capability is a number or a name like CAP_SYS_ADMIN, "
			 "not '%s'",
			 label, v->str ? v->str : "");
}

bool tp_check__kobj_match(struct checker *c, struct tp_match_arg *m, const struct tp_arg *a,
			  const char *label)
{
	struct tp_loc oloc = tp_check__loc(m->op_loc, m->loc);
	const struct tp_op_info *oi = tp_op__info(m->op);
	const char *op = m->op_name ? m->op_name : "?";
	size_t i;

	switch (tp_arg_type__class(a->type)) {
	case TP_ACL_CAPS:
		if (oi->base != TP_BASE_EQ && oi->base != TP_BASE_MASK && oi->base != TP_BASE_GT &&
		    oi->base != TP_BASE_LT) {
			hook_err(c, oloc,
				 "%s: operator '%s' does not apply to type '%s' (use "
				 "Equal, NotEqual, Mask, GT or LT)",
				 label, op, tp_arg_type__name(a->type));
			return true;
		}
		for (i = 0; i < m->nvalues; i++) {
			struct tp_value *v = &m->values[i];
			struct tp_loc loc = tp_check__loc(v->loc, m->loc);

			/* a set has a bit per capability, 64 of them; a capability is a number */
			if (tp_arg_type__size(a->type) == 8)
				parse_cap_set(c, label, v, loc);
			else
				parse_cap(c, label, v, loc);
		}
		return true;
	case TP_ACL_OBJECT:
		hook_err(c, oloc,
			 "%s: type '%s' is captured, not filtered: operator '%s' does "
			 "not apply to it",
			 label, tp_arg_type__name(a->type), op);
		return true;
	default:
		return false;
	}
}
