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

/*
 * Append one stack (user: BPF_F_USER_STACK) as a blob of __u64 addresses. The
 * sizing pass counts a whole one; the stack itself is read once, into the
 * record, and is as long as it is.
 */
static __always_inline __u32 tp_out_stack(int mode, void *ctx, struct tp_rec *r, __u32 off,
					  bool user)
{
	__u64 *frames;
	long n;

	if (mode == TP_SIZE)
		return tp_blob_end(off, TP_STACK_BYTES);
	frames = bpf_dynptr_data(&r->d, off + sizeof(struct tp_blob), TP_STACK_BYTES);
	n = frames ? bpf_get_stack(ctx, frames, TP_STACK_BYTES, user ? BPF_F_USER_STACK : 0) : -1;
	if (n < 0)
		return tp_out_empty(mode, r, off, TP_BLOB_ERROR);
	TP_CLAMP(n, TP_STACK_BYTES);
	tp_rec_blob(r, off, n, 0);
	return tp_blob_end(off, n);
}

/* The stacks flags asks for (TP_HOOKEV_*_STACK), after the args, kernel first. */
static __always_inline __u32 tp_out_stacks(int mode, void *ctx, struct tp_rec *r, __u32 off,
					   __u32 flags)
{
	struct tp_event_hook *e = tp_rec_window(mode, r, 0, sizeof(*e));

	if (e)
		e->flags |= flags;
	if (flags & TP_HOOKEV_KERNEL_STACK)
		off = tp_out_stack(mode, ctx, r, off, false);
	if (flags & TP_HOOKEV_USER_STACK)
		off = tp_out_stack(mode, ctx, r, off, true);
	return off;
}

#endif /* TP_STACK_BPF_H */
