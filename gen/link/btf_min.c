// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * clang gives a struct that a CO-RE access names in full, and with it every
 * struct it holds by value: task_struct alone brings a few hundred types.
 * libbpf matches a CO-RE access by the member names on its path and checks
 * the local offset against the instruction, so a local struct needs only
 * those members, at their offsets, and its size (the "___flavor" structs of
 * libbpf's documentation are the hand-written form of the same thing). What
 * the kernel checks itself (map keys and values, global functions'
 * prototypes) is kept whole; a static function's, checked by names only,
 * keeps what it points to as shells. The new BTF is built with libbpf's
 * btf__add_*() in the old order, so the same input gives the same bytes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "btf_min.h"

enum { KEEP_NONE, KEEP_SHELL, KEEP_FULL };

/* .BTF.ext's sections, in their order */
enum { EXT_FUNC, EXT_LINE, EXT_CORE, EXT_N };

/* libbpf's enum bpf_core_relo_kind: the kinds up to here walk members */
#define CORE_FIELD_LAST 5

struct ext_hdr {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t func_info_off;
	uint32_t func_info_len;
	uint32_t line_info_off;
	uint32_t line_info_len;
	uint32_t core_relo_off;
	uint32_t core_relo_len;
};

struct core_rec {
	uint32_t insn_off;
	uint32_t type_id;
	uint32_t access_str_off;
	uint32_t kind;
};

struct minimizer {
	const struct btf *old;
	struct btf *new;
	uint32_t n;	  /* type count, void included */
	uint8_t *keep;	  /* KEEP_* by old id */
	uint8_t **member; /* a SHELL composite's kept members, by old id */
	uint32_t *id;	  /* new id by old id */
};

static void mark(struct minimizer *m, uint32_t id, int how);

typedef void ref_fn(struct minimizer *m, uint32_t *id, int how);

/* fn on every type id t refers to; a composite's members only with members. */
static void visit_refs(struct btf_type *t, bool members, ref_fn *fn, struct minimizer *m, int how)
{
	int i, vlen = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		fn(m, &t->type, how);
		break;
	case BTF_KIND_ARRAY:
		fn(m, &btf_array(t)->type, how);
		fn(m, &btf_array(t)->index_type, how);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (i = 0; members && i < vlen; i++)
			fn(m, &btf_members(t)[i].type, how);
		break;
	case BTF_KIND_FUNC_PROTO:
		fn(m, &t->type, how);
		for (i = 0; i < vlen; i++)
			fn(m, &btf_params(t)[i].type, how);
		break;
	case BTF_KIND_DATASEC:
		for (i = 0; i < vlen; i++)
			fn(m, &btf_var_secinfos(t)[i].type, how);
		break;
	default:
		break;
	}
}

static void mark_ref(struct minimizer *m, uint32_t *id, int how)
{
	mark(m, *id, how);
}

static void remap_ref(struct minimizer *m, uint32_t *id, int how)
{
	(void)how;
	*id = m->id[*id];
}

static void mark(struct minimizer *m, uint32_t id, int how)
{
	if (!id || id >= m->n || m->keep[id] >= how)
		return;
	m->keep[id] = how;
	/* read only: the cast is for visit_refs, which remap_ref writes through */
	visit_refs((struct btf_type *)btf__type_by_id(m->old, id), how == KEEP_FULL, mark_ref, m,
		   how);
}

static uint32_t skip_mods(const struct btf *b, uint32_t id)
{
	const struct btf_type *t = btf__type_by_id(b, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		id = t->type;
		t = btf__type_by_id(b, id);
	}
	return id;
}

/*
 * Walk a field relocation's access string ("0:3:1": an index into the root,
 * then member or element indices) from its root type; with out, write the
 * string with member indices as they are in the new BTF; without, mark.
 */
static int walk_access(struct minimizer *m, uint32_t root, const char *spec, char *out,
		       size_t outlen)
{
	uint32_t id = skip_mods(m->old, root);
	size_t len = 0;
	int first = 1;

	while (*spec) {
		char *end;
		unsigned long idx = strtoul(spec, &end, 10);
		unsigned long nidx = idx;
		const struct btf_type *t;

		if (end == spec || (*end && *end != ':'))
			return -EINVAL;
		spec = *end ? end + 1 : end;
		if (!first) {
			t = btf__type_by_id(m->old, id);
			if (!t)
				return -EINVAL;
			if (btf_is_composite(t)) {
				if (idx >= btf_vlen(t))
					return -EINVAL;
				if (!out) {
					m->member[id][idx] = 1;
					mark(m, btf_members(t)[idx].type, KEEP_SHELL);
				} else if (m->keep[id] == KEEP_SHELL) {
					unsigned long i;

					for (nidx = 0, i = 0; i < idx; i++)
						nidx += m->member[id][i];
				}
				id = skip_mods(m->old, btf_members(t)[idx].type);
			} else if (btf_is_array(t)) {
				id = skip_mods(m->old, btf_array(t)->type);
			} else {
				return -EINVAL;
			}
		}
		first = 0;
		if (out) {
			int w = snprintf(out + len, outlen - len, "%s%lu", len ? ":" : "", nidx);

			if (w < 0 || (size_t)w >= outlen - len)
				return -ENAMETOOLONG;
			len += w;
		}
	}
	return 0;
}

