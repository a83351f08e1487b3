/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A set of policies in one object (tpgen a.yaml b.yaml -o set.bpf.o): each
 * parsed and checked on its own, then merged into one tp_policy whose hooks
 * are theirs in file order, so a hook's id is its place in the set.
 */
#ifndef TP_SET_H
#define TP_SET_H

#include <stddef.h>

#include "policy.h"

/*
 * Merge n checked policies (n >= 1). One policy is returned as it is. More
 * are moved into a new set (ps[i] belongs to it then, ps[] is left alone):
 * hooks concatenated, each hook's policy its index, source the policies'
 * YAML as one stream ("---" between documents). NULL when out of memory,
 * and ps[] still the caller's.
 */
struct tp_policy *tp_set__merge(struct tp_policy **ps, size_t n);

/* The metadata.name of the policy hook h of p (a set or a policy alone) is from. */
const char *tp_set__hook_policy(const struct tp_policy *p, const struct tp_hook *h);

#endif /* TP_SET_H */
