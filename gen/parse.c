// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * TracingPolicy YAML -> policy model. libyaml's document API builds the node
 * graph (aliases share nodes); a bounded walk rejects alias bombs and deep
 * nesting before the schema walk, which reports every structural mistake it
 * finds and keeps going. Keys match case-insensitively, as Tetragon's
 * YAML-to-JSON unmarshalling does (the docs write "followforks").
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "parse.h"
#include "parse_priv.h"

#ifndef TP_PARSE_MAX_DEPTH
#define TP_PARSE_MAX_DEPTH 64
#endif
#ifndef TP_PARSE_MAX_NODES
#define TP_PARSE_MAX_NODES 1000000
#endif
#ifndef TP_POLICY_MAX_SIZE
#define TP_POLICY_MAX_SIZE (16u << 20)
#endif

#define TP_API_VERSION "cilium.io/v1alpha1"

/* --- helpers shared with parse_selector.c ---------------------------------- */

/* A printable, bounded copy of user text for messages (keys can hold anything). */
static const char *_name(struct parser *ps, const char *s, size_t len)
{
	char *out = ps->names[ps->next_name++ % 4];
	size_t cap = sizeof(ps->names[0]), o = 0, i;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (o + 8 >= cap) {
			while (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0x80)
				o--;
			if (o > 0 && (unsigned char)out[o - 1] >= 0xc0)
				o--;
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else if (c == '\\' || c == '\'') {
			out[o++] = '\\';
			out[o++] = c;
		} else if (c < 0x20 || c == 0x7f) {
			o += snprintf(out + o, cap - o, "\\x%02x", c);
		} else {
			out[o++] = c;
		}
	}
	out[o] = '\0';
	return out;
}

const char *tp_parse_text(struct parser *ps, const yaml_node_t *n)
{
	return _name(ps, (const char *)n->data.scalar.value, n->data.scalar.length);
}

bool tp_parse_is_null(const yaml_node_t *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	size_t i;

	if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (n->data.scalar.length == strlen(nulls[i]) &&
		    !memcmp(n->data.scalar.value, nulls[i], n->data.scalar.length))
			return true;
	return false;
}

bool tp_parse_want_scalar(struct parser *ps, yaml_node_t *n)
{
	if (n && n->type == YAML_SCALAR_NODE)
		return true;
	_err(ps, n, "expected a scalar");
	return false;
}

bool tp_parse_want_map(struct parser *ps, yaml_node_t *n)
{
	if (n && (n->type == YAML_MAPPING_NODE || tp_parse_is_null(n)))
		return true;
	_err(ps, n, "expected a mapping");
	return false;
}

bool tp_parse_want_seq(struct parser *ps, yaml_node_t *n)
{
	if (n && (n->type == YAML_SEQUENCE_NODE || tp_parse_is_null(n)))
		return true;
	_err(ps, n, "expected a sequence");
	return false;
}

void *tp_parse_calloc(struct parser *ps, size_t n, size_t size)
{
	void *p;

	if (ps->err || !n)
		return NULL;
	p = calloc(n, size);
	if (!p)
		ps->err = -ENOMEM;
	return p;
}

char *tp_parse_memdup(struct parser *ps, const void *s, size_t len)
{
	char *r;

	if (ps->err)
		return NULL;
	r = malloc(len + 1);
	if (!r) {
		ps->err = -ENOMEM;
		return NULL;
	}
	memcpy(r, s, len);
	r[len] = '\0';
	return r;
}

char *tp_parse_str(struct parser *ps, yaml_node_t *n)
{
	if (!tp_parse_want_scalar(ps, n))
		return NULL;
	return tp_parse_memdup(ps, n->data.scalar.value, n->data.scalar.length);
}

/* Set *dst to n's text, leaving it alone when n is not a scalar. */
static void _set_str(struct parser *ps, char **dst, yaml_node_t *n)
{
	char *s = tp_parse_str(ps, n);

	if (s) {
		free(*dst);
		*dst = s;
	}
}

