// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* .tp.meta: the validating reader (tprun) and the deterministic writer (tpgen). */
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meta.h"

/* Every on-disk struct is a run of little-endian u32s (after the header's magic). */
static void le32_words(void *p, size_t nbytes, bool to_le)
{
	uint8_t *b = p;
	size_t i;

	for (i = 0; i + 4 <= nbytes; i += 4) {
		uint32_t v;

		memcpy(&v, b + i, 4);
		v = to_le ? htole32(v) : le32toh(v);
		memcpy(b + i, &v, 4);
	}
}

/* --- reader ---------------------------------------------------------------- */

struct tp_meta {
	const char *policy_name;
	struct tp_meta_hook_view *hooks;
	size_t nhooks;
	struct tp_meta_fill_view *fills;
	size_t nfills;
};

struct reader {
	const uint8_t *data;
	size_t size;			/* bytes of the section we trust: header.size */
	const char *strtab;
	uint32_t strtab_size;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct reader *r, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (r->err && r->errlen) {
		va_start(ap, fmt);
		vsnprintf(r->err, r->errlen, fmt, ap);
		va_end(ap);
	}
	return -errnum;
}

/* count elements of elem bytes at off lie inside the section. */
static bool in_range(const struct reader *r, uint64_t off, uint64_t count, uint64_t elem)
{
	uint64_t bytes;

	if (__builtin_mul_overflow(count, elem, &bytes))
		return false;
	return off <= r->size && bytes <= r->size - off;
}

static int get_str(struct reader *r, uint32_t off, const char **out, const char *what)
{
	/* strtab ends in NUL (checked once), so any offset inside it is a C string */
	if (off >= r->strtab_size)
		return fail(r, EINVAL, "%s: string offset %u outside the string table", what, off);
	*out = r->strtab + off;
	return 0;
}

static void read_struct(const struct reader *r, uint64_t off, void *dst, size_t n)
{
	memcpy(dst, r->data + off, n);
	le32_words(dst, n, false);
}

static int parse_arg(struct reader *r, const struct tp_meta_arg *a, struct tp_meta_arg_view *v,
		     bool is_ret, const char *what)
{
	int err;

	if (a->type >= TP_ARG__MAX || (a->type == TP_ARG_NONE && !is_ret))
		return fail(r, EINVAL, "%s: type %u out of range", what, a->type);
	v->index = a->index;
	v->type = a->type;
	v->size_arg = a->size_arg;
	v->max_len = a->max_len;
	v->field_off = a->field_off;
	v->field_size = a->field_size;
	err = get_str(r, a->label, &v->label, what);
	if (!err)
		err = get_str(r, a->field_name, &v->field_name, what);
	return err;
}

