// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A kprobe's declared arg types against the kernel's: a kernel function's
 * BTF prototype, a syscall's own declaration (c->sys_ktypes). The pairs that
 * fit are TP_ARG_KERNEL_TYPES, Tetragon's typesCompatible
 * (pkg/btf/validation.go, ValidateKprobeSpec and validateSycall).
 *
 * Tetragon warns and loads on a mismatch. Here a type that reads memory
 * through the argument (a string, a buffer, a kernel object, an fd's file)
 * on a kernel type it does not fit is refused: what it would read is not
 * that object. An integer type that does not fit is a warning, as in
 * Tetragon, since its value is what Tetragon reports too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "kbtf.h"
#include "values.h"

int tp_check__ktype_fits(enum tp_arg_type t, const char *ktype)
{
	/* clang-format off */
	static const struct { enum tp_arg_type t; const char *ktype; } rows[] = {
#define TP_KTYPE_ROW(id, kt) { TP_ARG_##id, kt },
		TP_ARG_KERNEL_TYPES(TP_KTYPE_ROW)
#undef TP_KTYPE_ROW
	};
	/* clang-format on */
	int found = -1;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (rows[i].t != t)
			continue;
		if (!strcmp(rows[i].ktype, ktype))
			return 1;
		found = 0;
	}
	return found;
}

static bool written_auto(const struct tp_arg *a)
{
	return !a->type_name || !strcmp(a->type_name, "auto");
}

/*
 * A declared arg (not type: auto, which BTF chose) against the kernel type of
 * its parameter; more: how many other functions of a list it does not fit.
 */
static void check_one(struct checker *c, const struct tp_arg *a, const char *ktype,
		      const char *pname, const char *fname, size_t more)
{
	struct tp_loc loc = tp_check__loc(a->type_loc, a->loc);
	char param[64], others[64] = "";

	if (a->type == TP_ARG_NONE || !*ktype || tp_check__ktype_fits(a->type, ktype))
		return;
	if (*pname)
		snprintf(param, sizeof(param), "parameter '%s'", pname);
	else
		snprintf(param, sizeof(param), "argument %d", a->index);
	if (more)
		snprintf(others, sizeof(others), " (and %zu more of the list's functions)", more);
	if (tp_arg_type__is_int(a->type))
		hook_warn(c, loc, "arg %d: type '%s' does not match '%s', the type of %s's %s%s",
			  a->index, tp_check__type_name(a), ktype, fname, param, others);
	else
		hook_err(c, loc, "arg %d: type '%s' does not match '%s', the type of %s's %s%s",
			 a->index, tp_check__type_name(a), ktype, fname, param, others);
}

static void check_return(struct checker *c, const char *ktype, const char *fname)
{
	const struct tp_arg *a = &c->h->ret_arg;
	struct tp_loc loc = tp_check__loc(a->type_loc, tp_check__loc(a->loc, c->h->loc));

	if (!c->h->has_ret_arg || !tp_arg_type__is_int(a->type) || !*ktype ||
	    tp_check__ktype_fits(a->type, ktype))
		return;
	hook_warn(c, loc, "returnArg: type '%s' does not match '%s' returned by %s",
		  tp_check__type_name(a), ktype, fname);
}

void tp_check__arg_ktype(struct checker *c, const struct tp_arg *a)
{
	const struct tp_hook *h = c->h;
	size_t pos = (size_t)(a - h->args);

	if (h->nfuncs && pos < 64)
		c->list_typed |= 1ull << pos; /* checked with the list's functions */
	if (!h->function_name || h->nfuncs || a->index < 0)
		return;
	if (h->syscall && a->index < TP_SYS_KTYPES && a->index < c->sys_nargs)
		check_one(c, a, c->sys_ktypes[a->index], "", h->syscall_name, 0);
	else if (!h->syscall && c->have_proto && a->index < c->proto.nargs &&
		 a->index < TP_KBTF_MAX_ARGS && !written_auto(a))
		check_one(c, a, c->proto.arg_ktypes[a->index], c->proto.arg_names[a->index],
			  h->function_name, 0);
}