bool tp_parse_bool(struct parser *ps, yaml_node_t *n, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "y"};
	static const char *const no[] = {"false", "no", "off", "n"};
	size_t i;

	if (!tp_parse_want_scalar(ps, n))
		return false;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (_scalar_is_nocase(n, yes[i])) {
			*out = true;
			return true;
		}
		if (_scalar_is_nocase(n, no[i])) {
			*out = false;
			return true;
		}
	}
	_err(ps, n, "expected a boolean");
	return false;
}

bool tp_parse_int(struct parser *ps, yaml_node_t *n, bool allow_neg, int *out)
{
	const char *s, *end;
	unsigned long long v = 0;
	bool neg = false;
	unsigned int base = 10;
	size_t len;

	if (!tp_parse_want_scalar(ps, n))
		return false;
	s = (const char *)n->data.scalar.value;
	len = n->data.scalar.length;
	end = s + len;
	if (s < end && (*s == '-' || *s == '+')) {
		neg = *s == '-';
		s++;
	}
	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (end - s > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
		base = 8;
		s += 2;
	} else if (end - s > 1 && s[0] == '0') {
		base = 8;
		s++;
	}
	if (s == end || (neg && !allow_neg))
		goto bad;
	for (; s < end; s++) {
		unsigned int dig;

		if (*s >= '0' && *s <= '9')
			dig = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			dig = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			dig = *s - 'A' + 10;
		else
			goto bad;
		if (dig >= base)
			goto bad;
		v = v * base + dig;
		if (v > (unsigned long long)INT_MAX + 1)
			goto range;
	}
	if (!neg && v > INT_MAX)
		goto range;
	*out = neg ? (int)-(long long)v : (int)v;
	return true;
bad:
	_err(ps, n, "expected %s integer", allow_neg ? "an" : "a non-negative");
	return false;
range:
	_err(ps, n, "integer '%s' is out of range", tp_parse_text(ps, n));
	return false;
}

int tp_parse_key(struct parser *ps, yaml_node_t *k, const char *const *keys, int nkeys,
		 uint64_t *seen, const char *where)
{
	int i;

	if (!tp_parse_want_scalar(ps, k))
		return -1;
	for (i = 0; i < nkeys; i++) {
		if (!_scalar_is_nocase(k, keys[i]))
			continue;
		if (*seen & BIT(i)) {
			_err(ps, k, "duplicate key '%s'", tp_parse_text(ps, k));
			return -1;
		}
		*seen |= BIT(i);
		return i;
	}
	if (where)
		_err(ps, k, "unknown key '%s' in %s", tp_parse_text(ps, k), where);
	return -1;
}

/* --- tags ------------------------------------------------------------------ */

static void _parse_tags(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
{
	yaml_node_t *v;
	size_t i;

	if (!tp_parse_want_seq(ps, n))
		return;
	h->tags = tp_parse_calloc(ps, _nitems(n), sizeof(*h->tags));
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
static bool _parse_arg(struct parser *ps, yaml_node_t *n, struct tp_arg *a, const char *where,
		       bool need_index)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	bool has_index = false, index_bad = false;
	size_t i;
	int t;

	a->loc = _loc(n);
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
			a->type_loc = _loc(v);
			_set_str(ps, &a->type_name, v);
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
			_set_str(ps, &a->label, v);
			break;
		default: /* resolve, source, btfType: accepted, not used yet */
			break;
		}
	}
	if (!a->type_name)
		a->type_name = tp_parse_memdup(ps, "auto", 4);
	if (!ps->err && need_index && !has_index && !index_bad)
		_err(ps, n, "missing required key 'index' in %s", where);
	if (ps->err || (need_index && !has_index)) {
		free(a->type_name);
		free(a->label);
		memset(a, 0, sizeof(*a));
		return false;
	}
	return true;
}

