// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* FollowFD, UnfollowFD and CopyFD: calls into tp_file.bpf.h's (tgid, fd) -> path map. */
#include "emit.h"
#include "values.h"

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
		tp_emitter__raw(e, "tp_fd_follow_%s(", tp_arg_type__info(name_type)->reader);
		tp_emit__raw_arg(e, lh, a->fd_pos);
		tp_emitter__raw(e, ", ");
		tp_emit__raw_arg(e, lh, a->name_pos);
		if (name_type == TP_ARG_STRING)
			tp_emitter__raw(e, ", %d", tp_emit__arg_mem(lh, a->name_pos));
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
