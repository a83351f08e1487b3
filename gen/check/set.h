/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What a set of policies (tpgen a.yaml b.yaml) cannot keep apart in one
 * object, refused before the merge (model/set.h).
 */
#ifndef TP_CHECK_SET_H
#define TP_CHECK_SET_H

#include <stddef.h>

#include "model/diag.h"
#include "model/policy.h"

/*
 * Check n checked policies against each other; each policy's problems go to
 * its own diagnostics, ds[i]. Returns the number of errors reported.
 */
int tp_set__check(struct tp_policy *const *ps, size_t n, struct tp_diag *ds);

#endif /* TP_CHECK_SET_H */
