// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* kprobes, tracepoints and lsmhooks: their keys, args, tags and selectors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "parts.h"

/* --- tags ------------------------------------------------------------------ */

static void parse_tags(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
{
	yaml_node_t *v;
	size_t i;

	if (!tp_parse_want_seq(ps, n))
		return;
	h->tags = tp_parse_calloc(ps, nitems(n), sizeof(*h->tags));
	for_each_item(ps, n, i, v)
	{
		char *s = tp_parse_str(ps, v);

		if (s)
			h->tags[h->ntags++] = s;
	}
}

/* --- args ------------------------------------------------------------------ */

enum {
	A_INDEX,
	A_TYPE,
	A_SIZE_ARG,
	A_RET_COPY,
	A_MAX_DATA,
	A_LABEL,
	A_RESOLVE,
	A_SOURCE,
	A_BTF_TYPE,
	A__N
};
static const char *const arg_keys[A__N] = {
    "index", "type",	"sizeArgIndex", "returnCopy", "maxData",
    "label", "resolve", "source",	"btfType",
};

/* Returns false when the arg lacks what it needs to be kept (its contents are freed). */
static bool parse_arg(struct parser *ps, yaml_node_t *n, struct tp_arg *a, const char *where,
		       bool need_index)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	bool has_index = false, index_bad = false;
	size_t i;
	int t;

	a->loc = node_loc(n);
	a->type_loc = a->loc;
	if (!tp_parse_want_map(ps, n))
		return false;
	for_each_pair(ps, n, i, k, v)
	{
		switch (tp_parse_key(ps, k, arg_keys, A__N, &seen, where)) {
		case A_INDEX:
			has_index = tp_parse_int(ps, v, false, &a->index);
			index_bad = !has_index;
			break;
		case A_TYPE:
			if (!tp_parse_want_scalar(ps, v))
				break;
			a->type_loc = node_loc(v);
			tp_parse_set_str(ps, &a->type_name, v);
			t = tp_arg_type__by_name((const char *)v->data.scalar.value,
						 v->data.scalar.length);
			a->type = t < 0 ? TP_ARG_NONE : (enum tp_arg_type)t;
			break;
		case A_SIZE_ARG:
			tp_parse_int(ps, v, false, &a->size_arg_index);
			break;
		case A_RET_COPY:
			tp_parse_bool(ps, v, &a->return_copy);
			break;
		case A_MAX_DATA:
			tp_parse_bool(ps, v, &a->max_data);
			break;
		case A_LABEL:
			tp_parse_set_str(ps, &a->label, v);
			break;
		default: /* resolve, source, btfType: accepted, not used yet */
			break;
		}
	}
	if (!a->type_name)
		a->type_name = tp_parse_memdup(ps, "auto", 4);
	if (!ps->err && need_index && !has_index && !index_bad)
		parse_err(ps, n, "missing required key 'index' in %s", where);
	if (ps->err || (need_index && !has_index)) {
		free(a->type_name);
		free(a->label);
		memset(a, 0, sizeof(*a));
		return false;
	}
	return true;
}

