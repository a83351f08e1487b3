/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A string hash set's bloom filter, built by tpgen (gen/lower/maps.c's
 * tp_bloom_bit) and tested by the hook (tp_match.bpf.h's tp_bloom_has): one
 * hash of a string's last 8 bytes w (little-endian, zero-padded when fewer)
 * and its length n, TP_BLOOM_BIT below: both sides compute it from here.
 */
#ifndef TP_BLOOM_H
#define TP_BLOOM_H

#define TP_BLOOM_MUL1	  0x9e3779b97f4a7c15ULL /* the length, spread */
#define TP_BLOOM_MUL2	  0xff51afd7ed558ccdULL /* the mix (MurmurHash3's fmix64 constant) */
#define TP_BLOOM_LOG2_MIN 6			/* 64 bits: one word */
#define TP_BLOOM_LOG2_MAX 16			/* 65536 bits: 8 KiB of .rodata */

/* w's high bytes are the string's last: folded down before the multiply mixes them up. */
#define TP_BLOOM_MIX(x) (((x) ^ (x) >> 32) * TP_BLOOM_MUL2)
#define TP_BLOOM_BIT(w, n, log2) \
	((unsigned int)(TP_BLOOM_MIX((w) ^ (unsigned long long)(n)*TP_BLOOM_MUL1) >> (64 - (log2))))

#endif /* TP_BLOOM_H */
