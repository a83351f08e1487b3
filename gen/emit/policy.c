// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The generated file: a banner, the sizes the templates take, the templates
 * the policy needs (and only those: each brings its maps), the value arrays
 * and maps, the process table's bits, then the hooks.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "emit.h"
#include "parts.h"
#include "variants.h"

/* What the policy uses, and so which templates it includes. */
struct needs {
	bool match;	 /* string, buffer and path filters, binaries: tp_match.bpf.h */
	bool syscall;	 /* syscall hooks */
	bool kfunc;	 /* kernel-function and LSM hooks */
	bool tracepoint; /* tracepoint hooks */
	bool usdt;	 /* usdt hooks */
	bool file;	 /* path args, FollowFD & co */
	bool follow_fd;	 /* FollowFD, UnfollowFD, CopyFD */
	bool net;	 /* network args */
	bool kobj;	 /* capability and other kernel-object args */
	bool ret;	 /* hooks with return: true or a returnCopy arg */
	bool stack;	 /* Post's kernelStackTrace or userStackTrace */
	bool rate_limit; /* a Post with rateLimit */
	bool max_data;	 /* maxData args */
	bool ima;	 /* Post's imaHash on an lsmhook */
	bool sock_track; /* TrackSock, UntrackSock, returnArgAction */
	bool nscaps;	 /* matchNamespaces, matchCapabilities and their Changes */
	bool changes;	 /* matchNamespaceChanges, matchCapabilityChanges: TP_PROC_CREDS */
	bool enforcer;	 /* spec.enforcers, NotifyEnforcer, CleanupEnforcerNotification */
	bool loader;	 /* loader: true */
	bool key;	 /* a set's map looked up: tp_heap.key (a rate limit's key too) */
	bool bin_key;	 /* a matchBinaries set's map looked up: tp_exec_heap.key */
};

static bool filters_need_key(const struct tp_lfilter *f, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (tp_emit__filter_needs_key(&f[i]))
			return true;
	return false;
}

static void actions_needs(struct needs *n, const struct tp_laction *a, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (a[i].kind == TP_ACT_FOLLOWFD || a[i].kind == TP_ACT_UNFOLLOWFD ||
		    a[i].kind == TP_ACT_COPYFD)
			n->file = n->follow_fd = true;
		if (a[i].kind == TP_ACT_TRACKSOCK || a[i].kind == TP_ACT_UNTRACKSOCK)
			n->net = n->sock_track = true;
		n->rate_limit |= a[i].kind == TP_ACT_POST && a[i].rate_limit_ms;
		n->enforcer |= a[i].kind == TP_ACT_NOTIFYENFORCER ||
			       a[i].kind == TP_ACT_CLEANUPENFORCERNOTIFICATION;
	}
}

static void hook_needs(struct needs *n, const struct tp_lhook *lh)
{
	const struct tp_hook *h = lh->hook;
	size_t i;

	n->syscall |= h->kind == TP_HOOK_KPROBE && h->syscall;
	n->kfunc |= (h->kind == TP_HOOK_KPROBE && !h->syscall) || h->kind == TP_HOOK_LSM ||
		    h->kind == TP_HOOK_UPROBE; /* tp_kf_arg reads a uprobe's registers */
	n->tracepoint |= h->kind == TP_HOOK_TRACEPOINT;
	n->usdt |= h->kind == TP_HOOK_USDT;
	n->enforcer |= h->kind == TP_HOOK_ENFORCER;
	n->loader |= h->kind == TP_HOOK_LOADER;
	n->ret |= tp_hook__has_exit(h);
	n->stack |= lh->stack != 0;
	n->ima |= lh->ima;
	if (h->ret_arg_action)
		n->net = n->sock_track = true;
	if (h->has_ret_arg && h->ret_arg.type == TP_ARG_SOCK)
		n->net = true;
	n->nscaps |= tp_emit__has_nscaps(lh);
	n->changes |= tp_emit__has_changes(lh);
	for (i = 0; i < h->nargs; i++) {
		n->max_data |= h->args[i].max_data;
		switch (tp_arg_type__class(h->args[i].type)) {
		case TP_ACL_PATH:
			n->file = true;
			break;
		case TP_ACL_NET:
			n->net = true;
			break;
		case TP_ACL_CAPS:
		case TP_ACL_OBJECT:
			n->kobj = true;
			break;
		default:
			break;
		}
	}
	for (i = 0; i < lh->nsels; i++) {
		n->match |= lh->sels[i].nstrs > 0;
		n->key |= filters_need_key(lh->sels[i].strs, lh->sels[i].nstrs);
		actions_needs(n, lh->sels[i].actions, lh->sels[i].nactions);
		actions_needs(n, lh->sels[i].ret_actions, lh->sels[i].nret_actions);
	}
}

