// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Selectors: matchArgs/matchReturnArgs, matchPIDs, matchBinaries,
 * matchParentBinaries, matchNamespaces, matchCapabilities, their Changes and
 * the actions, with their operators and
 * values. Values stay text here; the checker types them against the hook's args.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model/vec.h"
#include "node.h"
#include "number.h"
#include "parts.h"

/* --- values ---------------------------------------------------------------- */

static void parse_values(struct parser *ps, yaml_node_t *n, struct tp_value **out, size_t *nout)
{
	tp_parse_seq(ps, n, out, nout, sizeof(**out), tp_parse_value, NULL);
}

/* --- selectors ------------------------------------------------------------- */

/*
 * The operator n names; TP_OP_NONE (reported) when it names none, or one
 * matchPIDs or matchBinaries (where) does not take. The checker tells
 * matchArgs which operators fit which args.
 */
static enum tp_op parse_op(struct parser *ps, yaml_node_t *n, unsigned int where, const char *what)
{
	enum tp_op op = tp_op__by_name((const char *)n->data.scalar.value, n->data.scalar.length);
	bool taken = op != TP_OP_NONE && (where == TP_OPW_ARGS || tp_op__info(op)->where & where);

	if (op == TP_OP_NONE || (!taken && where == TP_OPW_BINS))
		parse_err(ps, n, "unknown operator '%s'", tp_parse_text(ps, n));
	else if (!taken)
		parse_err(ps, n, "%s: operator '%s' is not valid, expected %s", what,
			  tp_parse_text(ps, n), tp_op__names(where));
	return taken ? op : TP_OP_NONE;
}

/* Where parse_entry puts what every filter entry has. */
struct entry {
	enum tp_op *op;
	char **op_name;
	struct tp_loc *loc;
	struct tp_loc *op_loc;
	struct tp_value **values;
	size_t *nvalues;
};

/* An entry's own keys after operator and values: (key index, key, value, the entry). */
typedef void (*entry_key_fn)(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx);

enum { E_OPERATOR, E_VALUES, E__COMMON };

/*
 * A filter entry: a mapping with an operator (taken by selector list where),
 * values and the keys of its kind, keys[E__COMMON..nkeys) (given to own).
 * False, with the entry emptied, when it has no operator.
 */
struct entry_ctx {
	const struct entry *e;
	unsigned int where;
	const char *what;
	entry_key_fn own;
	void *ctx;
};

static void entry_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct entry_ctx *x = ctx;
	const struct entry *e = x->e;

	if (key == E_OPERATOR && tp_parse_want_scalar(ps, v)) {
		*e->op_loc = node_loc(v);
		*e->op_name = tp_parse_str(ps, v);
		*e->op = parse_op(ps, v, x->where, x->what);
	} else if (key == E_VALUES) {
		parse_values(ps, v, e->values, e->nvalues);
	} else if (key >= E__COMMON) {
		x->own(ps, key, k, v, x->ctx);
	}
}

static bool parse_entry(struct parser *ps, yaml_node_t *n, const struct entry *e,
			unsigned int where, const char *what, const char *const *keys, int nkeys,
			entry_key_fn own, void *ctx)
{
	struct entry_ctx x = { e, where, what, own, ctx };
	uint64_t seen;

	*e->loc = *e->op_loc = node_loc(n);
	if (!tp_parse_map(ps, n, keys, nkeys, what, entry_pair, &x, &seen))
		return false;
	tp_parse_require(ps, n, seen, BIT(E_OPERATOR), keys, what);
	if (ps->err || !*e->op_name) {
		free(*e->op_name);
		tp_values__free(*e->values, *e->nvalues);
		*e->op_name = NULL;
		*e->values = NULL;
		*e->nvalues = 0;
		return false;
	}
	return true;
}

#define ENTRY(m)                                                                              \
	{                                                                                     \
		&(m)->op, &(m)->op_name, &(m)->loc, &(m)->op_loc, &(m)->values, &(m)->nvalues \
	}

