// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Filter conditions as C expressions. Values only ever appear as integer
 * literals (strings become little-endian u64 words), never as C strings.
 */
#include <inttypes.h>

#include "emit.h"
#include <tp/event.h>

static uint64_t word_at(const struct tp_bytes *b, size_t i, uint64_t *mask)
{
	uint64_t w = 0;
	size_t j;

	*mask = 0;
	for (j = 0; j < 8 && 8 * i + j < b->len; j++) {
		w |= (uint64_t)b->data[8 * i + j] << (8 * j);
		*mask |= (uint64_t)0xff << (8 * j);
	}
	return w;
}

static size_t nwords(const struct tp_bytes *b)
{
	return (b->len + 7) / 8;
}

/* Long values and the filled maps, at file scope. */
void tp_emit__values(struct tp_emitter *e, const struct tp_plan *plan)
{
	size_t i, j;

	for (i = 0; i < plan->nlongs; i++) {
		const struct tp_bytes *b = plan->longs[i];
		uint64_t mask;

		tp_emitter__line(e, "static const __u64 tp_words_%zu[%zu] = {", i, nwords(b));
		for (j = 0; j < nwords(b); j++)
			tp_emitter__line(e, "\t0x%016" PRIx64 "ULL,", word_at(b, j, &mask));
		tp_emitter__line(e, "};");
	}
	for (i = 0; i < plan->nmaps; i++) {
		const struct tp_lmap *m = &plan->maps[i];

		tp_emitter__line(e, "struct {");
		tp_emitter__line(e, "\t__uint(type, %s);",
				 m->kind == TP_MAP_HASH ? "BPF_MAP_TYPE_HASH" : "BPF_MAP_TYPE_LPM_TRIE");
		tp_emitter__line(e, "\t__uint(max_entries, %u);", m->count ? m->count : 1);
		tp_emitter__line(e, "\t__uint(key_size, %u);", m->key_size);
		tp_emitter__line(e, "\t__uint(value_size, %u);", m->value_size);
		tp_emitter__line(e, "\t__uint(map_flags, BPF_F_RDONLY_PROG%s);",
				 m->kind == TP_MAP_LPM ? " | BPF_F_NO_PREALLOC" : "");
		tp_emitter__line(e, "} tp_set_%d SEC(\".maps\");", m->id);
	}
	if (plan->nlongs || plan->nmaps)
		tp_emitter__blank(e);
}

static void int_const(struct tp_emitter *e, const struct tp_lfilter *f, uint64_t v)
{
	if (f->is_signed)
		tp_emitter__raw(e, "(__s64)0x%" PRIx64 "ULL", v);
	else
		tp_emitter__raw(e, "0x%" PRIx64 "ULL", v);
}

void tp_emit__int_cond(struct tp_emitter *e, const struct tp_lfilter *f, const char *var)
{
	size_t i;

	if (f->negate)
		tp_emitter__raw(e, "!");
	tp_emitter__raw(e, "(");
	switch (f->base) {
	case TP_BASE_EQ:
		if (f->strat == TP_STRAT_HASH) {
			tp_emitter__raw(e, "({ __u64 _k = %s; bpf_map_lookup_elem(&tp_set_%d, &_k) != 0; })",
					var, f->map);
			break;
		}
		for (i = 0; i < f->nnums; i++) {
			tp_emitter__raw(e, "%s%s == ", i ? " || " : "", var);
			int_const(e, f, f->nums[i]);
		}
		break;
	case TP_BASE_GT:
	case TP_BASE_LT:
		tp_emitter__raw(e, "%s %s ", var, f->base == TP_BASE_GT ? ">" : "<");
		int_const(e, f, f->nums[0]);
		break;
	case TP_BASE_MASK:
		tp_emitter__raw(e, "(%s & ", var);
		int_const(e, f, f->nums[0]);
		tp_emitter__raw(e, ") != 0");
		break;
	default:
		tp_emitter__raw(e, "0");
		e->err = e->err ? e->err : -22;
	}
	tp_emitter__raw(e, ")");
}

/* The bytes of b at p, word by word. */
static void words_at(struct tp_emitter *e, const struct tp_bytes *b, const char *p)
{
	uint64_t mask, w;
	size_t i;

	if (b->words_id >= 0) {
		word_at(b, nwords(b) - 1, &mask);
		tp_emitter__raw(e, " && tp_words_eq(%s, tp_words_%d, %zu, 0x%" PRIx64 "ULL)", p,
				b->words_id, nwords(b), mask);
		return;
	}
	for (i = 0; i < nwords(b); i++) {
		w = word_at(b, i, &mask);
		if (mask == UINT64_MAX)
			tp_emitter__raw(e, " && TP_W(%s, %zu) == 0x%" PRIx64 "ULL", p, 8 * i, w);
		else
			tp_emitter__raw(e, " && (TP_W(%s, %zu) & 0x%" PRIx64 "ULL) == 0x%" PRIx64 "ULL",
					p, 8 * i, mask, w);
	}
}

static void str_inline(struct tp_emitter *e, const struct tp_lfilter *f, const char *s,
		       const char *n)
{
	size_t i;

	for (i = 0; i < f->ninline; i++) {
		const struct tp_bytes *b = &f->strs[i];

		tp_emitter__raw(e, "%s(", i ? " || " : "");
		switch (f->base) {
		case TP_BASE_EQ:
			tp_emitter__raw(e, "%s == %zu", n, b->len);
			words_at(e, b, s);
			break;
		case TP_BASE_PREFIX:
			tp_emitter__raw(e, "%s >= %zu", n, b->len);
			words_at(e, b, s);
			break;
		case TP_BASE_POSTFIX:
			/*
			 * The bound on _o is what lets the verifier accept s + _o;
			 * barrier_var stops clang from checking n instead.
			 */
			tp_emitter__raw(e, "({ long _o = %s - %zu; barrier_var(_o); _o >= 0 && _o <= %zu",
					n, b->len, (size_t)TP_STR_MAX - 1 - b->len);
			words_at(e, b, "(s_ + _o)");
			tp_emitter__raw(e, "; })");
			break;
		default:
			tp_emitter__raw(e, "0");
		}
		tp_emitter__raw(e, ")");
	}
}

void tp_emit__str_cond(struct tp_emitter *e, const struct tp_lfilter *f, const char *s,
		       const char *n, const char *key)
{
	if (f->negate)
		tp_emitter__raw(e, "!");
	tp_emitter__raw(e, "({ const char *s_ = %s; (void)s_; (", s);
	switch (f->strat) {
	case TP_STRAT_INLINE:
		str_inline(e, f, "s_", n);
		break;
	case TP_STRAT_HASH:
	case TP_STRAT_LPM:
	case TP_STRAT_LPM_REV:
		tp_emitter__raw(e, "(%s(%s, %u, s_, %s) == 0 && bpf_map_lookup_elem(&tp_set_%d, %s) != 0)",
				f->strat == TP_STRAT_HASH ? "tp_key_str" :
				f->strat == TP_STRAT_LPM ? "tp_key_prefix" : "tp_key_postfix",
				key, f->key_len, n, f->map, key);
		if (f->ninline) {
			tp_emitter__raw(e, " || ");
			str_inline(e, f, "s_", n);
		}
		break;
	}
	tp_emitter__raw(e, "); })");
}
