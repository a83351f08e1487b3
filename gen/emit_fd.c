// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* FollowFD, UnfollowFD and CopyFD: calls into tp_file.bpf.h's (tgid, fd) -> path map. */
#include "emit.h"
#include "values.h"

/* A string arg's pointer is a user one unless the hook hands kernel memory (as emit_hook.c). */
static bool _string_is_user(const struct tp_lhook *lh, int pos)
{
	const struct tp_arg *a = &lh->hook->args[pos];

	if (lh->hook->kind == TP_HOOK_TRACEPOINT && (lh->hook->raw || a->field_size == 4))
		return false;
	return lh->user_mem;
}

void tp_emit__fd_action(struct tp_emitter *e, const struct tp_laction *a)
{
	const struct tp_lhook *lh = a->lh;
	enum tp_arg_type name_type;

	if (a->kind != TP_ACT_FOLLOWFD && a->kind != TP_ACT_UNFOLLOWFD && a->kind != TP_ACT_COPYFD)
		return;
	if (!lh || a->fd_pos < 0 || (a->kind != TP_ACT_UNFOLLOWFD && a->name_pos < 0))
		return;	/* only the entry of a hook runs them, on args the checker found */
	tp_emitter__indent(e);
	switch (a->kind) {
	case TP_ACT_FOLLOWFD:
		name_type = lh->hook->args[a->name_pos].type;
		if (name_type == TP_ARG_STRING)
			tp_emitter__raw(e, "tp_fd_follow_str(");
		else
			tp_emitter__raw(e, "tp_fd_follow_%s(", tp_arg_type__name(name_type));
		tp_emit__raw_arg(e, lh, a->fd_pos);
		tp_emitter__raw(e, ", ");
		tp_emit__raw_arg(e, lh, a->name_pos);
		if (name_type == TP_ARG_STRING)
			tp_emitter__raw(e, ", %d", _string_is_user(lh, a->name_pos));
		tp_emitter__raw(e, ");\n");
		break;
	case TP_ACT_UNFOLLOWFD:
		tp_emitter__raw(e, "tp_fd_unfollow(");
		tp_emit__raw_arg(e, lh, a->fd_pos);
		tp_emitter__raw(e, ");\n");
		break;
	default:
		tp_emitter__raw(e, "tp_fd_copy(");
		tp_emit__raw_arg(e, lh, a->fd_pos);
		tp_emitter__raw(e, ", ");
		tp_emit__raw_arg(e, lh, a->name_pos);
		tp_emitter__raw(e, ");\n");
		break;
	}
}