/*
 * matchArgs and matchReturnArgs: index (needed by matchArgs unless args is
 * written), args: positions in the hook's args list, as Tetragon's
 * argIndexTypeFromArgs (pkg/selectors/kernel.go) reads them; the checker says
 * which operators take a second one.
 */
enum { M_INDEX = E__COMMON, M_ARGS, M__N };
static const char *const match_arg_keys[M__N] = { "operator", "values", "index", "args" };

struct match_arg_ctx {
	struct tp_match_arg *m;
	struct tp_index index;
};

static bool parse_position(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	return tp_parse_int(ps, n, false, item);
}

static void match_arg_key(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct match_arg_ctx *x = ctx;
	struct tp_match_arg *m = x->m;
	int *pos = NULL;
	size_t n = 0;

	if (key == M_INDEX) {
		tp_parse_index(ps, v, &x->index);
		return;
	}
	m->pos_loc = node_loc(k);
	tp_parse_seq(ps, v, &pos, &n, sizeof(*pos), parse_position, NULL);
	if (n > 2)
		parse_err(ps, k,
			  "args with %zu positions is not supported: Tetragon reads the first, "
			  "and CapabilitiesGained a second",
			  n);
	else if (n)
		memcpy(m->pos_list, pos, n * sizeof(*pos));
	m->npos = n <= 2 ? n : 0;
	free(pos);
}

/* matchArgs (index needed) or matchReturnArgs */
struct arg_list {
	const char *where;
	bool need_index;
};

static bool parse_match_arg(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	const struct arg_list *l = ctx;
	struct tp_match_arg *m = item;
	const char *where = l->where;
	bool need_index = l->need_index;
	const struct entry e = ENTRY(m);
	struct match_arg_ctx x = { m, { &m->index, false, false } };

	m->arg_pos = m->arg2_pos = -1;
	if (!parse_entry(ps, n, &e, TP_OPW_ARGS, where, match_arg_keys, M__N, match_arg_key, &x))
		goto drop;
	m->has_index = x.index.has;
	/* args: names the arg instead (Tetragon's argIndexType) */
	if (tp_parse_index_kept(ps, n, &x.index, need_index && !m->pos_loc.line, where))
		return true;
	free(m->op_name);
	tp_values__free(m->values, m->nvalues);
drop:
	memset(m, 0, sizeof(*m));
	return false;
}

static void parse_match_args(struct parser *ps, yaml_node_t *n, struct tp_match_arg **out,
			     size_t *nout, const char *where, bool need_index)
{
	struct arg_list l = { where, need_index };

	tp_parse_seq(ps, n, out, nout, sizeof(**out), parse_match_arg, &l);
}

/* matchPIDs: followForks, isNamespacePID. */
enum { P_FOLLOW_FORKS = E__COMMON, P_IS_NS_PID, P__N };
static const char *const match_pid_keys[P__N] = { "operator", "values", "followForks",
						  "isNamespacePID" };

static void match_pid_key(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct tp_match_pid *m = ctx;

	tp_parse_bool(ps, v, key == P_FOLLOW_FORKS ? &m->follow_forks : &m->is_ns_pid);
}

static bool parse_match_pid(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	struct tp_match_pid *m = item;
	const struct entry e = ENTRY(m);

	if (parse_entry(ps, n, &e, TP_OPW_PIDS, "matchPIDs", match_pid_keys, P__N, match_pid_key,
			m))
		return true;
	memset(m, 0, sizeof(*m));
	return false;
}

/* matchNamespaces: namespace (needed). */
enum { N_NAMESPACE = E__COMMON, N__N };
static const char *const match_ns_keys[N__N] = { "operator", "values", "namespace" };

static void match_ns_key(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct tp_match_ns *m = ctx;

	if (tp_parse_want_scalar(ps, v)) {
		m->ns_loc = node_loc(v);
		m->ns_name = tp_parse_str(ps, v);
	}
}

