// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* .tp.meta: the validating reader. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tp/actions.h>

#include "escape.h"
#include "meta.h"
#include "vocab.h"

/* A list hook's functions: its variants' target split at its newlines. */
struct list {
	char *names;	    /* the target, each newline made a NUL */
	const char **funcs; /* n of them, into names; NULL for a hook that is not a list */
	char **set;	    /* n of them: the functions tp_meta__set_list_func replaced, or NULL */
	size_t n;
};

struct tp_meta {
	const char **policies; /* the policies' names, at least one */
	size_t npolicies;
	char *set_name; /* "'a', 'b'" for messages about the object */
	struct tp_meta_hook_view *hooks;
	struct list *lists; /* per hook */
	size_t nhooks;
	struct tp_meta_fill_view *fills;
	size_t nfills;
	struct tp_meta_user_act_view *user_acts;
	size_t nuser_acts;
	uint8_t digest[TP_DIGEST_SIZE]; /* the header's: the object's TP_DIGEST_META */
	unsigned int arch;		/* the header's: enum tp_arch */
};

struct reader {
	const uint8_t *data;
	size_t size; /* bytes of the section we trust: header.size */
	const char *strtab;
	uint32_t strtab_size;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 3, 4))) static int fail(struct reader *r, int errnum, const char *fmt,
						      ...)
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

/*
 * A name messages print (a function, a program, a map, a path): UTF-8 without
 * control characters, as tpgen writes them; lines (\n, \t) in a list's targets only.
 */
static int get_name(struct reader *r, uint32_t off, const char **out, const char *what,
		    const char *field, bool lines)
{
	char esc[96];
	int err = get_str(r, off, out, what);

	if (!err && tp_escape__has_control(*out, lines))
		err = fail(r, EINVAL, "%s: %s '%s' holds control characters or is not UTF-8", what,
			   field, tp_escape(*out, esc, sizeof(esc)));
	return err;
}

static void read_struct(const struct reader *r, uint64_t off, void *dst, size_t n)
{
	memcpy(dst, r->data + off, n);
	tp_meta__le32_words(dst, n, false);
}

static int parse_arg(struct reader *r, const struct tp_meta_arg *a, struct tp_meta_arg_view *v,
		     bool is_ret, const char *what)
{
	int err;

	if (a->type >= TP_ARG__MAX || (a->type == TP_ARG_NONE && !is_ret))
		return fail(r, EINVAL, "%s: type %u out of range", what, a->type);
	/* a return value is a register: an integer, or a sock (the return record has its blob) */
	if (is_ret && a->type != TP_ARG_NONE && a->type != TP_ARG_SOCK &&
	    tp_arg_type__class(a->type) != TP_ACL_INT)
		return fail(r, EINVAL, "%s: type '%s' is not an integer or sock", what,
			    tp_arg_type__name(a->type));
	v->index = a->index;
	v->type = a->type;
	v->size_arg = a->size_arg;
	v->max_len = a->max_len;
	v->field_off = a->field_off;
	v->field_size = a->field_size;
	v->flags = a->flags;
	if (a->flags & ~TP_ARGF_META_ALL)
		return fail(r, EINVAL, "%s: unknown flags 0x%x", what, a->flags);
	if ((a->flags & TP_ARGF_META_RETURN_COPY) && tp_arg_type__class(a->type) != TP_ACL_BYTES)
		return fail(r, EINVAL, "%s: returnCopy on type '%s', not a buffer", what,
			    tp_arg_type__name(a->type));
	err = get_str(r, a->label, &v->label, what);
	if (!err)
		err = get_name(r, a->field_name, &v->field_name, what, "field", false);
	return err;
}

static int parse_hook(struct reader *r, size_t idx, uint64_t off, uint32_t npolicies,
		      struct tp_meta_hook_view *v)
{
	struct tp_meta_hook h;
	char what[80];
	size_t i;
	int err;

	read_struct(r, off, &h, sizeof(h));
	snprintf(what, sizeof(what), "hook %zu", idx);
	if (h.kind < TP_HOOK_KPROBE || h.kind > TP_HOOK_LOADER)
		return fail(r, EINVAL, "%s: kind %u out of range", what, h.kind);
	if (h.flags & ~TP_HOOKF_ALL)
		return fail(r, EINVAL, "%s: unknown flags 0x%x", what, h.flags);
	if (h.policy >= npolicies)
		return fail(r, EINVAL, "%s: policy %u of %u", what, h.policy, npolicies);
	v->kind = h.kind;
	v->flags = h.flags;
	v->line = h.line;
	v->policy = h.policy;
	if ((err = get_name(r, h.call, &v->call, what, "call", false)) ||
	    (err = get_name(r, h.function_name, &v->function_name, what, "function", false)) ||
	    (err = get_name(r, h.subsys, &v->subsys, what, "subsystem", false)) ||
	    (err = get_name(r, h.event, &v->event, what, "event", false)) ||
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
		if (mv.kind == 0 || mv.kind >= TP_VAR__MAX)
			return fail(r, EINVAL, "%s: kind %u out of range", w, mv.kind);
		vv->kind = mv.kind;
		if ((err = get_name(r, mv.target, &vv->target, w, "target", true)) ||
		    (err = get_name(r, mv.target_exit, &vv->target_exit, w, "target", false)) ||
		    (err = get_name(r, mv.prog, &vv->prog, w, "program", false)) ||
		    (err = get_name(r, mv.prog_exit, &vv->prog_exit, w, "program", false)))
			return err;
	}
	return 0;
}

