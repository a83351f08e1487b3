/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
#ifndef TP_LOWER_SPLIT_H
#define TP_LOWER_SPLIT_H

#include "plan.h"

/*
 * Which part of the generated file each hook's code is compiled in
 * (tp_lhook.part, tp_plan.parts): TP_PARTS_MAX parts, balanced by an
 * estimate of clang's work, once the policy has two programs' worth of hooks
 * apart; one otherwise. After fusing: a group is compiled in one part.
 * 0, or -1 out of memory.
 */
int tp_lower__split(struct tp_plan *plan);

#endif /* TP_LOWER_SPLIT_H */