static bool parse_match_ns(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	struct tp_match_ns *m = item;
	const struct entry e = ENTRY(m);

	if (parse_entry(ps, n, &e, TP_OPW_PIDS, "matchNamespaces", match_ns_keys, N__N,
			match_ns_key, m)) {
		if (m->ns_name)
			return true;
		parse_err(ps, n, "matchNamespaces: namespace is needed");
		free(m->op_name);
		tp_values__free(m->values, m->nvalues);
	}
	free(m->ns_name);
	memset(m, 0, sizeof(*m));
	return false;
}

/*
 * matchCapabilities and matchCapabilityChanges (the list's name is ctx): type
 * (Effective when absent), isNamespaceCapability.
 */
enum { C_TYPE = E__COMMON, C_IS_NS, C__N };
static const char *const match_cap_keys[C__N] = { "operator", "values", "type",
						  "isNamespaceCapability" };

static void match_cap_key(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct tp_match_cap *m = ctx;

	if (key == C_IS_NS) {
		tp_parse_bool(ps, v, &m->is_ns);
	} else if (tp_parse_want_scalar(ps, v)) {
		m->type_loc = node_loc(v);
		m->type = tp_parse_str(ps, v);
	}
}

static bool parse_match_cap(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	struct tp_match_cap *m = item;
	const struct entry e = ENTRY(m);

	if (parse_entry(ps, n, &e, TP_OPW_PIDS, ctx, match_cap_keys, C__N, match_cap_key, m))
		return true;
	free(m->type);
	memset(m, 0, sizeof(*m));
	return false;
}

/* matchNamespaceChanges: operator and values (namespace kinds) only. */
static const char *const match_ns_change_keys[E__COMMON] = { "operator", "values" };

static bool parse_match_ns_change(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	struct tp_match_ns_change *m = item;
	const struct entry e = ENTRY(m);

	if (parse_entry(ps, n, &e, TP_OPW_PIDS, "matchNamespaceChanges", match_ns_change_keys,
			E__COMMON, NULL, NULL))
		return true;
	memset(m, 0, sizeof(*m));
	return false;
}

/* matchBinaries and matchParentBinaries (the list's name is ctx): followChildren. */
enum { B_FOLLOW_CHILDREN = E__COMMON, B__N };
static const char *const match_bin_keys[B__N] = { "operator", "values", "followChildren" };

static void match_bin_key(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct tp_match_binary *m = ctx;

	tp_parse_bool(ps, v, &m->follow_children);
}

static bool parse_match_binary(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	struct tp_match_binary *m = item;
	const struct entry e = ENTRY(m);

	if (parse_entry(ps, n, &e, TP_OPW_BINS, ctx, match_bin_keys, B__N, match_bin_key, m))
		return true;
	memset(m, 0, sizeof(*m));
	return false;
}

/* The keys besides the parameters (gen/model/action_params.h), which follow them. */
#define ACTION_KEYS(X)                            \
	X(ACT_ACTION, "action")                   \
	X(ACT_RATE_LIMIT, "rateLimit")            \
	X(ACT_RATE_LIMIT_SCOPE, "rateLimitScope") \
	X(ACT_STACK_TRACE, "stackTrace")          \
	X(ACT_KERNEL_STACK, "kernelStackTrace")   \
	X(ACT_USER_STACK, "userStackTrace")       \
	X(ACT_IMA_HASH, "imaHash")

enum { ACTION_KEYS(TP_KEY_ENUM) ACT_PARAMS, ACT__N = ACT_PARAMS + TP_AP__N };
#define ACT_PARAM_KEY(id, key, users) key,
static const char *const action_keys[ACT__N] = { ACTION_KEYS(TP_KEY_NAME)
						     TP_ACTION_PARAMS(ACT_PARAM_KEY) };
#undef ACT_PARAM_KEY
#define ACT_(param) (ACT_PARAMS + TP_AP_##param)

/* Set's argValue: Tetragon's ArgValue is a uint32 */
static void parse_u32(struct parser *ps, yaml_node_t *v, uint32_t *out)
{
	uint64_t mag;
	bool neg;

	if (!tp_parse_want_scalar(ps, v))
		return;
	if (tp_number__parse((const char *)v->data.scalar.value, v->data.scalar.length, &neg,
			     &mag) ||
	    neg || mag > UINT32_MAX)
		parse_err(ps, v, "argValue '%s' is not an unsigned 32-bit number",
			  tp_parse_text(ps, v));
	else
		*out = (uint32_t)mag;
}

