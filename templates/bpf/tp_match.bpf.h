/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Comparison helpers generated filters call. Strings are compared a word at a
 * time against constants tpgen folded into the code (little-endian words, the
 * last one masked); buffers always have TP_STR_MAX + 8 readable bytes, so a
 * word read past the end of a string stays inside them.
 */
#ifndef TP_MATCH_BPF_H
#define TP_MATCH_BPF_H

#include "tp_capture.bpf.h"

#include <tp/bloom.h>

/* The 8 bytes at p + off. */
#define TP_W(p, off) (*(const __u64 *)((const char *)(p) + (off)))

/*
 * A slot whose read was cut short (TP_BLOB_TRUNCATED in its info). Strings
 * and buffers lose their end; a path may lose its start (TP_FILE_CUT_FRONT),
 * a test only a path's filter makes: a buffer's info holds its size there.
 * A comparison the missing bytes could decide fails, negated or not.
 */
#define TP_SLOT_CUT(s)	     (TP_SLOT_INFO(s) & TP_BLOB_TRUNCATED)
#define TP_PATH_CUT_FRONT(s) (TP_SLOT_CUT(s) && (TP_SLOT_INFO(s) & TP_FILE_CUT_FRONT))
#define TP_PATH_CUT_END(s)   (TP_SLOT_CUT(s) && !(TP_SLOT_INFO(s) & TP_FILE_CUT_FRONT))

/*
 * w with its ASCII capitals lowered, all 8 bytes at once: for a byte b below
 * 0x80, b + 0x3f has bit 7 set when b >= 'A', b + 0x25 when b > 'Z'.
 */
static __always_inline __u64 tp_lower_w(__u64 w)
{
	__u64 h = w & 0x7f7f7f7f7f7f7f7fULL;
	__u64 up =
	    (h + 0x3f3f3f3f3f3f3f3fULL) & ~(h + 0x2525252525252525ULL) & ~w & 0x8080808080808080ULL;

	return w | (up >> 2);
}

/* The 8 bytes at p + off, lowercased (SubStringIgnCase). */
#define TP_WL(p, off) tp_lower_w(TP_W(p, off))

/* SubString's search (a generated name_at callback of bpf_loop tests offset o). */
struct tp_substr {
	const char *s;
	long n;
	bool hit;
};

/* The file type bits (S_IFMT) of a file or path slot's inode mode. */
#define TP_SLOT_FTYPE(s) (TP_SLOT_INFO(s) & 0170000)

/* Long values: nwords words from w, the last masked. */
static __always_inline int tp_words_eq(const char *p, const __u64 *w, __u32 nwords, __u64 last)
{
	__u32 i;

	for (i = 0; i + 1 < nwords; i++)
		if (TP_W(p, 8 * i) != w[i])
			return 0;
	return (TP_W(p, 8 * (nwords - 1)) & last) == w[nwords - 1];
}

/*
 * Zero a map key of size bytes (a multiple of 8). barrier_var keeps clang
 * from turning a large one into a memset call, which BPF does not have.
 */
static __always_inline void tp_key_zero(char *key, __u32 size)
{
	__u32 i;

	for (i = 0; i < size / 8; i++) {
		barrier_var(i);
		((__u64 *)key)[i] = 0;
	}
}

/*
 * Keys of up to TP_KEY_INLINE bytes are copied a word at a time, inline: a
 * helper call costs more than the whole lookup (bpf_probe_read_kernel made a
 * 3000-value Equal set 90 ns an event dearer than one inline value, Linux 6.18).
 * Reading whole words past the string's end stays inside its slot.
 */
#define TP_KEY_INLINE 128

/*
 * May a set hold a string of n bytes? mask has bit len % 64 of every length
 * in it: a string whose bit is clear skips the set's lookup.
 */
#define TP_LEN_IN(mask, n) (((mask) >> ((n)&63)) & 1)

/* Word i of s with only its bytes before n kept, the rest zero. */
static __always_inline __u64 tp_w_upto(const char *s, __u32 i, long n)
{
	long left = n - 8 * (long)i;

	if (left >= 8)
		return TP_W(s, 8 * i);
	if (left <= 0)
		return 0;
	return TP_W(s, 8 * i) & ((1ULL << (8 * left)) - 1);
}

/*
 * May a hash set hold the string of n bytes at s? Its bloom filter (1 << log2
 * bits, in .rodata) has bit tp_bloom_bit of each value (include/tp/bloom.h,
 * gen/lower/maps.c): a clear bit skips the lookup.
 */
static __always_inline bool tp_bloom_has(const __u64 *bloom, __u32 log2, const char *s, long n)
{
	__u64 w = n >= 8 ? TP_W(s, (n - 8) & (TP_STR_MAX - 1)) : tp_w_upto(s, 0, n);
	__u32 bit = TP_BLOOM_BIT(w, n, log2);

	return bloom[bit / 64] & (1ULL << (bit % 64));
}

/* Hash-set key { u64 len; u8 data[k] } for a string of n bytes (n <= k). */
static __always_inline int tp_key_str(char *key, __u32 k, const char *s, long n)
{
	__u32 i;

	if (n < 0 || n > k || n > TP_STR_MAX - 1)
		return -1;
	*(__u64 *)key = n;
	if (k <= TP_KEY_INLINE) {
#pragma unroll
		for (i = 0; i < (k + 7) / 8; i++)
			*(__u64 *)(key + 8 + 8 * i) = tp_w_upto(s, i, n);
		return 0;
	}
	tp_key_zero(key + 8, k);
	bpf_probe_read_kernel(key + 8, n, s);
	return 0;
}

/* LPM key { u32 prefixlen; u8 data[k] } for the first min(n, k) bytes. */
static __always_inline int tp_key_prefix(char *key, __u32 k, const char *s, long n)
{
	__u32 i, l;

	if (n < 0)
		return -1;
	l = n > k ? k : n;
	if (l > TP_STR_MAX - 1)
		return -1;
	*(__u32 *)key = l * 8;
	if (k <= TP_KEY_INLINE) {
		/* the trie compares prefixlen bits: the bytes past them may be anything */
#pragma unroll
		for (i = 0; i < (k + 7) / 8; i++)
			*(__u64 *)(key + 4 + 8 * i) = TP_W(s, 8 * i);
		return 0;
	}
	bpf_probe_read_kernel(key + 4, l, s);
	return 0;
}

/* LPM key of the last min(n, k) bytes, reversed (Postfix as a prefix). */
static __always_inline int tp_key_postfix(char *key, __u32 k, const char *s, long n)
{
	__u32 i, l;

	if (n < 0)
		return -1;
	l = n > k ? k : n;
	*(__u32 *)key = l * 8;
	for (i = 0; i < k && i < TP_STR_MAX; i++) {
		if (i >= l)
			break;
		key[4 + i] = s[(n - 1 - i) & (TP_STR_MAX - 1)];
	}
	return 0;
}

#endif /* TP_MATCH_BPF_H */
