// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Attach variants per hook shape. Entry bodies return the value an Override
 * sets (0 when none); only the variants that can change a return value use it.
 */
#include "variants.h"

#define SYS_REGS "(const struct pt_regs *)PT_REGS_PARM1_CORE(ctx)"

/* exits: fexit reads the return value through the trampoline context */
#define FEXIT_SYS { "fexit", "fexit", "BPF_PROG(%s, const struct pt_regs *regs, long ret)", \
		    "tp_h%d_exit(ret);\n\treturn 0;" }
#define FEXIT_KF { "fexit", "fexit", "%s(__u64 *ctx)", \
		   "__u64 ret = 0;\n\n\tbpf_get_func_ret(ctx, &ret);\n\ttp_h%d_exit(ret);\n\treturn 0;" }
#define KRETPROBE { "kretprobe", "kretprobe", "%s(struct pt_regs *ctx)", \
		    "tp_h%d_exit(PT_REGS_RC(ctx));\n\treturn 0;" }
#define KRETPROBE_MULTI { "kretprobe_multi", "kretprobe.multi", "%s(struct pt_regs *ctx)", \
			  "tp_h%d_exit(PT_REGS_RC(ctx));\n\treturn 0;" }

static const struct tp_variant_spec syscall_v[] = {
	{ TP_VAR_FENTRY,
	  { "fentry", "fentry", "BPF_PROG(%s, const struct pt_regs *regs)",
	    "tp_h%d_enter(TP_VAR_FENTRY, ctx, regs);\n\treturn 0;" },
	  FEXIT_SYS },
	{ TP_VAR_KPROBE,
	  { "kprobe", "kprobe", "%s(struct pt_regs *ctx)",
	    "tp_h%d_enter(TP_VAR_KPROBE, ctx, " SYS_REGS ");\n\treturn 0;" },
	  KRETPROBE },
	{ TP_VAR_TRACEPOINT,
	  { "tp", "tracepoint", "%s(void *ctx)", "tp_h%d_enter(TP_VAR_TRACEPOINT, ctx, 0);\n\treturn 0;" },
	  { "tp_exit", "tracepoint", "%s(struct tp_sys_exit_ctx *ctx)",
	    "tp_h%d_exit(ctx->ret);\n\treturn 0;" } },
};

/* Override on a syscall: fmod_ret where the syscall is error-injectable, bpf_override_return */
static const struct tp_variant_spec syscall_override_v[] = {
	{ TP_VAR_FMOD_RET,
	  { "fmod_ret", "fmod_ret", "BPF_PROG(%s, const struct pt_regs *regs)",
	    "return tp_h%d_enter(TP_VAR_FMOD_RET, ctx, regs);" },
	  FEXIT_SYS },
	{ TP_VAR_KPROBE,
	  { "kprobe", "kprobe", "%s(struct pt_regs *ctx)",
	    "long r = tp_h%d_enter(TP_VAR_KPROBE, ctx, " SYS_REGS ");\n\n"
	    "\tif (r)\n\t\tbpf_override_return(ctx, r);\n\treturn 0;" },
	  KRETPROBE },
};

static const struct tp_variant_spec kfunc_v[] = {
	{ TP_VAR_FENTRY,
	  { "fentry", "fentry", "%s(__u64 *ctx)", "tp_h%d_enter(TP_VAR_FENTRY, ctx, 0);\n\treturn 0;" },
	  FEXIT_KF },
	{ TP_VAR_KPROBE,
	  { "kprobe", "kprobe", "%s(struct pt_regs *ctx)",
	    "tp_h%d_enter(TP_VAR_KPROBE, ctx, 0);\n\treturn 0;" },
	  KRETPROBE },
};

static const struct tp_variant_spec kfunc_override_v[] = {
	{ TP_VAR_FMOD_RET,
	  { "fmod_ret", "fmod_ret", "%s(__u64 *ctx)", "return tp_h%d_enter(TP_VAR_FMOD_RET, ctx, 0);" },
	  FEXIT_KF },
	{ TP_VAR_KPROBE,
	  { "kprobe", "kprobe", "%s(struct pt_regs *ctx)",
	    "long r = tp_h%d_enter(TP_VAR_KPROBE, ctx, 0);\n\n"
	    "\tif (r)\n\t\tbpf_override_return(ctx, r);\n\treturn 0;" },
	  KRETPROBE },
};

static const struct tp_variant_spec lsm_v[] = {
	{ TP_VAR_LSM,
	  /* kernels since 6.8 check an LSM program returns 0 or -errno: show it the bounds */
	  { "lsm", "lsm", "%s(__u64 *ctx)",
	    "long r = tp_h%d_enter(TP_VAR_LSM, ctx, 0);\n\n"
	    "\tbarrier_var(r);	/* clang knows r is 0 or argError and would drop the test */\n"
	    "\tif (r < -4095 || r > 0)\n\t\treturn 0;\n\treturn r;" },
	  { 0 } },
};

/* lists: one program for every function; syscall lists read the wrapper's regs */
static const struct tp_variant_spec list_v[] = {
	{ TP_VAR_KPROBE_MULTI,
	  { "kprobe_multi", "kprobe.multi", "%s(struct pt_regs *ctx)",
	    "tp_h%d_enter(TP_VAR_KPROBE_MULTI, ctx, " SYS_REGS ");\n\treturn 0;" },
	  KRETPROBE_MULTI },
	{ TP_VAR_KPROBE,
	  { "kprobe", "kprobe", "%s(struct pt_regs *ctx)",
	    "tp_h%d_enter(TP_VAR_KPROBE, ctx, " SYS_REGS ");\n\treturn 0;" },
	  KRETPROBE },
};

static const struct tp_variant_spec tracepoint_v[] = {
	{ TP_VAR_TRACEPOINT,
	  { "tp", "tracepoint", "%s(void *ctx)", "tp_h%d_enter(TP_VAR_TRACEPOINT, ctx, 0);\n\treturn 0;" },
	  { 0 } },
};

static const struct tp_variant_spec raw_tracepoint_v[] = {
	{ TP_VAR_RAW_TP,
	  { "rawtp", "raw_tp", "%s(__u64 *ctx)", "tp_h%d_enter(TP_VAR_RAW_TP, ctx, 0);\n\treturn 0;" },
	  { 0 } },
};

#define ALL(a) (*n = sizeof(a) / sizeof(a[0]), a)

const struct tp_variant_spec *tp_variants__of(const struct tp_hook *h, size_t *n)
{
	const struct tp_variant_spec *v;

	switch (h->kind) {
	case TP_HOOK_TRACEPOINT:
		return h->raw ? ALL(raw_tracepoint_v) : ALL(tracepoint_v);
	case TP_HOOK_LSM:
		return ALL(lsm_v);
	case TP_HOOK_KPROBE:
		break;
	default:
		*n = 0;
		return NULL;
	}
	if (h->nfuncs) {
		/* disable-kprobe-multi: the kprobe variant alone */
		return h->no_kprobe_multi ? (*n = 1, &list_v[1]) : ALL(list_v);
	}
	if (!h->override)
		return h->syscall ? ALL(syscall_v) : ALL(kfunc_v);
	v = h->syscall ? syscall_override_v : kfunc_override_v;
	switch (h->override_method) {
	case TP_OVERRIDE_FMOD_RET:
		*n = 1;
		return &v[0];
	case TP_OVERRIDE_RETURN:
		*n = 1;
		return &v[1];
	default:
		*n = 2;
		return v;
	}
}