/* The member masks a walk needs, for every composite (unused ones stay zero). */
static int alloc_members(struct minimizer *m)
{
	uint32_t id;

	for (id = 1; id < m->n; id++) {
		const struct btf_type *t = btf__type_by_id(m->old, id);

		if (btf_is_composite(t) && btf_vlen(t)) {
			m->member[id] = calloc(btf_vlen(t), 1);
			if (!m->member[id])
				return -ENOMEM;
		}
	}
	return 0;
}

/* Checked bounds of one .BTF.ext info section: its record size and records. */
static int ext_section(const struct tp_blob *ext, uint32_t off, uint32_t len, const uint8_t **p,
		       const uint8_t **end, uint32_t *rec_size)
{
	const struct ext_hdr *h = ext->data;
	size_t start = (size_t)h->hdr_len + off;

	*p = *end = NULL;
	if (!len)
		return 0;
	if (start + len > ext->size || len < 4)
		return -EINVAL;
	*p = (const uint8_t *)ext->data + start;
	*end = *p + len;
	memcpy(rec_size, *p, 4);
	*p += 4;
	return *rec_size < 8 ? -EINVAL : 0;
}

/* Every block of a section: its name's offset and record count (rec_size in scope). */
#define for_each_block(p, end, name_off, count)                                                    \
	for (; (p) + 8 <= (end) && (memcpy(&(name_off), (p), 4), memcpy(&(count), (p) + 4, 4), 1); \
	     (p) += 8 + (size_t)(count)*rec_size)

static int mark_core(struct minimizer *m, const struct tp_blob *ext)
{
	const struct ext_hdr *h = ext->data;
	const uint8_t *p, *end;
	uint32_t rec_size, name_off, count, i;
	int err;

	if (h->hdr_len < sizeof(*h))
		return 0;
	err = ext_section(ext, h->core_relo_off, h->core_relo_len, &p, &end, &rec_size);
	if (err || !p)
		return err;
	for_each_block(p, end, name_off, count)
	{
		if (p + 8 + (size_t)count * rec_size > end || rec_size < sizeof(struct core_rec))
			return -EINVAL;
		for (i = 0; i < count; i++) {
			struct core_rec r;
			const char *spec;

			memcpy(&r, p + 8 + (size_t)i * rec_size, sizeof(r));
			spec = btf__str_by_offset(m->old, r.access_str_off);
			if (!spec || r.type_id >= m->n)
				return -EINVAL;
			mark(m, r.type_id, KEEP_SHELL);
			if (r.kind <= CORE_FIELD_LAST &&
			    (err = walk_access(m, r.type_id, spec, NULL, 0)))
				return err;
		}
	}
	return 0;
}

/* A SHELL composite: its name, size and the members a CO-RE path named. */
static int add_shell(struct minimizer *m, uint32_t id, const struct btf_type *t)
{
	const char *name = btf__name_by_offset(m->old, t->name_off);
	int i, err, vlen = btf_vlen(t);

	err = btf_is_struct(t) ? btf__add_struct(m->new, name, t->size)
			       : btf__add_union(m->new, name, t->size);
	for (i = 0; err > 0 && i < vlen; i++) {
		const struct btf_member *mb = &btf_members(t)[i];
		int e;

		if (!m->member[id][i])
			continue;
		e = btf__add_field(m->new, btf__name_by_offset(m->old, mb->name_off),
				   m->id[mb->type], btf_member_bit_offset(t, i),
				   btf_member_bitfield_size(t, i));
		if (e < 0)
			err = e;
	}
	return err;
}

