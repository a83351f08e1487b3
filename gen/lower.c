// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Lowering a checked policy into the plan the emitter walks (see lower.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower.h"
#include "values.h"
#include <tp/event.h>

#define MAX_SELECTORS 4096	/* far past what the verifier accepts; keeps sel in 16 bits */

static void *xcalloc(size_t n, size_t sz)
{
	return calloc(n ? n : 1, sz);
}

/* The most bytes arg type t adds to a record. */
static uint32_t arg_record_size(enum tp_arg_type t)
{
	const struct tp_arg_type_info *ti = tp_arg_type__info(t);

	switch (ti ? ti->capture : TP_CAPT_U64) {
	case TP_CAPT_STR:
		return sizeof(struct tp_blob) + TP_STR_MAX;
	case TP_CAPT_BUF:
		return sizeof(struct tp_blob) + TP_BUF_MAX;
	case TP_CAPT_OBJ:
		return sizeof(struct tp_blob) + TP_OBJ_MAX;
	default:
		return 8;
	}
}

static int op_base(enum tp_op op, enum tp_base_op *base, bool *negate)
{
	*negate = false;
	switch (op) {
	case TP_OP_NOT_EQUAL:
	case TP_OP_NOT_IN:
		*negate = true;
		/* fallthrough */
	case TP_OP_EQUAL:
	case TP_OP_IN:
		*base = TP_BASE_EQ;
		return 0;
	case TP_OP_NOT_PREFIX:
		*negate = true;
		/* fallthrough */
	case TP_OP_PREFIX:
		*base = TP_BASE_PREFIX;
		return 0;
	case TP_OP_NOT_POSTFIX:
		*negate = true;
		/* fallthrough */
	case TP_OP_POSTFIX:
		*base = TP_BASE_POSTFIX;
		return 0;
	case TP_OP_MASK:
		*base = TP_BASE_MASK;
		return 0;
	case TP_OP_GT:
		*base = TP_BASE_GT;
		return 0;
	case TP_OP_LT:
		*base = TP_BASE_LT;
		return 0;
	default:
		return -EINVAL;
	}
}

static int bin_base(enum tp_bin_op op, enum tp_base_op *base, bool *negate)
{
	static const enum tp_op map[] = {
		[TP_BIN_IN] = TP_OP_IN,
		[TP_BIN_NOT_IN] = TP_OP_NOT_IN,
		[TP_BIN_PREFIX] = TP_OP_PREFIX,
		[TP_BIN_NOT_PREFIX] = TP_OP_NOT_PREFIX,
		[TP_BIN_POSTFIX] = TP_OP_POSTFIX,
		[TP_BIN_NOT_POSTFIX] = TP_OP_NOT_POSTFIX,
	};

	if (op < TP_BIN_IN || op > TP_BIN_NOT_POSTFIX)
		return -EINVAL;
	return op_base(map[op], base, negate);
}

static int add_map(struct tp_plan *plan, enum tp_map_kind kind, uint32_t key_size, uint32_t count)
{
	struct tp_lmap *maps = realloc(plan->maps, (plan->nmaps + 1) * sizeof(*maps));
	struct tp_lmap *m;

	if (!maps)
		return -ENOMEM;
	plan->maps = maps;
	m = &maps[plan->nmaps];
	memset(m, 0, sizeof(*m));
	m->id = (int)plan->nmaps;
	m->kind = kind;
	m->key_size = key_size;
	m->value_size = 1;
	m->count = count;
	m->entries = calloc(count ? count : 1, key_size + 1);
	if (!m->entries)
		return -ENOMEM;
	return (int)plan->nmaps++;
}

int tp_plan__add_map(struct tp_plan *plan, enum tp_map_kind kind, uint32_t key_size,
		     uint32_t count)
{
	return add_map(plan, kind, key_size, count);
}

/* Integer sets: 8-byte little-endian keys. */
static int map_ints(struct tp_plan *plan, const uint64_t *v, size_t n)
{
	int id = add_map(plan, TP_MAP_HASH, 8, n);
	size_t i;

	if (id < 0)
		return id;
	for (i = 0; i < n; i++) {
		uint8_t *e = plan->maps[id].entries + i * 9;
		int b;

		for (b = 0; b < 8; b++)
			e[b] = (uint8_t)(v[i] >> (8 * b));
		e[8] = 1;
	}
	return id;
}

