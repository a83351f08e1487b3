/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Lowering one network filter. */
#ifndef TP_LOWER_NET_H
#define TP_LOWER_NET_H

#include "plan.h"

/* A network matchArgs entry (SPort ... State) into f (its index is the caller's); 0 or -errno. */
int tp_lower__net(struct tp_plan *plan, const struct tp_hook *h, const struct tp_match_arg *m,
		  struct tp_lnet *f, size_t inline_max);
void tp_lnet__free(struct tp_lnet *f);

#endif /* TP_LOWER_NET_H */
