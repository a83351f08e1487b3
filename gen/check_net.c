// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The checker's part for network args and operators: which operator fits which arg, values. */
#include <stdio.h>

#include "check_priv.h"
#include "net_values.h"
#include "values.h"

static const char *_arg_type_name(const struct tp_arg *a)
{
	return a->type_name ? a->type_name : tp_arg_type__name(a->type);
}

/* The operators Tetragon accepts on a sockaddr, which has one address and one port. */
static bool _sockaddr_op(const struct tp_net_op *n)
{
	return n->field == TP_NF_SADDR || n->field == TP_NF_SPORT || n->field == TP_NF_FAMILY;
}

void tp_check__net_match(struct checker *c, struct tp_match_arg *m, const struct tp_arg *a,
			 const char *label)
{
	struct tp_loc oloc = m->op_loc.line ? m->op_loc : m->loc;
	const char *op = m->op_name ? m->op_name : "?";
	struct tp_net_value nv;
	struct tp_net_op n;
	char msg[256];
	size_t i;

	if (!tp_op__net(m->op, &n)) {
		/* a non-network operator on a network arg */
		hook_err(c, oloc, "%s: operator '%s' does not apply to a %s argument (use SPort, "
			 "DPort, SAddr, DAddr, Protocol, Family, State and their Not forms)",
			 label, op, _arg_type_name(a));
		return;
	}
	if (!a || a->type == TP_ARG_NONE)
		return; /* the index's or the arg's own error says why */
	if (tp_arg_type__class(a->type) != TP_ACL_NET) {
		hook_err(c, oloc, "%s: operator '%s' needs a sock, socket, skb or sockaddr argument, "
			 "not %s", label, op, _arg_type_name(a));
		return;
	}
	if (a->type == TP_ARG_SOCKADDR && !_sockaddr_op(&n)) {
		hook_err(c, oloc, "%s: operator '%s' does not apply to a sockaddr argument (it has "
			 "one address and port: use SAddr, NotSAddr, SPort, NotSPort, SPortPriv, "
			 "NotSPortPriv or Family)", label, op);
		return;
	}
	if (a->type == TP_ARG_SKB && n.field == TP_NF_STATE) {
		hook_err(c, oloc, "%s: operator '%s' needs a sock or socket argument (a packet has "
			 "no TCP state)", label, op);
		return;
	}
	if (n.priv) {
		if (m->nvalues)
			hook_warn(c, oloc, "%s: operator '%s' takes no values: they are ignored", label,
				  op);
		return;
	}
	if (!m->nvalues) {
		hook_err(c, oloc, "%s: operator '%s' needs at least one value", label, op);
		return;
	}
	for (i = 0; i < m->nvalues; i++) {
		if (tp_net_value__parse(n.field, &m->values[i], &nv, msg, sizeof(msg)))
			hook_err(c, m->values[i].loc.line ? m->values[i].loc : m->loc, "%s: %s", label,
				 msg);
	}
}
