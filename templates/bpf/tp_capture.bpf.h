/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Reading arguments into filter slots and appending them to a record (struct
 * tp_rec). Every append tp_out_T(mode, r, off, ...) takes the current offset
 * and returns the next one; a record is at most TP_OUT_MASK bytes (tpgen
 * sizes the mask from the largest record a hook can produce).
 */
#ifndef TP_CAPTURE_BPF_H
#define TP_CAPTURE_BPF_H

#include "tp_common.bpf.h"
#include "tp_mem.bpf.h"

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

/*
 * A record is written in two passes over the same appends, which
 * gen/emit/capture.c writes twice: TP_SIZE adds up the bytes each append
 * will take and writes nothing; tp_rec_reserve then reserves exactly that in
 * the ring (a dynptr: its size is known only at run time), and TP_WRITE
 * appends into the reservation. No per-CPU scratch holds the record. An
 * append whose length the sizing pass had to measure (a string read from
 * memory, a walked path) keeps it in the record's memo, and the writing
 * pass takes no more: what it writes may come out shorter (a failed read, a
 * path that shrank in between), never longer; a string read again keeps its
 * measured length, whatever its bytes became. The record's header says its
 * real size; tprun reads no further (runtime/record.c).
 *
 * A record a rateLimit may hold back, or imaHash hold for its hash program,
 * is written into tp_heap.rec instead (TP_REC_SCRATCH; tp_rec_scratch, a
 * dynptr over it), as it was before: a ring reservation dropped for each
 * held-back event would take ring space from those sent.
 */
#define TP_SIZE	 0
#define TP_WRITE 1

/* appends of one record whose lengths the sizing pass measured: its args, at most 5 */
#define TP_REC_MEMO 8

struct tp_rec {
	struct bpf_dynptr d;
	__u32 size;   /* reserved */
	__u32 ring;   /* 1: tp_audit, else tp_events */
	__u32 memo_n; /* the next memo */
	__u32 pad;
#ifdef TP_SOCK_TRACK
	__u64 sock_owner; /* a tracked sock arg's owner (tgid << 32 | tid), 0 none */
#endif
	__u32 memo[TP_REC_MEMO]; /* a length | its blob's TP_BLOB_ERROR, TP_BLOB_TRUNCATED */
};

/* Before a record's sizing pass. */
static __always_inline void tp_rec_start(struct tp_rec *r)
{
	r->memo_n = 0;
}

/* The sizing pass keeps a measured length for the writing pass, in the same order. */
static __always_inline void tp_rec_memo_put(struct tp_rec *r, __u32 n)
{
	r->memo[r->memo_n++ & (TP_REC_MEMO - 1)] = n;
}

static __always_inline __u32 tp_rec_memo_take(struct tp_rec *r)
{
	return r->memo[r->memo_n++ & (TP_REC_MEMO - 1)];
}

/*
 * Between the passes: the record of size bytes, written from offset 0, memos
 * from the first. Returns its size, or 0 when it is past TP_OUT_MASK.
 */
static __always_inline __u32 tp_rec_begin(struct tp_rec *r, __u32 size)
{
	r->memo_n = 0;
#ifdef TP_SOCK_TRACK
	r->sock_owner = 0;
#endif
	r->size = size;
	if (size <= TP_OUT_MASK)
		return size;
	tp_count(TP_CNT_OVERSIZE); /* never silently: tprun reports it */
	return 0;
}

/*
 * Reserve the record's size bytes (the sizing pass's sum) in its ring: tp_audit
 * when flags (its TP_HOOKEV_*) say its selector enforces, else tp_events.
 * posts: a hook record, or a return half that prints its entry half. A ring
 * that refuses it is counted as tp_output counts it, and leaves a null
 * dynptr, to which the appends write nothing. Its shape is the one 6.1's
 * verifier walks in the fewest paths (32 fused hooks, tests/vm/test_fused.sh):
 * it prunes no path after a reservation.
 */