static void _parse_args(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
{
	yaml_node_t *v;
	size_t i;

	if (!tp_parse_want_seq(ps, n))
		return;
	h->args = tp_parse_calloc(ps, _nitems(n), sizeof(*h->args));
	for_each_item(ps, n, i, v) if (_parse_arg(ps, v, &h->args[h->nargs], "arg", true))
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
static void _parse_hook_common(struct parser *ps, const char *key, yaml_node_t *v,
			       struct tp_hook *h)
{
	if (!strcmp(key, "args"))
		_parse_args(ps, v, h);
	else if (!strcmp(key, "selectors"))
		tp_parse_selectors(ps, v, h);
	else if (!strcmp(key, "message"))
		h->message = tp_parse_str(ps, v);
	else if (!strcmp(key, "tags"))
		_parse_tags(ps, v, h);
}

/* ignore: { callNotFound: BOOL } */
static void _parse_ignore(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
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

static bool _parse_kprobe(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
{
	yaml_node_t *k, *v, *ret_key = NULL;
	uint64_t seen = 0;
	size_t i;

	h->kind = TP_HOOK_KPROBE;
	h->syscall = true;
	h->loc = _loc(n);
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
			h->has_ret_arg = _parse_arg(ps, v, &h->ret_arg, "returnArg", false);
			break;
		case K_RETURN_ARG_ACTION:
			_err(ps, k, "returnArgAction is not supported yet");
			break;
		case K_DATA:
			_err(ps, k, "data is not supported yet");
			break;
		case K_IGNORE:
			_parse_ignore(ps, v, h);
			break;
		default:
			if (key >= 0)
				_parse_hook_common(ps, kprobe_keys[key], v, h);
			break;
		}
	}
	if (ps->err)
		return false;
	if (h->ret && !(seen & BIT(K_RETURN_ARG)))
		_err(ps, ret_key, "returnArg is required when return is true");
	if (!(seen & BIT(K_CALL)))
		_err(ps, n, "missing required key 'call' in kprobe");
	return h->call != NULL;
}

enum { L_HOOK, L_ARGS, L_SELECTORS, L_MESSAGE, L_TAGS, L__N };
static const char *const lsm_keys[L__N] = { "hook", "args", "selectors", "message", "tags" };

static bool _parse_lsm(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i;

	h->kind = TP_HOOK_LSM;
	h->loc = _loc(n);
	if (!tp_parse_want_map(ps, n))
		return false;
	for_each_pair(ps, n, i, k, v)
	{
		int key = tp_parse_key(ps, k, lsm_keys, L__N, &seen, "lsmhook");

		if (key == L_HOOK)
			h->call = tp_parse_str(ps, v);
		else if (key >= 0)
			_parse_hook_common(ps, lsm_keys[key], v, h);
	}
	if (ps->err)
		return false;
	if (!(seen & BIT(L_HOOK)))
		_err(ps, n, "missing required key 'hook' in lsmhook");
	return h->call != NULL;
}

enum { T_SUBSYSTEM, T_EVENT, T_RAW, T_ARGS, T_SELECTORS, T_MESSAGE, T_TAGS, T__N };
static const char *const tracepoint_keys[T__N] = {
    "subsystem", "event", "raw", "args", "selectors", "message", "tags",
};

static bool _parse_tracepoint(struct parser *ps, yaml_node_t *n, struct tp_hook *h)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i;

	h->kind = TP_HOOK_TRACEPOINT;
	h->loc = _loc(n);
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
				_parse_hook_common(ps, tracepoint_keys[key], v, h);
			break;
		}
	}
	if (ps->err)
		return false;
	if (!(seen & BIT(T_SUBSYSTEM)))
		_err(ps, n, "missing required key 'subsystem' in tracepoint");
	if (!(seen & BIT(T_EVENT)))
		_err(ps, n, "missing required key 'event' in tracepoint");
	return h->subsystem && h->event;
}

/* Free a hook that lacks a required key, reusing tp_policy__free on a one-hook policy. */
static int _hook_release(struct tp_hook *h)
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

static void _parse_hooks(struct parser *ps, yaml_node_t *n, struct tp_policy *p,
			 enum tp_hook_kind kind)
{
	yaml_node_t *v;
	size_t i;

	for_each_item(ps, n, i, v)
	{
		struct tp_hook *h = &p->hooks[p->nhooks];
		bool ok = kind == TP_HOOK_KPROBE     ? _parse_kprobe(ps, v, h) :
			  kind == TP_HOOK_TRACEPOINT ? _parse_tracepoint(ps, v, h) :
						       _parse_lsm(ps, v, h);

		/* on failure to release, the policy keeps (and later frees) the hook */
		if (ok || ps->err || (ps->err = _hook_release(h)))
			p->nhooks++;
	}
}

