// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The arg keys that change how an arg is read: returnCopy (read when the call
 * returns) and maxData (a larger char_buf capture). Where Tetragon accepts
 * one and then does nothing with it, the key is refused here.
 */
#include "checker.h"

/*
 * returnCopy: Tetragon's kretprobe copies only char_buf and char_iovec
 * (bpf/process/generic_calls.h, generic_retkprobe_event: "switch (do_copy)"),
 * one arg per hook (generickprobe.go keeps the last), and tracepoints and LSM
 * hooks have no return half that reads it.
 */
static void check_return_copy(struct checker *c, const struct tp_arg *a, bool *seen)
{
	const struct tp_hook *h = c->h;

	if (h->kind == TP_HOOK_UPROBE || h->kind == TP_HOOK_USDT) {
		hook_err(c, a->return_copy_loc,
			 "arg %d: returnCopy is not supported on uprobes and usdts yet", a->index);
		return;
	}
	if (h->kind != TP_HOOK_KPROBE) {
		hook_err(c, a->return_copy_loc,
			 "arg %d: returnCopy is not supported on %s: they have no return probe",
			 a->index, h->kind == TP_HOOK_LSM ? "lsmhooks" : "tracepoints");
		return;
	}
	if (a->type != TP_ARG_CHAR_BUF) {
		hook_err(c, a->return_copy_loc,
			 "arg %d: returnCopy is not supported for type '%s' (only char_buf is "
			 "read at return)",
			 a->index, tp_check__type_name(a));
		return;
	}
	if (*seen)
		hook_err(c, a->return_copy_loc,
			 "arg %d: returnCopy is not supported on a second arg of the same hook",
			 a->index);
	*seen = true;
}

/*
 * maxData: char_buf and iov_iter (Tetragon reads both through __copy_char_buf
 * with has_max_data, bpf/process/generic_calls.h copy_iov_iter, although
 * generickprobe.go warns on any type but char_buf), and not
 * with returnCopy, whose copy at return Tetragon cuts at 4096 bytes whatever
 * maxData says (docs: "The maxData flag does not work with returnCopy").
 */
static void check_max_data(struct checker *c, const struct tp_arg *a)
{
	if (c->h->kind == TP_HOOK_TRACEPOINT)
		/* generictracepoint.go reads a tracepoint's args without it */
		hook_err(c, a->max_data_loc, "arg %d: maxData is not supported on tracepoints",
			 a->index);
	else if (!tp_arg_type__has(a->type, TP_ARGF_MAX_DATA))
		hook_err(c, a->max_data_loc,
			 "arg %d: maxData is not supported for type '%s' (it is for char_buf and "
			 "iov_iter)",
			 a->index, tp_check__type_name(a));
	else if (a->return_copy)
		hook_err(c, a->max_data_loc,
			 "arg %d: maxData is not supported with returnCopy (Tetragon reads at "
			 "most 4096 bytes at return)",
			 a->index);
}

/* A filter on a returnCopy arg would run at entry, before the bytes are there. */
static void check_no_filter(struct checker *c, const struct tp_arg *a)
{
	const struct tp_hook *h = c->h;
	size_t s, i;

	for (s = 0; s < h->nselectors; s++)
		for (i = 0; i < h->selectors[s].nargs; i++)
			if (tp_check__match_names(h, &h->selectors[s].args[i], a))
				hook_err(c, h->selectors[s].args[i].loc,
					 "arg %d: matchArgs on a returnCopy arg is not supported "
					 "(its bytes are read at return, after the selectors ran)",
					 a->index);
}

void tp_check__arg_keys(struct checker *c)
{
	const struct tp_hook *h = c->h;
	bool seen = false;
	size_t i;

	for (i = 0; i < h->nargs; i++) {
		const struct tp_arg *a = &h->args[i];

		if (a->return_copy) {
			check_return_copy(c, a, &seen);
			check_no_filter(c, a);
		}
		if (a->max_data)
			check_max_data(c, a);
		if (a->label && h->kind == TP_HOOK_TRACEPOINT)
			/* generictracepoint.go builds its args without one */
			hook_err(c, a->label_loc,
				 "arg %d: label is not supported on tracepoints (Tetragon's "
				 "tracepoint events carry none)",
				 a->index);
	}
	if (h->has_ret_arg && h->ret_arg.return_copy)
		hook_err(c, h->ret_arg.return_copy_loc,
			 "returnArg: returnCopy is not supported here (it is for args)");
	if (h->has_ret_arg && h->ret_arg.max_data)
		hook_err(c, h->ret_arg.max_data_loc,
			 "returnArg: maxData is not supported here (it is for char_buf args)");
}
