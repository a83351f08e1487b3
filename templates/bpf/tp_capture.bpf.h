/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Reading arguments into filter slots and appending them to the record being
 * built in tp_heap.out. Every append takes the current offset and returns
 * the next one; offsets stay below TP_OUT_MASK + 1 by construction (tpgen
 * sizes the mask from the largest record a hook can produce).
 */
#ifndef TP_CAPTURE_BPF_H
#define TP_CAPTURE_BPF_H

#include "tp_common.bpf.h"

/*
 * Where a string or buffer argument lives, the "user" argument below: 0 kernel
 * memory, 1 user memory, 2 either: a kernel function's char * may be __user
 * (vfs_write's buf) or not, and BTF does not always say, so kernel memory is
 * tried first and user memory when that read faults.
 */
#define TP_MEM_KERNEL 0
#define TP_MEM_USER   1
#define TP_MEM_EITHER 2

static __always_inline long tp_read_str(void *dst, __u32 size, const void *src, int user)
{
	long n;

	if (user == TP_MEM_USER)
		return bpf_probe_read_user_str(dst, size, src);
	n = bpf_probe_read_kernel_str(dst, size, src);
	if (n < 0 && user == TP_MEM_EITHER)
		n = bpf_probe_read_user_str(dst, size, src);
	return n;
}

static __always_inline long tp_read_mem(void *dst, __u32 size, const void *src, int user)
{
	long err;

	if (user == TP_MEM_USER)
		return bpf_probe_read_user(dst, size, src);
	err = bpf_probe_read_kernel(dst, size, src);
	if (err && user == TP_MEM_EITHER)
		err = bpf_probe_read_user(dst, size, src);
	return err;
}

/* A slot's length before its arg is read (a hook reads an arg only when a filter needs it). */
#define TP_SLOT_UNREAD (-2)

/*
 * Every tp_slot_T read leaves, past the slot's bytes, the info its record
 * blob will carry (TP_BLOB_* flags, a path's mode): tp_out_slot copies both.
 */
#define TP_SLOT_INFO(slot) (*(__u32 *)((slot) + TP_STR_MAX + 4))

/*
 * Read a string into dst, which holds TP_STR_MAX + 1 bytes: the byte past
 * what is kept tells a string of TP_STR_MAX - 1 bytes from a longer one.
 * Returns its length without the NUL (at most TP_STR_MAX - 1), or -1 when
 * the read failed (a bad pointer, or a fault before the NUL); *info is what
 * its blob says: TP_BLOB_ERROR, TP_BLOB_TRUNCATED (its end was cut) or 0.
 */
static __always_inline long tp_copy_str(char *dst, const void *src, int user, __u32 *info)
{
	long n = tp_read_str(dst, TP_STR_MAX + 1, src, user);

	if (n <= 0) {
		dst[0] = 0;
		*info = TP_BLOB_ERROR;
		return -1;
	}
	*info = 0;
	if (n > TP_STR_MAX) { /* n counts the NUL */
		dst[TP_STR_MAX - 1] = 0;
		*info = TP_BLOB_TRUNCATED;
		return TP_STR_MAX - 1;
	}
	return n - 1;
}

/* Read a string into a filter slot. Returns its length without the NUL, or -1. */
static __always_inline long tp_slot_str(char *slot, const void *src, int user)
{
	__u32 info;
	long n = tp_copy_str(slot, src, user, &info);

	TP_SLOT_INFO(slot) = info;
	return n;
}

/*
 * Read the first bytes of a size-byte buffer, up to TP_STR_MAX, into a filter
 * slot. Returns the bytes read, or -1. The slot's info is its blob's: the
 * original size, and TP_BLOB_TRUNCATED when the buffer is longer than that.
 */
static __always_inline long tp_slot_buf(char *slot, const void *src, __u64 size, int user)
{
	__u32 orig = size > TP_BLOB_SIZE_MASK ? TP_BLOB_SIZE_MASK : size;
	__u64 n = size;

	TP_CLAMP(n, TP_STR_MAX);
	if (n && tp_read_mem(slot, n, src, user)) {
		slot[0] = 0;
		TP_SLOT_INFO(slot) = TP_BLOB_ERROR | orig;
		return -1;
	}
	TP_SLOT_INFO(slot) = orig | (size > n ? TP_BLOB_TRUNCATED : 0);
	return n;
}

static __always_inline __u32 tp_out_u64(struct tp_heap *h, __u32 off, __u64 v)
{
	if (off > TP_OUT_MASK)
		return off;
	*(__u64 *)&h->out[off] = v;
	return off + 8;
}

/* A resolved arg's status (TP_ARGF_META_RESOLVE): 0, or 1 + the path step that faulted. */
static __always_inline __u32 tp_out_status(struct tp_heap *h, __u32 off, __u32 status)
{
	return tp_out_u64(h, off, status);
}

static __always_inline __u32 tp_blob_end(__u32 off, long len)
{
	return off + TP_BLOB_SIZE(len);
}

/* Start a blob of size bytes at off and return where they go; NULL when off is past the record. */
static __always_inline void *tp_blob_begin(struct tp_heap *h, __u32 off, __u32 size)
{
	struct tp_blob *b;

	if (off > TP_OUT_MASK)
		return 0;
	b = (void *)&h->out[off];
	b->len = size;
	b->info = 0;
	return b + 1;
}

