// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Actions: what each needs (argSig, argError, argFd...) and where it may stand. */
#include <stdint.h>
#include <string.h>

#include <tp/ratelimit.h>

#include "checker.h"
#include "values.h"

static bool in_ret_actions(const struct tp_hook *h, const struct tp_action_spec *act)
{
	size_t i;

	for (i = 0; i < h->nselectors; i++) {
		const struct tp_selector *s = &h->selectors[i];

		if (s->nret_actions && act >= s->ret_actions &&
		    act < s->ret_actions + s->nret_actions)
			return true;
	}
	return false;
}

/*
 * Resolve argFd or argName (key) to a position; want_fd: the arg must hold a
 * descriptor (an integer or an fd), else name a file. -1 when it names none
 * (reported).
 */
static int named_arg(struct checker *c, const struct tp_action_spec *act, const char *key,
		     int index, bool want_fd)
{
	const char *name = act->name ? act->name : "?";
	int pos = tp_check__arg_pos(c->h, index);
	const struct tp_arg *a;
	enum tp_arg_class cl;

	if (pos < 0) {
		hook_err(c, act->loc, "action '%s': %s %d does not name an arg of this hook", name,
			 key, index);
		return -1;
	}
	a = &c->h->args[pos];
	cl = tp_arg_type__class(a->type);
	if (a->resolve && *a->resolve) /* Tetragon's fd actions take the arg's own value */
		hook_err(c, act->loc, "action '%s': %s %d names an arg with resolve: not supported",
			 name, key, index);
	if (a->type == TP_ARG_NONE)
		return pos; /* the arg's own error says why */
	if (want_fd && cl != TP_ACL_INT && a->type != TP_ARG_FD)
		hook_err(
		    c, act->loc,
		    "action '%s': %s %d names a '%s' arg, not a file descriptor (an integer or "
		    "%s)",
		    name, key, index, tp_check__type_name(a), tp_arg_type__name(TP_ARG_FD));
	else if (!want_fd && !tp_arg_type__has(a->type, TP_ARGF_FILE))
		hook_err(c, act->loc,
			 "action '%s': %s %d names a '%s' arg: it must name a file (%s)", name, key,
			 index, tp_check__type_name(a),
			 tp_arg_type__names(TP_ACL_NONE, TP_ARGF_FILE));
	return pos;
}

static void check_fd_action(struct checker *c, struct tp_action_spec *act)
{
	const char *name = act->name ? act->name : "?";

	act->fd_pos = act->name_pos = -1;
	if (in_ret_actions(c->h, act)) {
		hook_err(c, act->loc, "action '%s' is not supported in matchReturnActions", name);
		return;
	}
	if (!act->has_arg_fd) {
		hook_err(c, act->loc, "action '%s' needs argFd", name);
		return;
	}
	act->fd_pos = named_arg(c, act, "argFd", act->arg_fd, true);
	if (act->action == TP_ACT_UNFOLLOWFD)
		return; /* Tetragon's examples give UnfollowFD an argName it does not use */
	if (!act->has_arg_name) {
		hook_err(c, act->loc, "action '%s' needs argName", name);
		return;
	}
	act->name_pos = named_arg(c, act, "argName", act->arg_name, act->action == TP_ACT_COPYFD);
}

/*
 * TrackSock and UntrackSock: argSock names a sock or socket arg, whose sock
 * Tetragon's tracksock (bpf/process/types/basic.h) keys its socktrack_map by.
 * Built on kprobes, in matchActions.
 */
static void check_sock_action(struct checker *c, struct tp_action_spec *act)
{
	const char *name = act->name ? act->name : "?";
	const struct tp_arg *a;
	struct tp_loc at;

	act->sock_pos = -1;
	if (c->h->kind != TP_HOOK_KPROBE) {
		hook_err(c, act->loc, "action '%s' is not supported on %s yet", name,
			 c->h->kind == TP_HOOK_LSM ? "lsmhooks" : "tracepoints");
		return;
	}
	if (in_ret_actions(c->h, act)) {
		hook_err(c, act->loc,
			 "action '%s' is not supported in matchReturnActions (returnArgAction "
			 "tracks the returned sock)",
			 name);
		return;
	}
	if (!act->has_arg_sock) /* Tetragon's ArgSock is a uint32 the CRD leaves at 0 */
		act->arg_sock = 0;
	at = act->has_arg_sock ? act->param_loc[TP_AP_ARG_SOCK] : act->loc;
	act->sock_pos = tp_check__arg_pos(c->h, act->arg_sock);
	if (act->sock_pos < 0) {
		hook_err(c, at, "action '%s': argSock %d does not name an arg of this hook", name,
			 act->arg_sock);
		return;
	}
	a = &c->h->args[act->sock_pos];
	if (a->type == TP_ARG_NONE)
		return; /* the arg's own error says why */
	if (a->resolve && *a->resolve)
		hook_err(c, at, "action '%s': argSock %d names an arg with resolve: not supported",
			 name, act->arg_sock);
	else if (a->type != TP_ARG_SOCK && a->type != TP_ARG_SOCKET)
		hook_err(c, at, "action '%s': argSock %d names a '%s' arg, not a %s or %s", name,
			 act->arg_sock, tp_check__type_name(a), tp_arg_type__name(TP_ARG_SOCK),
			 tp_arg_type__name(TP_ARG_SOCKET));
}

