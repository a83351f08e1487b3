// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Filters on integers, strings and paths as functions. Values only ever
 * appear as integer literals (strings become little-endian u64 words, the
 * last one masked), never as C strings.
 */
#include <inttypes.h>
#include <stdio.h>

#include <tp/event.h>

#include "parts.h"

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

/* A string hash set's bloom filter, four words a line (tp_match.bpf.h's tp_bloom_has). */
static void bloom_table(struct tp_emitter *e, size_t i, const struct tp_lmap *m)
{
	size_t j, n = (size_t)1 << (m->bloom_log2 - 6);

	tp_emitter__line(
	    e, "/* which strings " TP_SET_NAME "%zu may hold: a bloom filter of one hash */", i);
	tp_emitter__line(e, "static const __u64 " TP_SET_NAME "%zu_bloom[%zu] TP_RODATA = {", i, n);
	for (j = 0; j < n; j += 4) {
		char line[4 * 24 + 2] = "\t";
		size_t k, len = 1;

		for (k = j; k < n && k < j + 4; k++)
			len += snprintf(line + len, sizeof(line) - len, "%s0x%016" PRIx64 "ULL,",
					k > j ? " " : "", m->bloom[k]);
		tp_emitter__line(e, "%s", line);
	}
	tp_emitter__line(e, "};");
	tp_emitter__blank(e);
}

void tp_emit__values(struct tp_emitter *e, const struct tp_plan *plan)
{
	uint64_t mask;
	size_t i, j;

	for (i = 0; i < plan->nlongs; i++) {
		const struct tp_bytes *b = plan->longs[i];

		tp_emitter__line(e, "static const __u64 tp_words_%zu[%zu] TP_RODATA = {", i,
				 nwords(b));
		for (j = 0; j < nwords(b); j++)
			tp_emitter__line(e, "\t0x%016" PRIx64 "ULL,", word_at(b, j, &mask));
		tp_emitter__line(e, "};");
		tp_emitter__blank(e);
	}
	for (i = 0; i < plan->nmaps; i++) {
		const struct tp_lmap *m = &plan->maps[i];

		tp_emitter__line(e,
				 "/* a value set: tprun fills it from .tp.meta and freezes it */");
		tp_emitter__line(e, "TP_SHARED struct {");
		tp_emitter__line(e, "\t__uint(type, %s);",
				 m->kind == TP_MAP_HASH ? "BPF_MAP_TYPE_HASH"
							: "BPF_MAP_TYPE_LPM_TRIE");
		tp_emitter__line(e, "\t__uint(max_entries, %u);", m->count ? m->count : 1);
		tp_emitter__line(e, "\t__uint(key_size, %u);", m->key_size);
		tp_emitter__line(e, "\t__uint(value_size, %u);", TP_SET_VALUE_SIZE);
		tp_emitter__line(e, "\t__uint(map_flags, BPF_F_RDONLY_PROG%s);",
				 m->kind == TP_MAP_LPM ? " | BPF_F_NO_PREALLOC" : "");
		tp_emitter__line(e, "} " TP_SET_NAME "%zu SEC(\".maps\");", i);
		tp_emitter__blank(e);
		if (m->bloom)
			bloom_table(e, i, m);
	}
}

/* --- integers -------------------------------------------------------------- */

/*
 * InMap, InRange and their Not forms: single values (a set past the inline
 * limit), then min..max ranges. Not: no value and no range holds v.
 */
