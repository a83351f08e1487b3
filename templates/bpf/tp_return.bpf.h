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

struct tp_pending_val {
	__u32 sel;   /* the selector that matched | TP_PENDING_POST */
	__u32 flags; /* TP_HOOKEV_AUDIT: the return record goes where the entry's went */
	__u64 buf;   /* returnCopy: the buffer to read at return */
};

/* LRU: a thread killed inside a syscall never takes its entry out */
TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct tp_pending_key);
	__type(value, struct tp_pending_val);
} tp_pending SEC(".maps");

#define TP_PENDING_POST (1u << 31) /* the entry half is printed */
#define TP_PENDING_SEL	0xffffu	   /* the selector that matched */

/*
 * Leave what the return half needs; flags: the entry record's TP_HOOKEV_AUDIT;
 * buf is the returnCopy arg's pointer (0 when none).
 */
static __always_inline void tp_pending_put_buf(__u32 hook, __u32 sel, bool post, __u32 flags,
					       __u64 buf)
{
	struct tp_pending_key key = { (__u32)bpf_get_current_pid_tgid(), hook };
	struct tp_pending_val v = { sel | (post ? TP_PENDING_POST : 0), flags, buf };

	bpf_map_update_elem(&tp_pending, &key, &v, BPF_ANY);
}

static __always_inline void tp_pending_put(__u32 hook, __u32 sel, bool post, __u32 flags)
{
	tp_pending_put_buf(hook, sel, post, flags, 0);
}

/* What the entry half of hook left for this thread: 0, or -1 when nothing. */
static __always_inline int tp_pending_take_buf(__u32 hook, __u32 *sel, bool *post, __u32 *flags,
					       __u64 *buf)
{
	struct tp_pending_key key = { (__u32)bpf_get_current_pid_tgid(), hook };
	struct tp_pending_val *v = bpf_map_lookup_elem(&tp_pending, &key);

	if (!v)
		return -1;
	*sel = v->sel & TP_PENDING_SEL;
	*post = v->sel & TP_PENDING_POST;
	*flags = v->flags & TP_HOOKEV_AUDIT;
	*buf = v->buf;
	bpf_map_delete_elem(&tp_pending, &key);
	return 0;
}

static __always_inline int tp_pending_take(__u32 hook, __u32 *sel, bool *post, __u32 *flags)
{
	__u64 buf;

	return tp_pending_take_buf(hook, sel, post, flags, &buf);
}

/*
 * The return half of a hook with return: true; post 0 drops the pending entry
 * half; flags: TP_HOOKEV_AUDIT as the entry half had it (tp_pending_take).
 */
TP_LIBPROG void tp_out_hook_ret(__u32 hook, __u32 action, __s64 retval, __u32 post,
				__u32 flags) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	struct tp_event_hook_ret r = {};

	tp_hdr_fill(&r.hdr, TP_EV_HOOK_RET, sizeof(r));
	r.hook = hook;
	r.action = action;
	r.retval = retval;
	r.post = post;
	r.flags = flags;
	tp_output(&r, sizeof(r));
}
#endif

/* Start a return record that carries a blob; its blob follows. */
static __always_inline __u32 tp_ret_begin(int mode, struct tp_rec *r, __u32 hook, __u32 action,
					  __s64 retval, __u32 post, __u32 flags)
{
	struct tp_event_hook_ret e = {
		.hook = hook,
		.action = action,
		.retval = retval,
		.post = post,
		.flags = flags,
	};

	if (mode == TP_WRITE)
		tp_rec_put(r, 0, &e, sizeof(e));
	return sizeof(e);
}

/*
 * The return half's blob: the returnCopy arg's bytes (sock 0), as many as the
 * call returned (read()'s count), as Tetragon's kretprobe copies them
 * (generic_calls.h: __copy_char_buf(..., info.ptr, ret, ...)); a failed call
 * (ret < 0) copied nothing, an empty blob (Tetragon prints an error name as
 * the bytes there; docs/differences.md). Or, sock 1, the sock returnArg is.
 */
static __always_inline __u32 tp_ret_blob(int mode, struct tp_rec *r, __u32 off, __s64 retval,
					 __u64 buf, int user, bool sock)
{
#ifdef TP_NET_BPF_H
	if (sock)
		return tp_net_out_sk(mode, r, off, retval, 0);
#endif
	if (retval < 0)
		return tp_out_empty(mode, r, off, 0);
	return tp_out_buf(mode, r, off, (const void *)buf, retval, TP_BUF_MAX, user);
}

/* The return half with its blob (tp_ret_blob). */
static __always_inline void tp_out_hook_ret_blob(__u32 hook, __u32 action, __s64 retval, __u32 post,
						 __u32 flags, __u64 buf, int user, bool sock)
{
	struct tp_rec r;
	__u32 off;

	tp_rec_start(&r);
	off = tp_ret_begin(TP_SIZE, &r, hook, action, retval, post, flags);
	off = tp_ret_blob(TP_SIZE, &r, off, retval, buf, user, sock);
	tp_rec_reserve(&r, off, flags, post);
	off = tp_ret_begin(TP_WRITE, &r, hook, action, retval, post, flags);
	off = tp_ret_blob(TP_WRITE, &r, off, retval, buf, user, sock);
	tp_out_finish(&r, TP_EV_HOOK_RET, off);
}

static __always_inline void tp_out_hook_ret_buf(__u32 hook, __u32 action, __s64 retval, __u32 post,
						__u32 flags, __u64 buf, int user)
{
	tp_out_hook_ret_blob(hook, action, retval, post, flags, buf, user, false);
}

/* The return half of a hook whose returnArg is a sock: the sock's blob follows the record. */
static __always_inline void tp_out_hook_ret_sock(__u32 hook, __u32 action, __u64 retval, __u32 post,
						 __u32 flags)
{
	tp_out_hook_ret_blob(hook, action, retval, post, flags, 0, TP_MEM_KERNEL, true);
}

#endif /* TP_RETURN_BPF_H */
