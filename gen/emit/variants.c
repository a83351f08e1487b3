// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Attach variants per hook shape. Entry bodies return the value an Override
 * sets (0 when none); only the variants that can change a return value use it.
 */
#include "variants.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* a program: tp_h<id>_<name>, from section of the template */
/* clang-format off */
#define PROG(name, section) { name, section }
/* clang-format on */
#define FEXIT_SYS PROG("fexit", "syscall_fexit")
#define FEXIT_KF  PROG("fexit", "kfunc_fexit")
#define KRETPROBE PROG("kretprobe", "kretprobe")

static const struct tp_variant_spec syscall_v[] = {
	{ TP_VAR_FENTRY, PROG("fentry", "syscall_fentry"), FEXIT_SYS },
	{ TP_VAR_KPROBE, PROG("kprobe", "kprobe"), KRETPROBE },
	{ TP_VAR_TRACEPOINT, PROG("tp", "tracepoint"), PROG("tp_exit", "syscall_tracepoint_exit") },
};

/* Override on a syscall: fmod_ret where the syscall is error-injectable, bpf_override_return */
static const struct tp_variant_spec syscall_override_v[] = {
	{ TP_VAR_FMOD_RET, PROG("fmod_ret", "syscall_fmod_ret"), FEXIT_SYS },
	{ TP_VAR_KPROBE, PROG("kprobe", "syscall_kprobe_override"), KRETPROBE },
};

static const struct tp_variant_spec kfunc_v[] = {
	{ TP_VAR_FENTRY, PROG("fentry", "kfunc_fentry"), FEXIT_KF },
	{ TP_VAR_KPROBE, PROG("kprobe", "kfunc_kprobe"), KRETPROBE },
};

static const struct tp_variant_spec kfunc_override_v[] = {
	{ TP_VAR_FMOD_RET, PROG("fmod_ret", "kfunc_fmod_ret"), FEXIT_KF },
	{ TP_VAR_KPROBE, PROG("kprobe", "kfunc_kprobe_override"), KRETPROBE },
};

static const struct tp_variant_spec lsm_v[] = {
	{ TP_VAR_LSM, PROG("lsm", "lsm"), { 0 } },
};

/* imaHash: a sleepable program after the LSM one hashes the file (tp_ima.bpf.h) */
static const struct tp_variant_spec lsm_ima_file_v[] = {
	{ TP_VAR_LSM, PROG("lsm", "lsm"), PROG("ima", "lsm_ima_file") },
};

static const struct tp_variant_spec lsm_ima_bprm_v[] = {
	{ TP_VAR_LSM, PROG("lsm", "lsm"), PROG("ima", "lsm_ima_bprm") },
};

/* lists: one program for every function */
static const struct tp_variant_spec list_v[] = {
	{ TP_VAR_KPROBE_MULTI, PROG("kprobe_multi", "list_kprobe_multi"),
	  PROG("kretprobe_multi", "list_kretprobe_multi") },
	{ TP_VAR_KPROBE, PROG("kprobe", "kprobe"), KRETPROBE },
};

static const struct tp_variant_spec tracepoint_v[] = {
	{ TP_VAR_TRACEPOINT, PROG("tp", "tracepoint"), { 0 } },
};

static const struct tp_variant_spec raw_tracepoint_v[] = {
	{ TP_VAR_RAW_TP, PROG("rawtp", "raw_tracepoint"), { 0 } },
};

/* uprobes: one program on each symbol or offset, the attach cookie says which */
static const struct tp_variant_spec uprobe_v[] = {
	{ TP_VAR_UPROBE, PROG("uprobe", "uprobe"), PROG("uretprobe", "uretprobe") },
};

/* usdts: libbpf attaches the program to each of the probe's notes */
static const struct tp_variant_spec usdt_v[] = {
	{ TP_VAR_USDT, PROG("usdt", "usdt"), { 0 } },
};

/*
 * spec.enforcers: fmod_ret, then bpf_override_return. Tetragon tries
 * override-return first (enforcer.go, selectOverrideMethod); both set the
 * same return value, so the cheaper trampoline goes first as for Override.
 * A security_* function takes fmod_ret only (the kernel's rule). The
 * programs are the Override ones of a kernel function: the body returns the
 * notification's error.
 */
static const struct tp_variant_spec enforcer_v[] = {
	{ TP_VAR_FMOD_RET, PROG("fmod_ret", "kfunc_fmod_ret"), { 0 } },
	{ TP_VAR_KPROBE, PROG("kprobe", "kfunc_kprobe_override"), { 0 } },
};

/* loader: true: mmap(2)'s tracepoints (tp_loader.bpf.h), the exit sends the record */
static const struct tp_variant_spec loader_v[] = {
	{ TP_VAR_TRACEPOINT, PROG("tp", "loader_tracepoint"),
	  PROG("tp_exit", "loader_tracepoint_exit") },
};

#define ALL(a) (*n = ARRAY_SIZE(a), a)

const struct tp_variant_spec *tp_variants__of(const struct tp_hook *h, size_t *n)
{
	const struct tp_variant_spec *v;

	switch (h->kind) {
	case TP_HOOK_TRACEPOINT:
		return h->raw ? ALL(raw_tracepoint_v) : ALL(tracepoint_v);
	case TP_HOOK_LSM:
		if (h->ima_hash == TP_IMA_FILE)
			return ALL(lsm_ima_file_v);
		return h->ima_hash == TP_IMA_BPRM ? ALL(lsm_ima_bprm_v) : ALL(lsm_v);
	case TP_HOOK_UPROBE:
		return ALL(uprobe_v);
	case TP_HOOK_USDT:
		return ALL(usdt_v);
	case TP_HOOK_ENFORCER:
		if (!h->syscall || h->override_method == TP_OVERRIDE_FMOD_RET)
			return *n = 1, &enforcer_v[0];
		if (h->override_method == TP_OVERRIDE_RETURN)
			return *n = 1, &enforcer_v[1];
		return ALL(enforcer_v);
	case TP_HOOK_LOADER:
		return ALL(loader_v);
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
	/* fentries: the trampoline variant alone, never a kprobe (lists are refused) */
	if (h->fentry && !h->override)
		return *n = 1, h->syscall ? &syscall_v[0] : &kfunc_v[0];
	/* data read from pt_regs: the kprobe alone (the checker refuses it on fentries) */
	if (!h->override && tp_hook__reg_arg(h))
		return *n = 1, h->syscall ? &syscall_v[1] : &kfunc_v[1];
	if (!h->override)
		return h->syscall ? ALL(syscall_v) : ALL(kfunc_v);
	v = h->syscall ? syscall_override_v : kfunc_override_v;
	if (h->override_zero) /* fmod_ret's 0 runs the syscall: bpf_override_return alone */
		return *n = 1, &v[1];
	if (h->fentry)
		return *n = 1, &v[0];
	if (tp_hook__reg_arg(h))
		return *n = 1, &v[1];
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

bool tp_variants__has_second(const struct tp_hook *h, const struct tp_variant_spec *v)
{
	return v->exit.name && (tp_hook__has_exit(h) || (h->kind == TP_HOOK_LSM && h->ima_hash) ||
				h->kind == TP_HOOK_LOADER);
}
