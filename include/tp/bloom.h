/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A string hash set's bloom filter, built by tpgen (gen/lower/maps.c's
 * tp_bloom_bit) and tested by the hook (tp_match.bpf.h's tp_bloom_has): one
 * hash of a string's last 8 bytes w and its length n:
 *   h = w ^ n * TP_BLOOM_MUL1;  h = (h ^ h >> 32) * TP_BLOOM_MUL2;  bit = h >> (64 - log2)
 * Both sides take these.
 */
#ifndef TP_BLOOM_H
#define TP_BLOOM_H

#define TP_BLOOM_MUL1	  0x9e3779b97f4a7c15ULL /* the length, spread */
#define TP_BLOOM_MUL2	  0xff51afd7ed558ccdULL /* the mix (MurmurHash3's fmix64 constant) */
#define TP_BLOOM_LOG2_MIN 6			/* 64 bits: one word */
#define TP_BLOOM_LOG2_MAX 16			/* 65536 bits: 8 KiB of .rodata */

#endif /* TP_BLOOM_H */
