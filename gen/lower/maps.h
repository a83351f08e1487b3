/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Adding value maps to a plan (maps.c). */
#ifndef TP_LOWER_MAPS_H
#define TP_LOWER_MAPS_H

#include "plan.h"

/* A map of count zeroed entries (their value byte set later); its index, or -ENOMEM. */
int tp_plan__add_map(struct tp_plan *plan, enum tp_map_kind kind, uint32_t key_size,
		     uint32_t count);
/* A hash set of the n integers v; its index or -errno. */
int tp_plan__map_ints(struct tp_plan *plan, const uint64_t *v, size_t n);
/* A hash set (TP_STRAT_HASH) or LPM trie (LPM, LPM_REV) of the n strings s; index or -errno. */
int tp_plan__map_strs(struct tp_plan *plan, enum tp_strategy strat, const struct tp_bytes *s,
		      size_t n);

/*
 * The bit of a string of len bytes in a bloom of 1 << log2 bits: its last 8
 * bytes (fewer: zero-padded) and its length, mixed. tp_match.bpf.h's
 * tp_bloom_has computes the same from a slot.
 */
uint32_t tp_bloom_bit(const uint8_t *s, size_t len, uint32_t log2);

#endif /* TP_LOWER_MAPS_H */