static __always_inline void tp_rec_reserve(struct tp_rec *r, __u32 size, __u32 flags, bool posts)
{
	r->ring = (flags & TP_HOOKEV_AUDIT) != 0;
	if (!tp_rec_begin(r, size))
		size = ~0u; /* oversize: a size no ring takes, counted as oversize alone */
	if (r->ring) {
		if (!bpf_ringbuf_reserve_dynptr(&tp_audit, size, 0, &r->d) || size == ~0u)
			return;
		tp_count_refused(true, posts);
		return;
	}
	if (!bpf_ringbuf_reserve_dynptr(&tp_events, size, 0, &r->d) || size == ~0u)
		return;
	tp_count_refused(false, posts);
}

#ifdef TP_REC_SCRATCH
/* The record of size bytes into tp_heap.rec, to be sent by tp_out_send if at all. */
static __always_inline void tp_rec_scratch(struct tp_heap *h, struct tp_rec *r, __u32 size)
{
	bpf_dynptr_from_mem(h->rec, tp_rec_begin(r, size) ? sizeof(h->rec) : 0, 0, &r->d);
}
#endif

/* A window of size (a constant) bytes at off of the record; 0 when sizing or past its end. */
static __always_inline void *tp_rec_window(int mode, struct tp_rec *r, __u32 off, __u32 size)
{
	if (mode == TP_SIZE)
		return 0;
	return bpf_dynptr_data(&r->d, off, size);
}

/* Write n bytes of BPF memory (a slot, the stack, a map value) at off. */
static __always_inline void tp_rec_put(struct tp_rec *r, __u32 off, const void *src, __u32 n)
{
	bpf_dynptr_write(&r->d, off, (void *)src, n, 0);
}

/* tp_str_scan's length as tp_copy_str's rules keep it; *info its blob's. */
static __always_inline long tp_str_len(const void *src, int user, __u32 *info)
{
	long n = tp_str_scan((__u64)src, user);

	*info = n < 0 ? TP_BLOB_ERROR : 0;
	if (n > TP_STR_MAX - 1) {
		n = TP_STR_MAX - 1;
		*info = TP_BLOB_TRUNCATED;
	}
	return n;
}

static __always_inline __u32 tp_blob_end(__u32 off, long len)
{
	return off + TP_BLOB_SIZE(len);
}

/*
 * Write a blob's header for len bytes at off, and zero its padding (the
 * ring's memory holds older records), before or after its bytes, which go
 * at off + sizeof(struct tp_blob).
 */
static __always_inline void tp_rec_blob(struct tp_rec *r, __u32 off, __u32 len, __u32 info)
{
	struct tp_blob b = { len, info };
	__u64 zero = 0;
	__u32 pad = -len & 7;

	tp_rec_put(r, off, &b, sizeof(b));
	if (pad)
		tp_rec_put(r, off + sizeof(b) + len, &zero, pad);
}

static __always_inline __u32 tp_out_u64(int mode, struct tp_rec *r, __u32 off, __u64 v)
{
	if (mode == TP_WRITE)
		tp_rec_put(r, off, &v, sizeof(v));
	return off + 8;
}

/* A resolved arg's status (TP_ARGF_META_RESOLVE): 0, or 1 + the path step that faulted. */
static __always_inline __u32 tp_out_status(int mode, struct tp_rec *r, __u32 off, __u32 status)
{
	return tp_out_u64(mode, r, off, status);
}

/*
 * Start a blob of size (a constant) bytes at off and return where they go:
 * 0 when sizing (or past the record). Its end is tp_blob_end(off, size) either way.
 */
static __always_inline void *tp_blob_begin(int mode, struct tp_rec *r, __u32 off, __u32 size)
{
	void *p;

	if (mode == TP_SIZE)
		return 0;
	tp_rec_blob(r, off, size, 0);
	p = bpf_dynptr_data(&r->d, off + sizeof(struct tp_blob), size);
	if (p) /* what a reader leaves unwritten is 0, not an older record's bytes */
		__builtin_memset(p, 0, size);
	return p;
}

/* An empty blob: info says why (TP_BLOB_ERROR), or 0. */
static __always_inline __u32 tp_out_empty(int mode, struct tp_rec *r, __u32 off, __u32 info)
{
	if (mode == TP_WRITE)
		tp_rec_blob(r, off, 0, info);
	return off + sizeof(struct tp_blob);
}

