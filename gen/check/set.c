// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A set's refusals. Each is a name or a piece of object-wide state that
 * Tetragon keeps per policy and one object has once:
 *   - metadata.name: Tetragon refuses a second policy of the same name
 *     (pkg/sensors/handler.go, addTracingPolicy);
 *   - the enforcer map (tp_enforcer, keyed by thread; Tetragon's enforcer_data
 *     is a policy map, MapBuilderPolicy in pkg/sensors/tracing/enforcer.go)
 *     and tp_enforcer_inline: one policy's NotifyEnforcer would make another's
 *     enforcer act;
 *   - FollowFD's map (tp_fd_follow, keyed by process and fd), which every fd
 *     arg reads;
 *   - TrackSock's map (tp_socktrack, keyed by sock; Tetragon's socktrack_map
 *     is one per policy, generickprobe.go), which every sock arg reads;
 *   - loader: true (tp_loader_calls, keyed by thread: the second pair of hooks
 *     would find the first one's call taken);
 *   - imaHash (tp_ima_held_map, keyed by thread).
 * Rate limits are kept apart: their key holds the hook's id, global in a set
 * (include/tp/ratelimit.h); so are return halves (tp_pending: thread, hook).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "set.h"

/* clang-format off */
/* X(ID, WHAT): WHAT the one object-wide thing two policies would share */
#define SHARED(X)							\
	X(ENFORCER, "enforcer map")					\
	X(FD,       "map of followed fds")				\
	X(SOCK,     "map of tracked socks")				\
	X(LOADER,   "map of loader calls in progress")			\
	X(IMA,      "map of records held for imaHash")
/* clang-format on */

enum shared {
/* clang-format off */
#define SHARED_ENUM(id, what) SH_##id,
	SHARED(SHARED_ENUM)
#undef SHARED_ENUM
	SH__N,
	/* clang-format on */
};

static const char *const shared_what[] = {
/* clang-format off */
#define SHARED_WHAT(id, what) what,
	SHARED(SHARED_WHAT)
#undef SHARED_WHAT
	/* clang-format on */
};

/* How a policy uses one shared thing: the first write and the first read, where. */
struct use {
	const char *write; /* what writes it ("FollowFD"), NULL when nothing does */
	struct tp_loc write_loc;
	const char *read; /* what only reads it ("an fd arg"), NULL when nothing does */
	struct tp_loc read_loc;
};

static void note(struct use *u, bool write, const char *what, struct tp_loc loc)
{
	if (write && !u->write) {
		u->write = what;
		u->write_loc = loc;
	} else if (!write && !u->read) {
		u->read = what;
		u->read_loc = loc;
	}
}

static void action_uses(struct use *u, const struct tp_action_spec *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (a[i].action) {
		case TP_ACT_NOTIFYENFORCER:
		case TP_ACT_CLEANUPENFORCERNOTIFICATION:
			note(&u[SH_ENFORCER], true, a[i].name, a[i].loc);
			break;
		case TP_ACT_FOLLOWFD:
		case TP_ACT_UNFOLLOWFD:
		case TP_ACT_COPYFD:
			note(&u[SH_FD], true, a[i].name, a[i].loc);
			break;
		case TP_ACT_TRACKSOCK:
		case TP_ACT_UNTRACKSOCK:
			note(&u[SH_SOCK], true, a[i].name, a[i].loc);
			break;
		default:
			break;
		}
		if (a[i].ima_hash)
			note(&u[SH_IMA], true, "imaHash", a[i].ima_hash_loc);
	}
}

static void arg_uses(struct use *u, const struct tp_arg *a)
{
	if (a->type == TP_ARG_FD)
		note(&u[SH_FD], false, "an fd arg", a->type_loc);
	if (a->type == TP_ARG_SOCK || a->type == TP_ARG_SOCKET)
		note(&u[SH_SOCK], false, "a sock arg", a->type_loc);
}

static void policy_uses(const struct tp_policy *p, struct use *u)
{
	size_t i, j;

	memset(u, 0, SH__N * sizeof(*u));
	for (i = 0; i < p->nhooks; i++) {
		const struct tp_hook *h = &p->hooks[i];

		if (h->kind == TP_HOOK_ENFORCER)
			note(&u[SH_ENFORCER], true, "spec.enforcers", h->loc);
		if (h->kind == TP_HOOK_LOADER)
			note(&u[SH_LOADER], true, "loader: true", h->loc);
		if (h->ret_arg_action)
			note(&u[SH_SOCK], true, "returnArgAction", h->loc);
		if (h->has_ret_arg)
			arg_uses(u, &h->ret_arg);
		for (j = 0; j < h->nargs; j++)
			arg_uses(u, &h->args[j]);
		for (j = 0; j < h->nselectors; j++) {
			action_uses(u, h->selectors[j].actions, h->selectors[j].nactions);
			action_uses(u, h->selectors[j].ret_actions, h->selectors[j].nret_actions);
		}
	}
}

/* Policy b uses what a writes, or writes what a uses: report it at b's use. */
static int clash(const struct tp_policy *a, const struct use *ua, const struct tp_policy *b,
		 const struct use *ub, enum shared s, struct tp_diag *db)
{
	const char *what = ub->write ? ub->write : ub->read;
	struct tp_loc loc = ub->write ? ub->write_loc : ub->read_loc;
	const char *theirs = ua->write ? ua->write : ua->read;

	if (!(ua->write && (ub->write || ub->read)) && !(ub->write && ua->read))
		return 0;
	tp_diag__error(db, loc,
		       "%s is not supported in a set with policy '%s' (%s), which has %s: one "
		       "object has one %s, and the two policies would act on each other's",
		       what, a->name ? a->name : "", a->path ? a->path : "?", theirs,
		       shared_what[s]);
	return 1;
}

int tp_set__check(struct tp_policy *const *ps, size_t n, struct tp_diag *ds)
{
	struct use(*uses)[SH__N];
	size_t i, j;
	int errors = 0, s;

	if (n < 2)
		return 0;
	uses = calloc(n, sizeof(*uses));
	if (!uses) {
		tp_diag__error(&ds[0], ps[0]->loc, "out of memory");
		return 1;
	}
	for (i = 0; i < n; i++)
		policy_uses(ps[i], uses[i]);
	for (i = 1; i < n; i++) {
		for (j = 0; j < i; j++) {
			if (ps[i]->name && ps[j]->name && !strcmp(ps[i]->name, ps[j]->name)) {
				tp_diag__error(&ds[i], ps[i]->name_loc,
					       "policy name '%s' is already the name of %s: two "
					       "policies of one name in a set are not supported "
					       "(Tetragon refuses a second policy of a name)",
					       ps[i]->name, ps[j]->path ? ps[j]->path : "?");
				errors++;
			}
			for (s = 0; s < SH__N; s++)
				errors += clash(ps[j], &uses[j][s], ps[i], &uses[i][s], s, &ds[i]);
		}
	}
	free(uses);
	return errors;
}