/*
 * kernelStackTrace and userStackTrace: Post on kprobes only. Tetragon refuses
 * them on another action (pkg/sensors/tracing/generickprobe.go) and on LSM
 * hooks (genericlsm.go); its tracepoint and return events have no field for
 * them, so it drops them there: refused here, not ignored.
 */
static void check_stack(struct checker *c, const struct tp_action_spec *act)
{
	const char *name = act->name ? act->name : "?";
	const char *key = act->kernel_stack ? "kernelStackTrace" : "userStackTrace";

	if (act->action != TP_ACT_POST)
		hook_err(c, act->stack_loc,
			 "action '%s': kernelStackTrace or userStackTrace can only be used along "
			 "Post action",
			 name);
	else if (c->h->kind == TP_HOOK_LSM)
		hook_err(c, act->stack_loc, "stacktrace actions are not supported");
	else if (c->h->kind == TP_HOOK_UPROBE || c->h->kind == TP_HOOK_USDT)
		hook_err(c, act->stack_loc,
			 "%s is not supported on %s (Tetragon's %s events carry no stack trace)",
			 key, c->h->kind == TP_HOOK_USDT ? "usdts" : "uprobes",
			 c->h->kind == TP_HOOK_USDT ? "usdt" : "uprobe");
	else if (c->h->kind == TP_HOOK_TRACEPOINT)
		hook_err(c, act->stack_loc,
			 "%s is not supported on tracepoints (Tetragon's tracepoint events carry "
			 "no stack trace)",
			 key);
	else if (in_ret_actions(c->h, act))
		hook_err(c, act->stack_loc,
			 "%s is not supported in matchReturnActions (Tetragon's event keeps the "
			 "entry's stack)",
			 key);
}

/*
 * A rateLimit window in ms, as Tetragon's parseRateLimit (pkg/selectors/
 * kernel.go) reads it: a decimal count below 2^32, in seconds, or with an
 * s, m or h suffix (any case); the window is capped at 2^32 - 1 ms.
 */
static bool parse_rate_limit(const char *s, uint32_t *ms)
{
	size_t i, len = strlen(s);
	uint64_t n = 0, mult = 1;

	switch (len ? s[len - 1] : 0) {
	case 'h':
	case 'H':
		mult = 3600;
		len--;
		break;
	case 'm':
	case 'M':
		mult = 60;
		len--;
		break;
	case 's':
	case 'S':
		len--;
		break;
	}
	if (!len)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		n = n * 10 + (uint64_t)(s[i] - '0');
		if (n > UINT32_MAX)
			return false;
	}
	n *= mult * 1000;
	*ms = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
	return true;
}

