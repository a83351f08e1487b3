/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Post's imaHash on an lsmhook. bpf_ima_file_hash() may sleep, so only a
 * sleepable LSM program (SEC("lsm.s")) can call it; the hook's filters and
 * actions stay in its ordinary LSM program. That one holds the record it
 * built, keyed by the thread, instead of sending it (tp_ima_hold); the
 * sleepable program on the same hook runs right after it (tprun attaches it
 * first: a trampoline runs the last attached program first), hashes the
 * file, appends the hash to the held record, sends it and returns the value
 * an Override set. Tetragon splits it the same way
 * (bpf/process/bpf_generic_lsm_core.c marks ima_hash_map,
 * bpf_generic_lsm_ima_file.c hashes, bpf_generic_lsm_output.c sends), but
 * reads the record back from a per-CPU heap after the sleep, where another
 * task may have rewritten it; here the record itself is held.
 *
 * Hashing can run the hook again in the same thread: IMA reads a file not
 * opened for reading through a second open of its own (ima_crypto.c,
 * ima_calc_file_hash), which is file_open again. That run is IMA's doing,
 * not the task's: it is neither posted nor enforced.
 */
#ifndef TP_IMA_BPF_H
#define TP_IMA_BPF_H

#include "tp_capture.bpf.h"

#define TP_IMA_BLOB TP_BLOB_SIZE(sizeof(struct tp_ima_hash))

/* What a hook holds for its hash program: tp_heap's held and rec, as they lie, and the hash. */
struct tp_ima_held {
	struct tp_ima_hold hold;
	char out[TP_REC_ROOM];
};

_Static_assert(__builtin_offsetof(struct tp_heap, rec) ==
		   __builtin_offsetof(struct tp_heap, held) + sizeof(struct tp_ima_hold),
	       "tp_heap's held and rec begin a struct tp_ima_held");

/* Held records: one per thread between its two programs, allocated only then. */
TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct tp_ima_held);
} tp_ima_held_map SEC(".maps");

/*
 * The record r of size bytes in tp_heap.rec is complete: hold it for the
 * hash program with the value an Override set (rv). Returns what the LSM
 * program returns now: 0 when held (a program that returns non-zero would
 * stop the trampoline before the hash program), else rv, the record sent
 * without a hash.
 */
static __always_inline long tp_ima_hold(struct tp_heap *h, struct tp_rec *r, __u32 size, long rv)
{
	__u64 key = bpf_get_current_pid_tgid();
	struct tp_ima_held *now = bpf_map_lookup_elem(&tp_ima_held_map, &key);

	if (now && now->hold.hashing)
		return 0; /* IMA's own open while it hashes for this thread */
	if (r->size > TP_OUT_MASK || size > r->size)
		return rv; /* oversize: counted */
	tp_rec_head(r, (struct tp_event_hook *)h->rec, TP_EV_HOOK, size);
	h->held.rv = rv;
	h->held.hashing = 0;
	if (!bpf_map_update_elem(&tp_ima_held_map, &key, &h->held, BPF_ANY))
		return 0;
	TP_CLAMP(size, TP_OUT_MASK);
	tp_output(h->rec, size); /* no room to hold it: the event without its hash */
	return rv;
}

/* Send the record r of size bytes, or, when the chosen selector's Post hashes (ima), hold it. */
static __always_inline long tp_ima_finish(struct tp_heap *h, struct tp_rec *r, __u32 size, bool ima,
					  long rv)
{
	if (ima)
		return tp_ima_hold(h, r, size, rv);
	tp_out_send(h, r, TP_EV_HOOK, size);
	return rv;
}

/*
 * The hash program's body: the thread's held record, if its hook held one,
 * gets file's hash as its last blob and is sent. Returns the value the
 * hook's Override set, 0 when none.
 */
static __always_inline long tp_ima_send(struct file *file)
{
	__u64 key = bpf_get_current_pid_tgid();
	struct tp_ima_held *held = bpf_map_lookup_elem(&tp_ima_held_map, &key);
	struct tp_event_hook *e;
	struct tp_ima_hash *ih;
	struct tp_blob *b;
	__u32 size;
	long rv;

	if (!held || held->hold.hashing)
		return 0; /* nothing held, or IMA's own open while it hashes */
	e = (void *)held->out;
	size = e->hdr.size;
	if (size <= TP_OUT_MASK) {
		b = (void *)&held->out[size];
		ih = (void *)(b + 1);
		b->len = sizeof(*ih);
		b->info = 0;
		ih->pad = 0;
		held->hold.hashing = 1;
		ih->algo = bpf_ima_file_hash(file, ih->value, sizeof(ih->value));
		e->flags |= TP_HOOKEV_IMA_HASH;
		size += TP_IMA_BLOB;
		e->hdr.size = size;
		TP_CLAMP(size, TP_OUT_MASK + TP_IMA_BLOB);
		tp_output(held->out, size);
	}
	rv = held->hold.rv;
	bpf_map_delete_elem(&tp_ima_held_map, &key);
	return rv;
}

#endif /* TP_IMA_BPF_H */
