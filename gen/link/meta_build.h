/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Building the .tp.meta section of a lowered policy. */
#ifndef TP_META_BUILD_H
#define TP_META_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "lower/plan.h"

/*
 * digest: the object's TP_DIGEST_META digest (include/tp/meta.h), TP_DIGEST_SIZE
 * bytes, or NULL for zeros. On success *data is malloc'd (the caller frees it).
 */
int tp_meta__build(const struct tp_policy *p, const struct tp_plan *plan, const uint8_t *digest,
		   void **data, size_t *size);
/* The same for an object built for arch (enum tp_arch; tp_meta__build: this machine's). */
int tp_meta__build_arch(const struct tp_policy *p, const struct tp_plan *plan, unsigned int arch,
			const uint8_t *digest, void **data, size_t *size);

#endif /* TP_META_BUILD_H */