static void action_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct tp_action_spec *a = ctx;
	/* the integer parameters: where each goes, and whether it may be negative */
	const struct {
		int *val;
		bool *has;
		bool neg;
	} ints[ACT__N] = {
		[ACT_(ARG_SIG)] = { &a->arg_sig, &a->has_arg_sig, true },
		[ACT_(ARG_ERROR)] = { &a->arg_error, &a->has_arg_error, true },
		[ACT_(ARG_FD)] = { &a->arg_fd, &a->has_arg_fd, false },
		[ACT_(ARG_NAME)] = { &a->arg_name, &a->has_arg_name, false },
		[ACT_(ARG_SOCK)] = { &a->arg_sock, &a->has_arg_sock, false },
	};
	bool on;

	if (key >= ACT_PARAMS) {
		a->params |= 1u << (key - ACT_PARAMS);
		a->param_loc[key - ACT_PARAMS] = node_loc(k);
	}
	switch (key) {
	case ACT_ACTION:
		if (!tp_parse_want_scalar(ps, v))
			break;
		a->name = tp_parse_str(ps, v);
		a->action =
		    tp_action__by_name((const char *)v->data.scalar.value, v->data.scalar.length);
		if (a->action == TP_ACT_UNKNOWN)
			parse_err(ps, v, "unknown action '%s'", tp_parse_text(ps, v));
		break;
	case ACT_(ARG_SIG):
	case ACT_(ARG_ERROR):
	case ACT_(ARG_FD):
	case ACT_(ARG_NAME):
	case ACT_(ARG_SOCK):
		*ints[key].has = tp_parse_int(ps, v, ints[key].neg, ints[key].val);
		break;
	case ACT_(ARG_INDEX):
		tp_parse_int(ps, v, false, &a->arg_index);
		break;
	case ACT_(ARG_VALUE):
		parse_u32(ps, v, &a->arg_value);
		break;
	case ACT_(ARG_URL):
	case ACT_(ARG_FQDN): /* the checker says whether it is a URL or a name */
		if (tp_parse_want_scalar(ps, v)) {
			free(a->arg_str);
			a->arg_str = tp_parse_str(ps, v);
		}
		break;
	case ACT_KERNEL_STACK:
	case ACT_USER_STACK:
		/* the checker says where they may stand (Post on kprobes) */
		if (!tp_parse_bool(ps, v, &on) || !on)
			break;
		if (!a->kernel_stack && !a->user_stack)
			a->stack_loc = node_loc(k);
		*(key == ACT_KERNEL_STACK ? &a->kernel_stack : &a->user_stack) = true;
		break;
	case ACT_STACK_TRACE:
		/* Tetragon's older name for kernelStackTrace; its CRD no longer has it */
		if (tp_parse_bool(ps, v, &on) && on)
			parse_err(ps, k,
				  "stackTrace is not supported: Tetragon names it "
				  "kernelStackTrace");
		break;
	case ACT_IMA_HASH: /* the checker and tprun say where it can be honoured */
		if (tp_parse_bool(ps, v, &on) && on) {
			a->ima_hash = true;
			a->ima_hash_loc = node_loc(k);
		}
		break;
	case ACT_RATE_LIMIT: /* the checker reads both: what they mean depends on the action */
		a->rate_limit_loc = node_loc(v);
		a->rate_limit = tp_parse_str(ps, v);
		break;
	case ACT_RATE_LIMIT_SCOPE:
		a->rate_limit_scope_loc = node_loc(v);
		a->rate_limit_scope = tp_parse_str(ps, v);
		break;
	default:
		/* the other parameters: read by actions tpgen does not build, or by
		 * none of those it does; the checker refuses them where they stand */
		break;
	}
}

