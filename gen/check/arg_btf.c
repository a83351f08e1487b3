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
#include <string.h>

#include "checker.h"
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

/* A declared arg (not type: auto, which BTF chose) against the kernel type of its parameter. */
static void check_one(struct checker *c, const struct tp_arg *a, const char *ktype,
		      const char *pname, const char *fname)
{
	struct tp_loc loc = tp_check__loc(a->type_loc, a->loc);
	char param[64];

	if (a->type == TP_ARG_NONE || !*ktype || tp_check__ktype_fits(a->type, ktype))
		return;
	if (*pname)
		snprintf(param, sizeof(param), "parameter '%s'", pname);
	else
		snprintf(param, sizeof(param), "argument %d", a->index);
	if (tp_arg_type__is_int(a->type))
		hook_warn(c, loc, "arg %d: type '%s' does not match '%s', the type of %s's %s",
			  a->index, tp_check__type_name(a), ktype, fname, param);
	else
		hook_err(c, loc, "arg %d: type '%s' does not match '%s', the type of %s's %s",
			 a->index, tp_check__type_name(a), ktype, fname, param);
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

	if (!h->function_name || h->nfuncs || a->index < 0)
		return; /* no target, or a list: its functions are not checked one by one */
	if (h->syscall && a->index < TP_SYS_KTYPES && a->index < c->sys_nargs)
		check_one(c, a, c->sys_ktypes[a->index], "", h->syscall_name);
	else if (!h->syscall && c->have_proto && a->index < c->proto.nargs &&
		 a->index < TP_KBTF_MAX_ARGS && !written_auto(a))
		check_one(c, a, c->proto.arg_ktypes[a->index], c->proto.arg_names[a->index],
			  h->function_name);
}

void tp_check__ret_ktype(struct checker *c)
{
	const struct tp_hook *h = c->h;

	if (!h->function_name || h->nfuncs)
		return;
	/* validateSycall: a syscall returns a long */
	if (h->syscall)
		check_return(c, "long", h->syscall_name);
	else if (c->have_proto)
		check_return(c, c->proto.ret_ktype, h->function_name);
}