/*
 * The prototype of a list hook's function fn, and the name messages give it
 * (a syscall list's "__x64_sys_openat" is "openat"): 0, or -1 when unknown.
 */
static int list_proto(struct checker *c, const char *fn, struct tp_kfunc_proto *pr,
		      const char **name)
{
	const char *sys = strstr(fn, "sys_");

	if (!c->h->syscall) {
		*name = fn;
		return tp_kbtf__func(fn, pr) ? -1 : 0;
	}
	*name = sys ? sys + strlen("sys_") : fn;
	return tp_check__sys_proto(c, *name, pr);
}

/* The first function of a list an arg does not fit, and how many more. */
struct list_miss {
	size_t func; /* index into h->funcs */
	size_t count;
	char ktype[64];
	char pname[32];
};

static void list_miss_add(struct list_miss *m, size_t func, const char *ktype, const char *pname)
{
	if (!m->count++) {
		m->func = func;
		snprintf(m->ktype, sizeof(m->ktype), "%s", ktype);
		snprintf(m->pname, sizeof(m->pname), "%s", pname);
	}
}

/*
 * A list hook: every function of the list against the declared arg types and
 * the return type, as Tetragon validates each call of a list
 * (preValidateKprobe, pkg/sensors/tracing/generickprobe.go). An arg is
 * reported once, at its first function that it does not fit.
 */
static void check_list(struct checker *c)
{
	const struct tp_hook *h = c->h;
	struct list_miss *miss = calloc(h->nargs + 1, sizeof(*miss)), *rm;
	struct tp_kfunc_proto pr;
	const char *name;
	size_t f, i;

	if (!miss) {
		hook_err(c, h->loc, "out of memory");
		return;
	}
	rm = &miss[h->nargs];
	for (f = 0; f < h->nfuncs; f++) {
		if (list_proto(c, h->funcs[f], &pr, &name))
			continue;
		for (i = 0; i < h->nargs && i < 64; i++) {
			const struct tp_arg *a = &h->args[i];

			if (!(c->list_typed & (1ull << i)) || a->index < 0 ||
			    a->index >= pr.nargs || a->index >= TP_KBTF_MAX_ARGS ||
			    !*pr.arg_ktypes[a->index] ||
			    tp_check__ktype_fits(a->type, pr.arg_ktypes[a->index]))
				continue;
			list_miss_add(&miss[i], f, pr.arg_ktypes[a->index], pr.arg_names[a->index]);
		}
		/* validateSycall: a syscall returns a long */
		if (h->syscall)
			snprintf(pr.ret_ktype, sizeof(pr.ret_ktype), "long");
		if (h->has_ret_arg && tp_arg_type__is_int(h->ret_arg.type) && *pr.ret_ktype &&
		    !tp_check__ktype_fits(h->ret_arg.type, pr.ret_ktype))
			list_miss_add(rm, f, pr.ret_ktype, "");
	}
	for (i = 0; i < h->nargs && i < 64; i++) {
		if (!miss[i].count)
			continue;
		list_proto(c, h->funcs[miss[i].func], &pr, &name);
		check_one(c, &h->args[i], miss[i].ktype, miss[i].pname, name, miss[i].count - 1);
	}
	if (rm->count) {
		list_proto(c, h->funcs[rm->func], &pr, &name);
		check_return(c, rm->ktype, name);
	}
	free(miss);
}

void tp_check__ret_ktype(struct checker *c)
{
	const struct tp_hook *h = c->h;

	if (h->nfuncs) {
		check_list(c);
		return;
	}
	if (!h->function_name)
		return;
	/* validateSycall: a syscall returns a long */
	if (h->syscall)
		check_return(c, "long", h->syscall_name);
	else if (c->have_proto)
		check_return(c, c->proto.ret_ktype, h->function_name);
}