static bool parse_action(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	struct tp_action_spec *a = item;
	const char *where = ctx;
	uint64_t seen;

	a->loc = node_loc(n);
	if (!tp_parse_map(ps, n, action_keys, ACT__N, where, action_pair, a, &seen))
		return false;
	tp_parse_require(ps, n, seen, BIT(ACT_ACTION), action_keys, where);
	if (ps->err || !a->name || a->action == TP_ACT_UNKNOWN) {
		free(a->name);
		free(a->arg_str);
		free(a->rate_limit);
		free(a->rate_limit_scope);
		memset(a, 0, sizeof(*a));
		return false;
	}
	return true;
}

static void parse_actions(struct parser *ps, yaml_node_t *n, struct tp_action_spec **out,
			  size_t *nout, const char *where)
{
	tp_parse_seq(ps, n, out, nout, sizeof(**out), parse_action, (void *)where);
}

#define SELECTOR_KEYS(X)                            \
	X(S_ARGS, "matchArgs")                      \
	X(S_RET_ARGS, "matchReturnArgs")            \
	X(S_PIDS, "matchPIDs")                      \
	X(S_BINARIES, "matchBinaries")              \
	X(S_PARENT_BINARIES, "matchParentBinaries") \
	X(S_ACTIONS, "matchActions")                \
	X(S_RET_ACTIONS, "matchReturnActions")      \
	X(S_NAMESPACES, "matchNamespaces")          \
	X(S_CAPS, "matchCapabilities")              \
	X(S_NS_CHANGES, "matchNamespaceChanges")    \
	X(S_CAP_CHANGES, "matchCapabilityChanges")  \
	X(S_DATA, "matchData")                      \
	X(S_WORKLOADS, "matchWorkloads")            \
	X(S_MACROS, "macros")                       \
	X(S_LABEL, "label")

enum { SELECTOR_KEYS(TP_KEY_ENUM) S__N };
static const char *const selector_keys[S__N] = { SELECTOR_KEYS(TP_KEY_NAME) };

/* Keys Tetragon has and tpgen does not build: the checker reports them, with their hook. */
static void unsupported(struct parser *ps, struct tp_selector *s, int key, yaml_node_t *k)
{
	struct tp_key_at *u = tp_vec__push(&s->unsupported, &s->nunsupported, sizeof(*u));

	if (!u) {
		ps->err = -ENOMEM;
		return;
	}
	u->key = selector_keys[key];
	u->loc = node_loc(k);
}

/* A selector being parsed: a hook's (h), or a macro's (h NULL). */
struct selector_ctx {
	struct tp_selector *s;
	const struct tp_hook *h;
	yaml_node_t *macros; /* its macros: list, used once its own keys are read */
};

static void parse_selector_into(struct parser *ps, yaml_node_t *n, struct selector_ctx *x);

/* --- selectorsMacros -------------------------------------------------------- */

/*
 * Tetragon's appendMacrosSelectors (pkg/sensors/tracing/generic.go) expands
 * macros in kprobes and lsmhooks only; a macro's filter list goes to a
 * selector that has none of that list (useMacro: "field is defined in
 * multiple macros and/or policy selectors"), and a macro uses no macros.
 */
static void macros_pair(struct parser *ps, struct selector_ctx *x, yaml_node_t *k, yaml_node_t *v)
{
	yaml_node_t *name;
	size_t i;

	if (!x->h)
		parse_err(ps, k,
			  "macros is not supported in a macro (Tetragon: a macro "
			  "definition cannot use other macros)");
	else if (x->h->kind != TP_HOOK_KPROBE && x->h->kind != TP_HOOK_LSM)
		parse_err(ps, k,
			  "macros is not supported on %s: Tetragon expands macros in kprobes "
			  "and lsmhooks only",
			  x->h->kind == TP_HOOK_TRACEPOINT ? "tracepoints"
			  : x->h->kind == TP_HOOK_UPROBE   ? "uprobes"
							   : "usdts");
	else if (tp_parse_want_seq(ps, v)) {
		for_each_item(ps, v, i, name)
			if (!tp_parse_want_scalar(ps, name))
				return;
		x->macros = v;
	}
}

