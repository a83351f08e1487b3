// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Actions in a matching selector's branch: signals, the return value an
 * Override sets, FollowFD, UnfollowFD, CopyFD (tp_file.bpf.h's
 * (tgid, fd) -> path map), and TrackSock, UntrackSock (tp_net.bpf.h's
 * sock -> owner map), NotifyEnforcer and CleanupEnforcerNotification
 * (tp_enforcer.bpf.h's thread -> {error, signal} map). Lowering marks what policy-mode: monitor
 * only reports (report_only): a comment says what is not done.
 */
#include <stdio.h>

#include "parts.h"

static void send_signal(struct tp_emitter *e, int sig)
{
	const char *name = tp_signal__name(sig);

	if (name)
		tp_emitter__line(e, "bpf_send_signal(TP_%s);", name);
	else
		tp_emitter__line(e, "bpf_send_signal(%d);	/* a real-time signal */", sig);
}

/* FollowFD reading its name arg (at pos) itself: tp_fd_follow_T, T the arg's reader. */
static void follow_read(struct tp_emitter *e, const struct tp_lhook *lh, const char *fd, size_t pos)
{
	const struct tp_arg_type_info *ti = tp_arg_type__info(lh->hook->args[pos].type);
	char name[TP_NAME_MAX], head[TP_NAME_MAX];
	struct tp_terms t = { 0 };

	tp_emit__arg(name, sizeof(name), lh, pos);
	tp_terms__add(&t, "%s", fd);
	tp_terms__add(&t, "%s", name);
	if (ti->cls == TP_ACL_BYTES) /* a string: where it points matters */
		tp_terms__add(&t, "%s", tp_emit__arg_mem(lh, pos));
	snprintf(head, sizeof(head), "tp_fd_follow_%s(", ti->reader);
	tp_emitter__call(e, head, &t, ");");
	tp_terms__free(&t);
}

/*
 * FollowFD from the slot a filter read its name into, when one did: the
 * same bytes and info, not read (a path: walked) again. An fd name's slot
 * holds what the follow map said before the branch, so not after an
 * earlier fd action of the branch (map_changed) may have changed it.
 */
static void follow_fd(struct tp_emitter *e, const struct tp_lhook *lh, const struct tp_reads *r,
		      const char *fd, size_t pos, bool map_changed)
{
	int index = lh->hook->args[pos].index;

	if (!r || !r->slot[pos] || (map_changed && lh->hook->args[pos].type == TP_ARG_FD)) {
		follow_read(e, lh, fd, pos);
		return;
	}
	if (r->slot[pos] == TP_READ) {
		tp_emitter__line(e, "tp_fd_follow_slot(%s, h->slot[%d], n%d);", fd, lh->slot[pos],
				 index);
		return;
	}
	tp_emitter__line(e, "if (n%d != TP_SLOT_UNREAD)", index);
	tp_emitter__line(e, "\ttp_fd_follow_slot(%s, h->slot[%d], n%d);", fd, lh->slot[pos], index);
	tp_emitter__line(e, "else");
	e->indent++;
	follow_read(e, lh, fd, pos);
	e->indent--;
}

static void fd_action(struct tp_emitter *e, const struct tp_lhook *lh, const struct tp_reads *r,
		      const struct tp_laction *a, bool map_changed)
{
	char fd[TP_NAME_MAX], name[TP_NAME_MAX];

	tp_emit__arg(fd, sizeof(fd), lh, a->fd_pos);
	switch (a->kind) {
	case TP_ACT_FOLLOWFD:
		follow_fd(e, lh, r, fd, a->name_pos, map_changed);
		break;
	case TP_ACT_UNFOLLOWFD:
		tp_emitter__line(e, "tp_fd_unfollow(%s);", fd);
		break;
	default:
		tp_emitter__line(e, "tp_fd_copy(%s, %s);", fd,
				 tp_emit__arg(name, sizeof(name), lh, a->name_pos));
		break;
	}
}

/* TrackSock, UntrackSock: the map is keyed by the sock (a socket arg's ->sk). */
static void sock_action(struct tp_emitter *e, const struct tp_lhook *lh, const struct tp_laction *a)
{
	const char *fn = a->kind == TP_ACT_TRACKSOCK ? "tp_sock_track" : "tp_sock_untrack";
	char sk[TP_NAME_MAX];

	tp_emit__arg(sk, sizeof(sk), lh, a->sock_pos);
	if (lh->hook->args[a->sock_pos].type == TP_ARG_SOCKET)
		tp_emitter__line(e, "%s(tp_sock_of_socket(%s));", fn, sk);
	else
		tp_emitter__line(e, "%s(%s);", fn, sk);
}

/*
 * Set: argValue into the USDT argument (tp_usdt.bpf.h), after the record is
 * captured, so that its event shows what the probe passed, as Tetragon's
 * does (it reads the args before its actions run).
 */
static const char *const stat_names[TP_ACTSTAT__MAX] = {
#define TP_ACTSTAT_ROW(id, num, name) [TP_ACTSTAT_##id] = "TP_ACTSTAT_" #id,
	TP_ACT_STATS(TP_ACTSTAT_ROW)
#undef TP_ACTSTAT_ROW
};

void tp_emit__count_action(struct tp_emitter *e, const struct tp_lhook *lh, size_t sel,
			   enum tp_act_stat stat)
{
	tp_emitter__line(e, "tp_count_action(%d, %zu, %s);", lh->id, sel, stat_names[stat]);
}

/* Tetragon's count of an enforcing action: its monitor_ twin when policy-mode: monitor. */
static void count(struct tp_emitter *e, const struct tp_lhook *lh, size_t sel,
		  const struct tp_laction *a, enum tp_act_stat stat, enum tp_act_stat monitor)
{
	tp_emit__count_action(e, lh, sel, a->report_only ? monitor : stat);
}

bool tp_emit__is_set(const struct tp_laction *a)
{
	return a->kind == TP_ACT_SET && a->set_pos >= 0;
}

void tp_emit__set_actions(struct tp_emitter *e, const struct tp_lhook *lh, size_t sel,
			  const struct tp_laction *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!tp_emit__is_set(&a[i]))
			continue;
		count(e, lh, sel, &a[i], TP_ACTSTAT_SET, TP_ACTSTAT_MONITOR_SET);
		if (a[i].report_only)
			tp_emitter__line(e, "/* policy-mode: monitor: no Set */");
		else
			tp_emitter__line(e, "tp_usdt_set(ctx, %d, %uU);",
					 lh->hook->args[a[i].set_pos].index, a[i].set_value);
	}
}

