/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Inside the checker: its state, the shared helpers of checker.c, and the
 * part each file checks. check.c drives them hook by hook.
 */
#ifndef TP_CHECKER_H
#define TP_CHECKER_H

#include "check.h"
#include "kbtf.h"

#define TP_SYS_KTYPES 6 /* a syscall's arguments */

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
	char *what;		     /* "kprobe 'sys_openat'", "tracepoint 'sched/x'" */
	int sys_nargs;		     /* syscall hooks: arguments per tracefs, -1 unknown */
	struct tp_kfunc_proto proto; /* kernel-function and LSM hooks: from BTF */
	bool have_proto;	     /* proto is known (else: no BTF, not checked) */
	struct tp_hook_options opts; /* spec.options, checked once */
	/* syscall hooks: their argument types as declared ("unsigned int"), "" unknown */
	char sys_ktypes[TP_SYS_KTYPES][64];
	/* list hooks: the args (bit = position) to check against each function of the list */
	uint64_t list_typed;
};

/* every hook-level message starts with the hook it is about */
#define hook_err(c, loc, fmt, ...)  tp_diag__error((c)->d, loc, "%s: " fmt, (c)->what, ##__VA_ARGS__)
#define hook_warn(c, loc, fmt, ...) tp_diag__warn((c)->d, loc, "%s: " fmt, (c)->what, ##__VA_ARGS__)

/* checker.c: loc, or fallback when loc is unknown (line 0). */
struct tp_loc tp_check__loc(struct tp_loc loc, struct tp_loc fallback);
/* `type: auto` (or no type). */
bool tp_check__is_auto(const struct tp_arg *a);
/* The arg's type as written, for messages. */
const char *tp_check__type_name(const struct tp_arg *a);
bool tp_check__is_syscall_kprobe(const struct tp_hook *h);
/* "arg N", or "data N" for a data entry, in buf, for messages. */
const char *tp_check__arg_label(const struct tp_arg *a, char buf[24]);
/* The arg declared with index, NULL when none is. */
const struct tp_arg *tp_check__arg_by_index(const struct tp_hook *h, int index);
/* The position in args of the arg an action (or a kprobe's matchArgs) names by index, or -1. */
int tp_check__arg_pos(const struct tp_hook *h, int index);

/*
 * selectors.c: the position in args of the arg matchArgs entry m filters: args[0]
 * when args: is written (a position, as Tetragon's argIndexTypeFromArgs reads it),
 * else the one its index names; -1 when none.
 */
int tp_check__match_pos(const struct tp_hook *h, const struct tp_match_arg *m);
/* Does matchArgs entry m read arg a (its first arg or, CapabilitiesGained, its second)? */
bool tp_check__match_names(const struct tp_hook *h, const struct tp_match_arg *m,
			   const struct tp_arg *a);

/* tracepoint.c: the position a tracepoint's matchArgs index names (Tetragon's rewrite), or -1. */
int tp_check__tp_match_pos(const struct tp_hook *h, int index);

/* syscall.c: "sys_openat" -> "openat", "__x64_sys_openat" (0, or -1 reported). */
int tp_check__syscall_name(struct checker *c, const char *call, char **syscall_name,
			   char **function_name);
/*
 * syscall.c: a syscall kprobe's target, its arity and its argument types from
 * tracefs (c->sys_nargs, c->sys_ktypes), else from BTF.
 */
void tp_check__syscall_target(struct checker *c);

/* syscall_nrs.c: a syscalls list entry's number as Tetragon's SyscallVal.ID reads it, -1 unknown */
int64_t tp_check__syscall_nr(const struct checker *c, const char *v);
/* The ABIs whose names tp_check__syscall_nr takes, for messages: "x64, i386", "arm64". */
const char *tp_check__syscall_abis(const struct checker *c);
/*
 * The generated_syscalls list, as btf.GetSyscallsList (pkg/btf/validation.go)
 * makes it: each x64 syscall whose function (arch prefix, "sys_", name) is in
 * the target's BTF, given to fn with its number; -1 (reported at loc, for list)
 * without BTF or when fn fails.
 */
int tp_check__generated_syscalls(struct checker *c, struct tp_loc loc, const char *list,
				 int (*fn)(const char *sym, int nr, void *arg), void *arg);
/*
 * syscall.c: the argument types of syscall name ("openat") as its source
 * declares them, from tracefs, else from BTF: 0, or -1 when neither says.
 */
int tp_check__sys_proto(struct checker *c, const char *name, struct tp_kfunc_proto *pr);

/*
 * kfunc.c: targets of kernel-function (syscall: false), LSM and list hooks;
 * fills function_name, funcs and c->proto.
 */
