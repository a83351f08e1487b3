// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * kprobes, fentries, tracepoints, lsmhooks, uprobes and usdts: their keys, args, tags and
 * selectors.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"
#include "number.h"
#include "parts.h"

/* --- tags ------------------------------------------------------------------ */

static bool parse_tag(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	char **tag = item;

	*tag = tp_parse_str(ps, n);
	return *tag != NULL;
}

/* --- args ------------------------------------------------------------------ */

#define ARG_KEYS(X)                   \
	X(A_INDEX, "index")           \
	X(A_TYPE, "type")             \
	X(A_SIZE_ARG, "sizeArgIndex") \
	X(A_RET_COPY, "returnCopy")   \
	X(A_MAX_DATA, "maxData")      \
	X(A_LABEL, "label")           \
	X(A_RESOLVE, "resolve")       \
	X(A_SOURCE, "source")         \
	X(A_BTF_TYPE, "btfType")      \
	X(A_BTF_TYPE_MODULE, "btfTypeModule")

enum { ARG_KEYS(TP_KEY_ENUM) A__N };
static const char *const arg_keys[A__N] = { ARG_KEYS(TP_KEY_NAME) };

struct arg_ctx {
	struct tp_arg *a;
	struct tp_index index;
	bool data;	     /* a data entry: source is its own */
	yaml_node_t *source; /* source: (data entries: current_task or pt_regs) */
	bool pt_regs;	     /* source: pt_regs */
};

static void arg_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct arg_ctx *x = ctx;
	struct tp_arg *a = x->a;
	bool on;
	int t;

	switch (key) {
	case A_INDEX:
		tp_parse_index(ps, v, &x->index);
		break;
	case A_TYPE:
		if (!tp_parse_want_scalar(ps, v))
			break;
		a->type_loc = node_loc(v);
		tp_parse_set_str(ps, &a->type_name, v);
		t = tp_arg_type__by_name((const char *)v->data.scalar.value, v->data.scalar.length);
		a->type = t < 0 ? TP_ARG_NONE : (enum tp_arg_type)t;
		break;
	case A_SIZE_ARG:
		tp_parse_int(ps, v, false, &a->size_arg_index);
		a->size_arg_loc = node_loc(k);
		break;
	case A_LABEL:
		tp_parse_set_str(ps, &a->label, v);
		a->label_loc = node_loc(k);
		break;
	case A_RET_COPY:
		if (tp_parse_bool(ps, v, &on) && on) {
			a->return_copy = true;
			a->return_copy_loc = node_loc(k);
		}
		break;
	case A_MAX_DATA:
		if (tp_parse_bool(ps, v, &on) && on) {
			a->max_data = true;
			a->max_data_loc = node_loc(k);
		}
		break;
	case A_SOURCE:
		/* Tetragon: "standard argument is not allowed to have source configured"
		 * (generickprobe.go); data entries need one */
		if (!tp_parse_want_scalar(ps, v))
			break;
		x->source = v;
		if (!x->data && v->data.scalar.length)
			parse_err(ps, k,
				  "source is not supported on args (Tetragon takes it only in "
				  "'data' entries)");
		else if (x->data && scalar_is(v, "pt_regs"))
			x->pt_regs = true;
		else if (x->data && !scalar_is(v, "current_task"))
			parse_err(ps, v,
				  "source '%s' is not supported: Tetragon takes current_task or "
				  "pt_regs",
				  tp_parse_text(ps, v));
		break;
	case A_RESOLVE:
		if (!tp_parse_want_scalar(ps, v))
			break;
		tp_parse_set_str(ps, &a->resolve, v);
		/* where the path's first character is: element errors point into it */
		a->resolve_loc = node_loc(v);
		if (v->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
		    v->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
			a->resolve_loc.col++;
		break;
	case A_BTF_TYPE:
		a->btf_type_loc = node_loc(v);
		tp_parse_set_str(ps, &a->btf_type, v);
		break;
	case A_BTF_TYPE_MODULE:
		/* the generated C is built against vmlinux's types only */
		if (!tp_parse_want_scalar(ps, v))
			break;
		if (strcmp((const char *)v->data.scalar.value, "vmlinux"))
			parse_err(ps, k,
				  "btfTypeModule '%s' is not supported (btfType is looked up in "
				  "vmlinux's BTF only)",
				  (const char *)v->data.scalar.value);
		else
			a->btf_module_loc = node_loc(k);
		break;
	}
}

