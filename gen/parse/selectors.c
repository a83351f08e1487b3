// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Selectors: matchArgs/matchReturnArgs, matchPIDs, matchBinaries and the
 * actions, with their operators and values. Values stay text here; the
 * checker types them against the hook's args.
 */
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "parts.h"

/* --- values ---------------------------------------------------------------- */

static void parse_values(struct parser *ps, yaml_node_t *n, struct tp_value **out, size_t *nout)
{
	yaml_node_t *v;
	size_t i;

	if (!tp_parse_want_seq(ps, n) || *out)
		return;
	*out = tp_parse_calloc(ps, nitems(n), sizeof(**out));
	for_each_item(ps, n, i, v)
	{
		struct tp_value *val = &(*out)[*nout];

		if (!tp_parse_want_scalar(ps, v))
			continue;
		val->str = tp_parse_memdup(ps, v->data.scalar.value, v->data.scalar.length);
		if (!val->str)
			break;
		val->len = v->data.scalar.length;
		val->loc = node_loc(v);
		(*nout)++;
	}
}

/* --- selectors ------------------------------------------------------------- */

/*
 * The operator n names; TP_OP_NONE (reported) when it names none, or one
 * matchPIDs or matchBinaries (where) does not take. The checker tells
 * matchArgs which operators fit which args.
 */
static enum tp_op parse_op(struct parser *ps, yaml_node_t *n, unsigned int where)
{
	enum tp_op op = tp_op__by_name((const char *)n->data.scalar.value, n->data.scalar.length);
	bool taken = op != TP_OP_NONE && (where == TP_OPW_ARGS || tp_op__info(op)->where & where);

	if (op == TP_OP_NONE || (!taken && where == TP_OPW_BINS))
		parse_err(ps, n, "unknown operator '%s'", tp_parse_text(ps, n));
	else if (!taken)
		parse_err(ps, n, "matchPIDs: operator '%s' is not valid, expected %s",
			  tp_parse_text(ps, n), tp_op__names(where));
	return taken ? op : TP_OP_NONE;
}

enum { M_INDEX, M_OPERATOR, M_VALUES, M__N };
static const char *const match_arg_keys[M__N] = {"index", "operator", "values"};

static bool parse_match_arg(struct parser *ps, yaml_node_t *n, struct tp_match_arg *m,
			     const char *where, bool need_index)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	bool has_index = false, index_bad = false;
	size_t i;

	m->loc = node_loc(n);
	m->op_loc = m->loc;
	m->arg_pos = -1;
	if (!tp_parse_want_map(ps, n))
		return false;
	for_each_pair(ps, n, i, k, v)
	{
		switch (tp_parse_key(ps, k, match_arg_keys, M__N, &seen, where)) {
		case M_INDEX:
			has_index = tp_parse_int(ps, v, false, &m->index);
			index_bad = !has_index;
			break;
		case M_OPERATOR:
			if (!tp_parse_want_scalar(ps, v))
				break;
			m->op_loc = node_loc(v);
			m->op_name = tp_parse_str(ps, v);
			m->op = parse_op(ps, v, TP_OPW_ARGS);
			break;
		case M_VALUES:
			parse_values(ps, v, &m->values, &m->nvalues);
			break;
		}
	}
	if (!ps->err && !(seen & BIT(M_OPERATOR)))
		parse_err(ps, n, "missing required key 'operator' in %s", where);
	if (!ps->err && need_index && !has_index && !index_bad)
		parse_err(ps, n, "missing required key 'index' in %s", where);
	if (ps->err || !m->op_name || (need_index && !has_index)) {
		free(m->op_name);
		tp_values__free(m->values, m->nvalues);
		memset(m, 0, sizeof(*m));
		return false;
	}
	return true;
}

static void parse_match_args(struct parser *ps, yaml_node_t *n, struct tp_match_arg **out,
			      size_t *nout, const char *where, bool need_index)
{
	yaml_node_t *v;
	size_t i;

	if (!tp_parse_want_seq(ps, n))
		return;
	*out = tp_parse_calloc(ps, nitems(n), sizeof(**out));
	for_each_item(ps, n, i,
		      v) if (parse_match_arg(ps, v, &(*out)[*nout], where, need_index))(*nout)++;
}

enum { P_OPERATOR, P_FOLLOW_FORKS, P_IS_NS_PID, P_VALUES, P__N };
static const char *const match_pid_keys[P__N] = {"operator", "followForks", "isNamespacePID",
						 "values"};