/*
 * Append a blob from a slot a tp_slot_T call filled (len its result): what
 * the filters compared, without a second read.
 */
static __always_inline __u32 tp_out_slot(struct tp_heap *h, __u32 off, const char *slot, long len)
{
	struct tp_blob *b;

	if (off > TP_OUT_MASK)
		return off;
	b = (void *)&h->out[off];
	if (len < 0) {
		b->len = 0;
		b->info = TP_BLOB_ERROR;
		return off + sizeof(*b);
	}
	if (len > TP_STR_MAX)
		len = TP_STR_MAX;
	bpf_probe_read_kernel(&h->out[off + sizeof(*b)], len, slot);
	b->len = len;
	b->info = TP_SLOT_INFO(slot);
	return tp_blob_end(off, len);
}

/* Append a string read straight from src (tp_copy_str's rules). */
static __always_inline __u32 tp_out_str(struct tp_heap *h, __u32 off, const void *src, int user)
{
	struct tp_blob *b;
	__u32 info;
	long n;

	if (off > TP_OUT_MASK)
		return off;
	b = (void *)&h->out[off];
	n = tp_copy_str(&h->out[off + sizeof(*b)], src, user, &info);
	b->info = info;
	if (n < 0) {
		b->len = 0;
		return off + sizeof(*b);
	}
	b->len = n;
	return tp_blob_end(off, n);
}

/* Append the first n bytes (already clamped) of a buffer whose full size is size. */
static __always_inline __u32 tp_out_bytes(struct tp_heap *h, __u32 off, const void *src, __u64 size,
					  __u64 n, int user)
{
	struct tp_blob *b;
	__u32 orig = size > 0x3fffffff ? 0x3fffffff : size;

	if (off > TP_OUT_MASK)
		return off;
	b = (void *)&h->out[off];
	if (n && tp_read_mem(&h->out[off + sizeof(*b)], n, src, user)) {
		b->len = 0;
		b->info = TP_BLOB_ERROR | orig;
		return off + sizeof(*b);
	}
	b->len = n;
	b->info = orig | (size > n ? TP_BLOB_TRUNCATED : 0);
	return tp_blob_end(off, n);
}

/* Append up to max bytes of a buffer whose full size is size. */
static __always_inline __u32 tp_out_buf(struct tp_heap *h, __u32 off, const void *src, __u64 size,
					__u32 max, int user)
{
	__u64 n = size > max ? max : size;

	TP_CLAMP(n, TP_BUF_MAX);
	return tp_out_bytes(h, off, src, size, n, user);
}

#ifdef TP_OUT_DATA
/*
 * maxData: up to TP_MAX_DATA bytes of a char_buf, the most Tetragon's data
 * events carry (bpf/process/data_event.h: 10 reads of 32736), in the record
 * itself. tpgen sizes the heap's slack (TP_OUT_DATA) for it.
 */
static __always_inline __u32 tp_out_data(struct tp_heap *h, __u32 off, const void *src, __u64 size,
					 int user)
{
	__u64 n = size;

	TP_CLAMP(n, TP_MAX_DATA);
	return tp_out_bytes(h, off, src, size, n, user);
}
#endif

/* A returnCopy arg at entry: an empty blob; the return record carries its bytes. */
static __always_inline __u32 tp_out_at_return(struct tp_heap *h, __u32 off)
{
	return tp_out_buf(h, off, 0, 0, 0, TP_MEM_USER);
}

/* Start a hook record; args follow at the returned offset. */
static __always_inline __u32 tp_out_hook_begin(struct tp_heap *h, __u32 hook, __u32 action,
					       __u32 selector, __u32 flags)
{
	struct tp_event_hook *e = (void *)h->out;

	e->hook = hook;
	e->action = action;
	e->selector = selector;
	e->flags = flags;
	e->func = 0;
	e->caller = 0;
#ifdef TP_SOCK_TRACK
	h->sock_owner = 0;
#endif
	return sizeof(*e);
}

/* A list hook's event names which of its functions fired (tprun set the cookie to its index). */
static __always_inline void tp_out_hook_func(struct tp_heap *h, __u32 func)
{
	((struct tp_event_hook *)h->out)->func = func;
}

TP_SUBPROG void tp_out_finish(struct tp_heap *h, __u32 type, __u32 size)
{
	if (size > TP_OUT_MASK) {
		tp_count(TP_CNT_OVERSIZE); /* never silently: tprun reports it */
		return;
	}
	tp_hdr_fill((struct tp_event_hdr *)h->out, type, size);
#ifdef TP_SOCK_TRACK
	/*
	 * A tracked sock arg: the event is its owner's, as Tetragon's
	 * update_pid_tid_from_sock makes it; a return record joins it by the
	 * thread that ran the hook.
	 */
	if (type == TP_EV_HOOK && h->sock_owner) {
		struct tp_event_hook *e = (void *)h->out;

		e->caller = e->hdr.tid;
		e->flags |= TP_HOOKEV_SOCK_OWNER;
		e->hdr.pid = h->sock_owner >> 32;
		e->hdr.tid = (__u32)h->sock_owner;
	}
#endif
	tp_output(h->out, size);
}

#endif /* TP_CAPTURE_BPF_H */
