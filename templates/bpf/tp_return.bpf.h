/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Hooks with return: true: the entry half leaves which selector matched (and
 * whether it posts) for its thread; the return half takes it, runs
 * matchReturnArgs and matchReturnActions and sends the return record.
 */
#ifndef TP_RETURN_BPF_H
#define TP_RETURN_BPF_H

#include "tp_common.bpf.h"

/* Entry halves waiting for their return: (tid, hook) -> selector. */
struct tp_pending_key {
	__u32 tid;
	__u32 hook;
};

/* LRU: a thread killed inside a syscall never takes its entry out */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct tp_pending_key);
	__type(value, __u32);
} tp_pending SEC(".maps");

#define TP_PENDING_POST (1u << 31) /* the entry half is printed */
#define TP_PENDING_SEL	0xffffu	   /* the selector that matched */

static __always_inline void tp_pending_put(__u32 hook, __u32 sel, bool post)
{
	struct tp_pending_key key = { (__u32)bpf_get_current_pid_tgid(), hook };
	__u32 v = sel | (post ? TP_PENDING_POST : 0);

	bpf_map_update_elem(&tp_pending, &key, &v, BPF_ANY);
}

/* What the entry half of hook left for this thread: 0, or -1 when nothing. */
static __always_inline int tp_pending_take(__u32 hook, __u32 *sel, bool *post)
{
	struct tp_pending_key key = { (__u32)bpf_get_current_pid_tgid(), hook };
	__u32 *v = bpf_map_lookup_elem(&tp_pending, &key);

	if (!v)
		return -1;
	*sel = *v & TP_PENDING_SEL;
	*post = *v & TP_PENDING_POST;
	bpf_map_delete_elem(&tp_pending, &key);
	return 0;
}

/* The return half of a hook with return: true; post 0 drops the pending entry half. */
static __always_inline void tp_out_hook_ret(__u32 hook, __u32 action, __s64 retval, __u32 post)
{
	struct tp_event_hook_ret r = {};

	tp_hdr_fill(&r.hdr, TP_EV_HOOK_RET, sizeof(r));
	r.hook = hook;
	r.action = action;
	r.retval = retval;
	r.post = post;
	tp_output(&r, sizeof(r));
}

#endif /* TP_RETURN_BPF_H */