/* The filter lists of a selector, which a macro can fill. */
/* clang-format off */
#define SELECTOR_LISTS(X)							\
	X(args, nargs, "matchArgs")						\
	X(ret_args, nret_args, "matchReturnArgs")				\
	X(data, ndata, "matchData")						\
	X(pids, npids, "matchPIDs")						\
	X(binaries, nbinaries, "matchBinaries")					\
	X(parent_binaries, nparent_binaries, "matchParentBinaries")		\
	X(ns, nns, "matchNamespaces")						\
	X(caps, ncaps, "matchCapabilities")					\
	X(ns_changes, nns_changes, "matchNamespaceChanges")			\
	X(cap_changes, ncap_changes, "matchCapabilityChanges")			\
	X(actions, nactions, "matchActions")					\
	X(ret_actions, nret_actions, "matchReturnActions")
/* clang-format on */

/* where each list's array and count are in a selector */
static const struct {
	size_t list, count;
	const char *name;
} selector_lists[] = {
#define SELECTOR_LIST(f, n, name) \
	{ offsetof(struct tp_selector, f), offsetof(struct tp_selector, n), name },
	SELECTOR_LISTS(SELECTOR_LIST)
#undef SELECTOR_LIST
};

static yaml_node_t *find_macro(struct parser *ps, yaml_node_t *name)
{
	yaml_node_t *k, *v;
	size_t i;

	for_each_pair(ps, ps->macros, i, k, v)
		if (k->type == YAML_SCALAR_NODE &&
		    k->data.scalar.length == name->data.scalar.length &&
		    !memcmp(k->data.scalar.value, name->data.scalar.value, k->data.scalar.length))
			return v;
	return NULL;
}

/* Macro name's filters into s, whose own keys are read. */
static void use_macro(struct parser *ps, struct tp_selector *s, yaml_node_t *name)
{
	struct tp_selector t = { 0 };
	struct selector_ctx x = { &t, NULL, NULL };
	yaml_node_t *m = ps->macros ? find_macro(ps, name) : NULL;
	size_t i;

	if (!ps->macros) {
		parse_err(ps, name, "macro '%s' is used, but spec.selectorsMacros is not defined",
			  tp_parse_text(ps, name));
		return;
	}
	if (!m) {
		parse_err(ps, name, "undefined macro '%s'", tp_parse_text(ps, name));
		return;
	}
	if (m->type == YAML_MAPPING_NODE)
		parse_selector_into(ps, m, &x);
	for (i = 0; i < ARRAY_SIZE(selector_lists) && !ps->err; i++) {
		char *sb = (char *)s, *tb = (char *)&t;
		size_t *sn = (size_t *)(sb + selector_lists[i].count);
		size_t *tn = (size_t *)(tb + selector_lists[i].count);
		void **sl = (void **)(sb + selector_lists[i].list);
		void **tl = (void **)(tb + selector_lists[i].list);

		if (!*tn)
			continue;
		if (*sn) {
			parse_err(ps, name,
				  "macro '%s': %s is not supported in both a selector and its "
				  "macro, or in two of its macros (Tetragon refuses it)",
				  tp_parse_text(ps, name), selector_lists[i].name);
			continue;
		}
		*sl = *tl;
		*sn = *tn;
		*tl = NULL;
		*tn = 0;
	}
	for (i = 0; i < t.nunsupported && !ps->err; i++) {
		struct tp_key_at *u = tp_vec__push(&s->unsupported, &s->nunsupported, sizeof(*u));

		if (u)
			*u = t.unsupported[i];
		else
			ps->err = -ENOMEM;
	}
	tp_selector__free(&t);
}

