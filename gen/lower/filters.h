/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Lowering one filter on an integer, string, path or binary. */
#ifndef TP_LOWER_FILTERS_H
#define TP_LOWER_FILTERS_H

#include "plan.h"

/*
 * The n values of a filter with operator op on an arg of type into f (its
 * index and arg_pos are the caller's); 0 or -errno.
 */
int tp_lower__filter(struct tp_plan *plan, struct tp_lfilter *f, enum tp_arg_type type,
		     enum tp_op op, const struct tp_value *v, size_t n, size_t inline_max);
void tp_lfilter__free(struct tp_lfilter *f);

#endif /* TP_LOWER_FILTERS_H */
