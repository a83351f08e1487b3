/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Post's rateLimit: the time each key last posted, as Tetragon's
 * rate_limit() (bpf/process/types/basic.h) keeps it. The key is the record's
 * hook and function, the action run before the Post, the thread, process or
 * nothing (the scope), and the first TP_RL_ARG_BYTES bytes of each of the
 * record's first TP_RL_ARGS args: the same call with other values is
 * another key. A key that posted less than the window ago holds the event
 * back; one that posts is renewed.
 */
#ifndef TP_RATELIMIT_BPF_H
#define TP_RATELIMIT_BPF_H

#include <tp/ratelimit.h>

#include "tp_capture.bpf.h"

/* LRU, as Tetragon's ratelimit_map (32768 entries when a policy limits) */
TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 32768);
	__type(key, struct tp_rl_key);
	__type(value, __u64);
} tp_ratelimit SEC(".maps");

_Static_assert(sizeof(struct tp_rl_key) <= TP_STR_MAX, "the key is built in tp_heap.key");

/*
 * tp_rate_limited's work, one subprogram (TP_SUBPROG) however many selectors
 * limit: id is the scope's thread or process (or 0), args its u64s << 8 | nargs.
 * The key is read from the written record (r).
 */
TP_SUBPROG bool tp_rate_held(struct tp_heap *h, struct tp_rec *r, __u32 prior, __u32 id,
			     __u64 window, __u32 args)
{
	struct tp_rl_key *k = (void *)h->key;
	__u64 now = bpf_ktime_get_boot_ns(), *last;
	__u32 off = sizeof(struct tp_event_hook), i, n, size, u64s = args >> 8, nargs = args & 0xff;
	struct tp_blob b;

	__builtin_memset(k, 0, sizeof(*k));
	bpf_dynptr_read(&k->hook, sizeof(k->hook), &r->d,
			__builtin_offsetof(struct tp_event_hook, hook), 0);
	bpf_dynptr_read(&k->func, sizeof(k->func), &r->d,
			__builtin_offsetof(struct tp_event_hook, func), 0);
	k->action = prior;
	k->id = id;
	for (i = 0; i < TP_RL_ARGS && i < nargs; i++) {
		if (u64s & (1u << i)) {
			n = size = 8;
		} else {
			/* the blob's length and info words, then its bytes (not its padding) */
			if (bpf_dynptr_read(&b, sizeof(b), &r->d, off, 0))
				break;
			n = sizeof(b) + b.len;
			size = TP_BLOB_SIZE(b.len);
		}
		TP_CLAMP(n, TP_RL_ARG_BYTES);
		if (n)
			bpf_dynptr_read(&k->data[i * TP_RL_ARG_BYTES], n, &r->d, off, 0);
		off += size;
	}
	last = bpf_map_lookup_elem(&tp_ratelimit, k);
	if (last && *last > now - window)
		return true;
	bpf_map_update_elem(&tp_ratelimit, k, &now, BPF_ANY);
	return false;
}

/*
 * Is the record r held back? prior: the action before the Post;
 * window: ns; u64s: bit i says arg i is an 8-byte integer (else a blob);
 * nargs: the record's args, up to TP_RL_ARGS.
 */
static __always_inline bool tp_rate_limited(struct tp_heap *h, struct tp_rec *r, __u32 prior,
					    __u32 scope, __u64 window, __u32 u64s, __u32 nargs)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 id = scope == TP_RL_THREAD    ? (__u32)pid_tgid
		   : scope == TP_RL_PROCESS ? pid_tgid >> 32
					    : 0;

	return tp_rate_held(h, r, prior, id, window, u64s << 8 | (nargs & 0xff));
}

#endif /* TP_RATELIMIT_BPF_H */