static int build(struct minimizer *m)
{
	uint32_t id, next = 1;
	int err;

	for (id = 1; id < m->n; id++) {
		const struct btf_type *t = btf__type_by_id(m->old, id);

		/* a tag on a member that is not kept goes with it */
		if (btf_is_decl_tag(t) && m->keep[t->type] &&
		    (btf_decl_tag(t)->component_idx < 0 || m->keep[t->type] == KEEP_FULL ||
		     !m->member[t->type] || m->member[t->type][btf_decl_tag(t)->component_idx]))
			m->keep[id] = KEEP_FULL;
		if (m->keep[id])
			m->id[id] = next++;
	}
	for (id = 1; id < m->n; id++) {
		const struct btf_type *t = btf__type_by_id(m->old, id);
		struct btf_type *nt;

		if (!m->keep[id])
			continue;
		if (btf_is_composite(t) && m->keep[id] == KEEP_SHELL) {
			err = add_shell(m, id, t);
		} else {
			err = btf__add_type(m->new, m->old, t);
			if (err > 0) {
				/* the copy is ours: libbpf made it writable to append it */
				nt = (struct btf_type *)btf__type_by_id(m->new, err);
				visit_refs(nt, true, remap_ref, m, 0);
				if (btf_is_decl_tag(nt) && btf_decl_tag(nt)->component_idx > 0 &&
				    m->keep[t->type] == KEEP_SHELL && m->member[t->type]) {
					int c = btf_decl_tag(t)->component_idx, i, k = 0;

					for (i = 0; i < c; i++)
						k += m->member[t->type][i];
					btf_decl_tag(nt)->component_idx = k;
				}
			}
		}
		if (err < 0)
			return err;
		if ((uint32_t)err != m->id[id])
			return -EINVAL;
	}
	return 0;
}

/* Whether a function of the section named name_off starts at insn_off (func_info). */
static bool starts_function(const struct tp_blob *ext, uint32_t name_off, uint32_t insn_off)
{
	const struct ext_hdr *h = ext->data;
	const uint8_t *p, *end;
	uint32_t rec_size, sec, count, i, off;

	if (ext_section(ext, h->func_info_off, h->func_info_len, &p, &end, &rec_size) || !p)
		return false;
	for_each_block(p, end, sec, count)
	{
		if (p + 8 + (size_t)count * rec_size > end)
			return false;
		for (i = 0; sec == name_off && i < count; i++) {
			memcpy(&off, p + 8 + (size_t)i * rec_size, 4);
			if (off == insn_off)
				return true;
		}
	}
	return false;
}

/* The 32-bit string offset at r, for the same string in the new BTF. */
static int move_str(struct minimizer *m, uint8_t *r)
{
	uint32_t off;
	const char *s;
	int n;

	memcpy(&off, r, 4);
	s = btf__str_by_offset(m->old, off);
	n = s ? btf__add_str(m->new, s) : -EINVAL;
	if (n >= 0)
		memcpy(r, &n, 4);
	return n < 0 ? n : 0;
}

/* One record of section s (EXT_FUNC...), copied to r: its type ids and strings made new. */
static int move_record(struct minimizer *m, int s, uint8_t *r)
{
	const char *access;
	struct core_rec c;
	uint32_t type_id;
	char spec[256];
	int err, n;

	if (s == EXT_LINE)
		return move_str(m, r + 4) ?: move_str(m, r + 8);
	memcpy(&type_id, r + 4, 4);
	if (type_id >= m->n || (type_id && !m->id[type_id]))
		return -EINVAL;
	memcpy(r + 4, &m->id[type_id], 4);
	if (s == EXT_FUNC)
		return 0;
	memcpy(&c, r, sizeof(c));
	access = btf__str_by_offset(m->old, c.access_str_off);
	if (!access)
		return -EINVAL;
	/* a field's path renumbered; a type's or an enum value's ("0", "0:N") as it is */
	if (c.kind <= CORE_FIELD_LAST) {
		err = walk_access(m, type_id, access, spec, sizeof(spec));
		if (err)
			return err;
		access = spec;
	}
	n = btf__add_str(m->new, access);
	if (n < 0)
		return n;
	memcpy(r + 8, &n, 4);
	return 0;
}

/*
 * func_info and core_relo with new type ids and strings (access strings
 * renumbered); of line info, each function's first line: the kernel wants one
 * where every function starts, and the rest is source text nothing reads but
 * the verifier log's "; line" comments.
 */