static void range_fn(struct tp_emitter *e, const struct tp_lfilter *f)
{
	const char *hit = f->negate ? "false" : "true";
	struct tp_terms t = { 0 };
	char c[64], d[64];
	size_t i;

	if (f->strat == TP_STRAT_HASH) {
		tp_emitter__line(e, "if (bpf_map_lookup_elem(&" TP_SET_NAME "%d, &v))", f->map);
		tp_emitter__line(e, "\treturn %s;", hit);
	} else {
		for (i = 0; i < f->nnums; i++)
			tp_terms__add(&t, "v %s %s", f->negate ? "!=" : "==",
				      tp_emit__int_const(c, sizeof(c), f->nums[i], f->is_signed));
	}
	for (i = 0; i < f->nspans; i++) {
		tp_emit__int_const(c, sizeof(c), f->spans[2 * i], f->is_signed);
		tp_emit__int_const(d, sizeof(d), f->spans[2 * i + 1], f->is_signed);
		if (!f->is_signed && !f->spans[2 * i]) /* no unsigned v is below 0 */
			tp_terms__add(&t, "v %s %s", f->negate ? ">" : "<=", d);
		else
			tp_terms__add(&t, f->negate ? "(v < %s || v > %s)" : "(v >= %s && v <= %s)",
				      c, d);
	}
	if (!t.n) {
		tp_emitter__line(e, "return %s;", f->negate ? "true" : "false");
		return;
	}
	tp_emitter__join(e, "return ", &t, f->negate ? "&&" : "||", ";");
	tp_terms__free(&t);
}

static void int_fn(struct tp_emitter *e, const struct tp_lfilter *f)
{
	struct tp_terms t = { 0 };
	char c[64];
	size_t i;

	switch (f->base) {
	case TP_BASE_EQ:
		if (f->strat == TP_STRAT_HASH) {
			tp_emitter__line(e, "return %sbpf_map_lookup_elem(&" TP_SET_NAME "%d, &v);",
					 f->negate ? "!" : "", f->map);
			return;
		}
		for (i = 0; i < f->nnums; i++)
			tp_terms__add(&t, "v %s %s", f->negate ? "!=" : "==",
				      tp_emit__int_const(c, sizeof(c), f->nums[i], f->is_signed));
		tp_emitter__join(e, "return ", &t, f->negate ? "&&" : "||", ";");
		break;
	case TP_BASE_RANGE:
		range_fn(e, f);
		break;
	case TP_BASE_GT:
	case TP_BASE_LT:
		tp_emitter__line(e, "return v %s %s;", f->base == TP_BASE_GT ? ">" : "<",
				 tp_emit__int_const(c, sizeof(c), f->nums[0], f->is_signed));
		break;
	case TP_BASE_MASK:
		tp_emitter__line(e, "return (v & 0x%" PRIx64 "ULL) != 0;", f->nums[0]);
		break;
	default:
		e->err = e->err ? e->err : -22;
	}
	tp_terms__free(&t);
}

/* --- strings and paths ----------------------------------------------------- */

/* The terms comparing the bytes of b at p, word by word, read with rd (TP_W; TP_WL lowercases). */
static void words_read(struct tp_terms *t, const struct tp_bytes *b, const char *p, const char *rd)
{
	uint64_t mask, w;
	size_t i;

	if (b->words_id >= 0) {
		word_at(b, nwords(b) - 1, &mask);
		tp_terms__add(t, "tp_words_eq(%s, tp_words_%d, %zu, 0x%" PRIx64 "ULL)", p,
			      b->words_id, nwords(b), mask);
		return;
	}
	for (i = 0; i < nwords(b); i++) {
		w = word_at(b, i, &mask);
		if (mask == UINT64_MAX)
			tp_terms__add(t, "%s(%s, %zu) == 0x%" PRIx64 "ULL", rd, p, 8 * i, w);
		else
			tp_terms__add(t, "(%s(%s, %zu) & 0x%" PRIx64 "ULL) == 0x%" PRIx64 "ULL", rd,
				      p, 8 * i, mask, w);
	}
}

static void words_at(struct tp_terms *t, const struct tp_bytes *b, const char *p)
{
	words_read(t, b, p, "TP_W");
}

