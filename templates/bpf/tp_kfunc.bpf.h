/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Kernel-function and LSM hook prologues: tp_kf_arg() reads argument n the
 * way the variant sees it: from the trampoline's context (fentry, fexit,
 * fmod_ret, LSM) or from the registers (kprobe, kprobe.multi).
 */
#ifndef TP_KFUNC_BPF_H
#define TP_KFUNC_BPF_H

#include "tp_common.bpf.h"

static __always_inline __u64 tp_kf_arg(int variant, void *ctx, int n)
{
	struct pt_regs *regs = ctx;

	if (variant == TP_VAR_FENTRY || variant == TP_VAR_FMOD_RET || variant == TP_VAR_LSM) {
		/*
		 * Not ctx[n]: the verifier types a pointer there by BTF and
		 * forbids the integer arithmetic our filters do on it. The
		 * helper is inlined and gives a plain value.
		 */
		__u64 v = 0;

		bpf_get_func_arg(ctx, n, &v);
		return v;
	}
	switch (n) {
	case 0:
		return PT_REGS_PARM1(regs);
	case 1:
		return PT_REGS_PARM2(regs);
	case 2:
		return PT_REGS_PARM3(regs);
	case 3:
		return PT_REGS_PARM4(regs);
	case 4:
		return PT_REGS_PARM5(regs);
	default:
		return TP_REGS_PARM6(regs);
	}
}

/*
 * What an LSM program returns for r, 0 or the -errno an Override set. Kernels
 * since 6.8 check an LSM program returns 0 or -errno: show the verifier the
 * bounds, which clang (knowing r is 0 or argError) drops.
 */
static __always_inline int tp_lsm_return(long r)
{
	barrier_var(r);
	if (r < -4095 || r > 0)
		return 0;
	return r;
}

#endif /* TP_KFUNC_BPF_H */
