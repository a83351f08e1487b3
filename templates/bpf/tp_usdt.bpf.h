/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * USDT hook prologue: tp_usdt_arg() reads argument n of the probe that fired
 * as its note describes it (a register, a constant or memory), through
 * libbpf's usdt.bpf.h; tprun attaches with bpf_program__attach_usdt, which
 * fills the spec maps that header reads.
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

#endif /* TP_USDT_BPF_H */