/* "if (the bytes match value b) return hit;" */
static void value_test(struct tp_emitter *e, const struct tp_lfilter *f, const struct tp_bytes *b,
		       const char *hit)
{
	struct tp_terms t = { 0 };

	switch (f->base) {
	case TP_BASE_EQ:
		tp_terms__add(&t, "n == %zu", b->len);
		words_at(&t, b, "s");
		break;
	case TP_BASE_PREFIX:
		tp_terms__add(&t, "n >= %zu", b->len);
		words_at(&t, b, "s");
		break;
	default:
		/*
		 * Postfix: the bound on o lets the verifier accept s + o;
		 * barrier_var stops clang from testing n instead.
		 */
		tp_emitter__line(e, "o = n - %zu;", b->len);
		tp_emitter__line(e, "barrier_var(o);");
		tp_terms__add(&t, "o >= 0");
		tp_terms__add(&t, "o <= TP_STR_MAX - %zu", b->len);
		words_at(&t, b, "s + o");
		break;
	}
	tp_emitter__join(e, "if (", &t, "&&", ")");
	tp_emitter__line(e, "\treturn %s;", hit);
	tp_terms__free(&t);
}

bool tp_emit__filter_needs_key(const struct tp_lfilter *f)
{
	return f->strat != TP_STRAT_INLINE;
}

static size_t longest(const struct tp_lfilter *f)
{
	size_t i, max = 0;

	for (i = 0; i < f->nstrs; i++)
		max = f->strs[i].len > max ? f->strs[i].len : max;
	return max;
}

/*
 * A matchArgs filter reads a slot that says whether its bytes were cut
 * short: a comparison the missing bytes could decide fails, negated or not
 * (docs/captures.md). Strings and buffers lose their end, paths their start
 * (or, a name FollowFD took from a string, their end).
 */
static void cut_tests(struct tp_emitter *e, const struct tp_lfilter *f)
{
	bool path = tp_arg_type__class(f->type) == TP_ACL_PATH;
	const char *lost =
	    f->base == TP_BASE_PREFIX ? "TP_PATH_CUT_FRONT(s)" : "TP_PATH_CUT_END(s)";
	size_t max = longest(f);

	if (f->base == TP_BASE_EQ) {
		/* longer than what was kept: unequal to every value no longer than that */
		tp_emitter__line(e, "if (TP_SLOT_CUT(s))");
		if (f->negate)
			tp_emitter__line(e, "\treturn n >= %zu;", max);
		else
			tp_emitter__line(e, "\treturn false;");
		return;
	}
	if (path || f->base == TP_BASE_POSTFIX) {
		tp_emitter__line(e, "if (%s)", path ? lost : "TP_SLOT_CUT(s)");
		tp_emitter__line(e, "\treturn false;	/* the end compared was lost */");
	}
	/* a negated value longer than what was kept cannot be ruled out */
	if (path && f->negate) {
		tp_emitter__line(e, "if (TP_SLOT_CUT(s) && n < %zu)", max);
		tp_emitter__line(e, "\treturn false;");
	}
}

/*
 * SubString, SubStringIgnCase: bpf_loop calls name_at at every offset o
 * where the shortest value still fits (Tetragon: bpf_strnstr and
 * bpf_strncasestr over the arg's bytes, filter_char_substring in
 * bpf/process/types/basic.h). Bytes past what was kept are not searched: a
 * value not found fails the filter, cut short or not.
 */
static size_t shortest(const struct tp_lfilter *f)
{
	size_t i, min = SIZE_MAX;

	for (i = 0; i < f->nstrs; i++)
		min = f->strs[i].len < min ? f->strs[i].len : min;
	return min;
}

/*
 * A path the walk added nothing to (a pipe, a socket, the root) is empty: every
 * filter on it fails but FileType's, negated or not (Tetragon: filter_file_buf,
 * bpf/process/types/basic.h, before its negation).
 */
static void empty_path_test(struct tp_emitter *e, const struct tp_lfilter *f)
{
	if (!tp_arg_type__has(f->type, TP_ARGF_WALK))
		return;
	tp_emitter__line(e, "if (n == 0)");
	tp_emitter__line(e, "\treturn false;	/* no path: no filter passes, negated or not */");
}

