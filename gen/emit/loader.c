// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * loader: true. A loader hook has no selectors: its bodies are the template's
 * for its syscall (tp_loader.bpf.h), and the exit hands them the hook's id,
 * which the record carries.
 */
#include "parts.h"

void tp_emit__loader(struct tp_emitter *e, const struct tp_lhook *lh)
{
	const char *sys = lh->hook->syscall_name;

	tp_emitter__line(
	    e, "static __always_inline void tp_h%d_enter(struct tp_sys_enter_ctx *ctx)", lh->id);
	tp_emitter__line(e, "{");
	e->indent++;
	tp_emitter__line(e, "tp_loader_%s_enter(ctx);", sys);
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
	tp_emitter__line(e, "static __always_inline void tp_h%d_exit(struct tp_sys_exit_ctx *ctx)",
			 lh->id);
	tp_emitter__line(e, "{");
	e->indent++;
	tp_emitter__line(e, "tp_loader_%s_exit(ctx, %d);", sys, lh->id);
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
}
