// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Selectors: matchArgs/matchReturnArgs, matchPIDs, matchBinaries and the
 * actions, with their operators and values. Values stay text here; the
 * checker types them against the hook's args.
 */
#include <stdlib.h>
#include <string.h>

#include "parse_priv.h"

/* --- values ---------------------------------------------------------------- */

static void _parse_values(struct parser *ps, yaml_node_t *n, struct tp_value **out, size_t *nout)
{
	yaml_node_t *v;
	size_t i;

	if (!tp_parse_want_seq(ps, n) || *out)
		return;
	*out = tp_parse_calloc(ps, _nitems(n), sizeof(**out));
	for_each_item(ps, n, i, v)
	{
		struct tp_value *val = &(*out)[*nout];

		if (!tp_parse_want_scalar(ps, v))
			continue;
		val->str = tp_parse_memdup(ps, v->data.scalar.value, v->data.scalar.length);
		if (!val->str)
			break;
		val->len = v->data.scalar.length;
		val->loc = _loc(v);
		(*nout)++;
	}
}

/* Free the values of a filter entry that is dropped. */
static void _values_free(struct tp_value *values, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(values[i].str);
	free(values);
}

/* --- selectors ------------------------------------------------------------- */

static const struct {
	const char *name;
	enum tp_op op;
} ops[] = {
    {"Equal", TP_OP_EQUAL},
    {"NotEqual", TP_OP_NOT_EQUAL},
    {"Prefix", TP_OP_PREFIX},
    {"NotPrefix", TP_OP_NOT_PREFIX},
    {"Postfix", TP_OP_POSTFIX},
    {"NotPostfix", TP_OP_NOT_POSTFIX},
    {"Mask", TP_OP_MASK},
    {"GT", TP_OP_GT},
    {"GreaterThan", TP_OP_GT},
    {"LT", TP_OP_LT},
    {"LessThan", TP_OP_LT},
    {"In", TP_OP_IN},
    {"NotIn", TP_OP_NOT_IN},
    {"SPort", TP_OP_SPORT},
    {"NotSPort", TP_OP_NOT_SPORT},
    {"SPortPriv", TP_OP_SPORT_PRIV},
    {"NotSPortPriv", TP_OP_NOT_SPORT_PRIV},
    {"DPort", TP_OP_DPORT},
    {"NotDPort", TP_OP_NOT_DPORT},
    {"DPortPriv", TP_OP_DPORT_PRIV},
    {"NotDPortPriv", TP_OP_NOT_DPORT_PRIV},
    {"SAddr", TP_OP_SADDR},
    {"NotSAddr", TP_OP_NOT_SADDR},
    {"DAddr", TP_OP_DADDR},
    {"NotDAddr", TP_OP_NOT_DADDR},
    {"Protocol", TP_OP_PROTOCOL},
    {"Family", TP_OP_FAMILY},
    {"State", TP_OP_STATE},
    /* Tetragon has these; we do not implement them yet */
    {"InMap", TP_OP_UNSUPPORTED},
    {"NotInMap", TP_OP_UNSUPPORTED},
    {"InRange", TP_OP_UNSUPPORTED},
    {"NotInRange", TP_OP_UNSUPPORTED},
    {"SubString", TP_OP_UNSUPPORTED},
    {"SubStringIgnCase", TP_OP_UNSUPPORTED},
    {"FileType", TP_OP_UNSUPPORTED},
    {"NotFileType", TP_OP_UNSUPPORTED},
    {"CapabilitiesGained", TP_OP_UNSUPPORTED},
};

/* TP_OP_NONE (after reporting) when the operator is unknown. */
static enum tp_op _op(struct parser *ps, yaml_node_t *n)
{
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (_scalar_is_nocase(n, ops[i].name))
			return ops[i].op;
	_err(ps, n, "unknown operator '%s'", tp_parse_text(ps, n));
	return TP_OP_NONE;
}

enum { M_INDEX, M_OPERATOR, M_VALUES, M__N };
static const char *const match_arg_keys[M__N] = {"index", "operator", "values"};