/* Returns false when the arg lacks what it needs to be kept (its contents are freed). */
static bool parse_arg_in(struct parser *ps, yaml_node_t *n, struct arg_ctx *x, const char *where,
			 bool need_index)
{
	struct tp_arg *a = x->a;
	uint64_t seen;

	a->loc = a->type_loc = node_loc(n);
	if (!tp_parse_map(ps, n, arg_keys, A__N, where, arg_pair, x, &seen))
		return false;
	if (!a->type_name)
		a->type_name = tp_parse_memdup(ps, "auto", 4);
	if (!tp_parse_index_kept(ps, n, &x->index, need_index, where)) {
		tp_arg__free(a);
		memset(a, 0, sizeof(*a));
		return false;
	}
	return true;
}

static bool parse_arg(struct parser *ps, yaml_node_t *n, struct tp_arg *a, const char *where,
		      bool need_index)
{
	struct arg_ctx x = { a, { &a->index, false, false }, false, NULL, false };

	return parse_arg_in(ps, n, &x, where, need_index);
}

/*
 * A data entry: source current_task and a resolve path from the task, or source
 * pt_regs and a register (Tetragon's generickprobe.go and genericuprobe.go: "data
 * argument missing 'resolve' setup", "data argument has wrong source"; the registers:
 * pkg/asm/regoffset_linux_amd64.go). matchData names an entry by its position
 * (Tetragon's dataIndexType), so an index, where written, must be that position;
 * ctx is how many entries came before.
 */
static bool parse_data_arg(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	struct tp_arg *a = item;
	struct arg_ctx x = { a, { &a->index, false, false }, true, NULL, false };

	if (!parse_arg_in(ps, n, &x, "data", false))
		return false;
	if (x.source)
		a->source_loc = node_loc(x.source);
	a->pt_regs = x.pt_regs;
	if (!x.source)
		parse_err(ps, n, "missing required key 'source' in data (current_task or pt_regs)");
	else if (!a->resolve || !*a->resolve)
		parse_err(ps, n,
			  "missing required key 'resolve' in data (a path from the task, or a "
			  "register)");
	else if (x.pt_regs && !(a->reg = tp_reg__by_name(a->resolve, &a->reg_size)))
		tp_diag__error(ps->d, a->resolve_loc,
			       "data: register '%s' is not supported: source pt_regs reads an "
			       "x86-64 register as Tetragon names it (rdi, edi, di, dil, ..., "
			       "r15, r15d, r15w, r15b, rip, eip)",
			       a->resolve);
	else if (x.index.has && a->index > 4)
		parse_err(ps, n, "data: index %d is out of range (Tetragon takes 0 to 4)",
			  a->index);
	else if (x.index.has && (size_t)a->index != *(const size_t *)ctx)
		parse_err(ps, n,
			  "data: index %d is not supported here: matchData names a data entry by "
			  "its position, and this one is at %zu (write index: %zu or leave it out)",
			  a->index, *(const size_t *)ctx, *(const size_t *)ctx);
	a->data = true;
	return true;
}

static bool parse_hook_arg(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	return parse_arg(ps, n, item, "arg", true);
}

/* --- hooks ----------------------------------------------------------------- */