/*
 * Append a blob from a slot a tp_slot_T call filled (len its result): what
 * the filters compared, without a second read.
 */
static __always_inline __u32 tp_out_slot(int mode, struct tp_rec *r, __u32 off, const char *slot,
					 long len)
{
	if (len < 0)
		return tp_out_empty(mode, r, off, TP_BLOB_ERROR);
	if (len > TP_STR_MAX)
		len = TP_STR_MAX;
	if (mode == TP_WRITE) {
		tp_rec_blob(r, off, len, TP_SLOT_INFO(slot));
		tp_rec_put(r, off + sizeof(struct tp_blob), slot, len);
	}
	return tp_blob_end(off, len);
}

/*
 * Append a blob of n bytes of memory at src, n measured by the sizing pass
 * (the writing pass takes its memo); info the blob's. A read that fails
 * leaves an empty blob flagged TP_BLOB_ERROR | (info's original size).
 */
static __always_inline __u32 tp_out_mem(struct tp_rec *r, __u32 off, const void *src, long n,
					__u32 info, int user)
{
	if (n < 0)
		n = 0;
	TP_CLAMP(n, TP_MAX_DATA);
	if (tp_mem_copy(&r->d, off + sizeof(struct tp_blob), src, n, user)) {
		tp_rec_blob(r, off, 0, TP_BLOB_ERROR | (info & TP_BLOB_SIZE_MASK));
		return off + sizeof(struct tp_blob);
	}
	tp_rec_blob(r, off, n, info);
	return tp_blob_end(off, n);
}

/*
 * A measured length and its blob's flags, as the sizing pass keeps them for
 * the writing pass.
 */
static __always_inline __u32 tp_rec_len_info(long n, __u32 info)
{
	return n < 0 ? TP_BLOB_ERROR : (info & ~TP_BLOB_SIZE_MASK) | (n & TP_BLOB_SIZE_MASK);
}

/* Append a string read straight from src (tp_copy_str's rules). */
static __always_inline __u32 tp_out_str(int mode, struct tp_rec *r, __u32 off, const void *src,
					int user)
{
	__u32 info, v;
	long n;

	if (mode == TP_SIZE) {
		n = tp_str_len(src, user, &info);
		tp_rec_memo_put(r, tp_rec_len_info(n, info));
		return n < 0 ? off + sizeof(struct tp_blob) : tp_blob_end(off, n);
	}
	v = tp_rec_memo_take(r);
	if (v & TP_BLOB_ERROR)
		return tp_out_empty(mode, r, off, TP_BLOB_ERROR);
	return tp_out_mem(r, off, src, v & TP_BLOB_SIZE_MASK, v & ~TP_BLOB_SIZE_MASK, user);
}

/* Append the first n bytes (already clamped) of a buffer whose full size is size. */
static __always_inline __u32 tp_out_bytes(int mode, struct tp_rec *r, __u32 off, const void *src,
					  __u64 size, __u64 n, int user)
{
	__u32 orig = size > TP_BLOB_SIZE_MASK ? TP_BLOB_SIZE_MASK : size;

	if (mode == TP_SIZE)
		return tp_blob_end(off, n);
	return tp_out_mem(r, off, src, n, orig | (size > n ? TP_BLOB_TRUNCATED : 0), user);
}

/* Append up to max bytes of a buffer whose full size is size. */
static __always_inline __u32 tp_out_buf(int mode, struct tp_rec *r, __u32 off, const void *src,
					__u64 size, __u32 max, int user)
{
	__u64 n = size > max ? max : size;

	TP_CLAMP(n, TP_BUF_MAX);
	return tp_out_bytes(mode, r, off, src, size, n, user);
}

#ifdef TP_OUT_DATA
/*
 * maxData: up to TP_MAX_DATA bytes of a char_buf, the most Tetragon's data
 * events carry (bpf/process/data_event.h: 10 reads of 32736), in the record
 * itself.
 */