static int rate_limit_scope(const char *s)
{
	static const char *const names[TP_RL__MAX] = {
/* clang-format off */
#define TP_RL_SCOPE_NAME(id, name) [TP_RL_##id] = name,
		TP_RL_SCOPES(TP_RL_SCOPE_NAME)
#undef TP_RL_SCOPE_NAME
		/* clang-format on */
	};
	int i;

	for (i = 0; i < TP_RL__MAX; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

static const char *quoted(const char *s, char *buf, size_t size)
{
	struct tp_value v = { .str = (char *)s, .len = strlen(s) };

	tp_value__quote(&v, buf, size);
	return buf;
}

/*
 * rateLimit and rateLimitScope. Tetragon reads them only when rateLimit is
 * set (an empty one is unset) and then refuses them on any action but Post;
 * a window of 0 limits nothing.
 */
static void check_rate_limit(struct checker *c, struct tp_action_spec *act)
{
	const char *name = act->name ? act->name : "?";
	char q[128];

	bool limit = act->rate_limit && *act->rate_limit;
	/* an empty scope is Tetragon's default, thread */
	bool has_scope = act->rate_limit_scope && *act->rate_limit_scope;
	int scope = has_scope ? rate_limit_scope(act->rate_limit_scope) : TP_RL_THREAD;

	act->rate_limit_ms = 0;
	act->rate_limit_scope_id = scope < 0 ? TP_RL_THREAD : scope;
	if (limit && act->action != TP_ACT_POST)
		hook_err(c, act->rate_limit_loc, "action '%s': rateLimit applies to Post only",
			 name);
	else if (limit && in_ret_actions(c->h, act))
		hook_err(c, act->rate_limit_loc,
			 "action '%s': rateLimit is not supported in matchReturnActions", name);
	else if (limit && !parse_rate_limit(act->rate_limit, &act->rate_limit_ms))
		hook_err(c, act->rate_limit_loc,
			 "action '%s': rateLimit '%s' is not a duration (a whole number of "
			 "seconds, or of s, m or h)",
			 name, quoted(act->rate_limit, q, sizeof(q)));
	if (scope < 0)
		hook_err(c, act->rate_limit_scope_loc,
			 "action '%s': rateLimitScope '%s' is not thread, process or global", name,
			 quoted(act->rate_limit_scope, q, sizeof(q)));
	else if (has_scope && !limit)
		/* Tetragon ignores it then; tpgen never accepts and ignores */
		hook_err(c, act->rate_limit_scope_loc,
			 "action '%s': rateLimitScope is not supported without rateLimit", name);
}

/*
 * A parameter its action does not read is refused at its key: Tetragon
 * ignores it, which hides a mistake (docs/differences.md).
 */
static void check_params(struct checker *c, const struct tp_action_spec *act)
{
	const char *name = act->name ? act->name : "?";
	char readers[128];
	unsigned int p;

	for (p = 0; p < TP_AP__N; p++) {
		if (!(act->params & (1u << p)) || tp_action_param__read_by(p, act->action))
			continue;
		if (!*tp_action_param__readers(p, readers, sizeof(readers)))
			hook_err(c, act->param_loc[p],
				 "%s is not supported (Tetragon reads it only for Override on "
				 "uprobes, which tpgen does not build yet)",
				 tp_action_param__key(p));
		else
			hook_err(c, act->param_loc[p],
				 "%s is not supported with action '%s': only %s reads it",
				 tp_action_param__key(p), name, readers);
	}
}

/*
 * Set: argValue into the USDT argument that args[argIndex] reads, argIndex a
 * position in args, not an arg's index (Tetragon's do_set_action in
 * bpf/process/generic_calls.h, and addUsdt in genericusdt.go, which also
 * wants the probe to keep that argument in 4 bytes of memory: tprun checks
 * the notes when it attaches). Tetragon accepts Set on its other hooks and
 * does nothing there: refused here.
 */
static void check_set(struct checker *c, struct tp_action_spec *act)
{
	static const char *const kinds[] = {
		[TP_HOOK_KPROBE] = "kprobes",
		[TP_HOOK_TRACEPOINT] = "tracepoints",
		[TP_HOOK_LSM] = "lsmhooks",
		[TP_HOOK_UPROBE] = "uprobes",
	};
	const char *name = act->name ? act->name : "?";
	struct tp_loc at =
	    (act->params & (1u << TP_AP_ARG_INDEX)) ? act->param_loc[TP_AP_ARG_INDEX] : act->loc;

	act->set_pos = -1;
	if (c->h->kind != TP_HOOK_USDT)
		hook_err(c, act->loc,
			 "action '%s' is not supported on %s: Tetragon's Set writes a USDT "
			 "argument, and does nothing elsewhere",
			 name, kinds[c->h->kind]);
	else if (in_ret_actions(c->h, act))
		hook_err(c, act->loc, "action '%s' is not supported in matchReturnActions", name);
	else if ((size_t)act->arg_index >= c->h->nargs)
		hook_err(c, at,
			 "action '%s': argIndex %d is not a position in args (the hook has %zu)",
			 name, act->arg_index, c->h->nargs);
	else if (c->h->args[act->arg_index].resolve && *c->h->args[act->arg_index].resolve)
		/* Tetragon writes the probe's argument itself, never the resolved field */
		hook_err(c, at, "action '%s': argIndex %d names an arg with resolve: not supported",
			 name, act->arg_index);
	else
		act->set_pos = act->arg_index;
}

/* what a uprobe does here: the actions that need no kernel function or file */
static bool uprobe_action(enum tp_action a)
{
	return a == TP_ACT_POST || a == TP_ACT_SIGKILL || a == TP_ACT_SIGNAL || a == TP_ACT_NOPOST;
}

void tp_check__action(struct checker *c, struct tp_action_spec *act)
{
	const char *name = act->name ? act->name : "?";

	check_rate_limit(c, act);

	if (!tp_action__built(act->action)) {
		hook_err(c, act->loc, "action '%s' is not supported yet", name);
		return;
	}
	check_params(c, act);
	if (act->action == TP_ACT_SET) {
		check_set(c, act);
		return;
	}
	if ((c->h->kind == TP_HOOK_UPROBE || c->h->kind == TP_HOOK_USDT) &&
	    !uprobe_action(act->action)) {
		hook_err(c, act->loc,
			 "action '%s' is not supported on %s yet (Post, Sigkill, Signal and "
			 "NoPost are)",
			 name, c->h->kind == TP_HOOK_USDT ? "usdts" : "uprobes");
		return;
	}
	if (act->kernel_stack || act->user_stack)
		check_stack(c, act);
	switch (act->action) {
	case TP_ACT_OVERRIDE:
		if (in_ret_actions(c->h, act))
			/* the function has returned: nothing is left to override */
			hook_err(c, act->loc, "action '%s' is not supported in matchReturnActions",
				 name);
		else if (c->h->kind == TP_HOOK_TRACEPOINT)
			hook_err(c, act->loc, "action '%s' cannot be used on tracepoints", name);
		else if (c->h->nfuncs)
			hook_err(c, act->loc, "action '%s' is not supported on list hooks", name);
		else if (c->h->kind == TP_HOOK_KPROBE && !c->h->syscall &&
			 strncmp(c->h->call, "security_", 9))
			/* Tetragon's validateOverride (pkg/sensors/tracing/generickprobe.go) */
			hook_err(c, act->loc,
				 "action '%s' can be used only with syscalls and security_ hooks, "
				 "as in Tetragon",
				 name);
		else if (!act->arg_error && c->h->kind == TP_HOOK_KPROBE && c->h->syscall &&
			 (c->h->fentry || c->h->override_method == TP_OVERRIDE_FMOD_RET))
			hook_err(c, act->loc,
				 "action '%s' with argError 0 skips a syscall only through "
				 "bpf_override_return, which %s leaves out",
				 name,
				 c->h->fentry ? "a fentries hook" : "override-method fmod-ret");
		else if (c->h->kind == TP_HOOK_LSM &&
			 (act->arg_error > 0 || act->arg_error < -4095))
			/* the kernel takes 0 or -errno from a BPF LSM program */
			hook_err(c, act->loc,
				 "action '%s': argError %d is not an error number (-4095 to 0), "
				 "which an LSM hook must return",
				 name, act->arg_error);
		else if (!c->h->monitor) { /* monitor: reported, not enforced */
			/*
			 * argError is optional, 0 by default; on a syscall, Tetragon's
			 * kprobe still skips the call and returns 0
			 * (generic_kprobe_override); on a function fmod_ret changes, 0 lets
			 * it run (as an LSM hook's 0 allows)
			 */
			c->h->override = true;
			c->h->override_zero |=
			    !act->arg_error && c->h->kind == TP_HOOK_KPROBE && c->h->syscall;
		}
		break;
	case TP_ACT_SIGNAL:
		if (!act->has_arg_sig)
			hook_err(c, act->loc, "action '%s' needs argSig", name);
		else if (act->arg_sig < 1 || act->arg_sig > TP_SIG_MAX)
			hook_err(c, act->loc,
				 "action '%s': argSig %d is not a signal number (1 to %d)", name,
				 act->arg_sig, TP_SIG_MAX);
		break;
	case TP_ACT_FOLLOWFD:
	case TP_ACT_UNFOLLOWFD:
	case TP_ACT_COPYFD:
		check_fd_action(c, act);
		break;
	case TP_ACT_TRACKSOCK:
	case TP_ACT_UNTRACKSOCK:
		check_sock_action(c, act);
		break;
	case TP_ACT_GETURL:
	case TP_ACT_DNSLOOKUP:
		tp_check__user_action(c, act, in_ret_actions(c->h, act));
		break;
	case TP_ACT_NOTIFYENFORCER:
	case TP_ACT_CLEANUPENFORCERNOTIFICATION:
		tp_check__notify_enforcer(c, act);
		break;
	case TP_ACT_POST:
	case TP_ACT_SIGKILL:
	case TP_ACT_NOPOST:
		break;
	default:
		hook_err(c, act->loc, "action '%s' is not supported yet", name);
		break;
	}
}