/*
 * String sets. Hash keys are { u64 len; u8 data[K] } zero padded; LPM keys
 * are { u32 prefixlen; u8 data[K] }, reversed for Postfix.
 */
static int map_strs(struct tp_plan *plan, enum tp_strategy strat, const struct tp_bytes *s, size_t n)
{
	size_t i, j, k = 1;
	uint32_t hdr = strat == TP_STRAT_HASH ? 8 : 4;
	int id;

	for (i = 0; i < n; i++)
		if (s[i].len > k)
			k = s[i].len;
	if (strat == TP_STRAT_HASH)
		k = (k + 7) & ~(size_t)7;
	id = add_map(plan, strat == TP_STRAT_HASH ? TP_MAP_HASH : TP_MAP_LPM, hdr + (uint32_t)k, n);
	if (id < 0)
		return id;
	plan->maps[id].data_len = (uint32_t)k;
	for (i = 0; i < n; i++) {
		uint8_t *e = plan->maps[id].entries + i * (hdr + k + 1);
		uint64_t len = strat == TP_STRAT_HASH ? s[i].len : s[i].len * 8;

		for (j = 0; j < hdr; j++)
			e[j] = (uint8_t)(len >> (8 * j));
		for (j = 0; j < s[i].len; j++)
			e[hdr + j] = strat == TP_STRAT_LPM_REV ? s[i].data[s[i].len - 1 - j] : s[i].data[j];
		e[hdr + k] = 1;
	}
	return id;
}

static int lower_values(struct tp_plan *plan, struct tp_lfilter *f, const struct tp_value *v,
			size_t n, size_t inline_max)
{
	size_t i;

	f->map = -1;
	f->strat = TP_STRAT_INLINE;
	if (tp_arg_type__is_int(f->type) || tp_arg_type__class(f->type) == TP_ACL_CAPS) {
		f->nums = xcalloc(n, sizeof(*f->nums));
		if (!f->nums)
			return -ENOMEM;
		for (i = 0; i < n; i++)
			f->nums[i] = v[i].num;
		f->nnums = n;
		/* fold: GT any of V <=> GT min(V); LT any <=> LT max; Mask any <=> Mask OR */
		if (n && (f->base == TP_BASE_GT || f->base == TP_BASE_LT ||
			  f->base == TP_BASE_MASK)) {
			uint64_t acc = f->nums[0];

			for (i = 1; i < n; i++) {
				uint64_t x = f->nums[i];
				bool less = f->is_signed ? (int64_t)x < (int64_t)acc : x < acc;

				if (f->base == TP_BASE_MASK)
					acc |= x;
				else if ((f->base == TP_BASE_GT) == less)
					acc = x;
			}
			f->nums[0] = acc;
			f->nnums = 1;
			return 0;
		}
		if (n > inline_max) {
			f->strat = TP_STRAT_HASH;
			f->map = map_ints(plan, f->nums, n);
			return f->map < 0 ? f->map : 0;
		}
		return 0;
	}

	f->strs = xcalloc(n, sizeof(*f->strs));
	if (!f->strs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		size_t len = v[i].len;

		/* a captured string ends at its NUL: "/etc/passwd\0" means "/etc/passwd" */
		if (f->type == TP_ARG_STRING)
			while (len && v[i].str[len - 1] == '\0')
				len--;
		f->strs[i].data = malloc(len ? len : 1);
		if (!f->strs[i].data)
			return -ENOMEM;
		memcpy(f->strs[i].data, v[i].str, len);
		f->strs[i].len = len;
		f->strs[i].words_id = -1;
		f->nstrs++;
	}
	if (n > inline_max && f->base != TP_BASE_EQ) {
		/* an LPM key holds TP_LPM_DATA_MAX bytes: longer values go first, inline */
		for (i = 0; i < f->nstrs; i++) {
			if (f->strs[i].len > TP_LPM_DATA_MAX) {
				struct tp_bytes t = f->strs[f->ninline];

				f->strs[f->ninline++] = f->strs[i];
				f->strs[i] = t;
			}
		}
	}
	if (n > inline_max && f->ninline < f->nstrs) {
		f->strat = f->base == TP_BASE_EQ ? TP_STRAT_HASH :
			   f->base == TP_BASE_PREFIX ? TP_STRAT_LPM : TP_STRAT_LPM_REV;
		f->map = map_strs(plan, f->strat, f->strs + f->ninline, f->nstrs - f->ninline);
		if (f->map < 0)
			return f->map;
		f->key_len = plan->maps[f->map].data_len;
	} else {
		f->ninline = f->nstrs;
	}
	for (i = 0; i < f->ninline; i++) {
		const struct tp_bytes **l;

		if (f->strs[i].len <= TP_INLINE_WORDS * 8)
			continue;
		l = realloc(plan->longs, (plan->nlongs + 1) * sizeof(*l));
		if (!l)
			return -ENOMEM;
		plan->longs = l;
		f->strs[i].words_id = (int)plan->nlongs;
		l[plan->nlongs++] = &f->strs[i];
	}
	return 0;
}