/* args, selectors, message, tags: the same under every hook kind */
static void parse_hook_common(struct parser *ps, const char *key, yaml_node_t *v, struct tp_hook *h)
{
	if (!strcmp(key, "args"))
		tp_parse_seq(ps, v, &h->args, &h->nargs, sizeof(*h->args), parse_hook_arg, NULL);
	else if (!strcmp(key, "selectors"))
		tp_parse_selectors(ps, v, h);
	else if (!strcmp(key, "message"))
		h->message = tp_parse_str(ps, v);
	else if (!strcmp(key, "tags"))
		tp_parse_seq(ps, v, &h->tags, &h->ntags, sizeof(*h->tags), parse_tag, NULL);
}

static const char *const ignore_keys[] = { "callNotFound" };

static void ignore_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct tp_hook *h = ctx;

	tp_parse_bool(ps, v, &h->ignore_call_not_found);
}

#define KPROBE_KEYS(X)                            \
	X(K_CALL, "call")                         \
	X(K_SYSCALL, "syscall")                   \
	X(K_RETURN, "return")                     \
	X(K_RETURN_ARG, "returnArg")              \
	X(K_RETURN_ARG_ACTION, "returnArgAction") \
	X(K_ARGS, "args")                         \
	X(K_DATA, "data")                         \
	X(K_MESSAGE, "message")                   \
	X(K_TAGS, "tags")                         \
	X(K_SELECTORS, "selectors")               \
	X(K_IGNORE, "ignore")

enum { KPROBE_KEYS(TP_KEY_ENUM) K__N };
static const char *const kprobe_keys[K__N] = { KPROBE_KEYS(TP_KEY_NAME) };

enum { L_HOOK, L__N };
static const char *const lsm_keys[] = { "hook", "args", "selectors", "message", "tags" };

enum { T_SUBSYSTEM, T_EVENT, T_RAW, T__N };
static const char *const tracepoint_keys[] = {
	"subsystem", "event", "raw", "args", "selectors", "message", "tags",
};

#define UPROBE_KEYS(X)                        \
	X(U_PATH, "path")                     \
	X(U_SYMBOLS, "symbols")               \
	X(U_OFFSETS, "offsets")               \
	X(U_RETURN, "return")                 \
	X(U_RETURN_ARG, "returnArg")          \
	X(U_ARGS, "args")                     \
	X(U_MESSAGE, "message")               \
	X(U_TAGS, "tags")                     \
	X(U_SELECTORS, "selectors")           \
	X(U_ADDRS, "addrs")                   \
	X(U_REF_CTR_OFFSETS, "refCtrOffsets") \
	X(U_BTF_PATH, "btfPath")              \
	X(U_DATA, "data")                     \
	X(U_BINARY_DIGESTS, "binaryDigests")  \
	X(U_IGNORE, "ignore")

enum { UPROBE_KEYS(TP_KEY_ENUM) U__N };
static const char *const uprobe_keys[U__N] = { UPROBE_KEYS(TP_KEY_NAME) };

enum { D_PATH, D_PROVIDER, D_NAME, D_BTF_PATH, D__N };
static const char *const usdt_keys[] = {
	"path", "provider", "name", "btfPath", "args", "selectors", "message", "tags",
};

/* A hook being parsed. */
struct hook_ctx {
	struct tp_hook *h;
	const struct hook_form *form;
	yaml_node_t *ret_key;	     /* where return: is, for its message */
	yaml_node_t *ret_arg_key;    /* where returnArg: is */
	yaml_node_t *syscall_key;    /* where syscall: is, when written */
	yaml_node_t *ret_action_key; /* where returnArgAction: is */
	bool ret_bad;		     /* return: is not a boolean (reported) */
	struct tp_arg *data;	     /* data: entries, appended to the args once all are read */
	size_t ndata;
	yaml_node_t *data_key;
};

/*
 * returnArgAction: Tetragon takes only TrackSock and UntrackSock there
 * (pkg/sensors/tracing/generickprobe.go, addKprobe).
 */