static bool _parse_match_arg(struct parser *ps, yaml_node_t *n, struct tp_match_arg *m,
			     const char *where, bool need_index)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	bool has_index = false, index_bad = false;
	size_t i;

	m->loc = _loc(n);
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
			m->op_loc = _loc(v);
			m->op_name = tp_parse_str(ps, v);
			m->op = _op(ps, v);
			break;
		case M_VALUES:
			_parse_values(ps, v, &m->values, &m->nvalues);
			break;
		}
	}
	if (!ps->err && !(seen & BIT(M_OPERATOR)))
		_err(ps, n, "missing required key 'operator' in %s", where);
	if (!ps->err && need_index && !has_index && !index_bad)
		_err(ps, n, "missing required key 'index' in %s", where);
	if (ps->err || !m->op_name || (need_index && !has_index)) {
		free(m->op_name);
		_values_free(m->values, m->nvalues);
		memset(m, 0, sizeof(*m));
		return false;
	}
	return true;
}

static void _parse_match_args(struct parser *ps, yaml_node_t *n, struct tp_match_arg **out,
			      size_t *nout, const char *where, bool need_index)
{
	yaml_node_t *v;
	size_t i;

	if (!tp_parse_want_seq(ps, n))
		return;
	*out = tp_parse_calloc(ps, _nitems(n), sizeof(**out));
	for_each_item(ps, n, i,
		      v) if (_parse_match_arg(ps, v, &(*out)[*nout], where, need_index))(*nout)++;
}

enum { P_OPERATOR, P_FOLLOW_FORKS, P_IS_NS_PID, P_VALUES, P__N };
static const char *const match_pid_keys[P__N] = {"operator", "followForks", "isNamespacePID",
						 "values"};

static bool _parse_match_pid(struct parser *ps, yaml_node_t *n, struct tp_match_pid *m)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i;

	m->loc = _loc(n);
	m->op_loc = m->loc;
	if (!tp_parse_want_map(ps, n))
		return false;
	for_each_pair(ps, n, i, k, v)
	{
		switch (tp_parse_key(ps, k, match_pid_keys, P__N, &seen, "matchPIDs")) {
		case P_OPERATOR:
			if (!tp_parse_want_scalar(ps, v))
				break;
			m->op_loc = _loc(v);
			m->op_name = tp_parse_str(ps, v);
			m->op = _op(ps, v);
			if (m->op != TP_OP_NONE && m->op != TP_OP_IN && m->op != TP_OP_NOT_IN) {
				_err(ps, v,
				     "matchPIDs: operator '%s' is not valid, expected In or NotIn",
				     tp_parse_text(ps, v));
				m->op = TP_OP_NONE;
			}
			break;
		case P_FOLLOW_FORKS:
			tp_parse_bool(ps, v, &m->follow_forks);
			break;
		case P_IS_NS_PID:
			tp_parse_bool(ps, v, &m->is_ns_pid);
			break;
		case P_VALUES:
			_parse_values(ps, v, &m->values, &m->nvalues);
			break;
		}
	}
	if (!ps->err && !(seen & BIT(P_OPERATOR)))
		_err(ps, n, "missing required key 'operator' in matchPIDs");
	if (ps->err || !m->op_name) {
		free(m->op_name);
		_values_free(m->values, m->nvalues);
		memset(m, 0, sizeof(*m));
		return false;
	}
	return true;
}

static const struct {
	const char *name;
	enum tp_bin_op op;
} bin_ops[] = {
    {"In", TP_BIN_IN},		 {"NotIn", TP_BIN_NOT_IN},
    {"Prefix", TP_BIN_PREFIX},	 {"NotPrefix", TP_BIN_NOT_PREFIX},
    {"Postfix", TP_BIN_POSTFIX}, {"NotPostfix", TP_BIN_NOT_POSTFIX},
};

enum { B_OPERATOR, B_VALUES, B_FOLLOW_CHILDREN, B__N };
static const char *const match_bin_keys[B__N] = {"operator", "values", "followChildren"};

