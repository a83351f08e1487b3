/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Post's kernelStackTrace and userStackTrace. Tetragon keeps stacks in a
 * BPF_MAP_TYPE_STACK_TRACE map and puts their ids in the event
 * (bpf/process/generic_calls.h, do_action): two stacks that hash alike then
 * share an id, and user space reads the map after the fact. Here
 * bpf_get_stack() copies the return addresses into the record itself: the
 * same walk, no map, no id collision, and nothing paid until a selector with
 * a stack trace has matched.
 */
#ifndef TP_STACK_BPF_H
#define TP_STACK_BPF_H

#include "tp_capture.bpf.h"

#define TP_STACK_BYTES (TP_STACK_DEPTH * sizeof(__u64))

/* Append one stack (user: BPF_F_USER_STACK) as a blob of __u64 addresses. */
static __always_inline __u32 tp_out_stack(void *ctx, struct tp_heap *h, __u32 off, bool user)
{
	struct tp_blob *b;
	long n;

	if (off > TP_OUT_MASK)
		return off;
	b = (void *)&h->out[off];
	n = bpf_get_stack(ctx, &h->out[off + sizeof(*b)], TP_STACK_BYTES,
			  user ? BPF_F_USER_STACK : 0);
	if (n < 0) {
		b->len = 0;
		b->info = TP_BLOB_ERROR;
		return off + sizeof(*b);
	}
	TP_CLAMP(n, TP_STACK_BYTES);
	b->len = n;
	b->info = 0;
	return tp_blob_end(off, n);
}

/* The stacks flags asks for (TP_HOOKEV_*_STACK), after the args, kernel first. */
static __always_inline __u32 tp_out_stacks(void *ctx, struct tp_heap *h, __u32 off, __u32 flags)
{
	((struct tp_event_hook *)h->out)->flags |= flags;
	if (flags & TP_HOOKEV_KERNEL_STACK)
		off = tp_out_stack(ctx, h, off, false);
	if (flags & TP_HOOKEV_USER_STACK)
		off = tp_out_stack(ctx, h, off, true);
	return off;
}

#endif /* TP_STACK_BPF_H */