static void selector_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct selector_ctx *x = ctx;
	struct tp_selector *s = x->s;

	switch (key) {
	case S_ARGS:
		parse_match_args(ps, v, &s->args, &s->nargs, "matchArgs", true);
		break;
	case S_RET_ARGS:
		parse_match_args(ps, v, &s->ret_args, &s->nret_args, "matchReturnArgs", false);
		break;
	case S_DATA:
		parse_match_args(ps, v, &s->data, &s->ndata, "matchData", true);
		break;
	case S_PIDS:
		tp_parse_seq(ps, v, &s->pids, &s->npids, sizeof(*s->pids), parse_match_pid, NULL);
		break;
	case S_BINARIES:
		tp_parse_seq(ps, v, &s->binaries, &s->nbinaries, sizeof(*s->binaries),
			     parse_match_binary, (void *)"matchBinaries");
		break;
	case S_PARENT_BINARIES:
		tp_parse_seq(ps, v, &s->parent_binaries, &s->nparent_binaries,
			     sizeof(*s->parent_binaries), parse_match_binary,
			     (void *)"matchParentBinaries");
		break;
	case S_NAMESPACES:
		tp_parse_seq(ps, v, &s->ns, &s->nns, sizeof(*s->ns), parse_match_ns, NULL);
		break;
	case S_CAPS:
		tp_parse_seq(ps, v, &s->caps, &s->ncaps, sizeof(*s->caps), parse_match_cap,
			     (void *)"matchCapabilities");
		break;
	case S_NS_CHANGES:
		tp_parse_seq(ps, v, &s->ns_changes, &s->nns_changes, sizeof(*s->ns_changes),
			     parse_match_ns_change, NULL);
		break;
	case S_CAP_CHANGES:
		tp_parse_seq(ps, v, &s->cap_changes, &s->ncap_changes, sizeof(*s->cap_changes),
			     parse_match_cap, (void *)"matchCapabilityChanges");
		break;
	case S_ACTIONS:
		parse_actions(ps, v, &s->actions, &s->nactions, "matchActions");
		break;
	case S_RET_ACTIONS:
		parse_actions(ps, v, &s->ret_actions, &s->nret_actions, "matchReturnActions");
		break;
	case S_WORKLOADS:
		tp_parse_kubernetes_only(ps, k, "", selector_keys[key]);
		break;
	case S_MACROS:
		macros_pair(ps, x, k, v);
		break;
	default:
		unsupported(ps, s, key, k);
		break;
	}
}

static void parse_selector_into(struct parser *ps, yaml_node_t *n, struct selector_ctx *x)
{
	uint64_t seen;
	yaml_node_t *v;
	size_t i;

	x->s->loc = node_loc(n);
	tp_parse_map(ps, n, selector_keys, S__N, "selector", selector_pair, x, &seen);
	if (x->macros && !ps->macros_bad)
		for_each_item(ps, x->macros, i, v)
			use_macro(ps, x->s, v);
}

static void parse_selector(struct parser *ps, yaml_node_t *n, struct tp_selector *s,
			   const struct tp_hook *h)
{
	struct selector_ctx x = { s, h, NULL };

	parse_selector_into(ps, n, &x);
}

static bool parse_selector_item(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	/* a selector always counts: an empty one matches everything */
	if (!n || (n->type != YAML_MAPPING_NODE && !tp_parse_is_null(n))) {
		parse_err(ps, n, "expected a mapping");
		return false;
	}
	parse_selector(ps, n, item, ctx);
	return true;
}

void tp_parse_selectors(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
{
	tp_parse_seq(ps, n, &h->selectors, &h->nselectors, sizeof(*h->selectors),
		     parse_selector_item, h);
}

void tp_parse_macros(struct parser *ps, yaml_node_t *n)
{
	int errors = ps->d->errors;
	yaml_node_t *k, *v;
	size_t i;

	if (!tp_parse_want_map(ps, n))
		return;
	ps->macros = n;
	for_each_pair(ps, n, i, k, v) {
		struct tp_selector t = { 0 };
		struct selector_ctx x = { &t, NULL, NULL };

		if (!tp_parse_want_scalar(ps, k))
			continue;
		if (v->type != YAML_MAPPING_NODE && !tp_parse_is_null(v))
			parse_err(ps, v, "expected a mapping");
		else
			parse_selector_into(ps, v, &x);
		tp_selector__free(&t);
	}
	/* the uses parse them again: their errors are reported here, once */
	ps->macros_bad = ps->d->errors != errors;
}