static void parse_ret_arg_action(struct parser *ps, yaml_node_t *v, struct tp_hook *h)
{
	enum tp_action a;

	if (!tp_parse_want_scalar(ps, v))
		return;
	a = tp_action__by_name((const char *)v->data.scalar.value, v->data.scalar.length);
	if (a == TP_ACT_TRACKSOCK || a == TP_ACT_UNTRACKSOCK)
		h->ret_arg_action = a;
	else
		parse_err(ps, v,
			  "returnArgAction '%s' is not supported: Tetragon takes TrackSock or "
			  "UntrackSock there",
			  tp_parse_text(ps, v));
}

/* return: or (arg) returnArg:, of kprobes and uprobes */
static void return_pair(struct parser *ps, bool arg, yaml_node_t *k, yaml_node_t *v,
			struct hook_ctx *x)
{
	struct tp_hook *h = x->h;

	if (arg) {
		x->ret_arg_key = k;
		h->has_ret_arg = parse_arg(ps, v, &h->ret_arg, "returnArg", false);
	} else {
		x->ret_key = k;
		x->ret_bad = !tp_parse_bool(ps, v, &h->ret);
	}
}

/* The keys only kprobes have. */
static bool kprobe_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v,
			struct hook_ctx *x)
{
	struct tp_hook *h = x->h;
	uint64_t seen;

	switch (key) {
	case K_CALL:
		h->call = tp_parse_str(ps, v);
		/* a trampoline program is loaded against one function: no list program */
		if (h->fentry && h->call && !strncmp(h->call, "list:", strlen("list:")))
			parse_err(ps, v,
				  "call: \"list:\" is not supported in fentries yet (a fentry "
				  "program attaches to one function; write one entry a function)");
		return true;
	case K_SYSCALL:
		x->syscall_key = k;
		tp_parse_bool(ps, v, &h->syscall);
		h->syscall_loc = node_loc(k);
		h->syscall_written = true;
		return true;
	case K_RETURN:
	case K_RETURN_ARG:
		return_pair(ps, key == K_RETURN_ARG, k, v, x);
		return true;
	case K_RETURN_ARG_ACTION:
		x->ret_action_key = k;
		parse_ret_arg_action(ps, v, h);
		return true;
	case K_DATA:
		x->data_key = k;
		tp_parse_seq(ps, v, &x->data, &x->ndata, sizeof(*x->data), parse_data_arg,
			     &x->ndata);
		return true;
	case K_IGNORE:
		tp_parse_map(ps, v, ignore_keys, 1, "ignore", ignore_pair, h, &seen);
		return true;
	default:
		return false;
	}
}

static bool parse_symbol(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	char **sym = item;

	*sym = tp_parse_str(ps, n);
	return *sym != NULL;
}

/* offsets, addrs, refCtrOffsets: unsigned numbers as Tetragon's []uint64 takes them */
static bool parse_offset(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	const char *what = ctx ? ctx : "offset";
	uint64_t *off = item;
	bool neg;

	if (!tp_parse_want_scalar(ps, n))
		return false;
	if (tp_number__parse((const char *)n->data.scalar.value, n->data.scalar.length, &neg,
			     off) ||
	    neg) {
		parse_err(ps, n, "%s '%s' is not an unsigned number", what, tp_parse_text(ps, n));
		return false;
	}
	return true;
}

static bool uprobe_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v,
			struct hook_ctx *x)
{
	struct tp_hook *h = x->h;