/* --- policy ---------------------------------------------------------------- */

enum { SP_KPROBES, SP_TRACEPOINTS, SP_LSMHOOKS, SP_LISTS, SP_OPTIONS, SP__SUPPORTED };
static const char *const spec_keys[] = {
    "kprobes",
    "tracepoints",
    "lsmhooks",
    "lists",
    "options",
    /* known to Tetragon, not implemented here yet */
    "uprobes",
    "usdts",
    "fentries",
    "enforcers",
    "loader",
    "selectorsMacros",
    "podSelector",
    "containerSelector",
    "hostSelector",
    "nodeSelector",
};
#define SPEC_NKEYS ((int)(sizeof(spec_keys) / sizeof(spec_keys[0])))

static void _parse_spec(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	yaml_node_t *k, *v, *kp = NULL, *tp = NULL, *lsm = NULL;
	uint64_t seen = 0;
	size_t i;
	int key;

	if (!tp_parse_want_map(ps, n))
		return;
	for_each_pair(ps, n, i, k, v)
	{
		key = tp_parse_key(ps, k, spec_keys, SPEC_NKEYS, &seen, "spec");
		if (key == SP_KPROBES && tp_parse_want_seq(ps, v))
			kp = v;
		else if (key == SP_TRACEPOINTS && tp_parse_want_seq(ps, v))
			tp = v;
		else if (key == SP_LSMHOOKS && tp_parse_want_seq(ps, v))
			lsm = v;
		else if (key == SP_LISTS && tp_parse_want_seq(ps, v))
			tp_parse_lists(ps, v, p);
		else if (key == SP_OPTIONS && tp_parse_want_seq(ps, v))
			tp_parse_options(ps, v, p);
		else if (key >= SP__SUPPORTED)
			_err(ps, k, "spec.%s is not supported yet", spec_keys[key]);
	}
	p->hooks = tp_parse_calloc(ps, _nitems(kp) + _nitems(tp) + _nitems(lsm), sizeof(*p->hooks));
	_parse_hooks(ps, kp, p, TP_HOOK_KPROBE);
	_parse_hooks(ps, tp, p, TP_HOOK_TRACEPOINT);
	_parse_hooks(ps, lsm, p, TP_HOOK_LSM);
}

enum { MD_NAME, MD__N };
static const char *const metadata_keys[MD__N] = {"name"};

static void _parse_metadata(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i;

	if (!tp_parse_want_map(ps, n))
		return;
	/* labels, annotations, namespace, ...: Kubernetes' business */
	for_each_pair(ps, n, i, k, v)
	{
		if (tp_parse_key(ps, k, metadata_keys, MD__N, &seen, NULL) == MD_NAME)
			p->name = tp_parse_str(ps, v);
	}
	if (!ps->err && !(seen & BIT(MD_NAME)))
		_err(ps, n, "missing required key 'name' in metadata");
}

enum { R_API_VERSION, R_KIND, R_METADATA, R_SPEC, R__N };
static const char *const root_keys[R__N] = {"apiVersion", "kind", "metadata", "spec"};

static void _parse_root(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i;

	p->loc = _loc(n);
	if (!tp_parse_want_map(ps, n))
		return;
	for_each_pair(ps, n, i, k, v)
	{
		switch (tp_parse_key(ps, k, root_keys, R__N, &seen, "policy")) {
		case R_API_VERSION:
			p->api_version = tp_parse_str(ps, v);
			if (p->api_version && !_scalar_is(v, TP_API_VERSION))
				_err(ps, v, "unsupported apiVersion '%s': expected '%s'",
				     tp_parse_text(ps, v), TP_API_VERSION);
			break;
		case R_KIND:
			p->kind = tp_parse_str(ps, v);
			if (p->kind && !_scalar_is(v, "TracingPolicy") &&
			    !_scalar_is(v, "TracingPolicyNamespaced"))
				_err(ps, v,
				     "unsupported kind '%s': expected 'TracingPolicy' or "
				     "'TracingPolicyNamespaced'",
				     tp_parse_text(ps, v));
			break;
		case R_METADATA:
			_parse_metadata(ps, v, p);
			break;
		case R_SPEC:
			_parse_spec(ps, v, p);
			break;
		}
	}
	for (i = 0; !ps->err && i < R__N; i++)
		if (!(seen & BIT(i)))
			_err(ps, n, "missing required key '%s' in policy", root_keys[i]);
}