static int parse_hook(struct reader *r, size_t idx, uint64_t off, struct tp_meta_hook_view *v)
{
	struct tp_meta_hook h;
	char what[80];
	size_t i;
	int err;

	read_struct(r, off, &h, sizeof(h));
	snprintf(what, sizeof(what), "hook %zu", idx);
	if (h.kind < TP_HOOK_KPROBE || h.kind > TP_HOOK_LSM)
		return fail(r, EINVAL, "%s: kind %u out of range", what, h.kind);
	if (h.flags & ~TP_HOOKF_ALL)
		return fail(r, EINVAL, "%s: unknown flags 0x%x", what, h.flags);
	v->kind = h.kind;
	v->flags = h.flags;
	v->line = h.line;
	if ((err = get_str(r, h.call, &v->call, what)) ||
	    (err = get_str(r, h.function_name, &v->function_name, what)) ||
	    (err = get_str(r, h.subsys, &v->subsys, what)) ||
	    (err = get_str(r, h.event, &v->event, what)) ||
	    (err = get_str(r, h.message, &v->message, what)))
		return err;

	if (!in_range(r, h.tags_off, h.ntags, sizeof(uint32_t)))
		return fail(r, EINVAL, "%s: %u tags at %u overrun the section", what, h.ntags,
			    h.tags_off);
	if (!in_range(r, h.args_off, h.nargs, sizeof(struct tp_meta_arg)))
		return fail(r, EINVAL, "%s: %u args at %u overrun the section", what, h.nargs,
			    h.args_off);
	if (!in_range(r, h.variants_off, h.nvariants, sizeof(struct tp_meta_variant)))
		return fail(r, EINVAL, "%s: %u variants at %u overrun the section", what,
			    h.nvariants, h.variants_off);

	v->ntags = h.ntags;
	v->nargs = h.nargs;
	v->nvariants = h.nvariants;
	v->tags = calloc(h.ntags ? h.ntags : 1, sizeof(*v->tags));
	v->args = calloc(h.nargs ? h.nargs : 1, sizeof(*v->args));
	v->variants = calloc(h.nvariants ? h.nvariants : 1, sizeof(*v->variants));
	if (!v->tags || !v->args || !v->variants)
		return fail(r, ENOMEM, "%s: out of memory", what);

	for (i = 0; i < h.ntags; i++) {
		uint32_t so;
		char w[96];

		read_struct(r, (uint64_t)h.tags_off + i * 4, &so, 4);
		snprintf(w, sizeof(w), "%s: tag %zu", what, i);
		if ((err = get_str(r, so, &v->tags[i], w)))
			return err;
	}
	for (i = 0; i < h.nargs; i++) {
		struct tp_meta_arg a;
		char w[96];

		read_struct(r, (uint64_t)h.args_off + i * sizeof(a), &a, sizeof(a));
		snprintf(w, sizeof(w), "%s: arg %zu", what, i);
		if ((err = parse_arg(r, &a, &v->args[i], false, w)))
			return err;
	}
	snprintf(what, sizeof(what), "hook %zu: return arg", idx);
	if ((err = parse_arg(r, &h.ret, &v->ret, true, what)))
		return err;
	for (i = 0; i < h.nvariants; i++) {
		struct tp_meta_variant mv;
		struct tp_meta_variant_view *vv = &v->variants[i];
		char w[96];

		read_struct(r, (uint64_t)h.variants_off + i * sizeof(mv), &mv, sizeof(mv));
		snprintf(w, sizeof(w), "hook %zu: variant %zu", idx, i);
		if (mv.kind < TP_VAR_FENTRY || mv.kind > TP_VAR_KPROBE_MULTI)
			return fail(r, EINVAL, "%s: kind %u out of range", w, mv.kind);
		vv->kind = mv.kind;
		if ((err = get_str(r, mv.target, &vv->target, w)) ||
		    (err = get_str(r, mv.target_exit, &vv->target_exit, w)) ||
		    (err = get_str(r, mv.prog, &vv->prog, w)) ||
		    (err = get_str(r, mv.prog_exit, &vv->prog_exit, w)))
			return err;
	}
	return 0;
}

static int parse_fill(struct reader *r, size_t idx, uint64_t off, struct tp_meta_fill_view *v)
{
	struct tp_meta_fill f;
	uint64_t entry;
	char what[32];
	int err;

	read_struct(r, off, &f, sizeof(f));
	snprintf(what, sizeof(what), "fill %zu", idx);
	if ((err = get_str(r, f.map_name, &v->map_name, what)))
		return err;
	if (!f.key_size || !f.value_size)
		return fail(r, EINVAL, "%s: zero key or value size", what);
	entry = (uint64_t)f.key_size + f.value_size;
	if (!in_range(r, f.data_off, f.count, entry))
		return fail(r, EINVAL, "%s: %u entries of %llu bytes at %u overrun the section",
			    what, f.count, (unsigned long long)entry, f.data_off);
	v->key_size = f.key_size;
	v->value_size = f.value_size;
	v->count = f.count;
	v->data = r->data + f.data_off;
	return 0;
}

struct tp_meta *tp_meta__parse(const void *data, size_t size, char *errbuf, size_t errlen)
{
	struct reader r = { .data = data, .size = size, .err = errbuf, .errlen = errlen };
	struct tp_meta_header hdr;
	struct tp_meta *m = NULL;
	size_t i;
	int err;