static bool parse_match_pid(struct parser *ps, yaml_node_t *n, struct tp_match_pid *m)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i;

	m->loc = node_loc(n);
	m->op_loc = m->loc;
	if (!tp_parse_want_map(ps, n))
		return false;
	for_each_pair(ps, n, i, k, v)
	{
		switch (tp_parse_key(ps, k, match_pid_keys, P__N, &seen, "matchPIDs")) {
		case P_OPERATOR:
			if (!tp_parse_want_scalar(ps, v))
				break;
			m->op_loc = node_loc(v);
			m->op_name = tp_parse_str(ps, v);
			m->op = parse_op(ps, v, TP_OPW_PIDS);
			break;
		case P_FOLLOW_FORKS:
			tp_parse_bool(ps, v, &m->follow_forks);
			break;
		case P_IS_NS_PID:
			tp_parse_bool(ps, v, &m->is_ns_pid);
			break;
		case P_VALUES:
			parse_values(ps, v, &m->values, &m->nvalues);
			break;
		}
	}
	if (!ps->err && !(seen & BIT(P_OPERATOR)))
		parse_err(ps, n, "missing required key 'operator' in matchPIDs");
	if (ps->err || !m->op_name) {
		free(m->op_name);
		tp_values__free(m->values, m->nvalues);
		memset(m, 0, sizeof(*m));
		return false;
	}
	return true;
}

enum { B_OPERATOR, B_VALUES, B_FOLLOW_CHILDREN, B__N };
static const char *const match_bin_keys[B__N] = {"operator", "values", "followChildren"};

static bool parse_match_binary(struct parser *ps, yaml_node_t *n, struct tp_match_binary *m)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i;

	m->loc = node_loc(n);
	m->op_loc = m->loc;
	if (!tp_parse_want_map(ps, n))
		return false;
	for_each_pair(ps, n, i, k, v)
	{
		switch (tp_parse_key(ps, k, match_bin_keys, B__N, &seen, "matchBinaries")) {
		case B_OPERATOR:
			if (!tp_parse_want_scalar(ps, v))
				break;
			m->op_loc = node_loc(v);
			m->op_name = tp_parse_str(ps, v);
			m->op = parse_op(ps, v, TP_OPW_BINS);
			break;
		case B_VALUES:
			parse_values(ps, v, &m->values, &m->nvalues);
			break;
		case B_FOLLOW_CHILDREN:
			tp_parse_bool(ps, v, &m->follow_children);
			break;
		}
	}
	if (!ps->err && !(seen & BIT(B_OPERATOR)))
		parse_err(ps, n, "missing required key 'operator' in matchBinaries");
	if (ps->err || !m->op_name) {
		free(m->op_name);
		tp_values__free(m->values, m->nvalues);
		memset(m, 0, sizeof(*m));
		return false;
	}
	return true;
}

enum {
	ACT_ACTION,
	ACT_ARG_SIG,
	ACT_ARG_ERROR,
	ACT_ARG_FD,
	ACT_ARG_NAME,
	ACT_ARG_URL,
	ACT_ARG_FQDN,
	ACT_ARG_SOCK,
	ACT_ARG_INDEX,
	ACT_ARG_VALUE,
	ACT_RATE_LIMIT,
	ACT_RATE_LIMIT_SCOPE,
	ACT_STACK_TRACE,
	ACT_KERNEL_STACK,
	ACT_USER_STACK,
	ACT_IMA_HASH,
	ACT__N
};
static const char *const action_keys[ACT__N] = {
    "action",	  "argSig",	      "argError",	"argFd",    "argName",	 "argUrl",
    "argFqdn",	  "argSock",	      "argIndex",	"argValue", "rateLimit", "rateLimitScope",
    "stackTrace", "kernelStackTrace", "userStackTrace", "imaHash",
};

static bool parse_action(struct parser *ps, yaml_node_t *n, struct tp_action_spec *a,
			  const char *where)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	bool known = false, dummy;
	size_t i;

	a->loc = node_loc(n);
	if (!tp_parse_want_map(ps, n))
		return false;
	for_each_pair(ps, n, i, k, v)
	{
		switch (tp_parse_key(ps, k, action_keys, ACT__N, &seen, where)) {
		case ACT_ACTION:
			if (!tp_parse_want_scalar(ps, v))
				break;
			a->name = tp_parse_str(ps, v);
			a->action = tp_action__by_name((const char *)v->data.scalar.value,
						       v->data.scalar.length);
			known = a->action != TP_ACT_UNKNOWN;
			if (!known)
				parse_err(ps, v, "unknown action '%s'", tp_parse_text(ps, v));
			break;
		case ACT_ARG_SIG:
			a->has_arg_sig = tp_parse_int(ps, v, true, &a->arg_sig);
			break;
		case ACT_ARG_ERROR:
			a->has_arg_error = tp_parse_int(ps, v, true, &a->arg_error);
			break;
		case ACT_ARG_FD:
			a->has_arg_fd = tp_parse_int(ps, v, false, &a->arg_fd);
			break;
		case ACT_ARG_NAME:
			a->has_arg_name = tp_parse_int(ps, v, false, &a->arg_name);
			break;
		case ACT_STACK_TRACE:
		case ACT_KERNEL_STACK:
		case ACT_USER_STACK:
		case ACT_IMA_HASH:
			tp_parse_bool(ps, v, &dummy);
			break;
		case ACT_ARG_URL:
		case ACT_ARG_FQDN:
		case ACT_ARG_SOCK:
		case ACT_ARG_INDEX:
		case ACT_ARG_VALUE:
		case ACT_RATE_LIMIT:
		case ACT_RATE_LIMIT_SCOPE:
			/* only used by actions the checker rejects, or not yet honoured */
			tp_parse_want_scalar(ps, v);
			break;
		}
	}
	if (!ps->err && !(seen & BIT(ACT_ACTION)))
		parse_err(ps, n, "missing required key 'action' in %s", where);
	if (ps->err || !a->name || !known) {
		free(a->name);
		memset(a, 0, sizeof(*a));
		return false;
	}
	return true;
}