/* --- input checks ---------------------------------------------------------- */

static struct tp_loc _offset_loc(const char *text, size_t len, size_t off)
{
	struct tp_loc loc = {1, 1};
	size_t i;

	for (i = 0; i < off && i < len; i++) {
		unsigned char c = text[i];

		if (c == '\n' || (c == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) {
			loc.line++;
			loc.col = 1;
		} else if ((c & 0xc0) != 0x80 && c != '\r') {
			loc.col++;
		}
	}
	return loc;
}

/* Bounded walk over the node graph: aliases can make a small file a huge tree. */
static int _walk(struct parser *ps, yaml_node_t *n, int depth)
{
	yaml_node_t *k, *v;
	size_t i;
	int err;

	if (!n)
		return 0;
	if (++ps->visits > TP_PARSE_MAX_NODES) {
		_err(ps, n, "policy too large");
		return -EINVAL;
	}
	if (depth > TP_PARSE_MAX_DEPTH) {
		_err(ps, n, "policy nests too deeply");
		return -EINVAL;
	}
	if (n->type == YAML_SEQUENCE_NODE) {
		for_each_item(ps, n, i, v) if ((err = _walk(ps, v, depth + 1))) return err;
	} else if (n->type == YAML_MAPPING_NODE) {
		for_each_pair(ps, n, i, k, v)
		{
			if ((err = _walk(ps, k, depth + 1)))
				return err;
			if ((err = _walk(ps, v, depth + 1)))
				return err;
		}
	}
	return 0;
}

static void _yaml_error(struct tp_diag *d, yaml_parser_t *yp, const char *text, size_t len)
{
	struct tp_loc loc;

	if (yp->error == YAML_READER_ERROR)
		loc = _offset_loc(text, len, yp->problem_offset);
	else
		loc = _mark_loc(yp->problem_mark);
	tp_diag__error(d, loc, "%s", yp->problem ? yp->problem : "invalid YAML");
}

/*
 * An event pass before composing: libyaml's scanner costs O(depth) per token
 * in flow collections, so deep input is cut off here at TP_PARSE_MAX_DEPTH,
 * long before it gets slow. It also reports syntax errors and extra documents.
 */
static int _prescan(struct tp_diag *d, const char *text, size_t len)
{
	yaml_parser_t yp;
	yaml_event_t ev;
	int depth = 0, docs = 0, err = 0;
	yaml_event_type_t type;

	if (!yaml_parser_initialize(&yp))
		return -ENOMEM;
	yaml_parser_set_input_string(&yp, (const unsigned char *)text, len);
	do {
		if (!yaml_parser_parse(&yp, &ev)) {
			err = yp.error == YAML_MEMORY_ERROR ? -ENOMEM : -EINVAL;
			if (err == -EINVAL)
				_yaml_error(d, &yp, text, len);
			break;
		}
		type = ev.type;
		if (type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT) {
			if (++depth > TP_PARSE_MAX_DEPTH) {
				tp_diag__error(d, _mark_loc(ev.start_mark),
					       "policy nests too deeply");
				err = -EINVAL;
			}
		} else if (type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT) {
			depth--;
		} else if (type == YAML_DOCUMENT_START_EVENT && ++docs == 2) {
			/* not fatal: the first document is still checked */
			tp_diag__error(d, _mark_loc(ev.start_mark),
				       "a policy file holds one document, found another");
		}
		yaml_event_delete(&ev);
	} while (!err && type != YAML_STREAM_END_EVENT);
	yaml_parser_delete(&yp);
	return err;
}

/* Takes ownership of source (NULL: copy text). */
static struct tp_policy *_parse(const char *path, const char *text, size_t len, struct tp_diag *d,
				char *source)
{
	yaml_parser_t yp;
	yaml_document_t doc;
	struct parser ps = {.d = d, .doc = &doc};
	struct tp_policy *p = NULL;
	yaml_node_t *root;
	const char *nul;
	int err = 0;

	if (!yaml_parser_initialize(&yp)) {
		free(source);
		errno = ENOMEM;
		return NULL;
	}
	nul = memchr(text, '\0', len);
	if (nul) {
		tp_diag__error(d, _offset_loc(text, len, nul - text), "policy contains a NUL byte");
		err = -EINVAL;
		goto cleanup_parser;
	}
	err = _prescan(d, text, len);
	if (err)
		goto cleanup_parser;
	yaml_parser_set_input_string(&yp, (const unsigned char *)text, len);
	if (!yaml_parser_load(&yp, &doc)) {
		err = yp.error == YAML_MEMORY_ERROR ? -ENOMEM : -EINVAL;
		if (err == -EINVAL)
			_yaml_error(d, &yp, text, len);
		goto cleanup_parser;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root) {
		tp_diag__error(d, (struct tp_loc){0, 0}, "policy is empty");
		err = -EINVAL;
		goto cleanup_doc;
	}
	/* aliases: the node graph can be far larger and deeper than the text */
	err = _walk(&ps, root, 1);
	if (err)
		goto cleanup_doc;

	p = calloc(1, sizeof(*p));
	if (!p) {
		err = -ENOMEM;
		goto cleanup_doc;
	}
	p->path = tp_parse_memdup(&ps, path ? path : "", path ? strlen(path) : 0);
	if (source) {
		p->source = source;
		source = NULL;
	} else {
		p->source = tp_parse_memdup(&ps, text, len);
	}
	p->source_len = len;
	_parse_root(&ps, root, p);
	err = ps.err;

cleanup_doc:
	yaml_document_delete(&doc);
cleanup_parser:
	yaml_parser_delete(&yp);
	free(source);
	if (err) {
		tp_policy__free(p);
		errno = -err;
		return NULL;
	}
	return p;
}

struct tp_policy *tp_policy__parse(const char *path, const char *text, size_t len,
				   struct tp_diag *d)
{
	struct tp_diag fallback;

