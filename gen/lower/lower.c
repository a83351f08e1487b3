// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Lowering a checked policy into the plan the emitter walks (see plan.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tp/arg_blobs.h>
#include <tp/event.h>
#include <tp/signals.h>

#include "model/vec.h"

#include "filters.h"
#include "fuse.h"
#include "net.h"
#include "plan.h"
#include "split.h"

#define MAX_SELECTORS 4096 /* far past what the verifier accepts; keeps sel in 16 bits */

/* The most bytes arg a adds to a record: integers inline, the rest as blobs. */
static uint32_t arg_record_size(const struct tp_arg *a)
{
	const struct tp_arg_type_info *ti = tp_arg_type__info(a->type);
	bool blob = ti && ti->capture != TP_CAPT_U64;

	/* a resolved arg starts with its status word (tp_out_status) */
	uint32_t status = a->res ? sizeof(__u64) : 0;

	if (a->max_data)
		return status + sizeof(struct tp_blob) + TP_MAX_DATA;
	return status + (blob ? sizeof(struct tp_blob) : 0) + tp_arg_type__capture_bytes(a->type);
}

/* The return record of a hook with a returnCopy arg carries its bytes. */
static uint32_t ret_record_size(const struct tp_hook *h)
{
	if (h->has_ret_arg && h->ret_arg.type == TP_ARG_SOCK)
		return sizeof(struct tp_event_hook_ret) + TP_BLOB_SIZE(sizeof(struct tp_ev_sock));
	if (tp_hook__return_copy_pos(h) < 0)
		return 0;
	return sizeof(struct tp_event_hook_ret) + sizeof(struct tp_blob) + TP_BUF_MAX;
}

static struct tp_laction *lower_actions(const struct tp_hook *h, const struct tp_action_spec *a,
					size_t n, enum tp_action *event_action, bool *post)
{
	struct tp_laction *out = tp_vec__calloc(n, sizeof(*out));
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		out[i].kind = a[i].action;
		out[i].sig = a[i].action == TP_ACT_SIGKILL ? TP_SIGKILL : a[i].arg_sig;
		out[i].error = a[i].arg_error;
		out[i].fd_pos = a[i].fd_pos;
		out[i].name_pos = a[i].name_pos;
		out[i].sock_pos = a[i].sock_pos;
		out[i].set_pos = a[i].set_pos;
		out[i].set_value = a[i].arg_value;
		/* the event still names the action: monitor reports what it would do */
		out[i].report_only = h->monitor && tp_action__enforces(a[i].action);
		out[i].rate_limit_ms = a[i].rate_limit_ms;
		out[i].rate_limit_scope = a[i].rate_limit_scope_id;
		out[i].rate_limit_prior = i ? a[i - 1].action : TP_ACT_POST;
		if (a[i].action == TP_ACT_NOPOST)
			*post = false;
		/* the event names the last action run, Post too (Tetragon's do_action) */
		*event_action = a[i].action;
	}
	return out;
}

/*
 * A matchBinaries filter: the plan's next process-table bit; a
 * matchParentBinaries one (parent) also the next after it, which it returns.
 */
static int add_bin(struct tp_plan *plan, const struct tp_match_binary *mb, bool parent,
		   size_t inline_max)
{
	struct tp_lbinfilter *b = tp_vec__push(&plan->bins, &plan->nbins, sizeof(*b));
	enum tp_op positive;
	int err;

	if (!b)
		return -ENOMEM;
	b->bit = (int)plan->nbin_bits++;
	b->pbit = parent ? (int)plan->nbin_bits++ : -1;
	b->follow_children = mb->follow_children;
	b->f.arg_pos = -1;
	/* the bit says the binary matched; a Not operator tests it for 0 */
	positive = tp_op__info(mb->op)->base == TP_BASE_PREFIX	  ? TP_OP_PREFIX
		   : tp_op__info(mb->op)->base == TP_BASE_POSTFIX ? TP_OP_POSTFIX
								  : TP_OP_IN;
	err = tp_lower__filter(plan, &b->f, TP_ARG_STRING, positive, mb->values, mb->nvalues,
			       inline_max);
	return err ? err : parent ? b->pbit : b->bit;
}

