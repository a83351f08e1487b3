// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * loader: true. The hook has no selectors: its exit program's body hands
 * tp_loader.bpf.h the hook's id, which the record carries.
 */
#include "parts.h"

void tp_emit__loader(struct tp_emitter *e, const struct tp_lhook *lh)
{
	tp_emitter__line(e, "static __always_inline void tp_h%d_exit(struct tp_sys_exit_ctx *ctx)",
			 lh->id);
	tp_emitter__line(e, "{");
	e->indent++;
	tp_emitter__line(e, "tp_loader_exit(ctx, %d);", lh->id);
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
}
