// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * vmlinux.h cut to the structs a policy reaches. clang gives every struct the
 * object touches in debug info, and with it every struct that one points to:
 * task_struct alone brings two thousand types, which clang, its optimiser and
 * the BPF backend's BTF then carry (a third of a compile). The cut keeps every
 * type of the BTF, in BTF order, but writes a struct or union in full only if
 * it is named (a "struct X" of the generated C or the templates, or one clang
 * asked for: tp_cut_names__add_errors), held by value in one that is, or
 * named by a typedef; any other is a forward declaration. C refuses the member
 * access, the sizeof and the value of an incomplete struct, so what compiles
 * against the cut means what it means against the whole header, and what does
 * not names the structs it lacks. bpf_core_type_exists() and _size() alone
 * take an incomplete struct without a word (and would relocate against the
 * declaration): the "struct X" they are given is named, and a typedef's
 * struct is whole, so neither meets one.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "vmlinux_cut.h"
#include "vmlinux_h.h"

static bool ident_char(char c)
{
	return c == '_' || isalnum((unsigned char)c);
}

static int find(const struct tp_cut_names *s, const char *name, size_t len, size_t *at)
{
	size_t lo = 0, hi = s->n, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strncmp(s->name[mid], name, len);
		if (!c)
			c = s->name[mid][len] ? 1 : 0;
		if (!c) {
			*at = mid;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return 0;
}

bool tp_cut_names__has(const struct tp_cut_names *s, const char *name)
{
	size_t at;

	return find(s, name, strlen(name), &at);
}

/* 1 if added, 0 if it was there; kept sorted, so the set's order is its own */
int tp_cut_names__add(struct tp_cut_names *s, const char *name, size_t len)
{
	size_t at;
	char **grown, *copy;

	if (find(s, name, len, &at))
		return 0;
	if (s->n == s->cap) {
		grown = realloc(s->name, (s->cap ? s->cap * 2 : 64) * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		s->name = grown;
		s->cap = s->cap ? s->cap * 2 : 64;
	}
	copy = strndup(name, len);
	if (!copy)
		return -ENOMEM;
	memmove(s->name + at + 1, s->name + at, (s->n - at) * sizeof(*s->name));
	s->name[at] = copy;
	s->n++;
	return 1;
}

void tp_cut_names__free(struct tp_cut_names *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->name[i]);
	free(s->name);
	*s = (struct tp_cut_names){ 0 };
}

/* The tag at p ("struct " or "union "), if one starts there: its length. */
static size_t tag_at(const char *text, const char *p, const char *end)
{
	static const char *const tags[] = { "struct ", "union " };
	size_t i, tl;

	if (p > text && ident_char(p[-1]))
		return 0;
	for (i = 0; i < 2; i++) {
		tl = strlen(tags[i]);
		if ((size_t)(end - p) > tl && !memcmp(p, tags[i], tl))
			return tl;
	}
	return 0;
}

/* Each "struct X" or "union X" in text; *added counts the new names. */
static int add_tags(struct tp_cut_names *s, const char *text, const char *end, int *added)
{
	const char *p, *q;
	size_t tl;
	int err;

	for (p = text; p < end; p++) {
		tl = tag_at(text, p, end);
		if (!tl)
			continue;
		for (q = p + tl; q < end && ident_char(*q); q++)
			;
		if (q == p + tl)
			continue;
		err = tp_cut_names__add(s, p + tl, q - p - tl);
		if (err < 0)
			return err;
		*added += err;
		p = q - 1;
	}
	return 0;
}

int tp_cut_names__add_text(struct tp_cut_names *s, const char *text, size_t len)
{
	int added = 0;

	return add_tags(s, text, text + len, &added);
}

/*
 * clang's messages: each error names the incomplete struct it met ("incomplete
 * definition of type 'struct mm_struct'", "... 'pid_t' (aka 'struct ...')").
 * The number of names added, or -EINVAL for an error that names none: that
 * one the cut did not cause.
 */
int tp_cut_names__add_errors(struct tp_cut_names *s, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *eol, *msg;
	int added = 0, before, err;

	for (; p < end; p = eol + 1) {
		eol = memchr(p, '\n', end - p);
		if (!eol)
			eol = end;
		msg = memmem(p, eol - p, ": error: ", 9);
		if (!msg)
			continue;
		before = added;
		err = add_tags(s, msg, eol, &added);
		if (err)
			return err;
		if (added == before && !memmem(msg, eol - msg, "'struct ", 8) &&
		    !memmem(msg, eol - msg, "'union ", 7))
			return -EINVAL;
	}
	return added;
}

struct cut {
	const struct btf *btf;
	uint8_t *full; /* by type id: written in full */
};

static void need(struct cut *c, uint32_t id);

/* A type held by value: the struct under its arrays, typedefs and qualifiers is needed whole. */
static void need_value(struct cut *c, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(c->btf, id);

	while (t && (btf_is_array(t) || btf_is_typedef(t) || btf_is_mod(t))) {
		id = btf_is_array(t) ? btf_array(t)->type : t->type;
		t = btf__type_by_id(c->btf, id);
	}
	if (t && btf_is_composite(t))
		need(c, id);
}

static void need(struct cut *c, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(c->btf, id);
	const struct btf_member *m = btf_members(t);
	int i;

	if (c->full[id])
		return;
	c->full[id] = 1;
	for (i = 0; i < btf_vlen(t); i++)
		need_value(c, m[i].type);
}

/* the tag namespace class of a type: 1 struct, 2 union, 3 enum, 0 none */
static int tag_class(const struct btf_type *t)
{
	if (btf_is_struct(t) || (btf_is_fwd(t) && !btf_kflag(t)))
		return 1;
	if (btf_is_union(t) || btf_is_fwd(t))
		return 2;
	if (btf_is_any_enum(t))
		return 3;
	return 0;
}

static const struct btf *sort_btf;

static int by_name(const void *a, const void *b)
{
	const struct btf_type *ta = btf__type_by_id(sort_btf, *(const uint32_t *)a);
	const struct btf_type *tb = btf__type_by_id(sort_btf, *(const uint32_t *)b);

	return strcmp(btf__name_by_offset(sort_btf, ta->name_off),
		      btf__name_by_offset(sort_btf, tb->name_off));
}

/*
 * A tag another kind shares (an enum and a struct of one name, btf_dump's
 * "___2"): a forward declaration would name the other, so it stays whole.
 */
static int keep_shared_tags(struct cut *c, uint32_t n)
{
	uint32_t *ids = malloc(n * sizeof(*ids)), k = 0, i, j;
	const struct btf_type *t;
	bool mixed;

	if (!ids)
		return -ENOMEM;
	for (i = 1; i < n; i++) {
		t = btf__type_by_id(c->btf, i);
		if (t->name_off && tag_class(t))
			ids[k++] = i;
	}
	sort_btf = c->btf;
	qsort(ids, k, sizeof(*ids), by_name);
	for (i = 0; i < k; i = j) {
		mixed = false;
		for (j = i + 1; j < k && !by_name(&ids[i], &ids[j]); j++)
			if (tag_class(btf__type_by_id(c->btf, ids[j])) !=
			    tag_class(btf__type_by_id(c->btf, ids[i])))
				mixed = true;
		for (; mixed && i < j; i++)
			if (btf_is_composite(btf__type_by_id(c->btf, ids[i])))
				need(c, ids[i]);
	}
	free(ids);
	return 0;
}

/* Which composites are written in full: the named, the shared tags, typedefs' anonymous ones. */
static int mark(struct cut *c, const struct tp_cut_names *names, uint32_t n)
{
	const struct btf_type *t, *u;
	uint32_t id;

	for (id = 1; id < n; id++) {
		t = btf__type_by_id(c->btf, id);
		if (btf_is_composite(t) && t->name_off &&
		    tp_cut_names__has(names, btf__name_by_offset(c->btf, t->name_off)))
			need(c, id);
		if (!btf_is_typedef(t))
			continue;
		/*
		 * typedef struct { ... } name_t has no name to forward-declare it
		 * by; typedef struct x name_t, a name that bpf_core_type_size() and
		 * _exists() would take without the struct's members (they take an
		 * incomplete type, and give the size and kind of a declaration)
		 */
		u = btf__type_by_id(c->btf, t->type);
		while (u && (btf_is_array(u) || btf_is_mod(u) || btf_is_typedef(u)))
			u = btf__type_by_id(c->btf, btf_is_array(u) ? btf_array(u)->type : u->type);
		if (u && btf_is_composite(u))
			need_value(c, id);
	}
	return keep_shared_tags(c, n);
}

/* A copy of btf with every composite not marked full made a forward declaration. */
static struct btf *cut_btf(struct cut *c, uint32_t n)
{
	struct btf *out = btf__new_empty();
	const struct btf_type *t;
	const char *name;
	uint32_t id;
	int err = 0;

	if (!out)
		return NULL;
	for (id = 1; id < n && err >= 0; id++) {
		t = btf__type_by_id(c->btf, id);
		name = btf__name_by_offset(c->btf, t->name_off);
		if (btf_is_composite(t) && t->name_off && !c->full[id])
			err = btf__add_fwd(out, name,
					   btf_is_union(t) ? BTF_FWD_UNION : BTF_FWD_STRUCT);
		else if (btf_is_fwd(t))
			err =
			    btf__add_fwd(out, name, btf_kflag(t) ? BTF_FWD_UNION : BTF_FWD_STRUCT);
		else
			err = btf__add_type(out, c->btf, t);
	}
	if (err < 0) {
		btf__free(out);
		errno = -err;
		return NULL;
	}
	return out;
}

struct btf *tp_cut_btf__get(struct tp_cut_btf *b)
{
	int err;

	if (b->btf)
		return b->btf;
	b->btf = btf__parse(b->path, NULL);
	err = (int)libbpf_get_error(b->btf);
	if (err) {
		b->btf = NULL;
		errno = -err;
	}
	return b->btf;
}

int tp_vmlinux_cut__write(const struct btf *btf, const struct tp_cut_names *names, const char *out)
{
	uint32_t n = btf__type_cnt(btf);
	struct cut c = { btf, calloc(n, 1) };
	struct btf *cut = NULL;
	int err;

	if (!c.full)
		return -ENOMEM;
	err = mark(&c, names, n);
	if (!err) {
		cut = cut_btf(&c, n);
		err = cut ? 0 : -errno;
	}
	if (!err)
		err = tp_vmlinux_h__write_btf(cut, out);
	btf__free(cut);
	free(c.full);
	return err;
}
