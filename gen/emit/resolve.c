// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * resolve: the path the checker walked through BTF, as CO-RE reads. One
 * function per resolved arg casts the arg's value to its BTF type and
 * follows the path with bpf_core_read(), one read per pointer, as
 * BPF_CORE_READ() would, but checking each read: Tetragon's arg is
 * unreadable when a step faults (extract_arg_depth, bpf/process/
 * generic_arg.h), and the event names the step. Field offsets are CO-RE
 * relocations (vmlinux.h marks every struct preserve_access_index), so the
 * object loads on kernels whose structs differ from the build machine's.
 * The locals take their types from the fields (__typeof__, unqualified),
 * so no type name is written but the arg's own. Field names come from BTF (the
 * checker copied them from there), never from the policy's text.
 */
#include <stdio.h>
#include <string.h>

#include "parts.h"

/* The lvalue steps from..to reach, from pointer local pK: "p1->f_path.dentry", "p2[3]". */
static const char *access(char *buf, size_t len, const struct tp_resolve *r, size_t from, size_t to,
			  int k)
{
	size_t i, n;

	n = (size_t)snprintf(buf, len, "p%d", k);
	for (i = from; i <= to && n < len; i++) {
		const struct tp_resolve_step *s = &r->steps[i];

		if (s->member)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", i == from ? "->" : ".",
					      s->member);
		else
			n += (size_t)snprintf(buf + n, len - n, "[%u]", s->index);
	}
	return buf;
}

/* The path as BTF spells it, for the function's comment: "mm.owner.pid". */
static const char *path_text(char *buf, size_t len, const struct tp_resolve *r)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < r->nsteps && n < len; i++) {
		if (r->steps[i].member)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "." : "",
					      r->steps[i].member);
		else
			n += (size_t)snprintf(buf + n, len - n, "[%u]", r->steps[i].index);
	}
	return buf;
}

/*
 * uprobes and usdts (btfPath): the arg points into user memory, laid out as
 * the binary's own BTF says, so the offsets are numbers from that BTF (there
 * is nothing to relocate against) and each read is bpf_probe_read_user: a is
 * the address the next step adds its offset to.
 */
static void user_resolver(struct tp_emitter *e, const struct tp_lhook *lh, const struct tp_arg *a)
{
	const struct tp_resolve *r = a->res;
	char path[512];
	size_t i;

	tp_emitter__line(e, "/* hook %d, arg %d: %s, from %sin user memory (btfPath) */", lh->id,
			 a->index, path_text(path, sizeof(path), r), r->root);
	tp_emitter__line(e, "static __always_inline __u32 tp_h%d_resolve%d(__u64 *v)", lh->id,
			 a->index);
	tp_emitter__line(e, "{");
	e->indent++;
	tp_emitter__line(e, "__u64 a = *v;");
	tp_emitter__blank(e);
	tp_emitter__line(e, "*v = 0;");
	for (i = 0; i < r->nsteps; i++) {
		const struct tp_resolve_step *s = &r->steps[i];
		bool last = i + 1 == r->nsteps;

		if (s->off)
			tp_emitter__line(e, "a += %u;", s->off);
		if (!s->read)
			continue;
		/* the last read is the value (zero-extended), the others a pointer */
		tp_emitter__line(e, "if (bpf_probe_read_user(%s, %u, (void *)a))",
				 last ? "v" : "&a", last ? s->size : 8);
		/* Tetragon's arg status: 1 + the depth of the step that faulted */
		tp_emitter__line(e, "\treturn %zu;", i + 1);
	}
	if (!r->nsteps || !r->steps[r->nsteps - 1].read) /* a struct or an array: its address */
		tp_emitter__line(e, "*v = a;");
	tp_emitter__line(e, "return 0;");
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
}