/* kfunc.c: a kernel symbol's characters (letters, digits, _ and the . of .isra clones) */
bool tp_check__valid_ident(const char *s);
void tp_check__kfunc_target(struct checker *c);
void tp_check__lsm_target(struct checker *c);
void tp_check__list_target(struct checker *c);
/* enforcer.c: an enforcer's function (syscall or security_*) into function_name */
void tp_check__enforcer_target(struct checker *c);
/* enforcer.c: NotifyEnforcer's argError, argSig, and the enforcer it needs */
void tp_check__notify_enforcer(struct checker *c, const struct tp_action_spec *act);
/* enforcer.c: once every hook is checked, whether the enforcers only signal */
void tp_check__enforcers(struct tp_policy *p, bool monitor);
/* loader.c: loader: true, the mmap syscall's tracepoints it attaches to */
void tp_check__loader(struct checker *c);
/* uprobes: path, symbols or offsets into h->funcs */
void tp_check__uprobe_target(struct checker *c);
/* usdts: path, provider and name */
void tp_check__usdt_target(struct checker *c);

/* options.c: spec.options into c->opts, once per policy. */
void tp_check__options(struct checker *c);

/* args.c: an arg's type where it stands (false: no type to use), and index reuse. */
bool tp_check__arg_type(struct checker *c, struct tp_arg *a);
void tp_check__dup_index(struct checker *c, size_t i);
/* args.c: the args of kprobes and LSM hooks, and the return arg. */
void tp_check__kprobe_args(struct checker *c);
void tp_check__return_arg(struct checker *c);
/* args.c: data entries read from pt_regs, on a hook with a variant that has pt_regs. */
void tp_check__reg_data(struct checker *c);

/* arg_keys.c: returnCopy and maxData, where the hook and the arg's type allow them. */
void tp_check__arg_keys(struct checker *c);
/* ima.c: imaHash on Post actions of lsmhooks (marks the hook), refused elsewhere. */
void tp_check__ima_hash(struct checker *c);
/*
 * arg_btf.c: a kprobe's declared arg (of a type usable there) and return
 * types against the kernel's (c->proto, c->sys_ktypes), as Tetragon's BTF
 * validation does.
 */
void tp_check__arg_ktype(struct checker *c, const struct tp_arg *a);
/* arg_btf.c: 1: ktype fits t; 0: it does not; -1: t has no rows (not checked). */
int tp_check__ktype_fits(enum tp_arg_type t, const char *ktype);

/*
 * resolve.c: an arg's resolve, btfType and btfTypeModule: the path against
 * BTF (a->res) and the type its end is read as (a->type).
 */
bool tp_check__has_resolve_keys(const struct tp_arg *a);
void tp_check__resolve(struct checker *c, struct tp_arg *a);
void tp_check__ret_ktype(struct checker *c);

/* tracepoint.c: a tracepoint hook's event and args. */
void tp_check__tracepoint(struct checker *c);

/* selectors.c: one selector, its filters and (actions.c) its actions. */
void tp_check__selector(struct checker *c, struct tp_selector *s);
/* nscaps.c: matchNamespaces and matchCapabilities. */
void tp_check__nscaps(struct checker *c, struct tp_selector *s);
void tp_check__action(struct checker *c, struct tp_action_spec *act);
/* GetUrl and DnsLookup (user_action.c); in_ret: it stands in matchReturnActions. */
void tp_check__user_action(struct checker *c, struct tp_action_spec *act, bool in_ret);

/*
 * net.c: a matchArgs entry whose operator is a network one or whose arg is a
 * sock, socket, skb or sockaddr (a is NULL when the index names no arg).
 */
void tp_check__net_match(struct checker *c, struct tp_match_arg *m, const struct tp_arg *a,
			 const char *label);

/*
 * kobj.c: a matchArgs entry on a kernel-object arg (true when the arg is one:
 * capability sets and capability take integer operators with capability
 * names, the others none).
 */
bool tp_check__kobj_match(struct checker *c, struct tp_match_arg *m, const struct tp_arg *a,
			  const char *label);

/*
 * ranges.c: the values of InMap, NotInMap, InRange or NotInRange on integer
 * arg a, parsed into num..num_hi (list:NAME values replaced by its numbers).
 */
void tp_check__range_values(struct checker *c, struct tp_match_arg *m, const struct tp_arg *a,
			    const char *label);

/* filetype.c: the values of FileType or NotFileType on arg a (file or path only). */
void tp_check__file_type_values(struct checker *c, struct tp_match_arg *m, const struct tp_arg *a,
				const char *label);

#endif /* TP_CHECKER_H */