	if (errbuf && errlen)
		errbuf[0] = '\0';
	if (!data || size < sizeof(hdr)) {
		err = fail(&r, EINVAL, "section too short: %zu bytes", data ? size : 0);
		goto cleanup;
	}
	memcpy(&hdr, data, sizeof(hdr));
	le32_words((char *)&hdr + sizeof(hdr.magic), sizeof(hdr) - sizeof(hdr.magic), false);
	if (memcmp(hdr.magic, TP_META_MAGIC, sizeof(hdr.magic))) {
		err = fail(&r, EINVAL, "bad magic: not a .tp.meta section");
		goto cleanup;
	}
	if (hdr.version != TP_META_VERSION) {
		err = fail(&r, EPROTO, "foreign version %u (this build reads version %u)",
			   hdr.version, TP_META_VERSION);
		goto cleanup;
	}
	if (hdr.size < sizeof(hdr) || hdr.size > size) {
		err = fail(&r, EINVAL, "header size %u outside %zu..%zu", hdr.size, sizeof(hdr),
			   size);
		goto cleanup;
	}
	r.size = hdr.size;
	if (!hdr.strtab_size || !in_range(&r, hdr.strtab_off, hdr.strtab_size, 1)) {
		err = fail(&r, EINVAL, "string table (%u bytes at %u) outside the section",
			   hdr.strtab_size, hdr.strtab_off);
		goto cleanup;
	}
	r.strtab = (const char *)r.data + hdr.strtab_off;
	r.strtab_size = hdr.strtab_size;
	if (r.strtab[0] != '\0' || r.strtab[r.strtab_size - 1] != '\0') {
		err = fail(&r, EINVAL, "string table not NUL delimited");
		goto cleanup;
	}
	if (!in_range(&r, hdr.hooks_off, hdr.nhooks, sizeof(struct tp_meta_hook))) {
		err = fail(&r, EINVAL, "%u hooks at %u overrun the section", hdr.nhooks,
			   hdr.hooks_off);
		goto cleanup;
	}
	if (!in_range(&r, hdr.fills_off, hdr.nfills, sizeof(struct tp_meta_fill))) {
		err = fail(&r, EINVAL, "%u fills at %u overrun the section", hdr.nfills,
			   hdr.fills_off);
		goto cleanup;
	}

