/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Inside the checker: its state, shared by check.c and check_kfunc.c. */
#ifndef TP_CHECK_PRIV_H
#define TP_CHECK_PRIV_H

#include "check.h"
#include "kbtf.h"

/* What spec.options say, for every hook. */
struct tp_hook_options {
	bool no_kprobe_multi;
	enum tp_override_method override_method;
	bool monitor;
};

struct checker {
	struct tp_policy *p;
	const struct tp_target *t;
	struct tp_diag *d;
	bool warned_no_syscalls;
	/* the hook being checked */
	struct tp_hook *h;
	char *what;		/* "kprobe 'sys_openat'", "tracepoint 'sched/sched_process_exec'" */
	int sys_nargs;		/* syscall hooks: arguments per tracefs, -1 unknown */
	struct tp_kfunc_proto proto;	/* kernel-function and LSM hooks: from BTF */
	bool have_proto;		/* proto is known (else: no BTF, not checked) */
	struct tp_hook_options opts;	/* spec.options, checked once */
};

/* every hook-level message starts with the hook it is about */
#define hook_err(c, loc, fmt, ...) \
	tp_diag__error((c)->d, loc, "%s: " fmt, (c)->what, ##__VA_ARGS__)
#define hook_warn(c, loc, fmt, ...) \
	tp_diag__warn((c)->d, loc, "%s: " fmt, (c)->what, ##__VA_ARGS__)

/*
 * check_kfunc.c: targets of kernel-function (syscall: false), LSM and list
 * hooks; fills function_name, funcs and c->proto.
 */
void tp_check__kfunc_target(struct checker *c);
void tp_check__lsm_target(struct checker *c);
void tp_check__list_target(struct checker *c);
/* spec.options into c->opts, once per policy. */
void tp_check__options(struct checker *c);

/*
 * check_net.c: a matchArgs entry whose operator is a network one (SPort ...
 * State) or whose arg is a sock, socket, skb or sockaddr (a is NULL when the
 * index names no arg).
 */
void tp_check__net_match(struct checker *c, struct tp_match_arg *m, const struct tp_arg *a,
			 const char *label);

/*
 * check_kobj.c: a matchArgs entry on a kernel-object arg (true when the arg is
 * one: capability sets and capability take integer operators with capability
 * names, the others none).
 */
bool tp_check__kobj_match(struct checker *c, struct tp_match_arg *m, const struct tp_arg *a,
			  const char *label);

/*
 * check_file.c: FollowFD, UnfollowFD and CopyFD: argFd and argName name
 * args of the right kinds (fills act->fd_pos and act->name_pos).
 */
void tp_check__fd_action(struct checker *c, struct tp_action_spec *act);

/* check.c: the syscall-name part of a syscall target, shared with lists. */
int tp_check__syscall_name(struct checker *c, const char *call, char **syscall_name,
			   char **function_name);

#endif /* TP_CHECK_PRIV_H */
