/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* FNV-1a, 64 bits: the hash of tpgen's cache keys and of tprun's small tables. */
#ifndef TP_FNV_H
#define TP_FNV_H

#include <stddef.h>
#include <stdint.h>

#define TP_FNV_OFFSET 0xcbf29ce484222325ULL
#define TP_FNV_PRIME  0x100000001b3ULL

/* h (TP_FNV_OFFSET to start) on with the n bytes at data */
static inline uint64_t tp_fnv(uint64_t h, const void *data, size_t n)
{
	const uint8_t *b = data;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * TP_FNV_PRIME;
	return h;
}

#endif /* TP_FNV_H */