static int write_ext(struct minimizer *m, const struct tp_blob *ext, struct tp_blob *out)
{
	const struct ext_hdr *h = ext->data;
	uint32_t offs[EXT_N], lens[EXT_N], nlens[EXT_N] = { 0 };
	struct ext_hdr nh = { 0 };
	uint8_t *buf, *w;
	int err = 0, s;

	offs[EXT_FUNC] = h->func_info_off;
	lens[EXT_FUNC] = h->func_info_len;
	offs[EXT_LINE] = h->line_info_off;
	lens[EXT_LINE] = h->line_info_len;
	offs[EXT_CORE] = h->hdr_len >= sizeof(*h) ? h->core_relo_off : 0;
	lens[EXT_CORE] = h->hdr_len >= sizeof(*h) ? h->core_relo_len : 0;
	/* never longer than the input: ids and string offsets keep their width */
	buf = calloc(1, sizeof(nh) + lens[0] + lens[1] + lens[2]);
	if (!buf)
		return -ENOMEM;
	w = buf + sizeof(nh);
	for (s = 0; s < EXT_N && !err; s++) {
		const uint8_t *p, *end;
		uint32_t rec_size, name_off, count, i;
		uint8_t *start = w;

		err = ext_section(ext, offs[s], lens[s], &p, &end, &rec_size);
		/* func_info: insn, type; line_info: insn, file, line, column; core_relo: 4 words */
		if (!err && p && rec_size < (s == EXT_FUNC ? 8 : 16))
			err = -EINVAL;
		if (err || !p)
			continue;
		memcpy(w, &rec_size, 4);
		w += 4;
		for_each_block(p, end, name_off, count)
		{
			uint8_t *block = w;
			uint32_t kept = 0;

			if (p + 8 + (size_t)count * rec_size > end) {
				err = -EINVAL;
				break;
			}
			memcpy(w, &name_off, 4);
			w += 8;
			for (i = 0; i < count && !err; i++) {
				const uint8_t *r = p + 8 + (size_t)i * rec_size;
				uint32_t insn_off;

				memcpy(&insn_off, r, 4);
				if (s == EXT_LINE && !starts_function(ext, name_off, insn_off))
					continue;
				memcpy(w, r, rec_size);
				err = move_record(m, s, w);
				w += rec_size;
				kept++;
			}
			if (!err)
				err = move_str(m, block);
			memcpy(block + 4, &kept, 4);
			if (!kept) /* libbpf refuses an empty block */
				w = block;
		}
		nlens[s] = w - start;
	}
	if (err) {
		free(buf);
		return err;
	}
	nh.magic = h->magic;
	nh.version = h->version;
	nh.flags = h->flags;
	nh.hdr_len = sizeof(nh);
	nh.func_info_len = nlens[EXT_FUNC];
	nh.line_info_off = nlens[EXT_FUNC];
	nh.line_info_len = nlens[EXT_LINE];
	nh.core_relo_off = nlens[EXT_FUNC] + nlens[EXT_LINE];
	nh.core_relo_len = nlens[EXT_CORE];
	memcpy(buf, &nh, sizeof(nh));
	out->data = buf;
	out->size = w - buf;
	return 0;
}

int tp_btf__minimize(const struct tp_blob *btf, const struct tp_blob *ext, struct tp_blob *out_btf,
		     struct tp_blob *out_ext)
{
	struct minimizer m = { 0 };
	const void *raw;
	uint32_t id, raw_size;
	int err = -ENOMEM;

	out_btf->data = out_ext->data = NULL;
	if (ext->size < 8 || ext->size < ((const struct ext_hdr *)ext->data)->hdr_len ||
	    ((const struct ext_hdr *)ext->data)->hdr_len < 24)
		return -EINVAL;
	m.old = btf__new(btf->data, btf->size);
	if (!m.old)
		return -errno;
	m.new = btf__new_empty();
	m.n = btf__type_cnt(m.old);
	m.keep = calloc(m.n, 1);
	m.member = calloc(m.n, sizeof(*m.member));
	m.id = calloc(m.n, sizeof(*m.id));
	if (!m.new || !m.keep || !m.member || !m.id || alloc_members(&m))
		goto out;

	/*
	 * What the kernel checks: data sections, their variables, global
	 * functions (each verified alone, from its prototype, which sizes the
	 * memory its pointers point to). A static one's prototype is checked
	 * against its calls only as a hint (Linux 6.1 to 6.18, check_func_call:
	 * a mismatch marks its func_info unreliable), and by the names of what
	 * its pointers point to (the program's context type): a shell serves,
	 * where whole, the task_struct an exec record's function takes brought a
	 * thousand types.
	 */
	for (id = 1; id < m.n; id++) {
		const struct btf_type *t = btf__type_by_id(m.old, id);

		if (btf_is_func(t) &&
		    btf_vlen(t) == BTF_FUNC_STATIC /* a FUNC's vlen: its linkage */)
			mark(&m, id, KEEP_SHELL);
		else if (btf_is_datasec(t) || btf_is_var(t) || btf_is_func(t))
			mark(&m, id, KEEP_FULL);
	}
	err = mark_core(&m, ext);
	if (!err)
		err = build(&m);
	if (!err)
		err = write_ext(&m, ext, out_ext);
	if (err)
		goto out;
	raw = btf__raw_data(m.new, &raw_size);
	out_btf->data = raw ? malloc(raw_size) : NULL;
	if (!out_btf->data) {
		err = raw ? -ENOMEM : -errno;
		free(out_ext->data);
		out_ext->data = NULL;
		goto out;
	}
	memcpy(out_btf->data, raw, raw_size);
	out_btf->size = raw_size;
out:
	if (m.member)
		for (id = 0; id < m.n; id++)
			free(m.member[id]);
	free(m.member);
	free(m.keep);
	free(m.id);
	btf__free(m.new);
	btf__free((struct btf *)m.old);
	return err;
}