static void parse_actions(struct parser *ps, yaml_node_t *n, struct tp_action_spec **out,
			   size_t *nout, const char *where)
{
	yaml_node_t *v;
	size_t i;

	if (!tp_parse_want_seq(ps, n))
		return;
	*out = tp_parse_calloc(ps, nitems(n), sizeof(**out));
	for_each_item(ps, n, i, v) if (parse_action(ps, v, &(*out)[*nout], where))(*nout)++;
}

enum {
	S_ARGS,
	S_RET_ARGS,
	S_PIDS,
	S_BINARIES,
	S_ACTIONS,
	S_RET_ACTIONS,
	S_NAMESPACES,
	S_CAPS,
	S_NS_CHANGES,
	S_CAP_CHANGES,
	S_DATA,
	S__N
};
static const char *const selector_keys[S__N] = {
    "matchArgs",
    "matchReturnArgs",
    "matchPIDs",
    "matchBinaries",
    "matchActions",
    "matchReturnActions",
    "matchNamespaces",
    "matchCapabilities",
    "matchNamespaceChanges",
    "matchCapabilityChanges",
    "matchData",
};

static void parse_selector(struct parser *ps, yaml_node_t *n, struct tp_selector *s)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i, j, nkeys = npairs(n);
	int key;

	s->loc = node_loc(n);
	if (!tp_parse_want_map(ps, n))
		return;
	for_each_pair(ps, n, i, k, v)
	{
		switch ((key = tp_parse_key(ps, k, selector_keys, S__N, &seen, "selector"))) {
		case S_ARGS:
			parse_match_args(ps, v, &s->args, &s->nargs, "matchArgs", true);
			break;
		case S_RET_ARGS:
			parse_match_args(ps, v, &s->ret_args, &s->nret_args, "matchReturnArgs",
					  false);
			break;
		case S_PIDS:
			if (!tp_parse_want_seq(ps, v))
				break;
			s->pids = tp_parse_calloc(ps, nitems(v), sizeof(*s->pids));
			for (j = 0; !ps->err && j < nitems(v); j++) {
				yaml_node_t *it;

				item_at(ps, v, j, &it);
				if (parse_match_pid(ps, it, &s->pids[s->npids]))
					s->npids++;
			}
			break;
		case S_BINARIES:
			if (!tp_parse_want_seq(ps, v))
				break;
			s->binaries = tp_parse_calloc(ps, nitems(v), sizeof(*s->binaries));
			for (j = 0; !ps->err && j < nitems(v); j++) {
				yaml_node_t *it;

				item_at(ps, v, j, &it);
				if (parse_match_binary(ps, it, &s->binaries[s->nbinaries]))
					s->nbinaries++;
			}
			break;
		case S_ACTIONS:
			parse_actions(ps, v, &s->actions, &s->nactions, "matchActions");
			break;
		case S_RET_ACTIONS:
			parse_actions(ps, v, &s->ret_actions, &s->nret_actions,
				       "matchReturnActions");
			break;
		case -1:
			break;
		default:
			if (!s->unsupported) {
				s->unsupported =
				    tp_parse_calloc(ps, nkeys, sizeof(*s->unsupported));
				s->unsupported_loc =
				    tp_parse_calloc(ps, nkeys, sizeof(*s->unsupported_loc));
				if (ps->err)
					break;
			}
			s->unsupported[s->nunsupported] =
			    tp_parse_memdup(ps, selector_keys[key], strlen(selector_keys[key]));
			s->unsupported_loc[s->nunsupported] = node_loc(k);
			if (s->unsupported[s->nunsupported])
				s->nunsupported++;
			break;
		}
	}
}

void tp_parse_selectors(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
{
	yaml_node_t *v;
	size_t i;

	if (!tp_parse_want_seq(ps, n))
		return;
	h->selectors = tp_parse_calloc(ps, nitems(n), sizeof(*h->selectors));
	for_each_item(ps, n, i, v)
	{
		/* a selector always counts: an empty one matches everything */
		if (!v || (v->type != YAML_MAPPING_NODE && !tp_parse_is_null(v))) {
			parse_err(ps, v, "expected a mapping");
			continue;
		}
		parse_selector(ps, v, &h->selectors[h->nselectors++]);
	}
}