/* The banner names the policy file only when the name is plainly safe. */
static const char *banner_name(const char *path)
{
	const char *base = path ? strrchr(path, '/') : NULL;
	const char *c;

	base = base ? base + 1 : path;
	if (!base || !*base || strlen(base) > 64)
		return "a policy";
	for (c = base; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '.' && *c != '_' && *c != '-')
			return "a policy";
	return base;
}

/* Words of candidate-selector bits the largest hook needs. */
static size_t cand_words(const struct tp_plan *plan)
{
	size_t i, w = 1;

	for (i = 0; i < plan->nhooks; i++)
		if ((plan->hooks[i].nsels + 63) / 64 > w)
			w = (plan->hooks[i].nsels + 63) / 64;
	return w;
}

/*
 * tp_actions' keys at most: one a (hook, selector, action) the selectors can
 * count, each action of the entry and the return and NoPost; at least one.
 */
static size_t act_keys(const struct tp_plan *plan)
{
	size_t i, s, n = 0;

	for (i = 0; i < plan->nhooks; i++)
		for (s = 0; s < plan->hooks[i].nsels; s++)
			n += plan->hooks[i].sels[s].nactions + plan->hooks[i].sels[s].nret_actions +
			     1;
	return n ? n : 1;
}

static void include(struct tp_emitter *e, bool need, const char *file)
{
	if (need)
		tp_emitter__line(e, "#include \"%s\"", file);
}

static void plan_needs(struct needs *n, const struct tp_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->nhooks; i++)
		hook_needs(n, &plan->hooks[i]);
	for (i = 0; i < plan->nbins; i++)
		n->bin_key |= filters_need_key(&plan->bins[i].f, 1);
}

/* The templates' configuration and includes but tp_usdt.bpf.h: the head tp_emit__head writes. */
static void head(struct tp_emitter *e, const struct tp_plan *plan, const struct needs *n)
{
	tp_emitter__line(e, "/* sizes of the templates' tables */");
	tp_emitter__line(e, "#define TP_BIN_WORDS %zu",
			 plan->nbin_bits ? (plan->nbin_bits + 63) / 64 : 1);
	tp_emitter__line(e, "#define TP_PID_WORDS %zu",
			 plan->npid_follow ? (plan->npid_follow + 63) / 64 : 1);
	tp_emitter__line(e, "#define TP_OUT_MASK 0x%x", plan->out_mask);
	tp_emitter__line(e, "#define TP_SLOTS %d", plan->slots);
	tp_emitter__line(e, "#define TP_CAND_WORDS %zu", cand_words(plan));
	tp_emitter__line(e, "#define TP_ACT_KEYS %zu", act_keys(plan));
	if (plan->shared_reads)
		tp_emitter__line(e, "#define TP_SHARED_READS %d", plan->shared_reads);
	tp_emitter__line(e, "%s", TP_EMIT_SWITCHES);
	if (n->follow_fd)
		tp_emitter__line(e, "#define TP_FOLLOW_FD 1");
	if (n->changes)
		tp_emitter__line(e, "#define TP_PROC_CREDS 1");
	if (n->max_data)
		tp_emitter__line(e, "#define TP_OUT_DATA 1");
	if (n->ima)
		tp_emitter__line(e, "#define TP_IMA_HASH 1");
	if (n->ima || n->rate_limit)
		tp_emitter__line(e, "#define TP_REC_SCRATCH 1");
	if (n->sock_track)
		tp_emitter__line(e, "#define TP_SOCK_TRACK 1");
	if (n->key || n->rate_limit)
		tp_emitter__line(e, "#define TP_HEAP_KEY 1");
	if (plan->nbins)
		tp_emitter__line(e, "#define TP_BIN_EXE 1");
	if (n->bin_key)
		tp_emitter__line(e, "#define TP_BIN_KEY 1");
	if (n->stack || n->loader) /* tprun reads /proc for them while the process lives */
		tp_emitter__line(e, "#define TP_WAKE_EACH 1");
	if (plan->parts > 1)
		tp_emitter__line(e,
				 "/* compiled in %d parts at once, each hook in one: TP_IN_PART */",
				 plan->parts);
	tp_emitter__blank(e);
	include(e, true, "tp_common.bpf.h");
	include(e, true, "tp_capture.bpf.h");
	include(e, n->match || plan->nbins, "tp_match.bpf.h");
	include(e, n->syscall, "tp_syscall.bpf.h");
	include(e, n->kfunc, "tp_kfunc.bpf.h");
	include(e, n->tracepoint, "tp_tracepoint.bpf.h");
	include(e, n->file, "tp_file.bpf.h");
	include(e, n->net, "tp_net.bpf.h");
	include(e, n->kobj, "tp_kobj.bpf.h");
	include(e, n->ret, "tp_return.bpf.h");
	include(e, n->stack, "tp_stack.bpf.h");
	include(e, n->rate_limit, "tp_ratelimit.bpf.h");
	include(e, n->ima, "tp_ima.bpf.h");
	include(e, n->nscaps, "tp_nscaps.bpf.h");
	include(e, n->enforcer, "tp_enforcer.bpf.h");
	include(e, n->loader, "tp_loader.bpf.h");
	tp_emitter__blank(e);
}

