// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A hook's return body (return: true): it takes what the entry half left for
 * the thread, runs the chosen selector's matchReturnArgs and
 * matchReturnActions, and sends the return record.
 */
#include <stdio.h>

#include "parts.h"

/* matchReturnArgs and matchReturnActions of the selector the entry half chose. */
static void exit_selector(struct tp_emitter *e, const struct tp_lhook *lh, size_t s)
{
	const struct tp_lselector *ls = &lh->sels[s];
	struct tp_terms t = { 0 };
	char name[TP_NAME_MAX], act[64];
	size_t i;

	tp_emitter__line(e, "if (sel == %zu) {", s);
	e->indent++;
	for (i = 0; i < ls->nrets; i++)
		tp_terms__add(
		    &t, "%s(r)",
		    tp_emit__filter_name(name, sizeof(name), lh, s, "return", ls->rets[i].index));
	if (t.n)
		tp_emitter__join(e, "pass = ", &t, "&&", ";");
	if (ls->nret_actions) {
		if (t.n) {
			tp_emitter__line(e, "if (pass) {");
			e->indent++;
		}
		tp_emit__actions(e, lh, s, NULL, ls->ret_actions, ls->nret_actions);
		if (ls->ret_event_action)
			tp_emitter__line(
			    e, "action = %s;",
			    tp_emit__action_name(act, sizeof(act), ls->ret_event_action));
		if (!ls->ret_post) { /* NoPost: Tetragon never sends the return, nor so the entry */
			tp_emit__count_action(e, lh, s, TP_ACTSTAT_NOPOST);
			tp_emitter__line(e, "pass = false;");
		}
		if (t.n) {
			e->indent--;
			tp_emitter__line(e, "}");
		}
	}
	e->indent--;
	tp_emitter__line(e, "}");
	tp_terms__free(&t);
}

void tp_emit__exit(struct tp_emitter *e, const struct tp_lhook *lh, size_t nsels)
{
	const struct tp_hook *h = lh->hook;
	enum tp_arg_type rt = h->has_ret_arg ? h->ret_arg.type : TP_ARG_NONE;
	int copy = tp_hook__return_copy_pos(h);
	bool judged = false;
	size_t s;

	for (s = 0; s < nsels; s++)
		judged |= lh->sels[s].nrets || lh->sels[s].nret_actions;
	tp_emitter__line(e, "static __always_inline void tp_h%d_exit(__u64 ret)", lh->id);
	tp_emitter__line(e, "{");
	e->indent++;
	if ((copy >= 0 && !judged) || rt == TP_ARG_SOCK) /* these take the raw return value */
		;
	else if (tp_arg_type__class(rt) == TP_ACL_INT)
		tp_emitter__line(e, "%s r = (%s)ret;", tp_emit__cmp_ctype(rt),
				 tp_emit__int_ctype(rt));
	else
		tp_emitter__line(e, "__s64 r = ret;");
	tp_emitter__line(e, "__u32 sel;");
	tp_emitter__line(e, "bool post;");
	tp_emitter__line(e, "__u32 flags;");
	if (copy >= 0)
		tp_emitter__line(e, "__u64 buf;");
	if (judged) {
		tp_emitter__line(e, "__u32 action = TP_ACT_UNKNOWN;");
		tp_emitter__line(e, "bool pass = true;");
	}
	tp_emitter__blank(e);
	if (copy >= 0)
		tp_emitter__line(e, "if (tp_pending_take_buf(%d, &sel, &post, &flags, &buf))",
				 lh->id);
	else
		tp_emitter__line(e, "if (tp_pending_take(%d, &sel, &post, &flags))", lh->id);
	tp_emitter__line(e, "\treturn;");
	/*
	 * returnArgAction, once the call's entry matched (NoPost too): Tetragon's
	 * generic_retprobe (bpf/process/generic_calls.h) tracks only when
	 * retprobe_map holds the call, which a failed process filter never set
	 * and filter_args_reject cleared; whatever matchReturnArgs says after.
	 */
	if (h->ret_arg_action == TP_ACT_TRACKSOCK)
		tp_emitter__line(e, "tp_sock_track(ret);");
	else if (h->ret_arg_action == TP_ACT_UNTRACKSOCK)
		tp_emitter__line(e, "tp_sock_untrack(ret);");
	for (s = 0; s < nsels; s++)
		if (lh->sels[s].nrets || lh->sels[s].nret_actions)
			exit_selector(e, lh, s);
	tp_emitter__line(e, "if (post)");
	if (copy >= 0) /* the call's own return value sizes the copy, whatever returnArg says */
		tp_emitter__line(e, "\ttp_out_hook_ret_buf(%d, %s, ret, %s, flags, buf, %s);",
				 lh->id, judged ? "action" : "TP_ACT_UNKNOWN",
				 judged ? "pass" : "true", tp_emit__arg_mem(lh, copy));
	else if (rt == TP_ARG_SOCK) /* the returned sock's blob follows the record */
		tp_emitter__line(e, "\ttp_out_hook_ret_sock(%d, %s, ret, %s, flags);", lh->id,
				 judged ? "action" : "TP_ACT_UNKNOWN", judged ? "pass" : "true");
	else if (judged)
		tp_emitter__line(e, "\ttp_out_hook_ret(%d, action, r, pass, flags);", lh->id);
	else
		tp_emitter__line(e, "\ttp_out_hook_ret(%d, TP_ACT_UNKNOWN, r, true, flags);",
				 lh->id);
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
}
