// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * An arg's resolve, btfType and btfTypeModule: where Tetragon takes them
 * (kernel functions and LSM hooks, generickprobe.go and genericlsm.go; raw
 * tracepoints, buildArgsRaw in generictracepoint.go), the path against the
 * kernel's BTF (kbtf_path.c), and the type the end is read as: Tetragon's
 * when the end's BTF type is one it names (findTypeFromBTFType), else the
 * declared one, which must fit the end as a parameter's type must.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "values.h"

bool tp_check__has_resolve_keys(const struct tp_arg *a)
{
	return a->resolve || a->btf_type || a->btf_module_loc.line;
}

/* The function (or raw tracepoint) whose BTF prototype has the arg; NULL: reported. */
static const char *btf_target(struct checker *c, const struct tp_arg *a, char *buf, size_t n)
{
	const struct tp_hook *h = c->h;
	char lb[24];

	if (h->kind == TP_HOOK_TRACEPOINT && !h->raw)
		hook_err(c, a->resolve_loc,
			 "%s: resolve is not supported without raw: true (Tetragon resolves the "
			 "arguments of raw tracepoints only)",
			 tp_check__arg_label(a, lb));
	else if (h->kind == TP_HOOK_TRACEPOINT)
		return h->event;
	else if (h->syscall && h->kind == TP_HOOK_KPROBE)
		hook_err(c, a->resolve_loc,
			 "%s: resolve is not supported on a syscall's arguments (they are "
			 "user memory); hook a kernel function with syscall: false",
			 tp_check__arg_label(a, lb));
	else if (h->nfuncs || !h->function_name)
		hook_err(c, a->resolve_loc, "%s: resolve is not supported on a list hook",
			 tp_check__arg_label(a, lb));
	else if (snprintf(buf, n, "%s%s", h->kind == TP_HOOK_LSM ? "bpf_lsm_" : "",
			  h->function_name) < (int)n)
		return buf;
	return NULL;
}

/* 1: one of the end's kernel types fits t; 0: none does; -1: t has no rows. */
static int fits_end(enum tp_arg_type t, const struct tp_kbtf_path *p)
{
	int r = -1, k;
	size_t i;

	for (i = 0; i < TP_KBTF_KTYPES && p->ktypes[i][0]; i++) {
		k = tp_check__ktype_fits(t, p->ktypes[i]);
		if (k == 1)
			return 1;
		if (k == 0)
			r = 0;
	}
	return r;
}

/* The arg's type from what the path ends at. */
static void end_type(struct checker *c, struct tp_arg *a, const struct tp_kbtf_path *p)
{
	char lb[24];
	struct tp_loc loc = tp_check__loc(a->type_loc, a->loc);
	const char *as = tp_arg_type__name(p->as);
	char *name;

	if (tp_check__is_auto(a)) {
		if (p->as == TP_ARG_NONE)
			hook_err(c, loc, "%s: type is required (resolve '%s' ends at '%s')",
				 tp_check__arg_label(a, lb), a->resolve, p->ktypes[0]);
		a->type = p->as;
		return;
	}
	if (a->type == TP_ARG_NONE)
		return; /* unknown: tp_check__arg_type says so */
	if (p->as != TP_ARG_NONE && p->as != a->type) {
		/* findTypeFromBTFType: the end's BTF type wins over the declared one */
		hook_warn(c, loc,
			  "%s: read as '%s', the type resolve '%s' ends at, not as '%s' "
			  "(as Tetragon does)",
			  tp_check__arg_label(a, lb), as, a->resolve, tp_check__type_name(a));
		name = strdup(as);
		if (name) {
			free(a->type_name);
			a->type_name = name;
		}
		a->type = p->as;
		return;
	}
	if (p->as != TP_ARG_NONE || fits_end(a->type, p))
		return;
	if (tp_arg_type__is_int(a->type))
		hook_warn(c, loc, "%s: type '%s' does not match '%s', what resolve '%s' ends at",
			  tp_check__arg_label(a, lb), tp_check__type_name(a), p->ktypes[0],
			  a->resolve);
	else
		hook_err(c, loc, "%s: type '%s' does not match '%s', what resolve '%s' ends at",
			 tp_check__arg_label(a, lb), tp_check__type_name(a), p->ktypes[0],
			 a->resolve);
}

void tp_check__resolve(struct checker *c, struct tp_arg *a)
{
	char lb[24];
	struct tp_kbtf_path p;
	struct tp_loc loc;
	const char *fn;
	char buf[192];
	int e;

	if (a->btf_module_loc.line && !a->btf_type)
		hook_err(c, a->btf_module_loc, "%s: btfTypeModule needs btfType",
			 tp_check__arg_label(a, lb));
	/* Tetragon reads an empty resolve as none, and ignores btfType without one */
	if (!a->resolve || !*a->resolve) {
		if (a->btf_type)
			hook_err(c, a->btf_type_loc,
				 "%s: btfType needs resolve (Tetragon ignores it without one)",
				 tp_check__arg_label(a, lb));
		return;
	}
	if (a->return_copy) {
		hook_err(c, a->return_copy_loc, "%s: returnCopy is not supported with resolve",
			 tp_check__arg_label(a, lb));
		return;
	}
	if (a->data) {
		/* a data entry's path starts at the current task (Tetragon's resolveBTFArg) */
		e = tp_kbtf__resolve("", c->h->kind == TP_HOOK_TRACEPOINT, a->index, "task_struct",
				     a->resolve, &p);
	} else if (c->h->kind == TP_HOOK_UPROBE || c->h->kind == TP_HOOK_USDT) {
		/* resolveUserBTFArg (generic.go): struct btfType of the file btfPath */
		if (!c->h->btf_path || !a->btf_type) {
			hook_err(c, a->resolve_loc,
				 "%s: resolve on %s needs btfPath (the binary's BTF) and "
				 "btfType (the struct the arg points to)",
				 tp_check__arg_label(a, lb),
				 c->h->kind == TP_HOOK_USDT ? "usdts" : "uprobes");
			return;
		}
		e = tp_kbtf__resolve_user(c->h->btf_path, a->btf_type, a->resolve, &p);
	} else {
		fn = btf_target(c, a, buf, sizeof(buf));
		if (!fn)
			return;
		e = tp_kbtf__resolve(fn, c->h->kind == TP_HOOK_TRACEPOINT, a->index, a->btf_type,
				     a->resolve, &p);
	}
	if (e == -ENODATA && !a->data && c->h->btf_path && *p.err) {
		hook_err(c, c->h->btf_path_loc, "%s: %s", tp_check__arg_label(a, lb), p.err);
	} else if (e == -ENODATA) {
		hook_err(c, a->resolve_loc,
			 "%s: resolve needs the kernel's BTF, and this "
			 "machine has none",
			 tp_check__arg_label(a, lb));
	} else if (e == -ENOMEM) {
		hook_err(c, a->resolve_loc, "out of memory");
	} else if (e == -ENOENT) {
		hook_err(c, a->btf_type ? a->btf_type_loc : a->resolve_loc, "%s: %s",
			 tp_check__arg_label(a, lb), p.err);
	} else if (e) {
		loc = a->resolve_loc;
		if (p.err_col >= 0)
			loc.col += p.err_col;
		hook_err(c, loc, "%s: resolve '%s': %s", tp_check__arg_label(a, lb), a->resolve,
			 p.err);
	} else {
		a->res = p.res;
		p.res = NULL;
		end_type(c, a, &p);
	}
	tp_resolve__free(p.res);
}