static int add_pid_follow(struct tp_plan *plan, struct tp_lpid *lp)
{
	struct tp_lpid **pf = tp_vec__push(&plan->pid_follow, &plan->npid_follow, sizeof(*pf));

	if (!pf)
		return -ENOMEM;
	lp->bit = (int)plan->npid_follow - 1;
	*pf = lp;
	return 0;
}

static int lower_pids(struct tp_plan *plan, const struct tp_selector *s, struct tp_lselector *ls)
{
	size_t i, j;

	for (i = 0; i < s->npids; i++) {
		const struct tp_match_pid *mp = &s->pids[i];
		struct tp_lpid *lp = &ls->pids[ls->npids++];

		lp->index = (int)i;
		lp->negate = tp_op__info(mp->op)->negate;
		lp->follow = mp->follow_forks;
		lp->ns = mp->is_ns_pid;
		lp->bit = -1;
		lp->pids = tp_vec__calloc(mp->nvalues, sizeof(*lp->pids));
		if (!lp->pids)
			return -ENOMEM;
		for (j = 0; j < mp->nvalues; j++)
			lp->pids[j] = (uint32_t)mp->values[j].num;
		lp->npids = mp->nvalues;
		if (lp->follow && add_pid_follow(plan, lp))
			return -ENOMEM;
	}
	return 0;
}

/* matchBinaries (parent false) or matchParentBinaries filters list[0..n). */
static int lower_bins(struct tp_plan *plan, const struct tp_match_binary *list, size_t n,
		      bool parent, struct tp_lselector *ls, size_t inline_max)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int bit = add_bin(plan, &list[i], parent, inline_max);
		struct tp_lbinref *r = &ls->bins[ls->nbins++];

		if (bit < 0)
			return bit;
		r->index = (int)i;
		r->parent = parent;
		r->bit = bit;
		r->negate = tp_op__info(list[i].op)->negate;
	}
	return 0;
}

/* matchArgs: network args to nets, integers (and capabilities) to ints, the rest to strs. */
static int lower_args(struct tp_plan *plan, const struct tp_hook *h, const struct tp_selector *s,
		      struct tp_lselector *ls, size_t inline_max)
{
	size_t i;
	int err;

	for (i = 0; i < s->nargs; i++) {
		const struct tp_match_arg *m = &s->args[i];
		enum tp_arg_type t = h->args[m->arg_pos].type;
		enum tp_arg_class cl = tp_arg_type__class(t);
		struct tp_lfilter *f;

		if (cl == TP_ACL_NET) {
			ls->nets[ls->nnets].index = (int)i;
			err = tp_lower__net(plan, h, m, &ls->nets[ls->nnets++], inline_max);
		} else {
			f = cl == TP_ACL_INT || cl == TP_ACL_CAPS ? &ls->ints[ls->nints++]
								  : &ls->strs[ls->nstrs++];
			f->index = (int)i;
			f->arg_pos = m->arg_pos;
			f->arg2_pos = m->arg2_pos;
			err =
			    tp_lower__filter(plan, f, t, m->op, m->values, m->nvalues, inline_max);
		}
		if (err)
			return err;
	}
	for (i = 0; i < s->nret_args; i++) {
		struct tp_lfilter *f = &ls->rets[ls->nrets++];

		f->index = (int)i;
		f->arg_pos = -1;
		err = tp_lower__filter(plan, f, h->ret_arg.type, s->ret_args[i].op,
				       s->ret_args[i].values, s->ret_args[i].nvalues, inline_max);
		if (err)
			return err;
	}
	return 0;
}

