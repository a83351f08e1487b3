// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Network matchArgs: which operator fits which arg, and the values. */

#include "checker.h"
#include "net_values.h"
#include "words.h"

/* Does arg type t have the field a network operator tests? */
static bool has_field(enum tp_arg_type t, enum tp_net_field f)
{
	if (tp_arg_type__has(t, TP_ARGF_ONE_ADDR))
		return f == TP_NF_SADDR || f == TP_NF_SPORT || f == TP_NF_FAMILY;
	if (tp_arg_type__has(t, TP_ARGF_NO_STATE))
		return f != TP_NF_STATE;
	return true;
}

/* "sock or socket": the network types that have field f, for messages. */
static const char *types_with(enum tp_net_field f)
{
	static char buf[128];
	const char *names[TP_ARG__MAX];
	size_t n = 0;
	int t;

	for (t = TP_ARG_NONE + 1; t < TP_ARG__MAX; t++)
		if (tp_arg_type__class(t) == TP_ACL_NET && has_field(t, f))
			names[n++] = tp_arg_type__name(t);
	return tp_words__join_or(buf, sizeof(buf), names, n);
}

void tp_check__net_match(struct checker *c, struct tp_match_arg *m, const struct tp_arg *a,
			 const char *label)
{
	struct tp_loc oloc = tp_check__loc(m->op_loc, m->loc);
	const struct tp_op_info *oi = tp_op__info(m->op);
	const char *op = m->op_name ? m->op_name : "?";
	struct tp_net_value nv;
	char msg[256];
	size_t i;

	if (oi->base != TP_BASE_NET) {
		/* a non-network operator on a network arg */
		hook_err(c, oloc,
			 "%s: operator '%s' does not apply to a %s argument (use SPort, "
			 "DPort, SAddr, DAddr, Protocol, Family, State and their Not forms)",
			 label, op, tp_check__type_name(a));
		return;
	}
	if (!a || a->type == TP_ARG_NONE)
		return; /* the index's or the arg's own error says why */
	if (a->type == TP_ARG_SOCKADDR_UN && oi->net == TP_NF_FAMILY) {
		hook_err(c, oloc, "%s: operator '%s' on a %s argument is not supported yet", label,
			 op, tp_check__type_name(a));
		return;
	}
	if (tp_arg_type__class(a->type) != TP_ACL_NET) {
		hook_err(c, oloc, "%s: operator '%s' needs a %s argument, not %s", label, op,
			 tp_arg_type__names(TP_ACL_NET, 0), tp_check__type_name(a));
		return;
	}
	if (!has_field(a->type, oi->net)) {
		if (tp_arg_type__has(a->type, TP_ARGF_ONE_ADDR))
			hook_err(c, oloc,
				 "%s: operator '%s' does not apply to a %s argument (it has "
				 "one address and port: use SAddr, NotSAddr, SPort, NotSPort, "
				 "SPortPriv, NotSPortPriv or Family)",
				 label, op, tp_check__type_name(a));
		else
			hook_err(c, oloc,
				 "%s: operator '%s' needs a %s argument (a packet has no "
				 "TCP state)",
				 label, op, types_with(oi->net));
		return;
	}
	if (oi->priv) {
		if (m->nvalues)
			hook_err(c, oloc,
				 "%s: operator '%s' takes no values: they are not supported", label,
				 op);
		return;
	}
	if (!m->nvalues) {
		hook_err(c, oloc, "%s: operator '%s' needs at least one value", label, op);
		return;
	}
	for (i = 0; i < m->nvalues; i++) {
		if (tp_net_value__parse(oi->net, &m->values[i], &nv, msg, sizeof(msg)))
			hook_err(c, tp_check__loc(m->values[i].loc, m->loc), "%s: %s", label, msg);
	}
}