	m = calloc(1, sizeof(*m));
	if (!m) {
		err = fail(&r, ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((err = get_str(&r, hdr.policy_name, &m->policy_name, "policy name")))
		goto cleanup;
	m->hooks = calloc(hdr.nhooks ? hdr.nhooks : 1, sizeof(*m->hooks));
	m->fills = calloc(hdr.nfills ? hdr.nfills : 1, sizeof(*m->fills));
	if (!m->hooks || !m->fills) {
		err = fail(&r, ENOMEM, "out of memory");
		goto cleanup;
	}
	for (i = 0; i < hdr.nhooks; i++) {
		/* counted as we go, so that free() releases what was allocated */
		m->nhooks = i + 1;
		err = parse_hook(&r, i, hdr.hooks_off + i * sizeof(struct tp_meta_hook),
				 &m->hooks[i]);
		if (err)
			goto cleanup;
	}
	for (i = 0; i < hdr.nfills; i++) {
		m->nfills = i + 1;
		err = parse_fill(&r, i, hdr.fills_off + i * sizeof(struct tp_meta_fill),
				 &m->fills[i]);
		if (err)
			goto cleanup;
	}
	return m;

cleanup:
	tp_meta__free(m);
	errno = -err;
	return NULL;
}

void tp_meta__free(struct tp_meta *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nhooks; i++) {
		free(m->hooks[i].tags);
		free(m->hooks[i].args);
		free(m->hooks[i].variants);
	}
	free(m->hooks);
	free(m->fills);
	free(m);
}

const char *tp_meta__policy_name(const struct tp_meta *m)
{
	return m->policy_name;
}

size_t tp_meta__hook_cnt(const struct tp_meta *m)
{
	return m->nhooks;
}

const struct tp_meta_hook_view *tp_meta__hook(const struct tp_meta *m, size_t i)
{
	return i < m->nhooks ? &m->hooks[i] : NULL;
}

size_t tp_meta__fill_cnt(const struct tp_meta *m)
{
	return m->nfills;
}

const struct tp_meta_fill_view *tp_meta__fill(const struct tp_meta *m, size_t i)
{
	return i < m->nfills ? &m->fills[i] : NULL;
}

/* --- writer ---------------------------------------------------------------- */

struct strtab {
	char *buf;
	size_t len;
	size_t cap;
	uint32_t *slots;		/* open addressing: string offset + 1, 0 empty */
	size_t nslots;
	size_t used;
};

struct whook {
	struct tp_meta_hook raw;	/* string offsets filled; array offsets at finish */
	uint32_t *tags;
	struct tp_meta_arg *args;
	struct tp_meta_variant *variants;
};

struct wfill {
	struct tp_meta_fill raw;
	void *data;
	size_t data_len;
};

struct tp_meta_writer {
	struct strtab st;
	uint32_t policy_name;
	struct whook *hooks;
	size_t nhooks;
	size_t hooks_cap;
	struct wfill *fills;
	size_t nfills;
	size_t fills_cap;
};

static uint32_t hash_str(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

static int strtab_grow_slots(struct strtab *st)
{
	size_t n = st->nslots ? st->nslots * 2 : 64, i;
	uint32_t *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (i = 0; i < st->nslots; i++) {
		uint32_t v = st->slots[i];
		const char *s;
		size_t k;

		if (!v)
			continue;
		s = st->buf + v - 1;
		k = hash_str(s, strlen(s)) & (n - 1);
		while (slots[k])
			k = (k + 1) & (n - 1);
		slots[k] = v;
	}
	free(st->slots);
	st->slots = slots;
	st->nslots = n;
	return 0;
}

/* Offset of s in the string table, adding it once. "" and NULL are offset 0. */
static int strtab_add(struct strtab *st, const char *s, uint32_t *off)
{
	size_t n, k;
	int err;

	if (!s || !*s) {
		*off = 0;
		return 0;
	}
	n = strlen(s);
	if ((st->used + 1) * 2 > st->nslots && (err = strtab_grow_slots(st)))
		return err;
	k = hash_str(s, n) & (st->nslots - 1);
	while (st->slots[k]) {
		const char *t = st->buf + st->slots[k] - 1;

		if (!strcmp(t, s)) {
			*off = st->slots[k] - 1;
			return 0;
		}
		k = (k + 1) & (st->nslots - 1);
	}
	if (st->len + n + 1 > UINT32_MAX - 1)
		return -E2BIG;
	if (st->len + n + 1 > st->cap) {
		size_t cap = st->cap ? st->cap : 256;
		char *buf;

		while (cap < st->len + n + 1)
			cap *= 2;
		buf = realloc(st->buf, cap);
		if (!buf)
			return -ENOMEM;
		st->buf = buf;
		st->cap = cap;
	}
	memcpy(st->buf + st->len, s, n + 1);
	*off = st->len;
	st->slots[k] = st->len + 1;
	st->len += n + 1;
	st->used++;
	return 0;
}

struct tp_meta_writer *tp_meta_writer__new(const char *policy_name)
{
	struct tp_meta_writer *w = calloc(1, sizeof(*w));
	int err;

	if (!w)
		return NULL;
	w->st.cap = 256;
	w->st.buf = malloc(w->st.cap);
	if (!w->st.buf) {
		err = -ENOMEM;
		goto cleanup;
	}
	w->st.buf[0] = '\0';
	w->st.len = 1;
	err = strtab_add(&w->st, policy_name, &w->policy_name);
	if (err)
		goto cleanup;
	return w;

cleanup:
	tp_meta_writer__free(w);
	errno = -err;
	return NULL;
}

static void whook_free(struct whook *h)
{
	free(h->tags);
	free(h->args);
	free(h->variants);
}

void tp_meta_writer__free(struct tp_meta_writer *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->nhooks; i++)
		whook_free(&w->hooks[i]);
	for (i = 0; i < w->nfills; i++)
		free(w->fills[i].data);
	free(w->hooks);
	free(w->fills);
	free(w->st.buf);
	free(w->st.slots);
	free(w);
}

static int put_arg(struct tp_meta_writer *w, const struct tp_meta_arg_view *v,
		   struct tp_meta_arg *a, bool is_ret)
{
	int err;