static int lower_match(struct tp_plan *plan, const struct tp_hook *h, const struct tp_match_arg *m,
		       struct tp_lfilter *f, size_t inline_max)
{
	int err;

	memset(f, 0, sizeof(*f));
	f->arg_pos = m->arg_pos;
	f->type = m->arg_pos < 0 ? h->ret_arg.type : h->args[m->arg_pos].type;
	f->is_signed = tp_arg_type__is_signed(f->type);
	err = op_base(m->op, &f->base, &f->negate);
	if (err)
		return err;
	return lower_values(plan, f, m->values, m->nvalues, inline_max);
}

static struct tp_laction *lower_actions(const struct tp_action_spec *a, size_t n,
					enum tp_action *event_action, bool *post)
{
	struct tp_laction *out = xcalloc(n, sizeof(*out));
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		out[i].kind = a[i].action;
		out[i].sig = a[i].action == TP_ACT_SIGKILL ? 9 : a[i].arg_sig;
		out[i].error = a[i].arg_error;
		out[i].fd_pos = a[i].fd_pos;
		out[i].name_pos = a[i].name_pos;
		if (a[i].action == TP_ACT_NOPOST) {
			if (post)
				*post = false;
		} else if (a[i].action != TP_ACT_POST) {
			*event_action = a[i].action;
		}
	}
	return out;
}

static int add_bin(struct tp_plan *plan, const struct tp_match_binary *mb,
			   enum tp_base_op base, size_t inline_max)
{
	struct tp_lbinfilter *bins = realloc(plan->bins, (plan->nbins + 1) * sizeof(*bins));
	struct tp_lbinfilter *b;
	int err;

	if (!bins)
		return -ENOMEM;
	plan->bins = bins;
	b = &bins[plan->nbins];
	memset(b, 0, sizeof(*b));
	b->bit = (int)plan->nbins;
	b->follow_children = mb->follow_children;
	b->f.arg_pos = -1;
	b->f.type = TP_ARG_STRING;
	b->f.base = base;
	plan->nbins++;
	err = lower_values(plan, &b->f, mb->values, mb->nvalues, inline_max);
	return err ? err : b->bit;
}

static int lower_selector(struct tp_plan *plan, const struct tp_hook *h, const struct tp_selector *s,
			  struct tp_lselector *ls, size_t inline_max)
{
	size_t i, j;
	int err;

	ls->pids = xcalloc(s->npids, sizeof(*ls->pids));
	ls->bins = xcalloc(s->nbinaries, sizeof(*ls->bins));
	ls->ints = xcalloc(s->nargs, sizeof(*ls->ints));
	ls->strs = xcalloc(s->nargs, sizeof(*ls->strs));
	ls->rets = xcalloc(s->nret_args, sizeof(*ls->rets));
	ls->nets = xcalloc(s->nargs, sizeof(*ls->nets));
	if (!ls->pids || !ls->bins || !ls->ints || !ls->strs || !ls->rets || !ls->nets)
		return -ENOMEM;

	for (i = 0; i < s->npids; i++) {
		const struct tp_match_pid *mp = &s->pids[i];
		struct tp_lpid *lp = &ls->pids[ls->npids++];

		lp->negate = mp->op == TP_OP_NOT_IN;
		lp->follow = mp->follow_forks;
		lp->ns = mp->is_ns_pid;
		lp->bit = -1;
		lp->pids = xcalloc(mp->nvalues, sizeof(*lp->pids));
		if (!lp->pids)
			return -ENOMEM;
		for (j = 0; j < mp->nvalues; j++)
			lp->pids[j] = (uint32_t)mp->values[j].num;
		lp->npids = mp->nvalues;
		if (lp->follow) {
			struct tp_lpid **pf = realloc(plan->pid_follow,
						      (plan->npid_follow + 1) * sizeof(*pf));

			if (!pf)
				return -ENOMEM;
			plan->pid_follow = pf;
			lp->bit = (int)plan->npid_follow;
			pf[plan->npid_follow++] = lp;
		}
	}