/* A list hook's functions, once, for the prober, the attacher and the printers. */
static int split_list(struct reader *r, size_t idx, const struct tp_meta_hook_view *h,
		      struct list *l)
{
	const char *target, *c;
	size_t i;
	char *p;

	if (!(h->flags & TP_HOOKF_LIST) || !h->nvariants)
		return 0;
	target = h->variants[0].target;
	for (i = 1; i < h->nvariants; i++)
		if (strcmp(h->variants[i].target, target))
			return fail(r, EINVAL, "hook %zu: list variants name different functions",
				    idx);
	l->n = *target ? 1 : 0;
	for (c = target; *c; c++)
		l->n += *c == '\n';
	l->names = strdup(target);
	l->funcs = calloc(l->n ? l->n : 1, sizeof(*l->funcs));
	if (!l->names || !l->funcs)
		return fail(r, ENOMEM, "hook %zu: out of memory", idx);
	for (i = 0, p = l->names; i < l->n; i++) {
		l->funcs[i] = p;
		p += strcspn(p, "\n");
		if (*p)
			*p++ = '\0';
		if (!*l->funcs[i])
			return fail(r, EINVAL, "hook %zu: list function %zu has no name", idx, i);
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
	if ((err = get_name(r, f.map_name, &v->map_name, what, "map", false)))
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

static int parse_user_act(struct reader *r, size_t idx, uint64_t off, uint32_t nhooks,
			  struct tp_meta_user_act_view *v)
{
	struct tp_meta_user_act a;
	char what[32];
	int err;

	read_struct(r, off, &a, sizeof(a));
	snprintf(what, sizeof(what), "user action %zu", idx);
	if ((err = get_name(r, a.arg, &v->arg, what, "argument", false)))
		return err;
	if (a.hook >= nhooks)
		return fail(r, EINVAL, "%s: hook %u of %u", what, a.hook, nhooks);
	if (a.action != TP_ACT_GETURL && a.action != TP_ACT_DNSLOOKUP)
		return fail(r, EINVAL, "%s: action %u is not GetUrl or DnsLookup", what, a.action);
	if (!*v->arg)
		return fail(r, EINVAL, "%s: no argument", what);
	v->hook = a.hook;
	v->selector = a.selector;
	v->action = a.action;
	return 0;
}

/* The policies' names, and the set's name for messages: "'a'", "'a', 'b'". */
static int parse_policies(struct reader *r, const struct tp_meta_header *hdr, struct tp_meta *m)
{
	size_t i, len = 1;
	char what[32];
	int err;

	m->policies = calloc(hdr->npolicies, sizeof(*m->policies));
	if (!m->policies)
		return fail(r, ENOMEM, "out of memory");
	for (i = 0; i < hdr->npolicies; i++, m->npolicies = i) {
		uint32_t so;

		read_struct(r, (uint64_t)hdr->policies_off + i * 4, &so, 4);
		snprintf(what, sizeof(what), "policy %zu", i);
		if ((err = get_name(r, so, &m->policies[i], what, "name", false)))
			return err;
		len += strlen(m->policies[i]) + 4;
	}
	m->npolicies = hdr->npolicies;
	m->set_name = malloc(len);
	if (!m->set_name)
		return fail(r, ENOMEM, "out of memory");
	for (i = 0, len = 0; i < m->npolicies; i++)
		len += sprintf(m->set_name + len, "%s'%s'", i ? ", " : "", m->policies[i]);
	m->set_name[len] = '\0';
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
	tp_meta__le32_words((char *)&hdr + TP_META_HDR_WORDS_OFF, TP_META_HDR_WORDS_LEN, false);
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
	if (!hdr.npolicies || !in_range(&r, hdr.policies_off, hdr.npolicies, sizeof(uint32_t))) {
		err = fail(&r, EINVAL, "%u policy names at %u: none, or overrunning the section",
			   hdr.npolicies, hdr.policies_off);
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
	if (!in_range(&r, hdr.user_acts_off, hdr.nuser_acts, sizeof(struct tp_meta_user_act))) {
		err = fail(&r, EINVAL, "%u user actions at %u overrun the section", hdr.nuser_acts,
			   hdr.user_acts_off);
		goto cleanup;
	}

	m = calloc(1, sizeof(*m));
	if (!m) {
		err = fail(&r, ENOMEM, "out of memory");
		goto cleanup;
	}
	memcpy(m->digest, hdr.digest, sizeof(m->digest));
	m->arch = le32toh(hdr.arch);
	if ((err = parse_policies(&r, &hdr, m)))
		goto cleanup;
	m->hooks = calloc(hdr.nhooks ? hdr.nhooks : 1, sizeof(*m->hooks));
	m->lists = calloc(hdr.nhooks ? hdr.nhooks : 1, sizeof(*m->lists));
	m->fills = calloc(hdr.nfills ? hdr.nfills : 1, sizeof(*m->fills));
	m->user_acts = calloc(hdr.nuser_acts ? hdr.nuser_acts : 1, sizeof(*m->user_acts));
	if (!m->hooks || !m->lists || !m->fills || !m->user_acts) {
		err = fail(&r, ENOMEM, "out of memory");
		goto cleanup;
	}
	/* each one parsed is counted, a failed one too: tp_meta__free() releases what it holds */
	for (i = 0; !err && i < hdr.nhooks; i++, m->nhooks = i) {
		err = parse_hook(&r, i, hdr.hooks_off + i * sizeof(struct tp_meta_hook),
				 hdr.npolicies, &m->hooks[i]);
		if (!err)
			err = split_list(&r, i, &m->hooks[i], &m->lists[i]);
	}
	for (i = 0; !err && i < hdr.nfills; i++, m->nfills = i)
		err = parse_fill(&r, i, hdr.fills_off + i * sizeof(struct tp_meta_fill),
				 &m->fills[i]);
	for (i = 0; !err && i < hdr.nuser_acts; i++, m->nuser_acts = i)
		err = parse_user_act(&r, i, hdr.user_acts_off + i * sizeof(struct tp_meta_user_act),
				     hdr.nhooks, &m->user_acts[i]);
	if (err)
		goto cleanup;
	return m;

cleanup:
	tp_meta__free(m);
	errno = -err;
	return NULL;
}

void tp_meta__free(struct tp_meta *m)
{
	size_t i, j;

	if (!m)
		return;
	for (i = 0; i < m->nhooks; i++) {
		free(m->hooks[i].tags);
		free(m->hooks[i].args);
		free(m->hooks[i].variants);
		for (j = 0; m->lists[i].set && j < m->lists[i].n; j++)
			free(m->lists[i].set[j]);
		free(m->lists[i].set);
		free(m->lists[i].funcs);
		free(m->lists[i].names);
	}
	free(m->hooks);
	free(m->lists);
	free(m->fills);
	free(m->user_acts);
	free(m->policies);
	free(m->set_name);
	free(m);
}

const uint8_t *tp_meta__digest(const struct tp_meta *m)
{
	return m->digest;
}

unsigned int tp_meta__arch(const struct tp_meta *m)
{
	return m->arch;
}

size_t tp_meta__policy_cnt(const struct tp_meta *m)
{
	return m->npolicies;
}

const char *tp_meta__policy(const struct tp_meta *m, size_t i)
{
	return i < m->npolicies ? m->policies[i] : NULL;
}

const char *tp_meta__hook_policy(const struct tp_meta *m, const struct tp_meta_hook_view *h)
{
	/* the reader checked every hook's index */
	return m->policies[h->policy];
}

const char *tp_meta__set_name(const struct tp_meta *m)
{
	return m->set_name;
}

const char *tp_meta__hook_where(const struct tp_meta *m, const struct tp_meta_hook_view *h,
				char *buf, size_t len)
{
	if (m->npolicies > 1)
		snprintf(buf, len, "policy '%s' line %u", m->policies[h->policy], h->line);
	else
		snprintf(buf, len, "policy line %u", h->line);
	return buf;
}

size_t tp_meta__hook_cnt(const struct tp_meta *m)
{
	return m->nhooks;
}

const struct tp_meta_hook_view *tp_meta__hook(const struct tp_meta *m, size_t i)
{
	return i < m->nhooks ? &m->hooks[i] : NULL;
}

const char *const *tp_meta__list_funcs(const struct tp_meta *m, const struct tp_meta_hook_view *h,
				       size_t *n)
{
	const struct list *l = &m->lists[h - m->hooks];

	*n = l->n;
	return l->funcs;
}

size_t tp_meta__fill_cnt(const struct tp_meta *m)
{
	return m->nfills;
}

const struct tp_meta_fill_view *tp_meta__fill(const struct tp_meta *m, size_t i)
{
	return i < m->nfills ? &m->fills[i] : NULL;
}

size_t tp_meta__user_act_cnt(const struct tp_meta *m)
{
	return m->nuser_acts;
}

const struct tp_meta_user_act_view *tp_meta__user_act(const struct tp_meta *m, size_t i)
{
	return i < m->nuser_acts ? &m->user_acts[i] : NULL;
}

int tp_meta__set_list_func(struct tp_meta *m, const struct tp_meta_hook_view *h, size_t i,
			   const char *func)
{
	struct list *l = &m->lists[h - m->hooks];
	char *s;

	if (i >= l->n)
		return -EINVAL;
	if (!l->set && !(l->set = calloc(l->n, sizeof(*l->set))))
		return -ENOMEM;
	if (!(s = strdup(func)))
		return -ENOMEM;
	free(l->set[i]);
	l->set[i] = s;
	l->funcs[i] = s;
	return 0;
}