static void substr_at_fn(struct tp_emitter *e, const char *name, const struct tp_lfilter *f)
{
	const char *rd = f->op == TP_OP_SUBSTRING_IGN_CASE ? "TP_WL" : "TP_W";
	size_t i, w, most = 0;

	tp_emitter__line(e, "static long %s_at(__u64 o, void *ctx)", name);
	tp_emitter__line(e, "{");
	e->indent++;
	tp_emitter__line(e, "struct tp_substr *c = ctx;");
	tp_emitter__line(e, "const char *p;");
	tp_emitter__line(e, "__u64 q;");
	tp_emitter__blank(e);
	tp_emitter__line(e, "if (o >= TP_STR_MAX)");
	tp_emitter__line(e, "\treturn 1;");
	for (i = 0; i < f->nstrs; i++)
		most = nwords(&f->strs[i]) > most ? nwords(&f->strs[i]) : most;
	/* the values by their number of words: one clamp for each number */
	for (w = 1; w <= most; w++) {
		bool clamped = false;

		for (i = 0; i < f->nstrs; i++) {
			struct tp_terms t = { 0 };

			if (nwords(&f->strs[i]) != w)
				continue;
			/*
			 * Its words at o, in the slot: o + len <= n <=
			 * TP_STR_MAX where the value may be there, and q (o
			 * no further than its words fit) is o then. The
			 * verifier knows nothing of n: the clamp, not the
			 * test of n, is what it bounds the reads by.
			 */
			if (!clamped) {
				tp_emitter__line(e, "q = o;");
				tp_emitter__line(e, "TP_CLAMP(q, TP_SLOT_SIZE - %zu);", 8 * w);
				tp_emitter__line(e, "p = c->s + q;");
				clamped = true;
			}
			tp_terms__add(&t, "c->n - (long)o >= %zu", f->strs[i].len);
			words_read(&t, &f->strs[i], "p", rd);
			tp_emitter__join(e, "if (", &t, "&&", ") {");
			tp_emitter__line(e, "\tc->hit = true;");
			tp_emitter__line(e, "\treturn 1;");
			tp_emitter__line(e, "}");
			tp_terms__free(&t);
		}
	}
	tp_emitter__line(e, "return 0;");
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
}

static void substr_fn(struct tp_emitter *e, const char *name, const struct tp_lfilter *f)
{
	size_t min = shortest(f);

	if (min) {
		tp_emitter__line(e, "struct tp_substr c = { .s = s, .n = n };");
		tp_emitter__blank(e);
	}
	tp_emitter__line(e, "if (n < 0)");
	tp_emitter__line(e, "\treturn false;	/* not read: no filter passes */");
	empty_path_test(e, f);
	if (!min) {
		tp_emitter__line(e, "return true;	/* an empty value is in every string */");
		return;
	}
	tp_emitter__line(e, "if (n < %zu)", min);
	tp_emitter__line(e, "\treturn false;");
	tp_emitter__line(e, "bpf_loop(n - %zu + 1, %s_at, &c, 0);", min, name);
	tp_emitter__line(e, "return c.hit;");
}

/*
 * FileType, NotFileType: the S_IFMT bits of the inode's mode, which the read
 * left in the slot's info; a path cut short still has them (Tetragon:
 * filter_file_type, bpf/process/types/basic.h).
 */
static void ftype_fn(struct tp_emitter *e, const struct tp_lfilter *f)
{
	struct tp_terms t = { 0 };
	size_t i;

	tp_emitter__line(e, "if (n < 0)");
	tp_emitter__line(e, "\treturn false;	/* not read: no filter passes, negated or not */");
	for (i = 0; i < f->nnums; i++)
		tp_terms__add(&t, "TP_SLOT_FTYPE(s) %s 0%" PRIo64,
			      f->negate ? "!=" : "==", f->nums[i]);
	tp_emitter__join(e, "return ", &t, f->negate ? "&&" : "||", ";");
	tp_terms__free(&t);
}