	for (i = 0; i < s->nbinaries; i++) {
		enum tp_base_op base;
		bool negate;
		int bit;

		if (bin_base(s->binaries[i].op, &base, &negate))
			return -EINVAL;
		bit = add_bin(plan, &s->binaries[i], base, inline_max);
		if (bit < 0)
			return bit;
		ls->bins[ls->nbins].bit = bit;
		ls->bins[ls->nbins++].negate = negate;
	}

	for (i = 0; i < s->nargs; i++) {
		const struct tp_match_arg *m = &s->args[i];
		bool is_int = tp_arg_type__is_int(h->args[m->arg_pos].type) ||
			      tp_arg_type__class(h->args[m->arg_pos].type) == TP_ACL_CAPS;
		struct tp_lfilter *f;

		if (tp_arg_type__class(h->args[m->arg_pos].type) == TP_ACL_NET) {
			err = tp_lower__net(plan, h, m, &ls->nets[ls->nnets++], inline_max);
			if (err)
				return err;
			continue;
		}
		f = is_int ? &ls->ints[ls->nints++] : &ls->strs[ls->nstrs++];
		err = lower_match(plan, h, m, f, inline_max);
		if (err)
			return err;
	}
	for (i = 0; i < s->nret_args; i++) {
		struct tp_match_arg m = s->ret_args[i];

		m.arg_pos = -1;
		err = lower_match(plan, h, &m, &ls->rets[ls->nrets++], inline_max);
		if (err)
			return err;
	}

	ls->post = true;
	ls->event_action = TP_ACT_POST;
	ls->actions = lower_actions(s->actions, s->nactions, &ls->event_action, &ls->post);
	ls->nactions = s->nactions;
	ls->ret_event_action = TP_ACT_UNKNOWN;
	ls->ret_actions = lower_actions(s->ret_actions, s->nret_actions, &ls->ret_event_action,
					NULL);
	ls->nret_actions = s->nret_actions;
	if (!ls->actions || !ls->ret_actions)
		return -ENOMEM;
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
	lh->slot = xcalloc(h->nargs, sizeof(*lh->slot));
	lh->sels = xcalloc(h->nselectors, sizeof(*lh->sels));
	if (!lh->slot || !lh->sels)
		return -ENOMEM;
	for (i = 0; i < h->nargs; i++) {
		lh->slot[i] = -1;
		size += arg_record_size(h->args[i].type);
	}
	lh->max_record = size;

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
		for (j = 0; j < lh->sels[i].nactions; j++)
			lh->sels[i].actions[j].lh = lh;
	}
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
	plan->hooks = xcalloc(p->nhooks, sizeof(*plan->hooks));
	if (!plan->hooks)
		goto fail;
	for (i = 0; i < p->nhooks; i++) {
		e = lower_hook(plan, &p->hooks[i], (int)i, &plan->hooks[i], inline_max, err, errlen);
		plan->nhooks = i + 1;
		if (e)
			goto fail;
		if (plan->hooks[i].max_record > max)
			max = plan->hooks[i].max_record;
	}
	if (plan->slots < 1)
		plan->slots = 1;
	plan->out_mask = 1;
	while (plan->out_mask < max)
		plan->out_mask <<= 1;
	plan->out_mask -= 1;
	return plan;
fail:
	tp_plan__free(plan);
	errno = -e;
	return NULL;
}

static void filter_free(struct tp_lfilter *f)
{
	size_t i;

	free(f->nums);
	for (i = 0; i < f->nstrs; i++)
		free(f->strs[i].data);
	free(f->strs);
}

static void selector_free(struct tp_lselector *s)
{
	size_t i;

	for (i = 0; i < s->npids; i++)
		free(s->pids[i].pids);
	for (i = 0; i < s->nints; i++)
		filter_free(&s->ints[i]);
	for (i = 0; i < s->nstrs; i++)
		filter_free(&s->strs[i]);
	for (i = 0; i < s->nrets; i++)
		filter_free(&s->rets[i]);
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
	}
	free(plan->hooks);
	for (i = 0; i < plan->nbins; i++)
		filter_free(&plan->bins[i].f);
	free(plan->bins);
	free(plan->pid_follow);
	free(plan->longs);
	for (i = 0; i < plan->nmaps; i++)
		free(plan->maps[i].entries);
	free(plan->maps);
	free(plan);
}
