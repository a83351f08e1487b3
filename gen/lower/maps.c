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
