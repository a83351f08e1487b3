/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef TP_LOWER_FUSE_H
#define TP_LOWER_FUSE_H

#include "plan.h"

/*
 * Groups the hooks that attach alike (tp_lhook.leader, each hook's own id
 * before), their shared reads; -1 out of memory.
 */
int tp_lower__fuse(struct tp_plan *plan);

#endif /* TP_LOWER_FUSE_H */