	switch (key) {
	case U_PATH:
		h->call = tp_parse_str(ps, v);
		return true;
	case U_SYMBOLS:
		tp_parse_seq(ps, v, &h->symbols, &h->nsymbols, sizeof(*h->symbols), parse_symbol,
			     NULL);
		return true;
	case U_OFFSETS:
		tp_parse_seq(ps, v, &h->offsets, &h->noffsets, sizeof(*h->offsets), parse_offset,
			     NULL);
		return true;
	case U_RETURN:
	case U_RETURN_ARG:
		return_pair(ps, key == U_RETURN_ARG, k, v, x);
		return true;
	case U_REF_CTR_OFFSETS:
		tp_parse_seq(ps, v, &h->ref_ctr_offsets, &h->nref_ctr_offsets,
			     sizeof(*h->ref_ctr_offsets), parse_offset, NULL);
		return true;
	case U_DATA:
		x->data_key = k;
		tp_parse_seq(ps, v, &x->data, &x->ndata, sizeof(*x->data), parse_data_arg,
			     &x->ndata);
		return true;
	case U_ADDRS:
		tp_parse_seq(ps, v, &h->addrs, &h->naddrs, sizeof(*h->addrs), parse_offset,
			     (void *)"address");
		return true;
	case U_BTF_PATH:
		h->btf_path = tp_parse_str(ps, v);
		h->btf_path_loc = node_loc(k);
		return true;
	case U_BINARY_DIGESTS:
	case U_IGNORE:
		parse_err(ps, k, "%s is not supported yet", uprobe_keys[key]);
		return true;
	default:
		return false;
	}
}

/* usdts: the binary, and the probe by its provider and name */
static bool usdt_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v,
		      struct hook_ctx *x)
{
	struct tp_hook *h = x->h;

	if (key == D_PATH)
		h->call = tp_parse_str(ps, v);
	else if (key == D_PROVIDER)
		h->subsystem = tp_parse_str(ps, v);
	else if (key == D_NAME)
		h->event = tp_parse_str(ps, v);
	else if (key == D_BTF_PATH) {
		h->btf_path = tp_parse_str(ps, v);
		h->btf_path_loc = node_loc(k);
	} else
		return false;
	return true;
}

static bool lsm_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, struct hook_ctx *x)
{
	if (key != L_HOOK)
		return false;
	x->h->call = tp_parse_str(ps, v);
	return true;
}

static bool tracepoint_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v,
			    struct hook_ctx *x)
{
	struct tp_hook *h = x->h;

	if (key == T_SUBSYSTEM)
		h->subsystem = tp_parse_str(ps, v);
	else if (key == T_EVENT)
		h->event = tp_parse_str(ps, v);
	else if (key == T_RAW)
		tp_parse_bool(ps, v, &h->raw);
	else
		return false;
	return true;
}

/* What each kind of hook is written with. */
struct hook_form {
	enum tp_hook_kind kind;
	const char *what;
	const char *const *keys;
	int nkeys;
	uint64_t required;
	/* its own keys (false: a key every hook has) */
	bool (*own)(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, struct hook_ctx *x);
};

static const struct hook_form forms[] = {
	{ TP_HOOK_KPROBE, "kprobe", kprobe_keys, K__N, BIT(K_CALL), kprobe_pair },
	{ TP_HOOK_TRACEPOINT, "tracepoint", tracepoint_keys, ARRAY_SIZE(tracepoint_keys),
	  BIT(T_SUBSYSTEM) | BIT(T_EVENT), tracepoint_pair },
	{ TP_HOOK_LSM, "lsmhook", lsm_keys, ARRAY_SIZE(lsm_keys), BIT(L_HOOK), lsm_pair },
	{ TP_HOOK_UPROBE, "uprobe", uprobe_keys, U__N, BIT(U_PATH), uprobe_pair },
	{ TP_HOOK_USDT, "usdt", usdt_keys, ARRAY_SIZE(usdt_keys),
	  BIT(D_PATH) | BIT(D_PROVIDER) | BIT(D_NAME), usdt_pair },
};

/* Tetragon's fentries are KProbeSpecs (pkg/k8s/apis/cilium.io/v1alpha1/tracing_policy_types.go) */
static const struct hook_form fentry_form = {
	TP_HOOK_KPROBE, "fentry", kprobe_keys, K__N, BIT(K_CALL), kprobe_pair,
};

