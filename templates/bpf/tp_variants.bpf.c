/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The attach variants of a hook: one BPF program each, a thin prologue around
 * the hook's body. tpgen copies, for every hook, the sections of the variants
 * the hook can use (gen/emit/variants.c says which), with #line directives
 * back to this file, and fills the holes:
 *
 *   TP_PROG    the program's name, tp_h<hook>_<variant> (.tp.meta names it)
 *   TP_ENTER   the hook's entry body, tp_h<hook>_enter(variant, ctx, regs):
 *              it returns the value an Override sets, 0 when none
 *   TP_EXIT    the hook's return body, tp_h<hook>_exit(return value)
 *
 * A section runs from its "//@ name" line to the next. SEC names carry no
 * target: tprun sets it from .tp.meta when it attaches.
 */

//@ syscall_fentry
SEC("fentry")
int BPF_PROG(TP_PROG, const struct pt_regs *regs)
{
	TP_ENTER(TP_VAR_FENTRY, ctx, regs);
	return 0;
}

//@ syscall_fexit
/* fexit reads the return value through the trampoline's context */
SEC("fexit")
int BPF_PROG(TP_PROG, const struct pt_regs *regs, long ret)
{
	TP_EXIT(ret);
	return 0;
}

//@ kprobe
/* syscalls and lists: a syscall wrapper's one argument is the user's registers
 * (a list of other functions reads its args from ctx) */
SEC("kprobe")
int TP_PROG(struct pt_regs *ctx)
{
	TP_ENTER(TP_VAR_KPROBE, ctx, (const struct pt_regs *)PT_REGS_PARM1_CORE(ctx));
	return 0;
}

//@ tracepoint
/* syscalls (syscalls/sys_enter_*) and tracepoint hooks */
SEC("tracepoint")
int TP_PROG(void *ctx)
{
	TP_ENTER(TP_VAR_TRACEPOINT, ctx, 0);
	return 0;
}

//@ syscall_tracepoint_exit
SEC("tracepoint")
int TP_PROG(struct tp_sys_exit_ctx *ctx)
{
	TP_EXIT(ctx->ret);
	return 0;
}

//@ syscall_fmod_ret
/* Override on a syscall the kernel lets fmod_ret change (error-injectable) */
SEC("fmod_ret")
int BPF_PROG(TP_PROG, const struct pt_regs *regs)
{
	return TP_ENTER(TP_VAR_FMOD_RET, ctx, regs);
}

//@ syscall_kprobe_override
SEC("kprobe")
int TP_PROG(struct pt_regs *ctx)
{
	long r = TP_ENTER(TP_VAR_KPROBE, ctx, (const struct pt_regs *)PT_REGS_PARM1_CORE(ctx));

	if (r) /* TP_OVERRIDE_ZERO: skipped all the same, returning 0 */
		bpf_override_return(ctx, r == TP_OVERRIDE_ZERO ? 0 : r);
	return 0;
}

//@ kfunc_fentry
SEC("fentry")
int TP_PROG(__u64 *ctx)
{
	TP_ENTER(TP_VAR_FENTRY, ctx, 0);
	return 0;
}

//@ kfunc_fexit
SEC("fexit")
int TP_PROG(__u64 *ctx)
{
	__u64 ret = 0;

	bpf_get_func_ret(ctx, &ret);
	TP_EXIT(ret);
	return 0;
}

//@ kfunc_kprobe
SEC("kprobe")
int TP_PROG(struct pt_regs *ctx)
{
	TP_ENTER(TP_VAR_KPROBE, ctx, 0);
	return 0;
}

//@ kretprobe
SEC("kretprobe")
int TP_PROG(struct pt_regs *ctx)
{
	TP_EXIT(PT_REGS_RC(ctx));
	return 0;
}

//@ kfunc_fmod_ret
SEC("fmod_ret")
int TP_PROG(__u64 *ctx)
{
	return TP_ENTER(TP_VAR_FMOD_RET, ctx, 0);
}

//@ kfunc_kprobe_override
SEC("kprobe")
int TP_PROG(struct pt_regs *ctx)
{
	long r = TP_ENTER(TP_VAR_KPROBE, ctx, 0);

	if (r)
		bpf_override_return(ctx, r);
	return 0;
}

//@ lsm
SEC("lsm")
int TP_PROG(__u64 *ctx)
{
	return tp_lsm_return(TP_ENTER(TP_VAR_LSM, ctx, 0));
}

//@ lsm_ima_file
/* imaHash: the sleepable program after "lsm" on a hook whose first arg is the file */
SEC("lsm.s")
int TP_PROG(__u64 *ctx)
{
	return tp_lsm_return(tp_ima_send((struct file *)ctx[0]));
}

//@ lsm_ima_bprm
/* imaHash on a bprm_* hook: the file being executed */
SEC("lsm.s")
int TP_PROG(__u64 *ctx)
{
	return tp_lsm_return(tp_ima_send(((struct linux_binprm *)ctx[0])->file));
}

//@ list_kprobe_multi
/* a list: one program for every function; syscall lists read the wrapper's regs */
SEC("kprobe.multi")
int TP_PROG(struct pt_regs *ctx)
{
	TP_ENTER(TP_VAR_KPROBE_MULTI, ctx, (const struct pt_regs *)PT_REGS_PARM1_CORE(ctx));
	return 0;
}

//@ list_kretprobe_multi
SEC("kretprobe.multi")
int TP_PROG(struct pt_regs *ctx)
{
	TP_EXIT(PT_REGS_RC(ctx));
	return 0;
}

//@ uprobe
/* uprobes: a user function's args are in the registers; each attachment's cookie is its target */
SEC("uprobe")
int TP_PROG(struct pt_regs *ctx)
{
	TP_ENTER(TP_VAR_UPROBE, ctx, 0);
	return 0;
}

//@ uretprobe
SEC("uretprobe")
int TP_PROG(struct pt_regs *ctx)
{
	TP_EXIT(PT_REGS_RC(ctx));
	return 0;
}

//@ usdt
/* usdts: libbpf's usdt.bpf.h finds the args from the note of the probe that fired */
SEC("usdt")
int TP_PROG(struct pt_regs *ctx)
{
	TP_ENTER(TP_VAR_USDT, ctx, 0);
	return 0;
}

//@ raw_tracepoint
SEC("raw_tp")
int TP_PROG(__u64 *ctx)
{
	TP_ENTER(TP_VAR_RAW_TP, ctx, 0);
	return 0;
}

//@ loader_tracepoint
/* loader: true (tp_loader.bpf.h): mmap(2)'s or mprotect(2)'s entry */
SEC("tracepoint")
int TP_PROG(struct tp_sys_enter_ctx *ctx)
{
	TP_ENTER(ctx);
	return 0;
}

//@ loader_tracepoint_exit
SEC("tracepoint")
int TP_PROG(struct tp_sys_exit_ctx *ctx)
{
	TP_EXIT(ctx);
	return 0;
}