static void resolver(struct tp_emitter *e, const struct tp_lhook *lh, const struct tp_arg *a)
{
	const struct tp_resolve *r = a->res;
	char expr[512], path[512];
	struct tp_terms t = { 0 };
	size_t i, from = 0;
	int k = 0;
	bool reads = false;

	tp_emitter__line(e, "/* hook %d, arg %d: %s, from %s, a read per pointer */", lh->id,
			 a->index, path_text(path, sizeof(path), r), r->root);
	tp_emitter__line(e, "static __always_inline __u32 tp_h%d_resolve%d(__u64 *v)", lh->id,
			 a->index);
	tp_emitter__line(e, "{");
	e->indent++;
	tp_emitter__line(e, "%s%sp0 = (void *)*v;", r->root,
			 r->root[strlen(r->root) - 1] == '*' ? "" : " ");
	for (i = 0; i < r->nsteps; i++) {
		if (!r->steps[i].read)
			continue;
		/* the comma makes an rvalue: its type without the field's const */
		tp_emitter__line(e, "__typeof__(((void)0, %s)) p%d;",
				 access(expr, sizeof(expr), r, from, i, k), k + 1);
		k++;
		from = i + 1;
		reads = true;
	}
	if (reads) {
		tp_emitter__blank(e);
		tp_emitter__line(e, "*v = 0;");
	}
	for (i = 0, from = 0, k = 0; i < r->nsteps; i++) {
		if (!r->steps[i].read)
			continue;
		tp_terms__add(&t, "&p%d", k + 1);
		tp_terms__add(&t, "sizeof(p%d)", k + 1);
		tp_terms__add(&t, "&%s", access(expr, sizeof(expr), r, from, i, k));
		tp_emitter__call(e, "if (bpf_core_read(", &t, "))");
		tp_terms__free(&t);
		memset(&t, 0, sizeof(t));
		/* Tetragon's arg status: 1 + the depth of the step that faulted */
		tp_emitter__line(e, "\treturn %zu;", i + 1);
		k++;
		from = i + 1;
	}
	if (from < r->nsteps) /* the end is a struct or an array: its address */
		tp_emitter__line(e, "*v = (__u64)__builtin_preserve_access_index(&%s);",
				 access(expr, sizeof(expr), r, from, r->nsteps - 1, k));
	else
		tp_emitter__line(e, "*v = (__u64)p%d;", k);
	tp_emitter__line(e, "return 0;");
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
}

void tp_emit__resolvers(struct tp_emitter *e, const struct tp_lhook *lh)
{
	size_t pos;

	for (pos = 0; pos < lh->hook->nargs; pos++)
		if (lh->hook->args[pos].res && lh->hook->args[pos].res->user)
			user_resolver(e, lh, &lh->hook->args[pos]);
		else if (lh->hook->args[pos].res)
			resolver(e, lh, &lh->hook->args[pos]);
}

void tp_emit__resolve_locals(struct tp_emitter *e, const struct tp_lhook *lh)
{
	const struct tp_hook *h = lh->hook;
	size_t pos;

	for (pos = 0; pos < h->nargs; pos++)
		if (h->args[pos].res)
			tp_emitter__line(e, "__u64 r%d;	/* arg %d, resolved */", h->args[pos].index,
					 h->args[pos].index);
	for (pos = 0; pos < h->nargs; pos++)
		if (h->args[pos].res)
			tp_emitter__line(e, "__u32 s%d;	/* 0, or 1 + the step that faulted */",
					 h->args[pos].index);
}

void tp_emit__resolve_reads(struct tp_emitter *e, const struct tp_lhook *lh)
{
	const struct tp_hook *h = lh->hook;
	char raw[TP_NAME_MAX];
	size_t pos;
	int idx;

	for (pos = 0; pos < h->nargs; pos++) {
		if (!h->args[pos].res)
			continue;
		idx = h->args[pos].index;
		tp_emitter__line(e, "r%d = %s;", idx, tp_emit__arg_raw(raw, sizeof(raw), lh, pos));
		tp_emitter__line(e, "s%d = tp_h%d_resolve%d(&r%d);", idx, lh->id, idx, idx);
	}
}
