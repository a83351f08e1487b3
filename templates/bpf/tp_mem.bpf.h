/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Reading kernel or user memory: a string measured, bytes copied into a
 * dynptr (a ring record), a chunk at a time on the stack. One home for the
 * hooks' records (tp_capture.bpf.h) and the exec record (tp_process.bpf.h).
 */
#ifndef TP_MEM_BPF_H
#define TP_MEM_BPF_H

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

/*
 * Bytes a bpf_loop step reads onto its stack: the program's whole stack,
 * its callbacks' frames included, is 512 bytes.
 */
#define TP_MEM_CHUNK 128

/*
 * The bpf_loop steps NAME_user, NAME_kernel and NAME_either: chunk(arg,
 * TP_MEM_*), one for each kind of memory. A step that reads one kind only
 * has one way through and a frame no bigger than its chunk; Linux 6.1's
 * verifier goes on after the loop from each way a step can end.
 */
#define TP_MEM_STEPS(name, chunk)                     \
	static long name##_user(__u64 i, void *arg)   \
	{                                             \
		return chunk(arg, TP_MEM_USER);       \
	}                                             \
	static long name##_kernel(__u64 i, void *arg) \
	{                                             \
		return chunk(arg, TP_MEM_KERNEL);     \
	}                                             \
	static long name##_either(__u64 i, void *arg) \
	{                                             \
		return chunk(arg, TP_MEM_EITHER);     \
	}

/* NAME's step for memory of kind user (TP_MEM_*) */
#define TP_MEM_STEP(name, user)                    \
	((user) == TP_MEM_USER	   ? name##_user   \
	 : (user) == TP_MEM_KERNEL ? name##_kernel \
				   : name##_either)

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

#ifndef TP_PROC_PROGS
/*
 * The process table's object defines it (below, with TP_PROC_PROGS), for
 * its exec record and for the policy's hooks (gen/link/companion.c links both).
 */
extern long tp_str_scan(__u64 src, int user);
#else
/* A string's measure, between bpf_loop steps. */
struct tp_str_scan {
	const char *src;
	long n; /* bytes before the NUL so far; -1: a fault */
};

/*
 * One chunk of the string, at most what is left of the TP_STR_MAX + 1 bytes
 * tp_copy_str reads. A step for each kind of memory: with one read a step,
 * a step's frame is its chunk alone (an exec's call chain has no more room).
 */
static __always_inline long tp_str_scan_chunk(struct tp_str_scan *s, int user)
{
	char buf[TP_MEM_CHUNK];
	__u64 most = TP_STR_MAX + 1 - s->n;
	long got;

	TP_CLAMP(most, TP_MEM_CHUNK);
	if (most < 2)
		return 1;
	got = tp_read_str(buf, most, s->src + s->n, user);
	if (got <= 0) { /* a fault before the NUL: the whole string is unread, as tp_copy_str */
		s->n = -1;
		return 1;
	}
	s->n += got - 1;
	return got < most || s->n >= TP_STR_MAX; /* its NUL, or past what is kept */
}

TP_MEM_STEPS(tp_str_scan, tp_str_scan_chunk)

/*
 * The bytes before the NUL of the string at src (user: TP_MEM_*), as
 * tp_copy_str (tp_capture.bpf.h) reads it: up to TP_STR_MAX, which means
 * longer than TP_STR_MAX - 1; -1 when it cannot be read. No byte past the
 * TP_STR_MAX + 1 that tp_copy_str reads is read: a string that ends by
 * unmapped memory measures as it copies. A global function: the verifier
 * checks it once and its callers go on with one state, whatever the steps
 * found, where an inlined bpf_loop's every way out went on as a path of its
 * own (three string args took a hook past a million instructions).
 */
__noinline long tp_str_scan(__u64 src, int user)
{
	struct tp_str_scan s = { (const char *)src, 0 };

	bpf_loop(TP_STR_MAX / (TP_MEM_CHUNK - 1) + 1, TP_MEM_STEP(tp_str_scan, user), &s, 0);
	return s.n;
}
#endif /* TP_PROC_PROGS */

/* A copy into a dynptr, between bpf_loop steps. */
struct tp_mem_copy {
	struct bpf_dynptr *d;
	const char *src;
	__u64 off; /* bytes copied (tp_mem_copy says why a u64) */
	__u32 at;  /* where the bytes go in d */
	__u32 len; /* bytes to copy */
	long err;  /* the steps' errors, or'ed: < 0 when one failed */
};

/*
 * One chunk: the first the remainder of len (1 to TP_MEM_CHUNK bytes), each
 * after a whole one; the caller runs as many steps as there are chunks. No
 * test of the step's own (TP_MEM_EITHER's read has its fallback's): Linux
 * 6.1's verifier goes on, after the loop, from each way a step can end, and
 * once a record is reserved it merges none of those states again. The size
 * comes from the state (off), not from the step's index: derived from the
 * index (the callback's argument), 6.1's verifier takes every scalar as
 * precise (an exec record: about 45,000 more instructions). A step for each
 * kind of memory, for the same reason.
 */
static __always_inline long tp_mem_copy_chunk(struct tp_mem_copy *c, int user)
{
	char buf[TP_MEM_CHUNK];
	__u64 n = ((c->len - c->off - 1) & (TP_MEM_CHUNK - 1)) + 1;

	c->err |= tp_read_mem(buf, n, c->src + c->off, user);
	c->err |= bpf_dynptr_write(c->d, c->at + c->off, buf, n, 0);
	c->off += n;
	return 0;
}

TP_MEM_STEPS(tp_mem_copy, tp_mem_copy_chunk)

/*
 * len bytes of memory at src (user: TP_MEM_*, a constant) into d at at: 0,
 * or < 0 when a read or a write failed (what d then holds there is not the
 * memory's).
 *
 * The count of bytes copied starts at a zero the verifier cannot know
 * (tp_unknown_zero of src, a pointer it knows nothing of): any u64 to it.
 * A newer verifier walks a loop's steps until their states repeat: from a
 * known 0, the count's range grows with each step and never repeats (three
 * string args took a hook from 8,700 instructions to 504,000); from a count
 * that may be anything, the second step's state is the first's.
 */
static __always_inline long tp_mem_copy(struct bpf_dynptr *d, __u32 at, const void *src, __u32 len,
					int user)
{
	struct tp_mem_copy c = { .d = d, .src = src, .at = at, .len = len };

	c.off = tp_unknown_zero((__u64)src);
	bpf_loop((len + TP_MEM_CHUNK - 1) / TP_MEM_CHUNK, TP_MEM_STEP(tp_mem_copy, user), &c, 0);
	return c.err;
}

#endif /* TP_MEM_BPF_H */
