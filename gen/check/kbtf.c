// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel functions and raw tracepoints as the build machine's BTF describes them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kbtf.h"
#include "kbtf_btf.h"
#include "vocab.h"

static struct btf *kernel_btf;
static const char *btf_file; /* NULL: this machine's */
static bool tried;

int tp_kbtf__use_file(const char *path)
{
	struct btf *btf = NULL;
	int err;

	if (path) {
		btf = btf__parse(path, NULL);
		err = (int)libbpf_get_error(btf);
		if (err)
			return err;
	}
	btf__free(kernel_btf);
	kernel_btf = btf;
	btf_file = path;
	tried = path != NULL; /* NULL: this machine's again, loaded when asked */
	return 0;
}

void tp_kbtf__use_none(void)
{
	btf__free(kernel_btf);
	kernel_btf = NULL;
	btf_file = NULL;
	tried = true;
}

const char *tp_kbtf__file(void)
{
	return btf_file;
}

const struct btf *tp_kbtf__vmlinux(void)
{
	if (!tried) {
		tried = true;
		kernel_btf = btf__load_vmlinux_btf();
		if (libbpf_get_error(kernel_btf))
			kernel_btf = NULL;
	}
	return kernel_btf;
}

const struct btf_type *tp_kbtf__strip(const struct btf *btf, __u32 id, const char **named)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	*named = NULL;
	while (t) {
		const char *n = btf__name_by_offset(btf, t->name_off);

		if (!*named && n && *n)
			*named = n;
		if (!btf_is_typedef(t) && !btf_is_mod(t))
			break;
		t = btf__type_by_id(btf, t->type);
	}
	return t;
}

/* The arg type `auto` means for a parameter of BTF type id. */
static enum tp_arg_type auto_type(const struct btf *btf, __u32 id)
{
	const struct btf_type *t, *p;
	enum tp_arg_type k;
	const char *name;

	t = tp_kbtf__strip(btf, id, &name);
	if (!t)
		return TP_ARG_NONE;
	if (btf_is_int(t) || btf_is_enum(t) || btf_is_enum64(t))
		return tp_arg_type__int_of(
		    t->size, btf_is_enum(t) || btf_is_enum64(t) ||
				 (btf_is_int(t) && (btf_int_encoding(t) & BTF_INT_SIGNED)));
	if (!btf_is_ptr(t))
		return TP_ARG_NONE;
	p = tp_kbtf__strip(btf, t->type, &name);
	if (!p)
		return TP_ARG_UINT64;
	if (btf_is_int(p) && p->size == 1)
		return TP_ARG_STRING; /* char * */
	/* a pointer to a kernel type of ours: struct file *, kernel_cap_t *, ... */
	k = tp_arg_type__by_ktype(name);
	return k != TP_ARG_NONE ? k : TP_ARG_UINT64; /* any other pointer: its value */
}

void tp_kbtf__type_name(const struct btf *btf, __u32 id, bool ptr, char *buf, size_t n)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *sfx = ptr ? " *" : "", *name;

	if (!t) {
		snprintf(buf, n, "?");
		return;
	}
	if (!ptr && btf_is_ptr(t))
		return tp_kbtf__type_name(btf, t->type, true, buf, n);
	if (!id) {
		snprintf(buf, n, ptr ? "void *" : "void");
		return;
	}
	if (btf_is_const(t))
		return tp_kbtf__type_name(btf, t->type, ptr, buf, n);
	name = btf__name_by_offset(btf, t->name_off);
	if (!name)
		name = "";
	if (btf_is_struct(t) || btf_is_union(t))
		snprintf(buf, n, "%s %s%s", btf_is_struct(t) ? "struct" : "union", name, sfx);
	else if (btf_is_any_enum(t) &&
		 (t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8))
		snprintf(buf, n, "%c%u%s", btf_kflag(t) ? 's' : 'u', t->size * 8, sfx);
	else
		snprintf(buf, n, "%s%s", name, sfx);
}

int tp_kbtf__func(const char *name, struct tp_kfunc_proto *out)
{
	const struct btf *btf = tp_kbtf__vmlinux();
	const struct btf_type *fn, *proto, *ret;
	const struct btf_param *par;
	const char *td;
	int id, i;

	memset(out, 0, sizeof(*out));
	if (!btf)
		return -ENODATA;
	id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
	if (id < 0)
		return -ENOENT;
	fn = btf__type_by_id(btf, id);
	proto = fn ? btf__type_by_id(btf, fn->type) : NULL;
	if (!proto || !btf_is_func_proto(proto))
		return -ENOENT;
	out->nargs = btf_vlen(proto);
	par = btf_params(proto);
	for (i = 0; i < out->nargs && i < TP_KBTF_MAX_ARGS; i++) {
		const char *pn = btf__name_by_offset(btf, par[i].name_off);

		out->args[i] = auto_type(btf, par[i].type);
		snprintf(out->arg_names[i], sizeof(out->arg_names[i]), "%s", pn ? pn : "");
		tp_kbtf__type_name(btf, par[i].type, false, out->arg_ktypes[i],
				   sizeof(out->arg_ktypes[i]));
	}
	ret = proto->type ? tp_kbtf__strip(btf, proto->type, &td) : NULL;
	out->ret = ret ? auto_type(btf, proto->type) : TP_ARG_NONE;
	tp_kbtf__type_name(btf, proto->type, false, out->ret_ktype, sizeof(out->ret_ktype));
	return 0;
}

int tp_kbtf__syscall(const char *name, struct tp_kfunc_proto *out)
{
	/* BTF's spellings of the integers the syscall tracepoints' formats write in C */
	static const char *const spelled[][2] = {
		{ "long int", "long" },
		{ "long unsigned int", "unsigned long" },
		{ "short int", "short" },
		{ "short unsigned int", "unsigned short" },
	};
	char fn[160];
	size_t k;
	int e, i;

	if (snprintf(fn, sizeof(fn), "__do_sys_%s", name) >= (int)sizeof(fn))
		return -ENOENT;
	e = tp_kbtf__func(fn, out);
	for (i = 0; !e && i < out->nargs && i < TP_KBTF_MAX_ARGS; i++)
		for (k = 0; k < sizeof(spelled) / sizeof(spelled[0]); k++)
			if (!strcmp(out->arg_ktypes[i], spelled[k][0]))
				snprintf(out->arg_ktypes[i], sizeof(out->arg_ktypes[i]), "%s",
					 spelled[k][1]);
	return e;
}

int tp_kbtf__raw_tp_arity(const char *event)
{
	const struct btf *btf = tp_kbtf__vmlinux();
	const struct btf_type *t;
	char name[256];
	int id;

	/* typedef btf_trace_EVENT: pointer to a function whose first parameter is private data */
	if (!btf || snprintf(name, sizeof(name), "btf_trace_%s", event) >= (int)sizeof(name))
		return -1;
	id = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF);
	if (id < 0)
		return -1;
	t = btf__type_by_id(btf, btf__resolve_type(btf, id));
	if (!t || !btf_is_ptr(t))
		return -1;
	t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_func_proto(t) || btf_vlen(t) < 1)
		return -1;
	return btf_vlen(t) - 1;
}
