// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The value maps of a plan: tpgen fills their entries, tprun loads them from
 * .tp.meta and freezes them. Integer sets are hash sets of 8-byte
 * little-endian keys; string sets are hash sets of { u64 len; u8 data[K] }
 * or LPM tries of { u32 prefixlen; u8 data[K] }, reversed for Postfix.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/vec.h"
#include "tp/bloom.h"

#include "maps.h"

int tp_plan__add_map(struct tp_plan *plan, enum tp_map_kind kind, uint32_t key_size, uint32_t count)
{
	struct tp_lmap *m = tp_vec__push(&plan->maps, &plan->nmaps, sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->kind = kind;
	m->key_size = key_size;
	m->count = count;
	m->entries = tp_vec__calloc(count, key_size + TP_SET_VALUE_SIZE);
	return m->entries ? (int)plan->nmaps - 1 : -ENOMEM;
}

/* Integer sets: 8-byte little-endian keys. */
int tp_plan__map_ints(struct tp_plan *plan, const uint64_t *v, size_t n)
{
	int id = tp_plan__add_map(plan, TP_MAP_HASH, 8, n);
	size_t i;

	if (id < 0)
		return id;
	for (i = 0; i < n; i++) {
		uint8_t *e = plan->maps[id].entries + i * 9;
		int b;

		for (b = 0; b < 8; b++)
			e[b] = (uint8_t)(v[i] >> (8 * b));
		e[8] = 1;
	}
	return id;
}

/*
 * String sets. Hash keys are { u64 len; u8 data[K] } zero padded; LPM keys
 * are { u32 prefixlen; u8 data[K] }, reversed for Postfix.
 */
uint32_t tp_bloom_bit(const uint8_t *s, size_t len, uint32_t log2)
{
	size_t from = len >= 8 ? len - 8 : 0, j;
	uint64_t w = 0;

	for (j = from; j < len; j++) /* little-endian, as the BPF side loads it */
		w |= (uint64_t)s[j] << (8 * (j - from));
	return TP_BLOOM_BIT(w, len, log2);
}

/*
 * A hash set's bloom filter: about 8 bits a value, 64 to 65536 in all, so
 * that a string not in the set skips the lookup but for about 1 in 8 (a
 * quarter of the bits set at worst below the cap).
 */
static int add_bloom(struct tp_lmap *m, const struct tp_bytes *s, size_t n)
{
	uint32_t log2 = TP_BLOOM_LOG2_MIN;
	size_t i;

	while (log2 < TP_BLOOM_LOG2_MAX && ((size_t)1 << log2) < n * 8)
		log2++;
	m->bloom = calloc((size_t)1 << (log2 - 6), sizeof(*m->bloom));
	if (!m->bloom)
		return -ENOMEM;
	m->bloom_log2 = log2;
	for (i = 0; i < n; i++) {
		uint32_t bit = tp_bloom_bit(s[i].data, s[i].len, log2);

		m->bloom[bit / 64] |= 1ULL << (bit % 64);
	}
	return 0;
}

int tp_plan__map_strs(struct tp_plan *plan, enum tp_strategy strat, const struct tp_bytes *s,
		      size_t n)
{
	size_t i, j, k = 1;
	uint32_t hdr = strat == TP_STRAT_HASH ? 8 : 4;
	int id;

	for (i = 0; i < n; i++)
		if (s[i].len > k)
			k = s[i].len;
	if (strat == TP_STRAT_HASH)
		k = (k + 7) & ~(size_t)7;
	id = tp_plan__add_map(plan, strat == TP_STRAT_HASH ? TP_MAP_HASH : TP_MAP_LPM,
			      hdr + (uint32_t)k, n);
	if (id < 0)
		return id;
	plan->maps[id].data_len = (uint32_t)k;
	if (strat == TP_STRAT_HASH) {
		int e = add_bloom(&plan->maps[id], s, n);

		if (e)
			return e;
	}
	for (i = 0; i < n; i++) {
		uint8_t *e = plan->maps[id].entries + i * (hdr + k + 1);
		uint64_t len = strat == TP_STRAT_HASH ? s[i].len : s[i].len * 8;

		for (j = 0; j < hdr; j++)
			e[j] = (uint8_t)(len >> (8 * j));
		for (j = 0; j < s[i].len; j++)
			e[hdr + j] =
			    strat == TP_STRAT_LPM_REV ? s[i].data[s[i].len - 1 - j] : s[i].data[j];
		e[hdr + k] = 1;
	}
	return id;
}