static bool _parse_match_binary(struct parser *ps, yaml_node_t *n, struct tp_match_binary *m)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i, o;

	m->loc = _loc(n);
	m->op_loc = m->loc;
	if (!tp_parse_want_map(ps, n))
		return false;
	for_each_pair(ps, n, i, k, v)
	{
		switch (tp_parse_key(ps, k, match_bin_keys, B__N, &seen, "matchBinaries")) {
		case B_OPERATOR:
			if (!tp_parse_want_scalar(ps, v))
				break;
			m->op_loc = _loc(v);
			m->op_name = tp_parse_str(ps, v);
			for (o = 0; o < sizeof(bin_ops) / sizeof(bin_ops[0]); o++)
				if (_scalar_is_nocase(v, bin_ops[o].name))
					m->op = bin_ops[o].op;
			if (!m->op)
				_err(ps, v, "unknown operator '%s'", tp_parse_text(ps, v));
			break;
		case B_VALUES:
			_parse_values(ps, v, &m->values, &m->nvalues);
			break;
		case B_FOLLOW_CHILDREN:
			tp_parse_bool(ps, v, &m->follow_children);
			break;
		}
	}
	if (!ps->err && !(seen & BIT(B_OPERATOR)))
		_err(ps, n, "missing required key 'operator' in matchBinaries");
	if (ps->err || !m->op_name) {
		free(m->op_name);
		_values_free(m->values, m->nvalues);
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

static bool _parse_action(struct parser *ps, yaml_node_t *n, struct tp_action_spec *a,
			  const char *where)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	bool known = false, dummy;
	size_t i;

	a->loc = _loc(n);
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
				_err(ps, v, "unknown action '%s'", tp_parse_text(ps, v));
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
		_err(ps, n, "missing required key 'action' in %s", where);
	if (ps->err || !a->name || !known) {
		free(a->name);
		memset(a, 0, sizeof(*a));
		return false;
	}
	return true;
}

static void _parse_actions(struct parser *ps, yaml_node_t *n, struct tp_action_spec **out,
			   size_t *nout, const char *where)
{
	yaml_node_t *v;
	size_t i;

	if (!tp_parse_want_seq(ps, n))
		return;
	*out = tp_parse_calloc(ps, _nitems(n), sizeof(**out));
	for_each_item(ps, n, i, v) if (_parse_action(ps, v, &(*out)[*nout], where))(*nout)++;
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

static void _parse_selector(struct parser *ps, yaml_node_t *n, struct tp_selector *s)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i, j, npairs = _npairs(n);
	int key;

	s->loc = _loc(n);
	if (!tp_parse_want_map(ps, n))
		return;
	for_each_pair(ps, n, i, k, v)
	{
		switch ((key = tp_parse_key(ps, k, selector_keys, S__N, &seen, "selector"))) {
		case S_ARGS:
			_parse_match_args(ps, v, &s->args, &s->nargs, "matchArgs", true);
			break;
		case S_RET_ARGS:
			_parse_match_args(ps, v, &s->ret_args, &s->nret_args, "matchReturnArgs",
					  false);
			break;
		case S_PIDS:
			if (!tp_parse_want_seq(ps, v))
				break;
			s->pids = tp_parse_calloc(ps, _nitems(v), sizeof(*s->pids));
			for (j = 0; !ps->err && j < _nitems(v); j++) {
				yaml_node_t *it;

				_item(ps, v, j, &it);
				if (_parse_match_pid(ps, it, &s->pids[s->npids]))
					s->npids++;
			}
			break;
		case S_BINARIES:
			if (!tp_parse_want_seq(ps, v))
				break;
			s->binaries = tp_parse_calloc(ps, _nitems(v), sizeof(*s->binaries));
			for (j = 0; !ps->err && j < _nitems(v); j++) {
				yaml_node_t *it;

				_item(ps, v, j, &it);
				if (_parse_match_binary(ps, it, &s->binaries[s->nbinaries]))
					s->nbinaries++;
			}
			break;
		case S_ACTIONS:
			_parse_actions(ps, v, &s->actions, &s->nactions, "matchActions");
			break;
		case S_RET_ACTIONS:
			_parse_actions(ps, v, &s->ret_actions, &s->nret_actions,
				       "matchReturnActions");
			break;
		case -1:
			break;
		default:
			if (!s->unsupported) {
				s->unsupported =
				    tp_parse_calloc(ps, npairs, sizeof(*s->unsupported));
				s->unsupported_loc =
				    tp_parse_calloc(ps, npairs, sizeof(*s->unsupported_loc));
				if (ps->err)
					break;
			}
			s->unsupported[s->nunsupported] =
			    tp_parse_memdup(ps, selector_keys[key], strlen(selector_keys[key]));
			s->unsupported_loc[s->nunsupported] = _loc(k);
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
	h->selectors = tp_parse_calloc(ps, _nitems(n), sizeof(*h->selectors));
	for_each_item(ps, n, i, v)
	{
		/* a selector always counts: an empty one matches everything */
		if (!v || (v->type != YAML_MAPPING_NODE && !tp_parse_is_null(v))) {
			_err(ps, v, "expected a mapping");
			continue;
		}
		_parse_selector(ps, v, &h->selectors[h->nselectors++]);
	}
}
