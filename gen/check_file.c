// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The checker's part for FollowFD, UnfollowFD and CopyFD: which args they name. */
#include <stdio.h>

#include "check_priv.h"
#include "values.h"

static const char *_arg_type_name(const struct tp_arg *a)
{
	return a->type_name ? a->type_name : tp_arg_type__name(a->type);
}

/* The position of the arg an action names: tracepoints count positions, the rest indexes. */
static int _arg_pos(const struct tp_hook *h, int index)
{
	size_t i;

	if (h->kind == TP_HOOK_TRACEPOINT)
		return index >= 0 && (size_t)index < h->nargs ? index : -1;
	for (i = 0; i < h->nargs; i++)
		if (h->args[i].index == index)
			return (int)i;
	return -1;
}

static bool _in_ret_actions(const struct tp_hook *h, const struct tp_action_spec *act)
{
	size_t i;

	for (i = 0; i < h->nselectors; i++) {
		const struct tp_selector *s = &h->selectors[i];

		if (s->nret_actions && act >= s->ret_actions && act < s->ret_actions + s->nret_actions)
			return true;
	}
	return false;
}

/*
 * Resolve argFd or argName (key) to a position; want_fd: the arg must hold a
 * descriptor (an integer or fd type), else a name (a path-like arg, an fd or
 * a string). -1 when it names none (reported).
 */
static int _named_arg(struct checker *c, const struct tp_action_spec *act, const char *key,
		      int index, bool want_fd)
{
	const char *name = act->name ? act->name : "?";
	int pos = _arg_pos(c->h, index);
	const struct tp_arg *a;
	enum tp_arg_class cl;

	if (pos < 0) {
		hook_err(c, act->loc, "action '%s': %s %d does not name an arg of this hook", name,
			 key, index);
		return -1;
	}
	a = &c->h->args[pos];
	cl = tp_arg_type__class(a->type);
	if (a->type == TP_ARG_NONE)
		return pos;	/* the arg's own error says why */
	if (want_fd && cl != TP_ACL_INT && a->type != TP_ARG_FD)
		hook_err(c, act->loc,
			 "action '%s': %s %d names a '%s' arg, not a file descriptor (int or fd)",
			 name, key, index, _arg_type_name(a));
	else if (!want_fd && cl != TP_ACL_PATH && a->type != TP_ARG_STRING)
		hook_err(c, act->loc,
			 "action '%s': %s %d names a '%s' arg: it must name a file (file, path, "
			 "dentry, filename, linux_binprm, kiocb, fd or string)",
			 name, key, index, _arg_type_name(a));
	return pos;
}

void tp_check__fd_action(struct checker *c, struct tp_action_spec *act)
{
	const char *name = act->name ? act->name : "?";

	act->fd_pos = act->name_pos = -1;
	if (_in_ret_actions(c->h, act)) {
		hook_err(c, act->loc, "action '%s' is not supported in matchReturnActions", name);
		return;
	}
	if (!act->has_arg_fd) {
		hook_err(c, act->loc, "action '%s' needs argFd", name);
		return;
	}
	act->fd_pos = _named_arg(c, act, "argFd", act->arg_fd, true);
	if (act->action == TP_ACT_UNFOLLOWFD)
		return;	/* Tetragon's examples give UnfollowFD an argName it does not use */
	if (!act->has_arg_name) {
		hook_err(c, act->loc, "action '%s' needs argName", name);
		return;
	}
	act->name_pos = _named_arg(c, act, "argName", act->arg_name,
				   act->action == TP_ACT_COPYFD);
}