static void str_fn(struct tp_emitter *e, const struct tp_lfilter *f)
{
	static const char *const key_fn[] = {
		[TP_STRAT_HASH] = "tp_key_str",
		[TP_STRAT_LPM] = "tp_key_prefix",
		[TP_STRAT_LPM_REV] = "tp_key_postfix",
	};
	const char *hit = f->negate ? "false" : "true", *miss = f->negate ? "true" : "false";
	size_t i;

	if (f->base == TP_BASE_POSTFIX && f->ninline) {
		tp_emitter__line(e, "long o;");
		tp_emitter__blank(e);
	}
	tp_emitter__line(e, "if (n < 0)");
	tp_emitter__line(e, "\treturn false;	/* not read: no filter passes, negated or not */");
	empty_path_test(e, f);
	if ((f->base == TP_BASE_PREFIX || f->base == TP_BASE_POSTFIX) &&
	    !tp_arg_type__has(f->type, TP_ARGF_WALK)) {
		/* filter_char_buf_prefix and _postfix (basic.h): "" has no prefix, not even "" */
		tp_emitter__line(e, "if (n == 0)");
		tp_emitter__line(e, "\treturn %s;	/* \"\" matches no Prefix or Postfix */",
				 miss);
	}
	if (f->arg_pos >= 0)
		cut_tests(e, f);
	if (f->strat != TP_STRAT_INLINE) {
		const char *lead = "if (";

		if (f->strat == TP_STRAT_HASH) {
			/* lookups only for a length some value has (mod 64), and past the bloom */
			tp_emitter__line(e, "if (TP_LEN_IN(0x%" PRIx64 "ULL, n) &&", f->len_mask);
			tp_emitter__line(e,
					 "    tp_bloom_has(" TP_SET_NAME "%d_bloom, %u, s, n) &&",
					 f->map, f->bloom_log2);
			lead = "    ";
		}
		tp_emitter__line(e, "%s%s(key, %u, s, n) == 0 &&", lead, key_fn[f->strat],
				 f->key_len);
		tp_emitter__line(e, "    bpf_map_lookup_elem(&" TP_SET_NAME "%d, key))", f->map);
		tp_emitter__line(e, "\treturn %s;", hit);
	}
	for (i = 0; i < f->ninline; i++)
		value_test(e, f, &f->strs[i], hit);
	tp_emitter__line(e, "return %s;", miss);
}

void tp_emit__filter_fn(struct tp_emitter *e, const char *name, const char *what,
			const struct tp_lfilter *f)
{
	enum tp_arg_class cl = tp_arg_type__class(f->type);
	bool is_int = cl == TP_ACL_INT || cl == TP_ACL_CAPS;

	if (f->base == TP_BASE_SUBSTR && shortest(f))
		substr_at_fn(e, name, f);
	tp_emitter__line(e, "/* %s */", what);
	if (f->base == TP_BASE_CAPGAIN) {
		/* Tetragon's filter_arg_1 (bpf/process/types/basic.h): new has a bit old lacks */
		tp_emitter__line(e, "static __always_inline bool %s(__u64 old, __u64 new)", name);
		tp_emitter__line(e, "{");
		tp_emitter__line(e, "\treturn ((old ^ new) & new) != 0;");
		tp_emitter__line(e, "}");
		tp_emitter__blank(e);
		return;
	}
	if (is_int && f->narrow)
		tp_emitter__line(e, "static __always_inline bool %s(__u64 v)", name);
	else if (is_int)
		tp_emitter__line(e, "static __always_inline bool %s(%s v)", name,
				 tp_emit__cmp_ctype(f->type));
	else
		tp_emitter__line(e, "static __always_inline bool %s(const char *s, long n%s)", name,
				 tp_emit__filter_needs_key(f) ? ", char *key" : "");
	tp_emitter__line(e, "{");
	e->indent++;
	if (is_int && f->narrow) /* Tetragon's filter_arg_1 reads no more of it */
		tp_emitter__line(e, "v = (%s)v;	/* the low %d bits, as Tetragon compares */",
				 tp_emit__ctype(f->narrow, false), 8 * f->narrow);
	if (is_int)
		int_fn(e, f);
	else if (f->base == TP_BASE_SUBSTR)
		substr_fn(e, name, f);
	else if (f->base == TP_BASE_FTYPE)
		ftype_fn(e, f);
	else
		str_fn(e, f);
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
}