void tp_emit__actions(struct tp_emitter *e, const struct tp_lhook *lh, size_t sel,
		      const struct tp_reads *reads, const struct tp_laction *a, size_t n)
{
	bool map_changed = false;
	size_t i;

	for (i = 0; i < n; i++) {
		switch (a[i].kind) {
		case TP_ACT_SIGKILL:
		case TP_ACT_SIGNAL:
			count(e, lh, sel, &a[i], TP_ACTSTAT_SIGNAL, TP_ACTSTAT_MONITOR_SIGNAL);
			if (a[i].report_only)
				tp_emitter__line(e, "/* policy-mode: monitor: no signal */");
			else
				send_signal(e, a[i].sig);
			break;
		case TP_ACT_OVERRIDE:
			count(e, lh, sel, &a[i], TP_ACTSTAT_OVERRIDE, TP_ACTSTAT_MONITOR_OVERRIDE);
			if (a[i].report_only)
				tp_emitter__line(e, "/* policy-mode: monitor: no override */");
			else if (!a[i].error && lh->hook->override_zero)
				tp_emitter__line(e, "rv = TP_OVERRIDE_ZERO;");
			else
				tp_emitter__line(e, "rv = %d;", a[i].error);
			break;
		case TP_ACT_FOLLOWFD:
		case TP_ACT_UNFOLLOWFD:
		case TP_ACT_COPYFD:
			if (a[i].fd_pos >= 0) {
				fd_action(e, lh, reads, &a[i], map_changed);
				map_changed = true;
			}
			break;
		case TP_ACT_TRACKSOCK:
		case TP_ACT_UNTRACKSOCK:
			if (a[i].sock_pos >= 0)
				sock_action(e, lh, &a[i]);
			break;
		case TP_ACT_NOTIFYENFORCER:
			count(e, lh, sel, &a[i], TP_ACTSTAT_NOTIFY_ENFORCER,
			      TP_ACTSTAT_MONITOR_NOTIFY_ENFORCER);
			if (a[i].report_only)
				tp_emitter__line(
				    e, "/* policy-mode: monitor: no enforcer notified */");
			else
				tp_emitter__line(e, "tp_enforcer_notify(%d, %d);", a[i].error,
						 a[i].sig);
			break;
		case TP_ACT_CLEANUPENFORCERNOTIFICATION:
			tp_emitter__line(e, "tp_enforcer_clear();");
			break;
		default:
			break; /* Post and NoPost say what the event does; Set comes later */
		}
	}
}
