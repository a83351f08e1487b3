/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * USDT hook prologue: tp_usdt_arg() reads argument n of the probe that fired
 * as its note describes it (a register, a constant or memory), through
 * libbpf's usdt.bpf.h; tprun attaches with bpf_program__attach_usdt, which
 * fills the spec maps that header reads. tp_usdt_set() is the Set action.
 */
#ifndef TP_USDT_BPF_H
#define TP_USDT_BPF_H

#include "tp_common.bpf.h"

#include <bpf/usdt.bpf.h>

static __always_inline __u64 tp_usdt_arg(struct pt_regs *ctx, int n)
{
	long v = 0;

	bpf_usdt_arg(ctx, n, &v);
	return v;
}

/*
 * Set: value into argument n where the note keeps it in 4 bytes of memory
 * (a register plus an offset), as Tetragon's do_set_action writes it with
 * bpf_probe_write_user; any other argument is left alone (tprun refuses
 * such a probe when it attaches). 0 or a negative error.
 */
static __always_inline int tp_usdt_set(struct pt_regs *ctx, int n, __u32 value)
{
	struct __bpf_usdt_arg_spec *arg;
	struct __bpf_usdt_spec *spec;
	unsigned long base;
	int id;

	id = __bpf_usdt_spec_id(ctx);
	spec = id < 0 ? NULL : bpf_map_lookup_elem(&__bpf_usdt_specs, &id);
	if (!spec || n < 0 || n >= BPF_USDT_MAX_ARG_CNT || n >= spec->arg_cnt)
		return -ENOENT;
	arg = &spec->args[n];
	/* arg_bitshift: 64 - 8 * the argument's size */
	if (arg->arg_type != BPF_USDT_ARG_REG_DEREF || arg->arg_bitshift != 32)
		return -EINVAL;
	if (bpf_probe_read_kernel(&base, sizeof(base), (void *)ctx + arg->reg_off))
		return -EFAULT;
	return bpf_probe_write_user((void *)(base + arg->val_off), &value, sizeof(value));
}

#endif /* TP_USDT_BPF_H */
