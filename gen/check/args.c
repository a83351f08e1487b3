// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Args of kprobes and LSM hooks, and the return arg: indexes, types, buffers. */
#include <string.h>

#include "checker.h"
#include "values.h"
#include "vocab.h"

#define SYSCALL_ARGS_MAX 6
#define KFUNC_ARGS_MAX	 6 /* x86-64 passes six in registers; kprobes read no more */
#define CONST_BUF_MAX	 4096
#define USDT_ARGS_MAX	 12 /* libbpf's BPF_USDT_MAX_ARG_CNT */

/* Kernel objects are read from kernel pointers: kernel-function, LSM and raw tracepoint hooks. */
static bool hook_has_kernel_args(const struct tp_hook *h)
{
	return (h->kind == TP_HOOK_KPROBE && !h->syscall) || h->kind == TP_HOOK_LSM ||
	       (h->kind == TP_HOOK_TRACEPOINT && h->raw);
}

/* Type errors every hook kind shares; false when the arg has no type we can use. */
bool tp_check__arg_type(struct checker *c, struct tp_arg *a)
{
	struct tp_loc loc = tp_check__loc(a->type_loc, a->loc);
	const struct tp_hook *h = c->h;

	if (a->type == TP_ARG_NONE) {
		if (!tp_check__is_auto(a)) {
			hook_err(c, loc, "arg %d: unknown type '%s'", a->index, a->type_name);
			return false;
		}
		if (tp_check__is_syscall_kprobe(h)) {
			hook_err(c, loc, "arg %d: type is required", a->index);
			return false;
		}
		return true;
	}
	if (tp_arg_type__has(a->type, TP_ARGF_DATA_LOC) &&
	    (h->kind != TP_HOOK_TRACEPOINT || h->raw)) {
		/* an offset into the tracepoint's record: resolved with its field */
		hook_err(c, loc,
			 "arg %d: type '%s' is a tracepoint's __data_loc field: it needs a "
			 "tracepoint hook without raw: true",
			 a->index, tp_check__type_name(a));
		return false;
	}
	if (tp_arg_type__has(a->type, TP_ARGF_NO_TP) && h->kind == TP_HOOK_TRACEPOINT) {
		hook_err(c, loc, "arg %d: type '%s' is not supported yet on tracepoints", a->index,
			 tp_check__type_name(a));
		return false;
	}
	if (tp_arg_type__has(a->type, TP_ARGF_KPROBE_ARG) && h->kind != TP_HOOK_KPROBE) {
		/* generickprobe.go's addArg maps it (GenericUserTypeFromString); LSM and
		 * tracepoint args do not */
		hook_err(c, loc,
			 "arg %d: type '%s' is not supported here: Tetragon takes it in kprobe "
			 "args only",
			 a->index, tp_check__type_name(a));
		return false;
	}
	if (tp_arg_type__has(a->type, TP_ARGF_KERNEL) && !hook_has_kernel_args(h)) {
		hook_err(c, loc,
			 "arg %d: type '%s' is a kernel object: it needs a "
			 "kernel-function (syscall: false), LSM or raw tracepoint hook",
			 a->index, tp_check__type_name(a));
		return false;
	}
	return true;
}

static void check_buffer_arg(struct checker *c, struct tp_arg *a)
{
	int sai = a->size_arg_index;
	const struct tp_arg *sz;

	if (tp_arg_type__has(a->type, TP_ARGF_SIZE_ARG)) {
		if (sai <= 0) {
			hook_err(c, a->loc, "arg %d: type '%s' needs sizeArgIndex", a->index,
				 tp_check__type_name(a));
			return;
		}
		if (sai - 1 == a->index) {
			hook_err(c, a->loc, "arg %d: sizeArgIndex %d names this arg itself",
				 a->index, sai);
			return;
		}
		sz = tp_check__arg_by_index(c->h, sai - 1);
		if (!sz)
			hook_err(c, a->loc,
				 "arg %d: sizeArgIndex %d names arg %d, which is not declared "
				 "(sizeArgIndex is 1-based)",
				 a->index, sai, sai - 1);
		else if (sz->type != TP_ARG_NONE && !tp_arg_type__is_int(sz->type))
			hook_err(c, a->loc,
				 "arg %d: sizeArgIndex %d names arg %d, which is not an integer",
				 a->index, sai, sai - 1);
	} else if (tp_arg_type__has(a->type, TP_ARGF_SIZE_FIXED)) {
		if (sai <= 0)
			hook_err(c, a->loc,
				 "arg %d: type '%s' needs sizeArgIndex (its size in bytes)",
				 a->index, tp_check__type_name(a));
		else if (sai > CONST_BUF_MAX)
			hook_err(c, a->loc, "arg %d: %s size %d is not in 1..%d", a->index,
				 tp_check__type_name(a), sai, CONST_BUF_MAX);
	} else if (sai && a->type != TP_ARG_NONE) {
		/* Tetragon ignores it there; tpgen never accepts and ignores */
		hook_err(c, a->loc, "arg %d: sizeArgIndex is not supported for type '%s'", a->index,
			 tp_check__type_name(a));
	}
}

