// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Kernel functions and raw tracepoints as the build machine's BTF describes them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "kbtf.h"

static struct btf *kbtf(void)
{
	static struct btf *btf;
	static bool tried;

	if (!tried) {
		tried = true;
		btf = btf__load_vmlinux_btf();
		if (libbpf_get_error(btf))
			btf = NULL;
	}
	return btf;
}

bool tp_kbtf__available(void)
{
	return kbtf() != NULL;
}

/* Skip typedefs and modifiers, except the typedef kernel_cap_t, which is a type of ours. */
static const struct btf_type *strip(const struct btf *btf, __u32 id, const char **typedef_name)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	*typedef_name = NULL;
	while (t && (btf_is_typedef(t) || btf_is_mod(t))) {
		if (btf_is_typedef(t)) {
			const char *n = btf__name_by_offset(btf, t->name_off);

			if (n && !strcmp(n, "kernel_cap_t")) {
				*typedef_name = n;
				return t;
			}
		}
		t = btf__type_by_id(btf, t->type);
	}
	return t;
}

static const struct {
	const char *name;
	enum tp_arg_type type;
} struct_types[] = {
	{ "file", TP_ARG_FILE },
	{ "path", TP_ARG_PATH },
	{ "dentry", TP_ARG_DENTRY },
	{ "filename", TP_ARG_FILENAME },
	{ "linux_binprm", TP_ARG_LINUX_BINPRM },
	{ "kiocb", TP_ARG_KIOCB },
	{ "sock", TP_ARG_SOCK },
	{ "sk_buff", TP_ARG_SKB },
	{ "sockaddr", TP_ARG_SOCKADDR },
	{ "socket", TP_ARG_SOCKET },
	{ "net_device", TP_ARG_NET_DEVICE },
	{ "cred", TP_ARG_CRED },
	{ "user_namespace", TP_ARG_USER_NS },
	{ "bpf_attr", TP_ARG_BPF_ATTR },
	{ "bpf_map", TP_ARG_BPF_MAP },
	{ "bpf_prog", TP_ARG_BPF_PROG },
	{ "perf_event", TP_ARG_PERF_EVENT },
	{ "module", TP_ARG_MODULE },
	{ "load_info", TP_ARG_LOAD_INFO },
	{ "iov_iter", TP_ARG_IOV_ITER },
};

static enum tp_arg_type int_type(const struct btf_type *t)
{
	bool sgn = btf_is_int(t) && (btf_int_encoding(t) & BTF_INT_SIGNED);

	if (btf_is_enum(t) || btf_is_enum64(t))
		sgn = true;
	switch (t->size) {
	case 1:
		return sgn ? TP_ARG_SINT8 : TP_ARG_UINT8;
	case 2:
		return sgn ? TP_ARG_SINT16 : TP_ARG_UINT16;
	case 4:
		return sgn ? TP_ARG_INT : TP_ARG_UINT32;
	case 8:
		return sgn ? TP_ARG_SINT64 : TP_ARG_UINT64;
	default:
		return TP_ARG_NONE;
	}
}

/* The arg type `auto` means for a parameter of BTF type id. */
static enum tp_arg_type auto_type(const struct btf *btf, __u32 id)
{
	const char *td;
	const struct btf_type *t = strip(btf, id, &td), *p;
	const char *name;
	size_t i;

	if (!t)
		return TP_ARG_NONE;
	if (td)
		return TP_ARG_KERNEL_CAP;
	if (btf_is_int(t) || btf_is_enum(t) || btf_is_enum64(t))
		return int_type(t);
	if (!btf_is_ptr(t))
		return TP_ARG_NONE;
	p = strip(btf, t->type, &td);
	if (!p)
		return TP_ARG_UINT64;
	name = btf__name_by_offset(btf, p->name_off);
	if (btf_is_int(p) && p->size == 1)
		return TP_ARG_STRING;	/* char * */
	if ((btf_is_struct(p) || btf_is_union(p)) && name)
		for (i = 0; i < sizeof(struct_types) / sizeof(struct_types[0]); i++)
			if (!strcmp(name, struct_types[i].name))
				return struct_types[i].type;
	return TP_ARG_UINT64;	/* any other pointer: its value */
}

int tp_kbtf__func(const char *name, struct tp_kfunc_proto *out)
{
	const struct btf *btf = kbtf();
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
	}
	ret = proto->type ? strip(btf, proto->type, &td) : NULL;
	out->ret = ret ? auto_type(btf, proto->type) : TP_ARG_NONE;
	return 0;
}

int tp_kbtf__raw_tp_arity(const char *event)
{
	const struct btf *btf = kbtf();
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
