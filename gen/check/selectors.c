// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Selectors: matchArgs, matchReturnArgs, matchPIDs, matchBinaries,
 * matchParentBinaries and their values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "values.h"

/* Operators on bytes only (Prefix, Postfix, SubString) or on integers only (Mask, GT, LT,
 * InMap...). */
static bool is_string_op(const struct tp_op_info *oi)
{
	return oi->base == TP_BASE_PREFIX || oi->base == TP_BASE_POSTFIX ||
	       oi->base == TP_BASE_SUBSTR;
}

static bool is_int_only_op(const struct tp_op_info *oi)
{
	return oi->base == TP_BASE_MASK || oi->base == TP_BASE_GT || oi->base == TP_BASE_LT ||
	       oi->base == TP_BASE_RANGE;
}

static void check_int_values(struct checker *c, const char *label, struct tp_value *vals, size_t n,
			     enum tp_arg_type t, struct tp_loc fallback)
{
	char msg[256];
	size_t i;

	for (i = 0; i < n; i++) {
		if (tp_value__parse_int(&vals[i], t, &vals[i].num, msg, sizeof(msg)))
			hook_err(c, tp_check__loc(vals[i].loc, fallback), "%s: %s", label, msg);
	}
}

/* Equal, NotEqual, GT, LT, Mask values on an integer arg, as Tetragon's filter compares them. */
static void check_filter_ints(struct checker *c, const char *label, struct tp_match_arg *m,
			      enum tp_arg_type t)
{
	char msg[320];
	size_t i;

	for (i = 0; i < m->nvalues; i++) {
		struct tp_value *v = &m->values[i];

		if (tp_value__parse_filter_int(v, t, m->op, &v->num, msg, sizeof(msg)))
			hook_err(c, tp_check__loc(v->loc, m->loc), "%s: %s", label, msg);
	}
}

static void check_bytes_values(struct checker *c, const char *label, struct tp_match_arg *m,
			       const struct tp_arg *a)
{
	size_t i;

	enum tp_base_op base = tp_op__info(m->op)->base;
	/* bytes read up to a NUL, or a walked path: never a NUL in them */
	bool no_nul = a->type == TP_ARG_STRING || tp_arg_type__has(a->type, TP_ARGF_WALK);

	/*
	 * Tetragon's loader fails on a value it trims to nothing, and on "" where it would
	 * trim (ArgStringSelectorValue, ArgPostfixSelectorValue in pkg/selectors/selectors.go
	 * read before the value); an empty path fails every filter (filter_file_buf,
	 * bpf/process/types/basic.h), so Equal "" never matches one.
	 */
	for (i = 0; i < m->nvalues; i++) {
		const struct tp_value *v = &m->values[i];
		struct tp_loc loc = tp_check__loc(v->loc, m->loc);
		size_t n = tp_value__match_len(v, base, a->type);
		const char *type = tp_check__type_name(a);

		if (n < v->len && !n)
			hook_err(c, loc,
				 "%s: a value of only NUL bytes is not supported (Tetragon's "
				 "loader fails on it while it trims them)",
				 label);
		else if (!v->len && base == TP_BASE_POSTFIX && a->type != TP_ARG_CHAR_BUF)
			hook_err(c, loc,
				 "%s: an empty Postfix value on %s is not supported (Tetragon's "
				 "loader fails on it)",
				 label, type);
		else if (!n && base == TP_BASE_EQ && !tp_op__info(m->op)->negate &&
			 tp_arg_type__has(a->type, TP_ARGF_WALK))
			hook_err(c, loc,
				 "%s: an empty value never equals a path: Tetragon fails every "
				 "filter on an empty one",
				 label);
		else if (no_nul && base != TP_BASE_SUBSTR && v->str && memchr(v->str, '\0', n))
			hook_err(c, loc,
				 "%s: value has a NUL byte, which %s args never hold: Tetragon "
				 "would never match it",
				 label, type);
		else if (base == TP_BASE_SUBSTR && v->len >= 100)
			/* writeMatchSubString (pkg/selectors/kernel.go): substringMaxLen */
			hook_err(c, loc, "%s: a SubString value must be shorter than 100 bytes",
				 label);
		else if (v->len > TP_VALUE_MAX_STRING)
			hook_err(c, loc,
				 "%s: value is longer than the %d bytes a string can be "
				 "captured with",
				 label, TP_VALUE_MAX_STRING);
		else if (tp_arg_type__has(a->type, TP_ARGF_SIZE_FIXED) && a->size_arg_index > 0 &&
			 v->len > (size_t)a->size_arg_index)
			hook_err(c, loc, "%s: value is longer than the %d-byte buffer", label,
				 a->size_arg_index);
	}
}

