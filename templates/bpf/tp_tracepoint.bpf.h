/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Tracepoint hook args. A tracepoint's are fields of its record, at the
 * offsets tpgen read from the event's format (tprun checks them against the
 * running kernel's); a raw tracepoint's are its TP_PROTO arguments, a u64
 * each.
 */
#ifndef TP_TRACEPOINT_BPF_H
#define TP_TRACEPOINT_BPF_H

#include "tp_common.bpf.h"

/* A field of the record: the C type its format gives, at its offset. */
#define TP_FIELD(type, ctx, off) (*(const type *)((const char *)(ctx) + (off)))

/* A __data_loc field: its low 16 bits are the offset of the data in the record. */
static __always_inline __u64 tp_field_data_loc(void *ctx, __u32 off)
{
	return (__u64)((const char *)ctx + (TP_FIELD(__u32, ctx, off) & 0xffff));
}

/* Argument n of a raw tracepoint. */
static __always_inline __u64 tp_raw_arg(void *ctx, __u32 n)
{
	return ((const __u64 *)ctx)[n];
}

#endif /* TP_TRACEPOINT_BPF_H */
