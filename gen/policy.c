// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdlib.h>

#include "policy.h"

static void _values_free(struct tp_value *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].str);
	free(v);
}

static void _arg_free(struct tp_arg *a)
{
	free(a->type_name);
	free(a->label);
	free(a->field_name);
}

static void _match_args_free(struct tp_match_arg *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(m[i].op_name);
		_values_free(m[i].values, m[i].nvalues);
	}
	free(m);
}

static void _actions_free(struct tp_action_spec *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(a[i].name);
	free(a);
}

static void _selector_free(struct tp_selector *s)
{
	size_t i;

	_match_args_free(s->args, s->nargs);
	_match_args_free(s->ret_args, s->nret_args);
	for (i = 0; i < s->npids; i++) {
		free(s->pids[i].op_name);
		_values_free(s->pids[i].values, s->pids[i].nvalues);
	}
	free(s->pids);
	for (i = 0; i < s->nbinaries; i++) {
		free(s->binaries[i].op_name);
		_values_free(s->binaries[i].values, s->binaries[i].nvalues);
	}
	free(s->binaries);
	_actions_free(s->actions, s->nactions);
	_actions_free(s->ret_actions, s->nret_actions);
	for (i = 0; i < s->nunsupported; i++)
		free(s->unsupported[i]);
	free(s->unsupported);
	free(s->unsupported_loc);
}

static void _hook_free(struct tp_hook *h)
{
	size_t i;

	free(h->call);
	_arg_free(&h->ret_arg);
	free(h->subsystem);
	free(h->event);
	for (i = 0; i < h->nargs; i++)
		_arg_free(&h->args[i]);
	free(h->args);
	free(h->message);
	for (i = 0; i < h->ntags; i++)
		free(h->tags[i]);
	free(h->tags);
	for (i = 0; i < h->nselectors; i++)
		_selector_free(&h->selectors[i]);
	free(h->selectors);
	free(h->function_name);
	free(h->syscall_name);
	for (i = 0; i < h->nfuncs; i++)
		free(h->funcs[i]);
	free(h->funcs);
}

void tp_policy__free(struct tp_policy *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nhooks; i++)
		_hook_free(&p->hooks[i]);
	free(p->hooks);
	for (i = 0; i < p->nlists; i++) {
		free(p->lists[i].name);
		free(p->lists[i].type);
		free(p->lists[i].pattern);
		_values_free(p->lists[i].values, p->lists[i].nvalues);
	}
	free(p->lists);
	for (i = 0; i < p->noptions; i++) {
		free(p->options[i].name);
		free(p->options[i].value);
	}
	free(p->options);
	free(p->name);
	free(p->kind);
	free(p->api_version);
	free(p->source);
	free(p->path);
	free(p);
}

const char *tp_arg_type__name(enum tp_arg_type t)
{
	switch (t) {
	case TP_ARG_NONE:
		return "auto";
	case TP_ARG_INT:
		return "int";
	case TP_ARG_SINT8:
		return "sint8";
	case TP_ARG_UINT8:
		return "uint8";
	case TP_ARG_SINT16:
		return "sint16";
	case TP_ARG_UINT16:
		return "uint16";
	case TP_ARG_UINT32:
		return "uint32";
	case TP_ARG_SINT64:
		return "sint64";
	case TP_ARG_UINT64:
		return "uint64";
	case TP_ARG_SIZE_T:
		return "size_t";
	case TP_ARG_FD:
		return "fd";
	case TP_ARG_SYSCALL64:
		return "syscall64";
	case TP_ARG_STRING:
		return "string";
	case TP_ARG_CHAR_BUF:
		return "char_buf";
	case TP_ARG_CONST_BUF:
		return "const_buf";
	case TP_ARG_FILE:
		return "file";
	case TP_ARG_PATH:
		return "path";
	case TP_ARG_DENTRY:
		return "dentry";
	case TP_ARG_FILENAME:
		return "filename";
	case TP_ARG_LINUX_BINPRM:
		return "linux_binprm";
	case TP_ARG_KIOCB:
		return "kiocb";
	case TP_ARG_SOCK:
		return "sock";
	case TP_ARG_SKB:
		return "skb";
	case TP_ARG_SOCKADDR:
		return "sockaddr";
	case TP_ARG_SOCKET:
		return "socket";
	case TP_ARG_NET_DEVICE:
		return "net_device";
	case TP_ARG_CRED:
		return "cred";
	case TP_ARG_CAPABILITY:
		return "capability";
	case TP_ARG_KERNEL_CAP:
		return "kernel_cap_t";
	case TP_ARG_CAP_INHERITABLE:
		return "cap_inheritable";
	case TP_ARG_CAP_PERMITTED:
		return "cap_permitted";
	case TP_ARG_CAP_EFFECTIVE:
		return "cap_effective";
	case TP_ARG_USER_NS:
		return "user_namespace";
	case TP_ARG_BPF_ATTR:
		return "bpf_attr";
	case TP_ARG_BPF_MAP:
		return "bpf_map";
	case TP_ARG_BPF_PROG:
		return "bpf_prog";
	case TP_ARG_PERF_EVENT:
		return "perf_event";
	case TP_ARG_MODULE:
		return "module";
	case TP_ARG_LOAD_INFO:
		return "load_info";
	case TP_ARG_IOV_ITER:
		return "iov_iter";
	case TP_ARG_CHAR_IOVEC:
		return "char_iovec";
	case TP_ARG_DATA_LOC:
		return "data_loc";
	case TP_ARG_NOP:
		return "nop";
	case TP_ARG__MAX:
		break;
	}
	return "unknown";
}