/* The position of the first data entry in args (they follow the args). */
static int first_data(const struct tp_hook *h)
{
	size_t i;

	for (i = 0; i < h->nargs && !h->args[i].data; i++)
		;
	return (int)i;
}

static bool is_cap_set(enum tp_arg_type t)
{
	return t == TP_ARG_KERNEL_CAP || t == TP_ARG_CAP_INHERITABLE || t == TP_ARG_CAP_PERMITTED ||
	       t == TP_ARG_CAP_EFFECTIVE;
}

/*
 * CapabilitiesGained: args [old, new], two capability sets; it passes when new
 * has a bit old lacks (Tetragon: parseMatchArg, pkg/selectors/kernel.go, and
 * filter_arg_1, bpf/process/types/basic.h, ((old ^ new) & new) != 0). It takes
 * no values, and only matchArgs has the second arg.
 */
static void check_cap_gained(struct checker *c, struct tp_match_arg *m, const char *label)
{
	const struct tp_hook *h = c->h;
	struct tp_loc oloc = tp_check__loc(m->op_loc, m->loc);
	size_t j;

	if (m->arg_pos < 0 && m->npos) /* not a position: reported */
		return;
	if (m->npos != 2 || m->pos_list[1] < 0 || m->pos_list[1] >= first_data(h)) {
		if (m->npos != 2)
			hook_err(c, oloc,
				 "%s: operator 'CapabilitiesGained' needs args: [OLD, NEW], the "
				 "positions of two capability sets in the hook's args",
				 label);
		return;
	}
	if (m->nvalues)
		hook_err(c, tp_check__loc(m->values[0].loc, m->loc),
			 "%s: values are not supported with CapabilitiesGained (Tetragon ignores "
			 "them)",
			 label);
	for (j = 0; j < 2; j++) {
		const struct tp_arg *a = &h->args[m->pos_list[j]];

		if (a->type != TP_ARG_NONE && !is_cap_set(a->type))
			hook_err(c, m->pos_loc,
				 "%s: CapabilitiesGained needs capability sets (kernel_cap_t, "
				 "cap_inheritable, cap_permitted, cap_effective), arg %d is %s",
				 label, a->index, tp_check__type_name(a));
	}
	m->arg2_pos = m->pos_list[1];
}