	if (!d) {
		tp_diag__init(&fallback, path, stderr);
		d = &fallback;
	}
	if (!text) {
		errno = EINVAL;
		return NULL;
	}
	return _parse(path, text, len, d, NULL);
}

struct tp_policy *tp_policy__load_file(const char *path, struct tp_diag *d)
{
	struct tp_loc none = {0, 0};
	struct tp_diag fallback;
	size_t len = 0, cap = 0;
	char *buf = NULL, *nbuf;
	FILE *f = NULL;
	int err = 0;

	if (!d) {
		tp_diag__init(&fallback, path, stderr);
		d = &fallback;
	}
	if (!d->path)
		d->path = path;
	f = fopen(path, "rb");
	if (!f) {
		err = -errno;
		tp_diag__error(d, none, "cannot open policy: %s", strerror(-err));
		goto cleanup;
	}
	for (;;) {
		size_t got;

		if (len == cap) {
			if (cap > TP_POLICY_MAX_SIZE)
				break;
			cap = cap ? cap * 2 : 65536;
			if (cap > TP_POLICY_MAX_SIZE)
				cap = TP_POLICY_MAX_SIZE + 1;
			nbuf = realloc(buf, cap + 1);
			if (!nbuf) {
				err = -ENOMEM;
				goto cleanup;
			}
			buf = nbuf;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0) {
			if (ferror(f)) {
				err = -(errno ? errno : EIO);
				tp_diag__error(d, none, "cannot read policy: %s", strerror(-err));
				goto cleanup;
			}
			break;
		}
	}
	if (len > TP_POLICY_MAX_SIZE) {
		tp_diag__error(d, none, "policy is larger than %u MiB", TP_POLICY_MAX_SIZE >> 20);
		err = -EFBIG;
		goto cleanup;
	}
	fclose(f);
	f = NULL;
	if (!buf) {
		buf = malloc(1);
		if (!buf) {
			err = -ENOMEM;
			goto cleanup;
		}
	}
	buf[len] = '\0';
	return _parse(path, buf, len, d, buf);

cleanup:
	if (f)
		fclose(f);
	free(buf);
	errno = -err;
	return NULL;
}
