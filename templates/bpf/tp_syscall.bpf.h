/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Syscall hook prologues: the same generated body runs under fentry, kprobe
 * or the syscalls tracepoints; tp_sys_arg() reads argument n the way the
 * variant sees it. n is a constant; so is the variant in each program, which
 * the verifier follows to its own read alone. Where several variants run a
 * hook's body as one subprogram (tp_emit__enter_decl), clang keeps every
 * variant's read in it, and the verifier drops those its program never takes.
 */
#ifndef TP_SYSCALL_BPF_H
#define TP_SYSCALL_BPF_H

#include "tp_common.bpf.h"

/* syscalls/sys_enter_* and sys_exit_* records (stable across kernels). */
struct tp_sys_enter_ctx {
	__u64 common;
	__s32 nr;
	__u32 pad;
	__u64 args[6];
};

struct tp_sys_exit_ctx {
	__u64 common;
	__s32 nr;
	__u32 pad;
	__s64 ret;
};

static __always_inline __u64 tp_sys_arg(int variant, void *ctx, const struct pt_regs *regs, int n)
{
	if (variant == TP_VAR_TRACEPOINT) {
		/*
		 * ctx itself each time: clang may otherwise keep &args[n] and
		 * read through it later, which the verifier refuses ("modified
		 * ctx ptr") once a large helper such as an fd's walk is inlined
		 */
		barrier_var(ctx);
		return ((struct tp_sys_enter_ctx *)ctx)->args[n];
	}
	switch (n) {
	case 0:
		return PT_REGS_PARM1_CORE_SYSCALL(regs);
	case 1:
		return PT_REGS_PARM2_CORE_SYSCALL(regs);
	case 2:
		return PT_REGS_PARM3_CORE_SYSCALL(regs);
	case 3:
		return PT_REGS_PARM4_CORE_SYSCALL(regs);
	case 4:
		return PT_REGS_PARM5_CORE_SYSCALL(regs);
	default:
		return TP_REGS_PARM6_CORE(regs);
	}
}

#endif /* TP_SYSCALL_BPF_H */