static void parse_args(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
{
	yaml_node_t *v;
	size_t i;

	if (!tp_parse_want_seq(ps, n))
		return;
	h->args = tp_parse_calloc(ps, nitems(n), sizeof(*h->args));
	for_each_item(ps, n, i, v) if (parse_arg(ps, v, &h->args[h->nargs], "arg", true))
	    h->nargs++;
}

/* --- hooks ----------------------------------------------------------------- */

enum {
	K_CALL,
	K_SYSCALL,
	K_RETURN,
	K_RETURN_ARG,
	K_RETURN_ARG_ACTION,
	K_ARGS,
	K_DATA,
	K_MESSAGE,
	K_TAGS,
	K_SELECTORS,
	K_IGNORE,
	K__N
};
static const char *const kprobe_keys[K__N] = {
    "call", "syscall", "return", "returnArg", "returnArgAction", "args",
    "data", "message", "tags",	 "selectors", "ignore",
};

/* args, selectors, message, tags: the same under every hook kind */
static void parse_hook_common(struct parser *ps, const char *key, yaml_node_t *v,
			       struct tp_hook *h)
{
	if (!strcmp(key, "args"))
		parse_args(ps, v, h);
	else if (!strcmp(key, "selectors"))
		tp_parse_selectors(ps, v, h);
	else if (!strcmp(key, "message"))
		h->message = tp_parse_str(ps, v);
	else if (!strcmp(key, "tags"))
		parse_tags(ps, v, h);
}

/* ignore: { callNotFound: BOOL } */
static void parse_ignore(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
{
	static const char *const keys[] = { "callNotFound" };
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i;

	if (!tp_parse_want_map(ps, n))
		return;
	for_each_pair(ps, n, i, k, v)
	{
		if (tp_parse_key(ps, k, keys, 1, &seen, "ignore") == 0)
			tp_parse_bool(ps, v, &h->ignore_call_not_found);
	}
}

static bool parse_kprobe(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
{
	yaml_node_t *k, *v, *ret_key = NULL;
	uint64_t seen = 0;
	size_t i;

	h->kind = TP_HOOK_KPROBE;
	h->syscall = true;
	h->loc = node_loc(n);
	if (!tp_parse_want_map(ps, n))
		return false;
	for_each_pair(ps, n, i, k, v)
	{
		int key = tp_parse_key(ps, k, kprobe_keys, K__N, &seen, "kprobe");

		switch (key) {
		case K_CALL:
			h->call = tp_parse_str(ps, v);
			break;
		case K_SYSCALL:
			tp_parse_bool(ps, v, &h->syscall);
			break;
		case K_RETURN:
			ret_key = k;
			tp_parse_bool(ps, v, &h->ret);
			break;
		case K_RETURN_ARG:
			h->has_ret_arg = parse_arg(ps, v, &h->ret_arg, "returnArg", false);
			break;
		case K_RETURN_ARG_ACTION:
			parse_err(ps, k, "returnArgAction is not supported yet");
			break;
		case K_DATA:
			parse_err(ps, k, "data is not supported yet");
			break;
		case K_IGNORE:
			parse_ignore(ps, v, h);
			break;
		default:
			if (key >= 0)
				parse_hook_common(ps, kprobe_keys[key], v, h);
			break;
		}
	}
	if (ps->err)
		return false;
	if (h->ret && !(seen & BIT(K_RETURN_ARG)))
		parse_err(ps, ret_key, "returnArg is required when return is true");
	if (!(seen & BIT(K_CALL)))
		parse_err(ps, n, "missing required key 'call' in kprobe");
	return h->call != NULL;
}

enum { L_HOOK, L_ARGS, L_SELECTORS, L_MESSAGE, L_TAGS, L__N };
static const char *const lsm_keys[L__N] = { "hook", "args", "selectors", "message", "tags" };

static bool parse_lsm(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i;

	h->kind = TP_HOOK_LSM;
	h->loc = node_loc(n);
	if (!tp_parse_want_map(ps, n))
		return false;
	for_each_pair(ps, n, i, k, v)
	{
		int key = tp_parse_key(ps, k, lsm_keys, L__N, &seen, "lsmhook");

		if (key == L_HOOK)
			h->call = tp_parse_str(ps, v);
		else if (key >= 0)
			parse_hook_common(ps, lsm_keys[key], v, h);
	}
	if (ps->err)
		return false;
	if (!(seen & BIT(L_HOOK)))
		parse_err(ps, n, "missing required key 'hook' in lsmhook");
	return h->call != NULL;
}

enum { T_SUBSYSTEM, T_EVENT, T_RAW, T_ARGS, T_SELECTORS, T_MESSAGE, T_TAGS, T__N };
static const char *const tracepoint_keys[T__N] = {
    "subsystem", "event", "raw", "args", "selectors", "message", "tags",
};

static bool parse_tracepoint(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i;

	h->kind = TP_HOOK_TRACEPOINT;
	h->loc = node_loc(n);
	if (!tp_parse_want_map(ps, n))
		return false;
	for_each_pair(ps, n, i, k, v)
	{
		int key = tp_parse_key(ps, k, tracepoint_keys, T__N, &seen, "tracepoint");

		switch (key) {
		case T_SUBSYSTEM:
			h->subsystem = tp_parse_str(ps, v);
			break;
		case T_EVENT:
			h->event = tp_parse_str(ps, v);
			break;
		case T_RAW:
			tp_parse_bool(ps, v, &h->raw);
			break;
		default:
			if (key >= 0)
				parse_hook_common(ps, tracepoint_keys[key], v, h);
			break;
		}
	}
	if (ps->err)
		return false;
	if (!(seen & BIT(T_SUBSYSTEM)))
		parse_err(ps, n, "missing required key 'subsystem' in tracepoint");
	if (!(seen & BIT(T_EVENT)))
		parse_err(ps, n, "missing required key 'event' in tracepoint");
	return h->subsystem && h->event;
}

/* Free a hook that lacks a required key, reusing tp_policy__free on a one-hook policy. */
static int hook_release(struct tp_hook *h)
{
	struct tp_policy *tmp = calloc(1, sizeof(*tmp));

	if (!tmp)
		return -ENOMEM;
	tmp->hooks = malloc(sizeof(*h));
	if (!tmp->hooks) {
		free(tmp);
		return -ENOMEM;
	}
	*tmp->hooks = *h;
	tmp->nhooks = 1;
	tp_policy__free(tmp);
	memset(h, 0, sizeof(*h));
	return 0;
}

void tp_parse_hooks(struct parser *ps, yaml_node_t *n, struct tp_policy *p,
			 enum tp_hook_kind kind)
{
	yaml_node_t *v;
	size_t i;

	for_each_item(ps, n, i, v)
	{
		struct tp_hook *h = &p->hooks[p->nhooks];
		bool ok = kind == TP_HOOK_KPROBE     ? parse_kprobe(ps, v, h) :
			  kind == TP_HOOK_TRACEPOINT ? parse_tracepoint(ps, v, h) :
						       parse_lsm(ps, v, h);

		/* on failure to release, the policy keeps (and later frees) the hook */
		if (ok || ps->err || (ps->err = hook_release(h)))
			p->nhooks++;
	}
}
