/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Building the .tp.meta section of a lowered policy. */
#ifndef TP_META_BUILD_H
#define TP_META_BUILD_H

#include <stddef.h>

#include "lower/plan.h"

/* On success *data is malloc'd (the caller frees it). */
int tp_meta__build(const struct tp_policy *p, const struct tp_plan *plan, void **data,
		   size_t *size);

#endif /* TP_META_BUILD_H */