/* What follows is compiled in part k (gen/lower/split.c); nothing where the file is one part. */
static void part_begin(struct tp_emitter *e, const struct tp_plan *plan, int k)
{
	if (plan->parts < 2)
		return;
	tp_emitter__line(e, "#if TP_IN_PART(%d)", k);
	tp_emitter__blank(e);
}

static void part_end(struct tp_emitter *e, const struct tp_plan *plan, int k)
{
	if (plan->parts < 2)
		return;
	tp_emitter__line(e, "#endif /* TP_IN_PART(%d) */", k);
	tp_emitter__blank(e);
}

int tp_emit__head(struct tp_emitter *e, const struct tp_plan *plan)
{
	struct needs n = { 0 };

	plan_needs(&n, plan);
	head(e, plan, &n);
	return tp_emitter__finish(e);
}

int tp_emit__policy(struct tp_emitter *e, const struct tp_policy *p, const struct tp_plan *plan,
		    const char *templates_dir, char *err, size_t errlen)
{
	struct tp_template *tmpl;
	struct needs n = { 0 };
	size_t i;
	int ret = 0;

	tmpl = tp_template__load(templates_dir, TP_VARIANTS_TEMPLATE, err, errlen);
	if (!tmpl)
		return -errno;
	plan_needs(&n, plan);
	tp_emitter__line(e, "/* generated by tpgen from %s: do not edit */", banner_name(p->path));
	tp_emitter__blank(e);
	head(e, plan, &n);
	/*
	 * after the head: clang gives an extern variable its BTF only where the
	 * file itself declares it first, and libbpf's usdt.bpf.h declares a __kconfig
	 */
	if (n.usdt) {
		include(e, true, "tp_usdt.bpf.h");
		tp_emitter__blank(e);
	}
	/* here, not in a template: clang puts a precompiled LICENSE in a read-only section */
	tp_emitter__line(e, "#if TP_DEFINES_SHARED");
	tp_emitter__line(e, "char LICENSE[] SEC(\"license\") = \"Dual BSD/GPL\";");
	tp_emitter__line(e, "#endif");
	tp_emitter__blank(e);
	tp_emit__values(e, plan);
	part_begin(e, plan, 0);
	tp_emit__process(e, plan);
	part_end(e, plan, 0);
	tp_emitter__line(e, "#include \"tp_process.bpf.h\"");
	tp_emitter__blank(e);
	for (i = 0; i < plan->nhooks && !ret; i++) {
		part_begin(e, plan, plan->hooks[i].part);
		ret = tp_emit__hook(e, &plan->hooks[i], tmpl);
		part_end(e, plan, plan->hooks[i].part);
	}
	for (i = 0; i < plan->nhooks && !ret; i++) {
		if (!plan->hooks[i].fused || plan->hooks[i].leader != plan->hooks[i].id)
			continue;
		part_begin(e, plan, plan->hooks[i].part);
		ret = tp_emit__group(e, plan, &plan->hooks[i], tmpl);
		part_end(e, plan, plan->hooks[i].part);
	}
	tp_template__free(tmpl);
	if (!ret)
		ret = tp_emitter__finish(e);
	if (ret)
		snprintf(err, errlen, "writing the generated C: %s", strerror(-ret));
	return ret;
}