static void hook_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct hook_ctx *x = ctx;

	if (!x->form->own(ps, key, k, v, x))
		parse_hook_common(ps, x->form->keys[key], v, x->h);
}

/* The data entries after the args: arg TP_DATA_INDEX + i (their owner is h from here). */
static void append_data(struct parser *ps, struct hook_ctx *x)
{
	struct tp_hook *h = x->h;
	struct tp_arg *all;
	size_t i;

	if (!x->ndata)
		goto out;
	if (h->nargs + x->ndata > TP_ARGS_AND_DATA_MAX)
		parse_err(ps, x->data_key,
			  "%zu args and data entries are not supported: Tetragon takes at most "
			  "%d",
			  h->nargs + x->ndata, TP_ARGS_AND_DATA_MAX);
	all = realloc(h->args, (h->nargs + x->ndata) * sizeof(*all));
	if (!all) {
		ps->err = -ENOMEM;
		for (i = 0; i < x->ndata; i++)
			tp_arg__free(&x->data[i]);
		goto out;
	}
	for (i = 0; i < x->ndata; i++) {
		all[h->nargs + i] = x->data[i];
		all[h->nargs + i].index = TP_DATA_INDEX + (int)i;
	}
	h->args = all;
	h->nargs += x->ndata;
out:
	free(x->data);
	x->data = NULL;
	x->ndata = 0;
}

/* False when the hook lacks what it needs to be kept. */
static bool parse_hook(struct parser *ps, yaml_node_t *n, struct tp_hook *h,
		       const struct hook_form *f)
{
	struct hook_ctx x = { h, f, NULL, NULL, NULL, NULL, false, NULL, 0, NULL };
	uint64_t seen;
	bool ok;

	h->kind = f->kind;
	h->fentry = f == &fentry_form;
	h->syscall = f->kind == TP_HOOK_KPROBE; /* kprobes default to syscall: true */
	h->loc = node_loc(n);
	ok = tp_parse_map(ps, n, f->keys, f->nkeys, f->what, hook_pair, &x, &seen);
	append_data(ps, &x);
	if (!ok || ps->err)
		return false;
	if (h->ret && !x.ret_arg_key)
		parse_err(ps, x.ret_key, "returnArg is required when return is true");
	else if (!h->ret && !x.ret_bad && x.ret_arg_key)
		/* Tetragon reads it only at return */
		parse_err(ps, x.ret_arg_key, "returnArg is not supported without return: true");
	else if (x.ret_action_key && !x.ret_arg_key)
		/* Tetragon acts on the return value only when it reads one (generic_retkprobe) */
		parse_err(ps, x.ret_action_key,
			  "returnArgAction is not supported without returnArg");
	tp_parse_require(ps, n, seen, f->required, f->keys, f->what);
	if (h->kind == TP_HOOK_USDT)
		return h->call && h->subsystem && h->event;
	return h->kind == TP_HOOK_TRACEPOINT ? h->subsystem && h->event : h->call != NULL;
}

static void parse_hooks_of(struct parser *ps, yaml_node_t *n, struct tp_policy *p,
			   const struct hook_form *f)
{
	yaml_node_t *v;
	size_t i;

	for_each_item(ps, n, i, v) {
		struct tp_hook *h = &p->hooks[p->nhooks];

		/* a hook that lacks a required key is dropped; on an error the policy
		 * keeps (and later frees) what was parsed */
		if (parse_hook(ps, v, h, f) || ps->err) {
			p->nhooks++;
		} else {
			tp_hook__free(h);
			memset(h, 0, sizeof(*h));
		}
	}
}

void tp_parse_hooks(struct parser *ps, yaml_node_t *n, struct tp_policy *p, enum tp_hook_kind kind)
{
	parse_hooks_of(ps, n, p, &forms[kind - TP_HOOK_KPROBE]);
}

void tp_parse_fentries(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	parse_hooks_of(ps, n, p, &fentry_form);
}
