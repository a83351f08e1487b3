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

/* What tp_ima.bpf.h keeps with a record it holds for the hash program. */
struct tp_ima_hold {
	__s32 rv;      /* the value the hook's Override set, 0 none */
	__u32 hashing; /* the hash program is hashing: the thread's hooks are IMA's doing */
};

#define TP_IMA_BLOB TP_BLOB_SIZE(sizeof(struct tp_ima_hash))

/* What a hook holds for its hash program: the record, with room for the hash's blob. */
struct tp_ima_held {
	struct tp_ima_hold hold;
	char out[TP_OUT_MASK + 1 + TP_IMA_BLOB];
};

/* Held records: one per thread between its two programs, allocated only then. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct tp_ima_held);
} tp_ima_held_map SEC(".maps");

/*
 * An empty held record to make a thread's entry from (a map value: no
 * program's stack holds one). One, whatever the CPU count.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tp_ima_held);
} tp_ima_empty SEC(".maps");

/*
 * The record r of size bytes is complete: hold it for the hash program with
 * the value an Override set (rv). Returns what the LSM program returns now:
 * 0 when held (a program that returns non-zero would stop the trampoline
 * before the hash program), else rv, the record sent without a hash.
 */
static __always_inline long tp_ima_hold(struct tp_rec *r, __u32 size, long rv)
{
	__u64 key = bpf_get_current_pid_tgid();
	struct tp_ima_held *held = bpf_map_lookup_elem(&tp_ima_held_map, &key);
	struct tp_event_hdr *hdr;
	__u32 zero = 0;
	void *empty;

	if (held && held->hold.hashing) {
		tp_rec_discard(r);
		return 0; /* IMA's own open while it hashes for this thread */
	}
	empty = bpf_map_lookup_elem(&tp_ima_empty, &zero);
	hdr = bpf_dynptr_data(&r->d, 0, sizeof(*hdr));
	if (!empty || !hdr || size > r->size ||
	    bpf_map_update_elem(&tp_ima_held_map, &key, empty, BPF_ANY) ||
	    !(held = bpf_map_lookup_elem(&tp_ima_held_map, &key))) {
		tp_out_finish(r, TP_EV_HOOK,
			      size); /* no room to hold it: the event without its hash */
		return rv;
	}
	tp_hdr_fill(hdr, TP_EV_HOOK, size);
	held->hold.rv = rv;
	held->hold.hashing = 0;
	TP_CLAMP(size, TP_OUT_MASK);
	bpf_dynptr_read(held->out, size, &r->d, 0, 0);
	tp_rec_discard(r);
	return 0;
}

/* Send the record r of size bytes, or, when the chosen selector's Post hashes (ima), hold it. */
static __always_inline long tp_ima_finish(struct tp_rec *r, __u32 size, bool ima, long rv)
{
	if (ima)
		return tp_ima_hold(r, size, rv);
	tp_out_finish(r, TP_EV_HOOK, size);
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
