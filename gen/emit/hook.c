// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A hook: its filters as functions, its bodies, and one program per attach variant. */
#include <stdio.h>

#include "parts.h"
#include "variants.h"

/* "hook 0, selector 1, matchArgs[0]: arg 1 (string), Prefix, 2 values" */
static const char *arg_what(char *buf, size_t len, const struct tp_lhook *lh, size_t s,
			    const char *list, int index, int pos, enum tp_op op, size_t nvalues)
{
	const struct tp_hook *h = lh->hook;
	enum tp_arg_type t = pos >= 0 ? h->args[pos].type : h->ret_arg.type;
	char arg[32];

	if (pos >= 0)
		snprintf(arg, sizeof(arg), "arg %d", h->args[pos].index);
	else
		snprintf(arg, sizeof(arg), "the return value");
	snprintf(buf, len, "hook %d, selector %zu, %s[%d]: %s (%s), %s, %zu value%s", lh->id, s,
		 list, index, arg, tp_arg_type__name(t), tp_op__info(op)->name, nvalues,
		 nvalues == 1 ? "" : "s");
	return buf;
}

static size_t filter_values(const struct tp_lfilter *f)
{
	return f->nstrs ? f->nstrs : f->nnums + f->nspans;
}

static size_t net_values(const struct tp_lnet *f)
{
	return f->nranges + f->nv4 + f->nv6;
}

/* Every filter of the reachable selectors, as functions. */
static void filter_fns(struct tp_emitter *e, const struct tp_lhook *lh, size_t nsels)
{
	char name[TP_NAME_MAX], what[TP_NAME_MAX];
	size_t s, i, l;

	for (s = 0; s < nsels; s++) {
		const struct tp_lselector *ls = &lh->sels[s];
		const struct {
			const struct tp_lfilter *f;
			size_t n;
			const char *list; /* as the policy names it */
			const char *fn;	  /* in the function's name */
		} lists[] = {
			{ ls->ints, ls->nints, "matchArgs", "match" },
			{ ls->strs, ls->nstrs, "matchArgs", "match" },
			{ ls->rets, ls->nrets, "matchReturnArgs", "return" },
		};

		for (i = 0; i < ls->npids; i++) {
			const struct tp_lpid *p = &ls->pids[i];

			if (p->follow)
				continue; /* a process-table bit */
			snprintf(what, sizeof(what),
				 "hook %d, selector %zu, matchPIDs[%d]: %s, %zu pid%s%s", lh->id, s,
				 p->index, tp_op__info(p->negate ? TP_OP_NOT_IN : TP_OP_IN)->name,
				 p->npids, p->npids == 1 ? "" : "s",
				 p->ns ? " in their namespace" : "");
			tp_emit__filter_name(name, sizeof(name), lh, s, "pids", p->index);
			tp_emit__pids_fn(e, name, what, p);
		}
		for (l = 0; l < ARRAY_SIZE(lists); l++)
			for (i = 0; i < lists[l].n; i++) {
				const struct tp_lfilter *f = &lists[l].f[i];

				arg_what(what, sizeof(what), lh, s, lists[l].list, f->index,
					 f->arg_pos, f->op, filter_values(f));
				tp_emit__filter_name(name, sizeof(name), lh, s, lists[l].fn,
						     f->index);
				tp_emit__filter_fn(e, name, what, f);
			}
		for (i = 0; i < ls->nnets; i++) {
			const struct tp_lnet *f = &ls->nets[i];

			arg_what(what, sizeof(what), lh, s, "matchArgs", f->index, f->arg_pos,
				 f->op, net_values(f));
			tp_emit__filter_name(name, sizeof(name), lh, s, "match", f->index);
			tp_emit__net_fn(e, name, what, f);
		}
		tp_emit__nscaps_fns(e, lh, s);
	}
}

static int program(struct tp_emitter *e, const struct tp_lhook *lh, const struct tp_prog_spec *p,
		   const struct tp_template *tmpl)
{
	char prog[64], enter[64], exit[64];
	const char *holes[] = { "TP_PROG", prog, "TP_ENTER", enter, "TP_EXIT", exit, NULL };

	snprintf(prog, sizeof(prog), TP_PROG_FMT, lh->id, p->name);
	snprintf(enter, sizeof(enter), lh->fused ? "tp_g%d_enter" : "tp_h%d_enter", lh->id);
	snprintf(exit, sizeof(exit), "tp_h%d_exit", lh->id);
	return tp_template__emit(tmpl, p->section, holes, e);
}

static const char *hook_kind(const struct tp_hook *h)
{
	if (h->kind == TP_HOOK_TRACEPOINT)
		return h->raw ? "raw tracepoint" : "tracepoint";
	if (h->kind == TP_HOOK_LSM)
		return "LSM hook";
	if (h->kind == TP_HOOK_UPROBE)
		return "uprobe";
	if (h->kind == TP_HOOK_USDT)
		return "usdt";
	if (h->kind == TP_HOOK_ENFORCER)
		return h->syscall ? "enforcer on a syscall" : "enforcer on a security function";
	if (h->kind == TP_HOOK_LOADER)
		return "loader";
	if (h->nfuncs)
		return h->syscall ? "kprobe on a list of syscalls"
				  : "kprobe on a list of functions";
	return h->syscall ? "kprobe on a syscall" : "kprobe on a kernel function";
}