/* One matchArgs or matchReturnArgs entry against the arg it names (NULL: unresolved). */
static void check_match_op(struct checker *c, struct tp_match_arg *m, const struct tp_arg *a,
			   const char *label)
{
	struct tp_loc oloc = tp_check__loc(m->op_loc, m->loc);
	const struct tp_op_info *oi = tp_op__info(m->op);
	const char *op = m->op_name ? m->op_name : "?";

	if (!oi)
		return; /* the parser reported the unknown operator */
	if (oi->base == TP_BASE_NET || (a && tp_arg_type__class(a->type) == TP_ACL_NET)) {
		tp_check__net_match(c, m, a, label);
		return;
	}
	if (oi->base == TP_BASE_NONE) {
		hook_err(c, oloc, "%s: operator '%s' is not supported yet", label, op);
		return;
	}
	if (m->npos == 2 && oi->base != TP_BASE_CAPGAIN) {
		hook_err(c, m->pos_loc,
			 "%s: args with two positions is not supported with operator '%s' "
			 "(CapabilitiesGained reads the second; Tetragon ignores it)",
			 label, op);
		return;
	}
	if (oi->base == TP_BASE_CAPGAIN) {
		check_cap_gained(c, m, label);
		return;
	}
	if (!(oi->where & TP_OPW_ARGS)) {
		hook_err(c, oloc, "%s: operator '%s' is for matchPIDs and matchBinaries", label,
			 op);
		return;
	}
	if (!m->nvalues) {
		hook_err(c, oloc, "%s: operator '%s' needs at least one value", label, op);
		return;
	}
	if (!a || a->type == TP_ARG_NONE)
		return; /* the arg's own error says why */
	if (tp_check__kobj_match(c, m, a, label))
		return;
	if (oi->base == TP_BASE_FTYPE)
		tp_check__file_type_values(c, m, a, label);
	else if (oi->base == TP_BASE_RANGE && !tp_arg_type__is_int(a->type))
		hook_err(c, oloc, "%s: operator '%s' needs an integer argument", label, op);
	else if (oi->base == TP_BASE_RANGE)
		tp_check__range_values(c, m, a, label);
	else if (tp_arg_type__is_int(a->type)) {
		if (is_string_op(oi))
			hook_err(c, oloc, "%s: operator '%s' needs a string or buffer argument",
				 label, op);
		else
			check_filter_ints(c, label, m, a->type);
	} else if (tp_arg_type__is_bytes(a->type) || tp_arg_type__class(a->type) == TP_ACL_PATH) {
		if (is_int_only_op(oi))
			hook_err(c, oloc, "%s: operator '%s' needs an integer argument", label, op);
		else if (oi->base == TP_BASE_POSTFIX &&
			 tp_arg_type__has(a->type, TP_ARGF_NO_POSTFIX))
			/* filter_sockaddr_un (bpf/process/types/basic.h) has no postfix case */
			hook_err(c, oloc,
				 "%s: operator '%s' is not supported on a %s argument (Tetragon "
				 "never matches it: use Equal, NotEqual, Prefix or NotPrefix)",
				 label, op, tp_check__type_name(a));
		else
			check_bytes_values(c, label, m, a);
	}
}

/* The position the matchArgs index names: a tracepoint's names a format field or a
 * position, as Tetragon rewrites it. */
static int index_pos(const struct tp_hook *h, int index)
{
	return h->kind == TP_HOOK_TRACEPOINT ? tp_check__tp_match_pos(h, index)
					     : tp_check__arg_pos(h, index);
}

int tp_check__match_pos(const struct tp_hook *h, const struct tp_match_arg *m)
{
	int pos = m->npos ? m->pos_list[0] : index_pos(h, m->index);

	/* matchArgs names args, matchData data entries */
	if (pos < 0 || (size_t)pos >= h->nargs || h->args[pos].data != m->data)
		return -1;
	return pos;
}

bool tp_check__match_names(const struct tp_hook *h, const struct tp_match_arg *m,
			   const struct tp_arg *a)
{
	int pos = tp_check__match_pos(h, m);

	if (pos >= 0 && &h->args[pos] == a)
		return true;
	return m->npos == 2 && m->pos_list[1] >= 0 && m->pos_list[1] < first_data(h) &&
	       &h->args[m->pos_list[1]] == a;
}

/*
 * matchData: a matchArgs entry on a data entry, named by its position in data
 * (index, or args' first; Tetragon's dataIndexType). Each is checked as
 * matchArgs, which it joins.
 */