static int lower_selector(struct tp_plan *plan, const struct tp_hook *h,
			  const struct tp_selector *s, struct tp_lselector *ls, size_t inline_max)
{
	size_t i;
	int err;

	ls->pids = tp_vec__calloc(s->npids, sizeof(*ls->pids));
	ls->bins = tp_vec__calloc(s->nbinaries + s->nparent_binaries, sizeof(*ls->bins));
	ls->ints = tp_vec__calloc(s->nargs, sizeof(*ls->ints));
	ls->strs = tp_vec__calloc(s->nargs, sizeof(*ls->strs));
	ls->rets = tp_vec__calloc(s->nret_args, sizeof(*ls->rets));
	ls->nets = tp_vec__calloc(s->nargs, sizeof(*ls->nets));
	if (!ls->pids || !ls->bins || !ls->ints || !ls->strs || !ls->rets || !ls->nets)
		return -ENOMEM;
	if ((err = lower_pids(plan, s, ls)) ||
	    (err = lower_bins(plan, s->binaries, s->nbinaries, false, ls, inline_max)) ||
	    (err =
		 lower_bins(plan, s->parent_binaries, s->nparent_binaries, true, ls, inline_max)) ||
	    (err = lower_args(plan, h, s, ls, inline_max)))
		return err;

	/* the checker folded their values: the emitter reads them as they are */
	ls->ns = s->ns;
	ls->nns = s->nns;
	ls->caps = s->caps;
	ls->ncaps = s->ncaps;
	ls->ns_changes = s->ns_changes;
	ls->nns_changes = s->nns_changes;
	ls->cap_changes = s->cap_changes;
	ls->ncap_changes = s->ncap_changes;
	ls->post = true;
	ls->event_action = TP_ACT_POST;
	ls->actions = lower_actions(h, s->actions, s->nactions, &ls->event_action, &ls->post);
	ls->nactions = s->nactions;
	for (i = 0; i < s->nactions; i++) {
		if (s->actions[i].kernel_stack)
			ls->stack |= TP_HOOKEV_KERNEL_STACK;
		if (s->actions[i].user_stack)
			ls->stack |= TP_HOOKEV_USER_STACK;
		/* the checker let imaHash be only on a Post of an lsmhook that hashes */
		ls->ima |= s->actions[i].ima_hash && h->ima_hash && ls->post;
	}
	ls->ret_post = true;
	ls->ret_event_action = TP_ACT_UNKNOWN;
	ls->ret_actions =
	    lower_actions(h, s->ret_actions, s->nret_actions, &ls->ret_event_action, &ls->ret_post);
	ls->nret_actions = s->nret_actions;
	if (!ls->actions || !ls->ret_actions)
		return -ENOMEM;
	/* its records, entry and return, take the audit ring (monitor's reports too) */
	for (i = 0; i < s->nactions; i++)
		ls->audit |= tp_action__enforces(s->actions[i].action);
	for (i = 0; i < s->nret_actions; i++)
		ls->audit |= tp_action__enforces(s->ret_actions[i].action);
	return 0;
}

static int lower_hook(struct tp_plan *plan, const struct tp_hook *h, int id, struct tp_lhook *lh,
		      size_t inline_max, char *err, size_t errlen)
{
	uint32_t size = sizeof(struct tp_event_hook);
	int slots = 0;
	size_t i, j;
	int e;

	lh->hook = h;
	lh->id = id;
	if (h->nselectors > MAX_SELECTORS) {
		snprintf(err, errlen, "hook at line %d has %zu selectors, at most %d are supported",
			 h->loc.line, h->nselectors, MAX_SELECTORS);
		return -E2BIG;
	}
	lh->slot = tp_vec__calloc(h->nargs, sizeof(*lh->slot));
	lh->sels = tp_vec__calloc(h->nselectors, sizeof(*lh->sels));
	if (!lh->slot || !lh->sels)
		return -ENOMEM;
	for (i = 0; i < h->nargs; i++) {
		lh->slot[i] = -1;
		size += arg_record_size(&h->args[i]);
	}
	lh->max_record = size > ret_record_size(h) ? size : ret_record_size(h);
	if (h->kind == TP_HOOK_LOADER) /* its record: the mapped file's path */
		lh->max_record = sizeof(struct tp_event_loader) + TP_BLOB_SIZE(TP_STR_MAX);

	for (i = 0; i < h->nselectors; i++) {
		lh->nsels++;
		e = lower_selector(plan, h, &h->selectors[i], &lh->sels[i], inline_max);
		if (e)
			return e;
		for (j = 0; j < lh->sels[i].nstrs; j++) {
			int pos = lh->sels[i].strs[j].arg_pos;

			if (lh->slot[pos] < 0)
				lh->slot[pos] = slots++;
		}
		lh->stack |= lh->sels[i].stack;
	}
	lh->ima = h->ima_hash != TP_IMA_NONE; /* its hash program, whichever selector posts */
	/* each stack a blob of return addresses after the args */
	if (lh->stack & TP_HOOKEV_KERNEL_STACK)
		lh->max_record += TP_BLOB_SIZE(TP_STACK_DEPTH * sizeof(__u64));
	if (lh->stack & TP_HOOKEV_USER_STACK)
		lh->max_record += TP_BLOB_SIZE(TP_STACK_DEPTH * sizeof(__u64));
	/* the hash is the record's last blob, appended by the hash program */
	if (lh->ima)
		lh->max_record += TP_BLOB_SIZE(sizeof(struct tp_ima_hash));
	if (slots > plan->slots)
		plan->slots = slots;
	return 0;
}

