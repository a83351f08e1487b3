// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * resolve: a path of struct fields from an arg, walked over the build
 * machine's BTF as Tetragon walks it (formatBTFPath and resolveBTFArg in
 * pkg/sensors/tracing/generic.go, ResolveBTFPath in pkg/btf/btf.go). The
 * answer is one step per path element, each a field or an [index], and
 * which steps read memory (Tetragon's btf_arg is_pointer): the steps are
 * numbered as Tetragon numbers the depth an event's error names.
 *
 * Where Tetragon's walk and C's meaning of the path part, the path is
 * refused: an index on a pointer to a struct (Tetragon reads the element's
 * first bytes as a pointer) and a pointer to a pointer followed without
 * [0] (Tetragon reads it once). Bitfields are refused too: Tetragon reads
 * the bytes around them.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbtf.h"
#include "kbtf_btf.h"
#include "vocab.h"

#define ELEM_MAX 64

struct elem {
	char text[64]; /* as written: "owner", "[3]" */
	bool is_index;
	uint32_t index;
	int col; /* offset in the path; -1: added (Tetragon's [0] for a pointer to a pointer) */
};

struct walk {
	const struct btf *btf;
	struct elem el[TP_KBTF_MAX_PATH];
	size_t n;
	struct tp_kbtf_path *out;
	struct tp_resolve_step *st;
	__u32 end;	  /* the type the last step reaches */
	bool end_read;	  /* the last step reads it */
	const char *root; /* what the path starts from, for messages */
	char rootbuf[80];
};

__attribute__((format(printf, 3, 4))) static int fail(struct walk *w, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(w->out->err, sizeof(w->out->err), fmt, ap);
	va_end(ap);
	w->out->err_col = col;
	return -EINVAL;
}

static bool is_ident(const char *s)
{
	if (!*s || (!isalpha((unsigned char)*s) && *s != '_'))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* "[N]", N a uint32, as Tetragon's parseArrayIdxStr takes it. */
static bool parse_index(const char *s, uint32_t *out)
{
	size_t len = strlen(s), i;
	unsigned long long v = 0;

	if (len < 3 || s[0] != '[' || s[len - 1] != ']')
		return false;
	for (i = 1; i + 1 < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
		if (v > UINT32_MAX)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

static int push(struct walk *w, struct elem *all, size_t *n, const char *buf, size_t len, int col)
{
	struct elem *e;

	if (*n >= ELEM_MAX || len >= sizeof(all[0].text))
		return fail(w, col, "the path is too long");
	e = &all[(*n)++];
	memset(e, 0, sizeof(*e));
	memcpy(e->text, buf, len);
	e->text[len] = '\0';
	e->col = col;
	if (buf[0] == '[') {
		e->is_index = true;
		if (!parse_index(e->text, &e->index))
			return fail(w, col, "'%s' is not an index: write [N]", e->text);
	} else if (!is_ident(e->text)) {
		return fail(w, col, "'%s' is not a field name", e->text);
	}
	return 0;
}

/* Tetragon's formatBTFPath: "a.b[2].c" is a, b, [2], c; "..", ".[", "[]" and "[[" are errors. */
static int split(struct walk *w, const char *path, struct elem *all, size_t *n)
{
	size_t i, len = 0;
	bool in_bracket = false;
	int start = 0, e;
	char buf[64];

	*n = 0;
	for (i = 0; path[i]; i++) {
		char ch = path[i], prev = i ? path[i - 1] : 0;

		if ((ch == '.' || ch == '[') && (in_bracket || prev == '.') && i)
			return fail(w, (int)i, "invalid path: '%c' after '%c'", ch, prev);
		if (ch == ']' && (!in_bracket || prev == '['))
			return fail(w, (int)i, "invalid path: '%c' after '%c'", ch,
				    prev ? prev : ' ');
		if (ch == '.' || ch == '[') {
			if (len && (e = push(w, all, n, buf, len, start)))
				return e;
			len = 0;
			start = (int)i + (ch == '.');
			in_bracket = ch == '[';
			if (ch == '.')
				continue;
		}
		if (len + 1 >= sizeof(buf))
			return fail(w, start, "'%.20s...' is too long", path + start);
		if (!len)
			start = (int)i;
		buf[len++] = ch;
		if (ch == ']') {
			if ((e = push(w, all, n, buf, len, start)))
				return e;
			len = 0;
			in_bracket = false;
		}
	}
	if (in_bracket)
		return fail(w, start, "invalid path: '[' without ']'");
	if (len && (e = push(w, all, n, buf, len, start)))
		return e;
	if (!*n)
		return fail(w, 0, "the path names no field");
	return 0;
}

static __u32 skip_mods(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t))) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	return id;
}

static bool is_scalar(const struct btf_type *t)
{
	return t && (btf_is_int(t) || btf_is_any_enum(t));
}

/*
 * Member name of struct or union t, looked for in its anonymous members too, as C does;
 * *bit_off: where it is in t.
 */
static const struct btf_member *find_member(const struct btf *btf, const struct btf_type *t,
					    const char *name, int *bits, __u32 *bit_off)
{
	const struct btf_member *m = btf_members(t);
	int i, n = btf_vlen(t);

	for (i = 0; i < n; i++, m++) {
		const char *mn = btf__name_by_offset(btf, m->name_off);
		const struct btf_type *mt;
		const struct btf_member *in;

		if (mn && *mn) {
			if (strcmp(mn, name))
				continue;
			*bits = btf_member_bitfield_size(t, i);
			*bit_off = btf_member_bit_offset(t, i);
			return m;
		}
		mt = btf__type_by_id(btf, skip_mods(btf, m->type));
		if (mt && (btf_is_struct(mt) || btf_is_union(mt)) &&
		    (in = find_member(btf, mt, name, bits, bit_off))) {
			*bit_off += btf_member_bit_offset(t, i);
			return in;
		}
	}
	return NULL;
}

static int walk_type(struct walk *w, __u32 id, size_t i);
static const char *tname(const struct walk *w, __u32 id, char *buf, size_t n);

/* What element i applies to, for messages: "'owner'", "the arg", "'struct sockaddr_in'". */
static const char *prev_of(const struct walk *w, size_t i, char *buf, size_t n)
{
	if (i)
		snprintf(buf, n, "'%s'", w->el[i - 1].text);
	else
		snprintf(buf, n, "%s", w->root);
	return buf;
}

/* The path ends at i on type id: a pointer or an integer is read, anything else is its address. */
static int end_at(struct walk *w, __u32 id, size_t i)
{
	const struct btf_type *t = btf__type_by_id(w->btf, skip_mods(w->btf, id));

	w->end = id;
	w->end_read = t && (btf_is_ptr(t) || is_scalar(t));
	w->st[i].read = w->end_read;
	w->st[i].size = w->end_read ? (uint32_t)btf__resolve_size(w->btf, id) : 0;
	return 0;
}

/* Element i is an index into an array (or behind a pointer) of elem_id. */
static int walk_index(struct walk *w, __u32 elem_id, size_t i)
{
	long sz = btf__resolve_size(w->btf, elem_id);

	w->st[i].index = w->el[i].index;
	w->st[i].off = sz > 0 ? (uint32_t)sz * w->el[i].index : 0;
	if (i + 1 < w->n)
		return walk_type(w, elem_id, i + 1);
	return end_at(w, elem_id, i);
}

static int walk_members(struct walk *w, const struct btf_type *t, size_t i)
{
	char pb[80];
	const char *prev = prev_of(w, i, pb, sizeof(pb));
	const char *sn = btf__name_by_offset(w->btf, t->name_off);
	const char *kind = btf_is_union(t) ? "union" : "struct";
	const struct btf_member *m;
	__u32 bit_off = 0;
	int bits = 0;

	if (!sn || !*sn)
		sn = "(anonymous)";
	if (w->el[i].is_index)
		return fail(w, w->el[i].col,
			    "%s is '%s %s', not an array or pointer: %s cannot index it", prev,
			    kind, sn, w->el[i].text);
	m = find_member(w->btf, t, w->el[i].text, &bits, &bit_off);
	if (!m)
		return fail(w, w->el[i].col, "no field '%s' in '%s %s'", w->el[i].text, kind, sn);
	if (bits)
		return fail(w, w->el[i].col, "'%s' in '%s %s' is a bitfield: not supported",
			    w->el[i].text, kind, sn);
	w->st[i].off = bit_off / 8;
	w->st[i].member = strdup(btf__name_by_offset(w->btf, m->name_off));
	if (!w->st[i].member)
		return -ENOMEM;
	if (i + 1 < w->n)
		return walk_type(w, m->type, i + 1);
	return end_at(w, m->type, i);
}

/* Tetragon's ResolveBTFPath: element i applies to an object of type id. */
static int walk_type(struct walk *w, __u32 id, size_t i)
{
	const struct btf_type *t = btf__type_by_id(w->btf, skip_mods(w->btf, id));
	const struct btf_type *tt;
	char pb[80];
	const char *prev = prev_of(w, i, pb, sizeof(pb));
	char b1[64], b2[64];

	if (!t)
		return fail(w, w->el[i].col, "%s has no type in BTF", prev);
	if (btf_is_struct(t) || btf_is_union(t))
		return walk_members(w, t, i);
	if (btf_is_ptr(t)) {
		/* the step that reached the pointer reads it; what it points to follows */
		if (i) {
			w->st[i - 1].read = true;
			w->st[i - 1].size = sizeof(__u64);
		}
		tt = btf__type_by_id(w->btf, skip_mods(w->btf, t->type));
		if (w->el[i].is_index) {
			if (!tt || !(btf_is_ptr(tt) || is_scalar(tt)))
				return fail(
				    w, w->el[i].col,
				    "indexing %s (%s) is not supported: only pointers to "
				    "pointers or integers can be (Tetragon reads the element's "
				    "first bytes as a pointer)",
				    prev, tname(w, id, b1, sizeof(b1)));
			w->st[i].read = true;
			return walk_index(w, t->type, i);
		}
		if (tt && btf_is_ptr(tt))
			return fail(w, w->el[i].col,
				    "%s is a pointer to a pointer (%s): follow it with [0]", prev,
				    tname(w, id, b1, sizeof(b1)));
		if (!tt || (!btf_is_struct(tt) && !btf_is_union(tt)))
			return fail(w, w->el[i].col,
				    "%s is '%s', not a pointer to a struct: it has no field '%s'",
				    prev, tname(w, id, b1, sizeof(b1)), w->el[i].text);
		return walk_members(w, tt, i);
	}
	if (btf_is_array(t)) {
		const struct btf_array *a = btf_array(t);

		if (!w->el[i].is_index)
			return fail(w, w->el[i].col, "%s is an array (%s[%u]): index it with [N]",
				    prev, tname(w, a->type, b1, sizeof(b1)), a->nelems);
		/* a flexible array (no elements) has no bound to check, as in Tetragon */
		if (a->nelems && w->el[i].index >= a->nelems)
			return fail(w, w->el[i].col, "index %u is out of range: %s has %u elements",
				    w->el[i].index, prev, a->nelems);
		return walk_index(w, a->type, i);
	}
	if (w->el[i].is_index)
		return fail(w, w->el[i].col,
			    "%s is '%s', not an array or pointer: %s cannot index it", prev,
			    tname(w, id, b1, sizeof(b1)), w->el[i].text);
	return fail(w, w->el[i].col, "%s is '%s', not a struct or union: it has no field '%s'",
		    prev, tname(w, id, b2, sizeof(b2)), w->el[i].text);
}

/* The C spelling of the type an arg is cast to: a named type and its pointer levels. */
static int spell_c(const struct btf *btf, __u32 id, char *buf, size_t n)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *name, *kw = "";
	int stars = 0;

	while (t && (btf_is_mod(t) || btf_is_ptr(t))) {
		stars += btf_is_ptr(t);
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (!t)
		return -EINVAL;
	name = id ? btf__name_by_offset(btf, t->name_off) : "void";
	if (btf_is_struct(t))
		kw = "struct ";
	else if (btf_is_union(t))
		kw = "union ";
	else if (btf_is_any_enum(t))
		kw = "enum ";
	else if (id && !btf_is_typedef(t) && !btf_is_int(t))
		return -EINVAL;
	/* a name from BTF: an identifier, or an integer's "long unsigned int" */
	if (!name || !*name || (!is_ident(name) && !(id && btf_is_int(t))))
		return -EINVAL;
	if (snprintf(buf, n, "%s%s %.*s", kw, name, stars, "**********") >= (int)n || stars > 10)
		return -EINVAL;
	return 0;
}

/* Type id as C spells it, for messages: "struct file **", "pid_t". */
static const char *tname(const struct walk *w, __u32 id, char *buf, size_t n)
{
	size_t len;

	if (spell_c(w->btf, id, buf, n)) {
		tp_kbtf__type_name(w->btf, id, false, buf, n);
		return buf;
	}
	len = strlen(buf);
	if (len && buf[len - 1] == ' ')
		buf[len - 1] = '\0';
	return buf;
}

/* GenericTypeFromBTF (pkg/generictypes): a type name Tetragon knows, through typedefs. */
static enum tp_arg_type tetragon_type(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	char name[16];
	int k;

	while (t) {
		const char *tn = id ? btf__name_by_offset(btf, t->name_off) : NULL;

		if (tn && *tn && (k = tp_arg_type__by_name(tn, strlen(tn))) > 0)
			return (enum tp_arg_type)k;
		if (btf_is_any_enum(t)) {
			snprintf(name, sizeof(name), "%sint%u", btf_kflag(t) ? "" : "u",
				 t->size * 8);
			k = tp_arg_type__by_name(name, strlen(name));
			return k > 0 ? (enum tp_arg_type)k : TP_ARG_NONE;
		}
		if (!btf_is_mod(t) && !btf_is_typedef(t) && !btf_is_ptr(t))
			break;
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	return TP_ARG_NONE;
}

/* What the end is, for the declared type's check: spelled as a parameter of that type would be. */
static void end_types(struct walk *w)
{
	const struct btf *btf = w->btf;
	__u32 id = w->end, sid = skip_mods(btf, id);
	const struct btf_type *t = btf__type_by_id(btf, sid), *p;
	size_t k = 0;

	if (!t)
		return;
	if (btf_is_ptr(t)) {
		tp_kbtf__type_name(btf, sid, false, w->out->ktypes[k++], 64);
		p = btf__type_by_id(btf, skip_mods(btf, t->type));
		/* "unsigned char *" names bytes too: a char * */
		if (p && btf_is_int(p) && p->size == 1)
			snprintf(w->out->ktypes[k++], 64, "char *");
		/* Tetragon names what a pointer points to */
		w->out->as = btf_is_ptr(p) ? TP_ARG_NONE : tetragon_type(btf, t->type);
		return;
	}
	w->out->as = tetragon_type(btf, id);
	if (is_scalar(t)) {
		const struct btf_type *at = btf__type_by_id(btf, id);

		w->out->scalar = true;
		/* "pid_t", then "__kernel_pid_t", then "int" */
		while (at && k + 1 < TP_KBTF_KTYPES && id != sid) {
			if (!btf_is_mod(at))
				tp_kbtf__type_name(btf, id, false, w->out->ktypes[k++], 64);
			id = at->type;
			at = btf__type_by_id(btf, id);
		}
		tp_kbtf__type_name(btf, sid, false, w->out->ktypes[k++], 64);
		return;
	}
	/* the end's address: a struct's as a pointer to it, an array's as one to its elements */
	if (btf_is_array(t)) {
		__u32 eid = btf_array(t)->type;

		tp_kbtf__type_name(btf, eid, true, w->out->ktypes[k++], 64);
		p = btf__type_by_id(btf, skip_mods(btf, eid));
		if (p && btf_is_int(p) && p->size == 1)
			snprintf(w->out->ktypes[k++], 64, "char *");
	} else {
		tp_kbtf__type_name(btf, id, true, w->out->ktypes[k++], 64);
		if (sid != id)
			tp_kbtf__type_name(btf, sid, true, w->out->ktypes[k++], 64);
	}
}

/* The parameter's type id of function fn or raw tracepoint fn; 0 with out->err when none. */
static int param_type(const struct btf *btf, const char *fn, bool raw_tp, int param, __u32 *id,
		      struct tp_kbtf_path *out)
{
	const struct btf_type *t;
	char name[256];
	int tid;

	if (raw_tp) {
		/* typedef btf_trace_EVENT: a pointer to a function of (void *data, TP_PROTO args)
		 */
		if (snprintf(name, sizeof(name), "btf_trace_%s", fn) >= (int)sizeof(name))
			return -ENOENT;
		tid = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF);
		t = tid < 0 ? NULL : btf__type_by_id(btf, btf__resolve_type(btf, tid));
		t = t && btf_is_ptr(t) ? btf__type_by_id(btf, t->type) : NULL;
		param++;
	} else {
		tid = btf__find_by_name_kind(btf, fn, BTF_KIND_FUNC);
		t = tid < 0 ? NULL : btf__type_by_id(btf, btf__type_by_id(btf, tid)->type);
	}
	if (!t || !btf_is_func_proto(t)) {
		snprintf(out->err, sizeof(out->err), "no prototype of '%s' in the kernel's BTF",
			 fn);
		return -ENOENT;
	}
	if (param < 0 || param >= btf_vlen(t)) {
		snprintf(out->err, sizeof(out->err), "'%s' has no argument %d", fn,
			 raw_tp ? param - 1 : param);
		return -ENOENT;
	}
	*id = btf_params(t)[param].type;
	return 0;
}

/* tp_kbtf__resolve over btf, whose name (for messages) is what. */
static int resolve_in(const struct btf *btf, const char *what, const char *fn, bool raw_tp,
		      int param, const char *btf_type, const char *path, struct tp_kbtf_path *out)
{
	struct walk w = { .btf = btf, .out = out, .root = "the arg" };
	struct elem all[ELEM_MAX];
	const struct btf_type *t;
	size_t nall, pad = 0, i;
	__u32 id, start;
	char root[128];
	int e;

	memset(out, 0, sizeof(*out));
	out->err_col = -1;
	if (!w.btf)
		return -ENODATA;
	e = split(&w, path, all, &nall);
	if (e)
		return e;
	if (btf_type) {
		e = btf__find_by_name_kind(w.btf, btf_type, BTF_KIND_STRUCT);
		if (e < 0 || !is_ident(btf_type)) {
			snprintf(out->err, sizeof(out->err), "no struct '%s' in %s", btf_type,
				 what);
			return -ENOENT;
		}
		start = (__u32)e;
		snprintf(root, sizeof(root), "struct %s *", btf_type);
		snprintf(w.rootbuf, sizeof(w.rootbuf), "'struct %s'", btf_type);
		w.root = w.rootbuf;
	} else {
		e = param_type(w.btf, fn, raw_tp, param, &id, out);
		if (e)
			return e;
		if (spell_c(w.btf, id, root, sizeof(root)))
			return fail(&w, -1, "the arg's type (%s) has no C name to cast it to",
				    tname(&w, id, (char[64]){ 0 }, 64));
		t = btf__type_by_id(w.btf, id);
		start = id;
		/* resolveBTFArg: a pointer arg stands for what it points to, unless indexed */
		if (t && btf_is_ptr(t) && !all[0].is_index) {
			start = t->type;
			/* addPaddingOnNestedPtr: [0] follows each further pointer level */
			for (t = btf__type_by_id(w.btf, skip_mods(w.btf, start));
			     t && btf_is_ptr(t);
			     t = btf__type_by_id(w.btf, skip_mods(w.btf, t->type)))
				pad++;
		}
	}
	w.n = nall + pad;
	if (w.n > TP_KBTF_MAX_PATH)
		return fail(&w, -1, "%zu steps, at most %d (Tetragon's MaxBTFArgDepth)", w.n,
			    TP_KBTF_MAX_PATH);
	for (i = 0; i < pad; i++) {
		snprintf(w.el[i].text, sizeof(w.el[i].text), "[0]");
		w.el[i].is_index = true;
		w.el[i].col = -1;
	}
	memcpy(&w.el[pad], all, nall * sizeof(all[0]));
	out->res = calloc(1, sizeof(*out->res));
	w.st = calloc(w.n, sizeof(*w.st));
	if (out->res)
		out->res->root = strdup(root);
	if (!out->res || !w.st || !out->res->root) {
		free(w.st);
		return -ENOMEM;
	}
	out->res->steps = w.st;
	out->res->nsteps = w.n;
	/* the padding: each [0] reads the pointer the one before reached */
	for (i = 0; i < pad; i++) {
		w.st[i].read = true;
		start = btf__type_by_id(w.btf, skip_mods(w.btf, start))->type;
	}
	if (pad == w.n)
		e = fail(&w, -1, "the path names no field");
	else if (pad)
		e = walk_type(&w, start, pad);
	else
		e = walk_type(&w, start, 0);
	if (!e)
		end_types(&w);
	return e;
}

int tp_kbtf__resolve(const char *fn, bool raw_tp, int param, const char *btf_type, const char *path,
		     struct tp_kbtf_path *out)
{
	return resolve_in(tp_kbtf__vmlinux(), "the kernel's BTF", fn, raw_tp, param, btf_type, path,
			  out);
}

int tp_kbtf__resolve_user(const char *btf_path, const char *btf_type, const char *path,
			  struct tp_kbtf_path *out)
{
	struct btf *btf = btf__parse(btf_path, NULL);
	char what[300];
	int e;

	memset(out, 0, sizeof(*out));
	out->err_col = -1;
	if (!btf) {
		e = -errno;
		snprintf(out->err, sizeof(out->err), "btfPath '%s': %s", btf_path, strerror(-e));
		return e == -ENOMEM ? e : -ENODATA;
	}
	snprintf(what, sizeof(what), "btfPath '%s'", btf_path);
	e = resolve_in(btf, what, NULL, false, 0, btf_type, path, out);
	if (!e)
		out->res->user = true;
	btf__free(btf);
	return e;
}