static __always_inline __u32 tp_out_data(int mode, struct tp_rec *r, __u32 off, const void *src,
					 __u64 size, int user)
{
	__u64 n = size;

	TP_CLAMP(n, TP_MAX_DATA);
	return tp_out_bytes(mode, r, off, src, size, n, user);
}
#endif

/* A returnCopy arg at entry: an empty blob; the return record carries its bytes. */
static __always_inline __u32 tp_out_at_return(int mode, struct tp_rec *r, __u32 off)
{
	return tp_out_empty(mode, r, off, 0);
}

/* Start a hook record; args follow at the returned offset. */
static __always_inline __u32 tp_out_hook_begin(int mode, struct tp_rec *r, __u32 hook, __u32 action,
					       __u32 selector, __u32 flags)
{
	struct tp_event_hook e = {
		.hook = hook,
		.action = action,
		.selector = selector,
		.flags = flags,
	};

	if (mode == TP_WRITE)
		tp_rec_put(r, 0, &e, sizeof(e));
	return sizeof(e);
}

/* A list hook's event names which of its functions fired (tprun set the cookie to its index). */
static __always_inline void tp_out_hook_func(int mode, struct tp_rec *r, __u32 func)
{
	if (mode == TP_WRITE)
		tp_rec_put(r, __builtin_offsetof(struct tp_event_hook, func), &func, sizeof(func));
}

/*
 * The record's header, size bytes written: a tracked sock arg's makes the
 * event its owner's, as Tetragon's update_pid_tid_from_sock does; a return
 * record joins it by the thread that ran the hook.
 */
static __always_inline void tp_rec_head(struct tp_rec *r, struct tp_event_hook *e, __u32 type,
					__u32 size)
{
	tp_hdr_fill(&e->hdr, type, size);
#ifdef TP_SOCK_TRACK
	if (type == TP_EV_HOOK && r->sock_owner) {
		e->caller = e->hdr.tid;
		e->flags |= TP_HOOKEV_SOCK_OWNER;
		e->hdr.pid = r->sock_owner >> 32;
		e->hdr.tid = (__u32)r->sock_owner;
	}
#endif
}

/* Send the reserved record, size bytes written. */
TP_LIBPROG void tp_out_finish(struct tp_rec *r, __u32 type, __u32 size) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	/* every record type's header is at least a struct tp_event_hook's (tp_sock_owner) */
	struct tp_event_hook *e = bpf_dynptr_data(&r->d, 0, sizeof(*e));

	if (!e) { /* the ring refused it: counted */
		bpf_ringbuf_discard_dynptr(&r->d, BPF_RB_NO_WAKEUP);
		return;
	}
	tp_rec_head(r, e, type, size < r->size ? size : r->size);
	/*
	 * the wake flags from the record's real size, here at its end: taken
	 * with the reservation, as a process record's are, tp_wake_flags' two
	 * answers would be two states through the whole record for Linux
	 * 6.1's verifier, which prunes none after a reservation
	 */
	bpf_ringbuf_submit_dynptr(&r->d, tp_ring_wake(r->ring, size));
}
#endif

#ifdef TP_REC_SCRATCH
/*
 * After a record in tp_heap.rec, sent or held back: its dynptr, which nothing
 * releases, overwritten, so that the stack it took (which clang gives the
 * next hook of a fused program) is the verifier's to write again.
 */
static __always_inline void tp_rec_scratch_end(struct tp_rec *r)
{
	*(volatile __u64 *)&r->d = 0;
	*((volatile __u64 *)&r->d + 1) = 0;
}

/* Send the record tp_rec_scratch began in tp_heap.rec, size bytes written. */
TP_SUBPROG void tp_out_send(struct tp_heap *h, struct tp_rec *r, __u32 type, __u32 size)
{
	if (r->size > TP_OUT_MASK || size > r->size)
		return; /* oversize: counted */
	tp_rec_head(r, (struct tp_event_hook *)h->rec, type, size);
	TP_CLAMP(size, TP_OUT_MASK);
	tp_output(h->rec, size);
}
#endif

#endif /* TP_CAPTURE_BPF_H */