static void move_match_data(struct checker *c, struct tp_selector *s)
{
	const struct tp_hook *h = c->h;
	int base = first_data(h), ndata = (int)h->nargs - base, pos;
	struct tp_match_arg *all;
	size_t i;

	if (!s->ndata)
		return;
	for (i = 0; i < s->ndata; i++) {
		struct tp_match_arg *m = &s->data[i];

		pos = m->npos ? m->pos_list[0] : m->index;
		if (m->op == TP_OP_CAPABILITIES_GAINED)
			/* parseMatchArg reads its second position among the args */
			hook_err(
			    c, tp_check__loc(m->op_loc, m->loc),
			    "matchData: operator 'CapabilitiesGained' is not supported (Tetragon "
			    "reads its second position among the args, not the data)");
		else if (m->npos == 2)
			hook_err(c, m->pos_loc,
				 "matchData: args with two positions is not supported");
		else if (pos < 0 || pos >= ndata)
			hook_err(
			    c, m->npos ? m->pos_loc : m->loc,
			    "matchData: %d does not name a data entry of this hook (it has %d)",
			    pos, ndata);
		m->npos = 1;
		m->pos_list[0] = pos >= 0 && pos < ndata ? base + pos : (int)h->nargs;
		m->has_index = false;
		m->data = true;
	}
	all = realloc(s->args, (s->nargs + s->ndata) * sizeof(*all));
	if (!all) {
		hook_err(c, s->loc, "out of memory");
		return;
	}
	memcpy(all + s->nargs, s->data, s->ndata * sizeof(*all));
	s->args = all;
	s->nargs += s->ndata;
	free(s->data);
	s->data = NULL;
	s->ndata = 0;
}

static void check_match_args(struct checker *c, struct tp_selector *s)
{
	struct tp_hook *h = c->h;
	char label[32];
	size_t i;

	for (i = 0; i < s->nargs; i++) {
		struct tp_match_arg *m = &s->args[i];
		const struct tp_arg *a = NULL;
		size_t j;

		m->arg_pos = tp_check__match_pos(h, m);
		for (j = 0; j < m->npos; j++)
			if (m->pos_list[j] < 0 || m->pos_list[j] >= first_data(h))
				if (!m->data)
					hook_err(c, m->pos_loc,
						 "matchArgs args: %d is not a position in this "
						 "hook's args "
						 "(it has %d)",
						 m->pos_list[j], first_data(h));
		if (m->npos && m->has_index && m->arg_pos >= 0 &&
		    index_pos(h, m->index) != m->arg_pos)
			/* Tetragon's argIndexType reads args and ignores index */
			hook_err(c, m->loc,
				 "matchArgs: index %d and args name different args: index is not "
				 "supported with args (Tetragon reads args)",
				 m->index);
		if (m->arg_pos < 0 && !m->npos)
			hook_err(c, m->loc, "matchArgs index %d does not name an arg of this hook",
				 m->index);
		else if (m->arg_pos >= 0)
			a = &h->args[m->arg_pos];
		if (m->data)
			snprintf(label, sizeof(label), "data %d", m->pos_list[0] - first_data(h));
		else if (m->npos)
			snprintf(label, sizeof(label), "args [%d%s", m->pos_list[0],
				 m->npos == 2 ? ", ...]" : "]");
		else
			snprintf(label, sizeof(label), "arg %d", m->index);
		check_match_op(c, m, a, label);
	}
}

static void check_match_return_args(struct checker *c, struct tp_selector *s)
{
	struct tp_hook *h = c->h;
	size_t i;

	if (s->nret_args && !h->ret)
		hook_err(c, s->ret_args[0].loc, "matchReturnArgs needs return: true");
	for (i = 0; i < s->nret_args; i++) {
		struct tp_match_arg *m = &s->ret_args[i];

		m->arg_pos = -1;
		if (m->npos) {
			hook_err(c, m->pos_loc, "matchReturnArgs: args is not supported");
			continue;
		}
		if (m->op == TP_OP_CAPABILITIES_GAINED) {
			hook_err(c, tp_check__loc(m->op_loc, m->loc),
				 "matchReturnArgs: operator 'CapabilitiesGained' is not supported "
				 "(it compares two args)");
			continue;
		}
		/* Tetragon's argIndexType looks index up among [returnArg] */
		if (h->has_ret_arg && m->index != h->ret_arg.index)
			hook_err(c, m->loc,
				 "matchReturnArgs: index %d is not returnArg's (%d): it is not "
				 "supported",
				 m->index, h->ret_arg.index);
		check_match_op(c, m, h->ret && h->has_ret_arg ? &h->ret_arg : NULL, "returnArg");
		if (h->has_ret_arg && h->ret_arg.type == TP_ARG_SOCK)
			hook_err(
			    c, m->loc,
			    "matchReturnArgs on a returnArg of type 'sock' is not supported yet");
	}
}