/*
 * Each variant's program runs the same body, which differs only in how it
 * reads an arg (tp_sys_arg's and tp_kf_arg's variant, a constant of the
 * caller): compiled once as a subprogram, not once inlined into each (what
 * that saves a compile and costs an event: docs/architecture.md). The
 * verifier checks a static subprogram with its caller's registers, the
 * variant among them, as it would the inlined body. An enforcer's body, one
 * call, stays inlined.
 */
const char *tp_emit__enter_decl(const struct tp_lhook *lh)
{
	size_t n;

	tp_variants__of(lh->hook, &n);
	return n > 1 && lh->hook->kind != TP_HOOK_ENFORCER ? "TP_SUBPROG"
							   : "static __always_inline";
}

/* Every variant's programs of hook lh (a group's leader: the group's). */
static int programs(struct tp_emitter *e, const struct tp_lhook *lh, const struct tp_template *tmpl)
{
	const struct tp_hook *h = lh->hook;
	const struct tp_variant_spec *v;
	size_t n, i;
	int err = 0;

	v = tp_variants__of(h, &n);
	for (i = 0; i < n && !err; i++) {
		err = program(e, lh, &v[i].entry, tmpl);
		if (!err && tp_variants__has_second(h, &v[i]))
			err = program(e, lh, &v[i].exit, tmpl);
		tp_emitter__blank(e);
	}
	return err;
}

int tp_emit__hook(struct tp_emitter *e, const struct tp_lhook *lh, const struct tp_template *tmpl)
{
	const struct tp_hook *h = lh->hook;
	size_t nsels = tp_emit__reachable(lh);
	int err;

	tp_emitter__line(e, "/* --- hook %d: %s, policy line %d --- */", lh->id, hook_kind(h),
			 h->loc.line);
	tp_emitter__blank(e);
	if (h->kind == TP_HOOK_ENFORCER) {
		/* the thread's notification: its signal sent, its error the return value */
		tp_emitter__line(e,
				 "%s long tp_h%d_enter(int variant, void *ctx, "
				 "const struct pt_regs *regs)",
				 tp_emit__enter_decl(lh), lh->id);
		tp_emitter__line(e, "{");
		tp_emitter__line(e, "	return tp_enforcer_take();");
		tp_emitter__line(e, "}");
		tp_emitter__blank(e);
	} else if (h->kind == TP_HOOK_LOADER) {
		tp_emit__loader(e, lh); /* no selectors: its body is a template's */
	} else {
		filter_fns(e, lh, nsels);
		tp_emit__resolvers(e, lh);
		err = tp_emit__entry(e, lh, nsels);
		if (err)
			return err;
	}
	err = 0;
	if (h->kind != TP_HOOK_ENFORCER && tp_hook__has_exit(h))
		tp_emit__exit(e, lh, nsels);
	if (lh->fused)
		return 0; /* its group's programs run it (tp_emit__group) */
	return programs(e, lh, tmpl);
}

/* "hooks 0, 3 and 5"; past a few, "12 hooks from hook 0" */
static void hook_list(char *buf, size_t len, const struct tp_plan *plan, int leader)
{
	size_t i, off = 0, n = 0, count = 0;

	for (i = 0; i < plan->nhooks; i++)
		count += plan->hooks[i].leader == leader;
	if (count > 6) {
		snprintf(buf, len, "%zu hooks from hook %d", count, leader);
		return;
	}
	buf[0] = 0;
	for (i = 0; i < plan->nhooks; i++) {
		if (plan->hooks[i].leader != leader)
			continue;
		n++;
		off += snprintf(buf + off, len - off, "%s%d",
				n == 1	     ? "hooks "
				: n == count ? " and "
					     : ", ",
				plan->hooks[i].id);
	}
}

int tp_emit__group(struct tp_emitter *e, const struct tp_plan *plan, const struct tp_lhook *leader,
		   const struct tp_template *tmpl)
{
	char what[256];
	size_t i;
	int k;

	hook_list(what, sizeof(what), plan, leader->id);
	tp_emitter__line(e, "/* --- %s: one program on their function, each hook in turn --- */",
			 what);
	tp_emitter__blank(e);
	tp_emitter__line(e,
			 "%s long tp_g%d_enter(int variant, void *ctx, const struct pt_regs *regs)",
			 tp_emit__enter_decl(leader), leader->id);
	tp_emitter__line(e, "{");
	e->indent++;
	tp_emitter__line(e, "struct tp_heap *h = tp_heap_get();");
	tp_emitter__blank(e);
	tp_emitter__line(e, "if (!h)");
	tp_emitter__line(e, "\treturn 0;");
	if (leader->nshared)
		tp_emitter__line(
		    e, "/* the args the hooks filter on, read by the first that needs one */");
	for (k = 0; k < leader->nshared; k++)
		tp_emitter__line(e, "h->shared[%d] = TP_SLOT_UNREAD;", k);
	for (i = 0; i < plan->nhooks; i++)
		if (plan->hooks[i].leader == leader->id)
			tp_emitter__line(e, "tp_h%d_enter(h, variant, ctx, regs);",
					 plan->hooks[i].id);
	tp_emitter__line(e, "return 0;");
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
	return programs(e, leader, tmpl);
}
