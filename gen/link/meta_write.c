// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* .tp.meta: the deterministic writer (the reader is libtp's). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "meta_write.h"
#include "model/vec.h"
#include "vocab.h"

struct strtab {
	char *buf;
	size_t len;
	size_t cap;
	uint32_t *slots; /* open addressing: string offset + 1, 0 empty */
	size_t nslots;
	size_t used;
};

struct whook {
	struct tp_meta_hook raw; /* string offsets filled; array offsets at finish */
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
	uint32_t *policies; /* the policies' names, string offsets */
	size_t npolicies;
	struct whook *hooks;
	size_t nhooks;
	struct wfill *fills;
	size_t nfills;
	struct tp_meta_user_act *user_acts;
	size_t nuser_acts;
	uint8_t digest[TP_DIGEST_SIZE];
	unsigned int arch;
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
	w->arch = tp_arch__host();
	w->st.cap = 256;
	w->st.buf = malloc(w->st.cap);
	if (!w->st.buf) {
		err = -ENOMEM;
		goto cleanup;
	}
	w->st.buf[0] = '\0';
	w->st.len = 1;
	err = tp_meta_writer__add_policy(w, policy_name);
	if (err < 0)
		goto cleanup;
	return w;

cleanup:
	tp_meta_writer__free(w);
	errno = -err;
	return NULL;
}

int tp_meta_writer__add_policy(struct tp_meta_writer *w, const char *name)
{
	uint32_t off, *slot;
	int err;

	if (w->npolicies >= INT32_MAX)
		return -E2BIG;
	err = strtab_add(&w->st, name, &off);
	if (err)
		return err;
	slot = tp_vec__push(&w->policies, &w->npolicies, sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	*slot = off;
	return (int)w->npolicies - 1;
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
	free(w->user_acts);
	free(w->policies);
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
	a->flags = v->flags;
	if ((err = strtab_add(&w->st, v->label, &a->label)))
		return err;
	return strtab_add(&w->st, v->field_name, &a->field_name);
}

int tp_meta_writer__add_hook(struct tp_meta_writer *w, const struct tp_meta_hook_view *v)
{
	struct whook h = {}, *slot;
	size_t i;
	int err;

	if (v->kind < TP_HOOK_KPROBE || v->kind > TP_HOOK_LOADER)
		return -EINVAL;
	if (v->flags & ~TP_HOOKF_ALL)
		return -EINVAL;
	if (v->policy >= w->npolicies)
		return -EINVAL;
	if (v->ntags > UINT32_MAX || v->nargs > UINT32_MAX || v->nvariants > UINT32_MAX)
		return -E2BIG;
	if ((v->ntags && !v->tags) || (v->nargs && !v->args) || (v->nvariants && !v->variants))
		return -EINVAL;
	for (i = 0; i < v->nvariants; i++)
		if (v->variants[i].kind <= 0 || v->variants[i].kind >= TP_VAR__MAX)
			return -EINVAL;
	h.raw.kind = v->kind;
	h.raw.flags = v->flags;
	h.raw.line = v->line;
	h.raw.policy = v->policy;
	h.raw.ntags = v->ntags;
	h.raw.nargs = v->nargs;
	h.raw.nvariants = v->nvariants;
	h.tags = tp_vec__calloc(v->ntags, sizeof(*h.tags));
	h.args = tp_vec__calloc(v->nargs, sizeof(*h.args));
	h.variants = tp_vec__calloc(v->nvariants, sizeof(*h.variants));
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
	slot = tp_vec__push(&w->hooks, &w->nhooks, sizeof(*slot));
	if (!slot) {
		err = -ENOMEM;
		goto cleanup;
	}
	*slot = h;
	return 0;

cleanup:
	whook_free(&h);
	return err;
}

int tp_meta_writer__add_fill(struct tp_meta_writer *w, const struct tp_meta_fill_view *v)
{
	struct wfill f = {}, *slot;
	uint64_t len;
	int err;

	if (!v->key_size || !v->value_size)
		return -EINVAL;
	len = ((uint64_t)v->key_size + v->value_size) * v->count;
	if (len > UINT32_MAX)
		return -E2BIG;
	if (len && !v->data)
		return -EINVAL;
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
	slot = err ? NULL : tp_vec__push(&w->fills, &w->nfills, sizeof(*slot));
	if (!slot) {
		free(f.data);
		return err ?: -ENOMEM;
	}
	*slot = f;
	return 0;
}

int tp_meta_writer__add_user_act(struct tp_meta_writer *w, const struct tp_meta_user_act_view *v)
{
	struct tp_meta_user_act a = { .hook = v->hook,
				      .selector = v->selector,
				      .action = v->action };
	struct tp_meta_user_act *slot;
	int err;

	if (!v->arg || v->hook >= w->nhooks)
		return -EINVAL;
	err = strtab_add(&w->st, v->arg, &a.arg);
	if (err)
		return err;
	slot = tp_vec__push(&w->user_acts, &w->nuser_acts, sizeof(*slot));
	if (!slot)
		return -ENOMEM;
	*slot = a;
	return 0;
}

void tp_meta_writer__set_arch(struct tp_meta_writer *w, unsigned int arch)
{
	w->arch = arch;
}

void tp_meta_writer__set_digest(struct tp_meta_writer *w, const uint8_t digest[TP_DIGEST_SIZE])
{
	memcpy(w->digest, digest, TP_DIGEST_SIZE);
}

/* Append n bytes at *off (host-order u32 structs converted to little endian). */
static void emit(uint8_t *out, uint64_t *off, const void *src, size_t n, bool words)
{
	memcpy(out + *off, src, n);
	if (words)
		tp_meta__le32_words(out + *off, n, true);
	*off += n;
}

int tp_meta_writer__finish(struct tp_meta_writer *w, void **data, size_t *size)
{
	struct tp_meta_header hdr = {};
	uint64_t off, total;
	uint8_t *out;
	size_t i;

	/*
	 * layout: header, policy names, hooks, all args, all tags, all variants,
	 * fills, user actions, fill data, strtab
	 */
	off = sizeof(hdr);
	hdr.policies_off = off;
	off += (uint64_t)w->npolicies * sizeof(uint32_t);
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
	hdr.user_acts_off = w->nuser_acts ? off : 0;
	off += (uint64_t)w->nuser_acts * sizeof(struct tp_meta_user_act);
	for (i = 0; i < w->nfills; i++) {
		off = (off + 7) & ~7ull; /* keys and values 8-byte aligned in the section */
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
	hdr.npolicies = w->npolicies;
	hdr.nhooks = w->nhooks;
	hdr.nfills = w->nfills;
	hdr.nuser_acts = w->nuser_acts;
	hdr.arch = htole32(w->arch); /* after the digest, out of the header's run of words */
	memcpy(hdr.digest, w->digest, sizeof(hdr.digest));

	off = 0;
	emit(out, &off, &hdr, sizeof(hdr), false);
	tp_meta__le32_words(out + TP_META_HDR_WORDS_OFF, TP_META_HDR_WORDS_LEN, true);
	emit(out, &off, w->policies, w->npolicies * sizeof(uint32_t), true);
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
	if (w->nuser_acts)
		emit(out, &off, w->user_acts, w->nuser_acts * sizeof(struct tp_meta_user_act),
		     true);
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