static void check_match_pids(struct checker *c, struct tp_selector *s)
{
	size_t i;

	for (i = 0; i < s->npids; i++) {
		struct tp_match_pid *m = &s->pids[i];
		struct tp_loc oloc = tp_check__loc(m->op_loc, m->loc);
		const char *op = m->op_name ? m->op_name : "?";

		if (m->op == TP_OP_NONE)
			continue; /* the parser reported the operator */
		if (!m->nvalues) {
			hook_err(c, oloc, "matchPIDs: operator '%s' needs at least one value", op);
			continue;
		}
		check_int_values(c, "matchPIDs", m->values, m->nvalues, TP_ARG_UINT32, m->loc);
	}
}

/*
 * An entry without values filters nothing: Tetragon's ParseMatchBinary
 * (pkg/selectors/kernel.go) returns before writing it, once its operator
 * is known. Dropped from the model here, with a warning.
 */
static void skip_empty_binaries(struct checker *c, struct tp_match_binary *list, size_t *n,
				const char *label)
{
	size_t i = 0;

	while (i < *n) {
		struct tp_match_binary *m = &list[i];

		if (m->op == TP_OP_NONE || m->nvalues) {
			i++;
			continue;
		}
		hook_warn(c, m->loc, "%s without values is skipped (as Tetragon does)", label);
		free(m->op_name);
		tp_values__free(m->values, m->nvalues);
		memmove(m, m + 1, (*n - i - 1) * sizeof(*m));
		(*n)--;
	}
}

/*
 * matchBinaries or matchParentBinaries (label): the same operators and keys
 * (Tetragon's ParseMatchBinary, pkg/selectors/kernel.go).
 */
static void check_match_binaries(struct checker *c, struct tp_match_binary *list, size_t n,
				 const char *label)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		struct tp_match_binary *m = &list[i];
		struct tp_loc oloc = tp_check__loc(m->op_loc, m->loc);
		const char *op = m->op_name ? m->op_name : "?";

		if (m->op == TP_OP_NONE)
			continue; /* the parser reported the operator */
		if (m->follow_children && m->op != TP_OP_IN && m->op != TP_OP_NOT_IN)
			hook_err(c, oloc,
				 "%s: followChildren with operator '%s' is not supported "
				 "(In and NotIn only, as in Tetragon)",
				 label, op);
		for (j = 0; j < m->nvalues; j++) {
			const struct tp_value *v = &m->values[j];
			struct tp_loc loc = tp_check__loc(v->loc, m->loc);

			if (!v->len)
				hook_err(c, loc, "%s: empty value", label);
			else if (v->len > TP_VALUE_MAX_STRING)
				hook_err(c, loc, "%s: value is longer than %d bytes", label,
					 TP_VALUE_MAX_STRING);
			else if (v->str && memchr(v->str, '\0', v->len))
				hook_err(c, loc, "%s: value has a NUL byte", label);
		}
	}
}

void tp_check__selector(struct checker *c, struct tp_selector *s)
{
	size_t i;

	for (i = 0; i < s->nunsupported; i++)
		hook_err(c, s->unsupported[i].loc, "%s is not supported yet",
			 s->unsupported[i].key);
	move_match_data(c, s);
	check_match_args(c, s);
	check_match_return_args(c, s);
	check_match_pids(c, s);
	tp_check__nscaps(c, s);
	skip_empty_binaries(c, s->binaries, &s->nbinaries, "matchBinaries");
	skip_empty_binaries(c, s->parent_binaries, &s->nparent_binaries, "matchParentBinaries");
	check_match_binaries(c, s->binaries, s->nbinaries, "matchBinaries");
	check_match_binaries(c, s->parent_binaries, s->nparent_binaries, "matchParentBinaries");
	for (i = 0; i < s->nactions; i++)
		tp_check__action(c, &s->actions[i]);
	if (s->nret_actions && !c->h->ret)
		hook_err(c, s->ret_actions[0].loc, "matchReturnActions needs return: true");
	for (i = 0; i < s->nret_actions; i++)
		tp_check__action(c, &s->ret_actions[i]);
}