void tp_check__dup_index(struct checker *c, size_t i)
{
	const struct tp_hook *h = c->h;
	size_t j;

	for (j = 0; j < i; j++) {
		if (h->args[j].index == h->args[i].index) {
			hook_err(c, h->args[i].loc, "arg %d: index %d is declared twice",
				 h->args[i].index, h->args[i].index);
			return;
		}
	}
}

/*
 * A data entry: its resolve walks from the current task's task_struct, or (source
 * pt_regs) names the register read, whose value is then read as the arg's type
 * (generickprobe.go addArg: no BTF, and GenericTypeFromString has no "auto").
 */
static void check_data_arg(struct checker *c, struct tp_arg *a)
{
	if (a->size_arg_index) {
		hook_err(c, a->size_arg_loc,
			 "data %d: sizeArgIndex is not supported on data entries",
			 a->index - TP_DATA_INDEX);
		return;
	}
	if (a->btf_type || a->btf_module_loc.line) {
		hook_err(c, a->btf_type ? a->btf_type_loc : a->btf_module_loc,
			 "data %d: btfType is not supported on data entries (Tetragon resolves "
			 "current_task from task_struct, and reads pt_regs as the type given)",
			 a->index - TP_DATA_INDEX);
		return;
	}
	if (a->pt_regs && a->reg == TP_REG_NONE) /* an unknown register (reported) */
		return;
	/* regs.h is x86-64's struct pt_regs (Tetragon's regoffset_linux_arm64.go is arm64's) */
	if (a->pt_regs && c->t->arch && c->t->arch != TP_ARCH_X86_64) {
		hook_err(c, a->loc, "data %d: source pt_regs for --target %s is not supported yet",
			 a->index - TP_DATA_INDEX, tp_arch__name(c->t->arch));
		return;
	}
	if (a->pt_regs && tp_check__is_auto(a)) {
		hook_err(c, a->loc,
			 "data %d: type is required (a register read through source pt_regs has "
			 "no type to infer)",
			 a->index - TP_DATA_INDEX);
		return;
	}
	if (!a->pt_regs)
		tp_check__resolve(c, a);
	if (tp_check__arg_type(c, a))
		check_buffer_arg(c, a);
}

void tp_check__kprobe_args(struct checker *c)
{
	struct tp_hook *h = c->h;
	size_t i;

	for (i = 0; i < h->nargs; i++) {
		struct tp_arg *a = &h->args[i];
		bool typed;

		if (a->data) {
			check_data_arg(c, a);
			continue;
		}
		tp_check__dup_index(c, i);
		if (a->index < 0) {
			hook_err(c, a->loc, "arg %d: index must not be negative", a->index);
		} else if (h->syscall && a->index >= SYSCALL_ARGS_MAX) {
			hook_err(c, a->loc,
				 "arg %d: index out of range (syscalls have at most %d arguments, "
				 "0 to %d)",
				 a->index, SYSCALL_ARGS_MAX, SYSCALL_ARGS_MAX - 1);
		} else if (h->syscall && c->sys_nargs >= 0 && a->index >= c->sys_nargs) {
			hook_err(c, a->loc, "arg %d: index out of range (%s takes %d argument%s)",
				 a->index, h->syscall_name, c->sys_nargs,
				 c->sys_nargs == 1 ? "" : "s");
		} else if (h->kind == TP_HOOK_USDT && a->index >= USDT_ARGS_MAX) {
			hook_err(
			    c, a->loc,
			    "arg %d: index out of range (a USDT probe has at most %d arguments, "
			    "0 to %d)",
			    a->index, USDT_ARGS_MAX, USDT_ARGS_MAX - 1);
		} else if (h->kind != TP_HOOK_USDT && !h->syscall && a->index >= KFUNC_ARGS_MAX) {
			hook_err(c, a->loc,
				 "arg %d: index out of range (arguments 0 to %d are passed in "
				 "registers and can be read)",
				 a->index, KFUNC_ARGS_MAX - 1);
		} else if (!h->syscall && c->have_proto && a->index >= c->proto.nargs) {
			hook_err(c, a->loc, "arg %d: index out of range (%s takes %d argument%s)",
				 a->index, h->function_name, c->proto.nargs,
				 c->proto.nargs == 1 ? "" : "s");
		} else if (tp_check__has_resolve_keys(a)) {
			tp_check__resolve(c, a); /* the type of what the path reaches */
		} else if (!h->syscall && tp_check__is_auto(a)) {
			/* type: auto on a kernel function: what its BTF prototype says */
			if (!c->have_proto)
				hook_err(c, a->loc,
					 "arg %d: type is required (no kernel BTF to "
					 "infer it from)",
					 a->index);
			else if (c->proto.args[a->index] == TP_ARG_NONE)
				hook_err(c, a->loc,
					 "arg %d: type is required (parameter '%s' has "
					 "no type of ours)",
					 a->index, c->proto.arg_names[a->index]);
			else
				a->type = c->proto.args[a->index];
		}
		typed = tp_check__arg_type(c, a);
		if (typed && h->kind == TP_HOOK_KPROBE && !tp_check__has_resolve_keys(a))
			tp_check__arg_ktype(c, a);
		if (typed)
			check_buffer_arg(c, a);
	}
}