struct tp_plan *tp_plan__new(const struct tp_policy *p, const struct tp_lower_opts *o, char *err,
			     size_t errlen)
{
	size_t inline_max = o && o->inline_max ? o->inline_max : TP_INLINE_MAX_DEFAULT;
	struct tp_plan *plan = calloc(1, sizeof(*plan));
	uint32_t max = 0;
	size_t i;
	int e = -ENOMEM;

	snprintf(err, errlen, "out of memory");
	if (!plan)
		goto fail;
	plan->hooks = tp_vec__calloc(p->nhooks, sizeof(*plan->hooks));
	if (!plan->hooks)
		goto fail;
	for (i = 0; i < p->nhooks; i++) {
		e = lower_hook(plan, &p->hooks[i], (int)i, &plan->hooks[i], inline_max, err,
			       errlen);
		plan->nhooks = i + 1;
		if (e)
			goto fail;
		if (plan->hooks[i].max_record > max)
			max = plan->hooks[i].max_record;
	}
	e = -ENOMEM;
	for (i = 0; i < plan->nhooks; i++)
		plan->hooks[i].leader = plan->hooks[i].id;
	if ((!o || !o->no_fuse) && tp_lower__fuse(plan))
		goto fail;
	if (tp_lower__split(plan))
		goto fail;
	if (plan->slots < 1)
		plan->slots = 1;
	plan->out_mask = 1;
	while (plan->out_mask <= max) /* a record of max bytes ends at TP_OUT_MASK */
		plan->out_mask <<= 1;
	plan->out_mask -= 1;
	return plan;
fail:
	tp_plan__free(plan);
	errno = -e;
	return NULL;
}

static void selector_free(struct tp_lselector *s)
{
	size_t i;

	for (i = 0; i < s->npids; i++)
		free(s->pids[i].pids);
	for (i = 0; i < s->nints; i++)
		tp_lfilter__free(&s->ints[i]);
	for (i = 0; i < s->nstrs; i++)
		tp_lfilter__free(&s->strs[i]);
	for (i = 0; i < s->nrets; i++)
		tp_lfilter__free(&s->rets[i]);
	for (i = 0; i < s->nnets; i++)
		tp_lnet__free(&s->nets[i]);
	free(s->nets);
	free(s->pids);
	free(s->bins);
	free(s->ints);
	free(s->strs);
	free(s->rets);
	free(s->actions);
	free(s->ret_actions);
}

void tp_plan__free(struct tp_plan *plan)
{
	size_t i, j;

	if (!plan)
		return;
	for (i = 0; i < plan->nhooks; i++) {
		for (j = 0; j < plan->hooks[i].nsels; j++)
			selector_free(&plan->hooks[i].sels[j]);
		free(plan->hooks[i].sels);
		free(plan->hooks[i].slot);
		free(plan->hooks[i].shared);
	}
	free(plan->hooks);
	for (i = 0; i < plan->nbins; i++)
		tp_lfilter__free(&plan->bins[i].f);
	free(plan->bins);
	free(plan->pid_follow);
	free(plan->longs);
	for (i = 0; i < plan->nmaps; i++) {
		free(plan->maps[i].entries);
		free(plan->maps[i].bloom);
	}
	free(plan->maps);
	free(plan);
}
