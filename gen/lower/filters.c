// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * One filter's values: integers folded where the operator allows, strings
 * trimmed, and either compared inline or put in a map past the inline limit.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check/values.h"
#include "model/vec.h"

#include "filters.h"
#include "maps.h"

/* GT any of V <=> GT min(V); LT any <=> LT max(V); Mask any <=> Mask OR(V). */
static void fold(struct tp_lfilter *f)
{
	uint64_t acc = f->nums[0];
	size_t i;

	for (i = 1; i < f->nnums; i++) {
		uint64_t x = f->nums[i];
		bool less = f->is_signed ? (int64_t)x < (int64_t)acc : x < acc;

		if (f->base == TP_BASE_MASK)
			acc |= x;
		else if ((f->base == TP_BASE_GT) == less)
			acc = x;
	}
	f->nums[0] = acc;
	f->nnums = 1;
}

static int lower_ints(struct tp_plan *plan, struct tp_lfilter *f, const struct tp_value *v,
		      size_t n, size_t inline_max)
{
	size_t i;

	f->nums = tp_vec__calloc(n, sizeof(*f->nums));
	f->spans = tp_vec__calloc(2 * n, sizeof(*f->spans));
	if (!f->nums || !f->spans)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		if (f->base == TP_BASE_RANGE && v[i].num != v[i].num_hi) {
			f->spans[2 * f->nspans] = v[i].num;
			f->spans[2 * f->nspans++ + 1] = v[i].num_hi;
		} else {
			f->nums[f->nnums++] = v[i].num;
		}
	}
	n = f->nnums;
	if (f->base == TP_BASE_FTYPE)
		return 0; /* a few types, compared inline */
	if (n && f->base != TP_BASE_EQ && f->base != TP_BASE_RANGE) {
		fold(f);
		return 0;
	}
	if (n > inline_max) {
		f->strat = TP_STRAT_HASH;
		f->map = tp_plan__map_ints(plan, f->nums, n);
		return f->map < 0 ? f->map : 0;
	}
	return 0;
}

/* Values longer than TP_INLINE_WORDS words are compared against arrays: number them. */
static int number_longs(struct tp_plan *plan, struct tp_lfilter *f)
{
	size_t i;

	for (i = 0; i < f->ninline; i++) {
		const struct tp_bytes **l;

		if (f->strs[i].len <= TP_INLINE_WORDS * 8)
			continue;
		l = tp_vec__push(&plan->longs, &plan->nlongs, sizeof(*l));
		if (!l)
			return -ENOMEM;
		f->strs[i].words_id = (int)plan->nlongs - 1;
		*l = &f->strs[i];
	}
	return 0;
}

static int lower_strs(struct tp_plan *plan, struct tp_lfilter *f, const struct tp_value *v,
		      size_t n, size_t inline_max)
{
	size_t i;

	f->strs = tp_vec__calloc(n, sizeof(*f->strs));
	if (!f->strs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		size_t len = tp_value__match_len(&v[i], f->base, f->type);

		f->strs[i].data = malloc(len ? len : 1);
		if (!f->strs[i].data)
			return -ENOMEM;
		memcpy(f->strs[i].data, v[i].str, len);
		f->strs[i].len = len;
		f->strs[i].words_id = -1;
		f->nstrs++;
	}
	if (f->op == TP_OP_SUBSTRING_IGN_CASE)
		for (i = 0; i < f->nstrs; i++)
			for (size_t j = 0; j < f->strs[i].len; j++)
				f->strs[i].data[j] = (uint8_t)tolower(f->strs[i].data[j]);
	if (f->base == TP_BASE_SUBSTR) {
		f->ninline = f->nstrs; /* searched at every offset, word by word: never a map */
		return 0;
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
		f->strat = f->base == TP_BASE_EQ       ? TP_STRAT_HASH
			   : f->base == TP_BASE_PREFIX ? TP_STRAT_LPM
						       : TP_STRAT_LPM_REV;
		f->map =
		    tp_plan__map_strs(plan, f->strat, f->strs + f->ninline, f->nstrs - f->ninline);
		if (f->map < 0)
			return f->map;
		f->key_len = plan->maps[f->map].data_len;
		for (i = f->ninline; i < f->nstrs; i++)
			f->len_mask |= 1ULL << (f->strs[i].len % 64);
		f->bloom_log2 = plan->maps[f->map].bloom_log2;
	} else {
		f->ninline = f->nstrs;
	}
	return number_longs(plan, f);
}

int tp_lower__filter(struct tp_plan *plan, struct tp_lfilter *f, enum tp_arg_type type,
		     enum tp_op op, const struct tp_value *v, size_t n, size_t inline_max)
{
	const struct tp_op_info *oi = tp_op__info(op);
	enum tp_arg_class cl = tp_arg_type__class(type);

	if (!oi || oi->base == TP_BASE_NONE || oi->base == TP_BASE_NET)
		return -EINVAL;
	f->type = type;
	f->op = op;
	f->base = oi->base;
	f->negate = oi->negate;
	f->is_signed = tp_arg_type__is_signed(type);
	if (cl == TP_ACL_INT) {
		/* what Tetragon's filter compares: a size_t's low 32 bits, an int InMap looks
		 * up zero-extended (tp_value__view) */
		struct tp_int_view w = tp_value__view(type, op);

		f->is_signed = w.is_signed;
		if (!w.is_signed && w.bytes < 8 &&
		    (tp_arg_type__is_signed(type) || w.bytes != tp_arg_type__size(type)))
			f->narrow = w.bytes;
	}
	f->map = -1;
	f->strat = TP_STRAT_INLINE;
	if (f->base == TP_BASE_CAPGAIN)
		return 0; /* no values: it compares two args */
	if (cl == TP_ACL_INT || cl == TP_ACL_CAPS || f->base == TP_BASE_FTYPE)
		return lower_ints(plan, f, v, n, inline_max);
	return lower_strs(plan, f, v, n, inline_max);
}

void tp_lfilter__free(struct tp_lfilter *f)
{
	size_t i;

	free(f->nums);
	free(f->spans);
	for (i = 0; i < f->nstrs; i++)
		free(f->strs[i].data);
	free(f->strs);
}