void tp_check__return_arg(struct checker *c)
{
	struct tp_hook *h = c->h;
	struct tp_arg *a = &h->ret_arg;
	struct tp_loc loc = tp_check__loc(a->type_loc, tp_check__loc(a->loc, h->loc));

	if (!h->has_ret_arg)
		return;			   /* return: true without one is the parser's error */
	if (tp_check__has_resolve_keys(a)) /* Tetragon reads the return value as it is */
		hook_err(c,
			 tp_check__loc(
			     a->resolve_loc,
			     tp_check__loc(a->btf_type_loc, tp_check__loc(a->btf_module_loc, loc))),
			 "returnArg: resolve and btfType are not supported on returnArg");
	if (a->size_arg_index) /* a return value is an integer: nothing has a size */
		hook_err(c, tp_check__loc(a->size_arg_loc, loc),
			 "returnArg: sizeArgIndex is not supported");
	if (a->type == TP_ARG_NONE && tp_check__is_auto(a) && !h->syscall && c->have_proto &&
	    tp_arg_type__is_int(c->proto.ret))
		a->type = c->proto.ret;
	if (a->type == TP_ARG_NONE) {
		if (tp_check__is_auto(a)) {
			if (tp_check__is_syscall_kprobe(h) || !c->have_proto)
				hook_err(c, loc, "returnArg: type is required");
		} else {
			hook_err(c, loc, "returnArg: unknown type '%s'", a->type_name);
		}
		return;
	}
	if (a->type == TP_ARG_SOCK && tp_check__is_syscall_kprobe(h))
		hook_err(c, loc, "returnArg: type '%s' is not supported on syscalls",
			 tp_check__type_name(a));
	else if (a->type == TP_ARG_SOCK && tp_hook__return_copy_pos(h) >= 0)
		hook_err(c, loc, "returnArg: type '%s' is not supported with a returnCopy arg",
			 tp_check__type_name(a));
	else if (a->type == TP_ARG_SOCK) /* a kernel function's struct sock *: read at return */
		;
	else if (!tp_arg_type__is_int(a->type))
		hook_err(c, loc,
			 "returnArg: type '%s' is not supported (return values are integers or "
			 "sock)",
			 tp_check__type_name(a));
	else if (tp_arg_type__has(a->type, TP_ARGF_KPROBE_ARG))
		hook_err(c, loc,
			 "returnArg: type '%s' is not supported: Tetragon takes it in kprobe "
			 "args only",
			 tp_check__type_name(a));
}

/*
 * A hook with a data entry read from pt_regs takes only the variants whose program has
 * pt_regs: kprobes (a syscall's from its caller, as Tetragon's get_pt_regs_arg_syscall)
 * and uprobes. Tetragon's fentry programs read such an entry as 0 (generic_calls.h,
 * get_pt_regs_arg); tpgen refuses it.
 */
void tp_check__reg_data(struct checker *c)
{
	const struct tp_hook *h = c->h;
	const struct tp_arg *a = tp_hook__reg_arg(h);
	const char *why = NULL;

	if (!a)
		return;
	if (h->kind != TP_HOOK_KPROBE && h->kind != TP_HOOK_UPROBE)
		why = "this hook's programs have no pt_regs";
	else if (h->fentry)
		why = "a fentries hook attaches only through BPF trampolines, which have no "
		      "pt_regs (write it under kprobes)";
	else if (h->override && h->override_method == TP_OVERRIDE_FMOD_RET && !h->nfuncs)
		why = "option override-method fmod_ret leaves no kprobe, and an fmod_ret "
		      "program has no pt_regs";
	if (why)
		hook_err(c, a->source_loc, "data %d: source pt_regs is not supported here: %s",
			 a->index - TP_DATA_INDEX, why);
}