	if ((unsigned)v->type >= TP_ARG__MAX || (v->type == TP_ARG_NONE && !is_ret))
		return -EINVAL;
	a->index = v->index;
	a->type = v->type;
	a->size_arg = v->size_arg;
	a->max_len = v->max_len;
	a->field_off = v->field_off;
	a->field_size = v->field_size;
	if ((err = strtab_add(&w->st, v->label, &a->label)))
		return err;
	return strtab_add(&w->st, v->field_name, &a->field_name);
}

static int grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 8;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	p = realloc(*arr, n * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = n;
	return 0;
}

int tp_meta_writer__add_hook(struct tp_meta_writer *w, const struct tp_meta_hook_view *v)
{
	struct whook h = {};
	size_t i;
	int err;

	if (v->kind < TP_HOOK_KPROBE || v->kind > TP_HOOK_LSM)
		return -EINVAL;
	if (v->flags & ~TP_HOOKF_ALL)
		return -EINVAL;
	if (v->ntags > UINT32_MAX || v->nargs > UINT32_MAX || v->nvariants > UINT32_MAX)
		return -E2BIG;
	if ((v->ntags && !v->tags) || (v->nargs && !v->args) ||
	    (v->nvariants && !v->variants))
		return -EINVAL;
	for (i = 0; i < v->nvariants; i++)
		if (v->variants[i].kind < TP_VAR_FENTRY || v->variants[i].kind > TP_VAR_KPROBE_MULTI)
			return -EINVAL;
	err = grow((void **)&w->hooks, &w->hooks_cap, w->nhooks + 1, sizeof(*w->hooks));
	if (err)
		return err;

	h.raw.kind = v->kind;
	h.raw.flags = v->flags;
	h.raw.line = v->line;
	h.raw.ntags = v->ntags;
	h.raw.nargs = v->nargs;
	h.raw.nvariants = v->nvariants;
	h.tags = calloc(v->ntags ? v->ntags : 1, sizeof(*h.tags));
	h.args = calloc(v->nargs ? v->nargs : 1, sizeof(*h.args));
	h.variants = calloc(v->nvariants ? v->nvariants : 1, sizeof(*h.variants));
	if (!h.tags || !h.args || !h.variants) {
		err = -ENOMEM;
		goto cleanup;
	}
	if ((err = strtab_add(&w->st, v->call, &h.raw.call)) ||
	    (err = strtab_add(&w->st, v->function_name, &h.raw.function_name)) ||
	    (err = strtab_add(&w->st, v->subsys, &h.raw.subsys)) ||
	    (err = strtab_add(&w->st, v->event, &h.raw.event)) ||
	    (err = strtab_add(&w->st, v->message, &h.raw.message)))
		goto cleanup;
	for (i = 0; i < v->ntags; i++)
		if ((err = strtab_add(&w->st, v->tags[i], &h.tags[i])))
			goto cleanup;
	for (i = 0; i < v->nargs; i++)
		if ((err = put_arg(w, &v->args[i], &h.args[i], false)))
			goto cleanup;
	if ((err = put_arg(w, &v->ret, &h.raw.ret, true)))
		goto cleanup;
	for (i = 0; i < v->nvariants; i++) {
		const struct tp_meta_variant_view *vv = &v->variants[i];
		struct tp_meta_variant *mv = &h.variants[i];

		mv->kind = vv->kind;
		if ((err = strtab_add(&w->st, vv->target, &mv->target)) ||
		    (err = strtab_add(&w->st, vv->target_exit, &mv->target_exit)) ||
		    (err = strtab_add(&w->st, vv->prog, &mv->prog)) ||
		    (err = strtab_add(&w->st, vv->prog_exit, &mv->prog_exit)))
			goto cleanup;
	}
	w->hooks[w->nhooks++] = h;
	return 0;

cleanup:
	whook_free(&h);
	return err;
}

int tp_meta_writer__add_fill(struct tp_meta_writer *w, const struct tp_meta_fill_view *v)
{
	struct wfill f = {};
	uint64_t len;
	int err;

	if (!v->key_size || !v->value_size)
		return -EINVAL;
	len = ((uint64_t)v->key_size + v->value_size) * v->count;
	if (len > UINT32_MAX)
		return -E2BIG;
	if (len && !v->data)
		return -EINVAL;
	err = grow((void **)&w->fills, &w->fills_cap, w->nfills + 1, sizeof(*w->fills));
	if (err)
		return err;
	f.raw.key_size = v->key_size;
	f.raw.value_size = v->value_size;
	f.raw.count = v->count;
	f.data_len = len;
	f.data = malloc(len ? len : 1);
	if (!f.data)
		return -ENOMEM;
	if (len)
		memcpy(f.data, v->data, len);
	err = strtab_add(&w->st, v->map_name, &f.raw.map_name);
	if (err) {
		free(f.data);
		return err;
	}
	w->fills[w->nfills++] = f;
	return 0;
}

/* Append n bytes at *off (host-order u32 structs converted to little endian). */
static void emit(uint8_t *out, uint64_t *off, const void *src, size_t n, bool words)
{
	memcpy(out + *off, src, n);
	if (words)
		le32_words(out + *off, n, true);
	*off += n;
}

int tp_meta_writer__finish(struct tp_meta_writer *w, void **data, size_t *size)
{
	struct tp_meta_header hdr = {};
	uint64_t off, total;
	uint8_t *out;
	size_t i;

	/* layout: header, hooks, all args, all tags, all variants, fills, fill data, strtab */
	off = sizeof(hdr);
	hdr.hooks_off = off;
	off += (uint64_t)w->nhooks * sizeof(struct tp_meta_hook);
	for (i = 0; i < w->nhooks; i++) {
		w->hooks[i].raw.args_off = w->hooks[i].raw.nargs ? off : 0;
		off += (uint64_t)w->hooks[i].raw.nargs * sizeof(struct tp_meta_arg);
	}
	for (i = 0; i < w->nhooks; i++) {
		w->hooks[i].raw.tags_off = w->hooks[i].raw.ntags ? off : 0;
		off += (uint64_t)w->hooks[i].raw.ntags * sizeof(uint32_t);
	}
	for (i = 0; i < w->nhooks; i++) {
		w->hooks[i].raw.variants_off = w->hooks[i].raw.nvariants ? off : 0;
		off += (uint64_t)w->hooks[i].raw.nvariants * sizeof(struct tp_meta_variant);
	}
	hdr.fills_off = off;
	off += (uint64_t)w->nfills * sizeof(struct tp_meta_fill);
	for (i = 0; i < w->nfills; i++) {
		off = (off + 7) & ~7ull;	/* keys and values 8-byte aligned in the section */
		w->fills[i].raw.data_off = off;
		off += w->fills[i].data_len;
	}
	hdr.strtab_off = off;
	hdr.strtab_size = w->st.len;
	total = off + w->st.len;
	if (total > UINT32_MAX)
		return -E2BIG;

	out = calloc(1, total);
	if (!out)
		return -ENOMEM;
	memcpy(hdr.magic, TP_META_MAGIC, sizeof(hdr.magic));
	hdr.version = TP_META_VERSION;
	hdr.size = total;
	hdr.policy_name = w->policy_name;
	hdr.nhooks = w->nhooks;
	hdr.nfills = w->nfills;

	off = 0;
	emit(out, &off, &hdr, sizeof(hdr), false);
	le32_words(out + sizeof(hdr.magic), sizeof(hdr) - sizeof(hdr.magic), true);
	for (i = 0; i < w->nhooks; i++)
		emit(out, &off, &w->hooks[i].raw, sizeof(struct tp_meta_hook), true);
	for (i = 0; i < w->nhooks; i++)
		emit(out, &off, w->hooks[i].args,
		     w->hooks[i].raw.nargs * sizeof(struct tp_meta_arg), true);
	for (i = 0; i < w->nhooks; i++)
		emit(out, &off, w->hooks[i].tags, w->hooks[i].raw.ntags * sizeof(uint32_t), true);
	for (i = 0; i < w->nhooks; i++)
		emit(out, &off, w->hooks[i].variants,
		     w->hooks[i].raw.nvariants * sizeof(struct tp_meta_variant), true);
	for (i = 0; i < w->nfills; i++)
		emit(out, &off, &w->fills[i].raw, sizeof(struct tp_meta_fill), true);
	for (i = 0; i < w->nfills; i++) {
		off = w->fills[i].raw.data_off;
		emit(out, &off, w->fills[i].data, w->fills[i].data_len, false);
	}
	off = hdr.strtab_off;
	emit(out, &off, w->st.buf, w->st.len, false);

	*data = out;
	*size = total;
	return 0;
}
