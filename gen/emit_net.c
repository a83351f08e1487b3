// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Filters on sock, skb, sockaddr and socket arguments: ports, addresses, family, protocol, state. */
#include "emit.h"

void tp_emit__net_filters(struct tp_emitter *e, const struct tp_lhook *lh)
{
	(void)e;
	(void)lh;
}
