// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Hook bodies and their attach variants.
 *
 * A body narrows a mask of candidate selectors phase by phase, cheapest
 * first: pids, integer args, binaries (one process-table lookup), then
 * string args (each read once, into a slot, only if a candidate still needs
 * it). The first surviving selector acts; the record is built only then.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "emit.h"
#include "values.h"
#include "variants.h"
#include <tp/event.h>

/* The C conversion of a raw u64 to an arg type's value (values.c knows sizes and signs). */
static const char *int_cast(enum tp_arg_type t)
{
	static const char *const sgn[] = {
		[1] = "(__s64)(__s8)", [2] = "(__s64)(__s16)", [4] = "(__s64)(__s32)", [8] = "(__s64)",
	};
	static const char *const uns[] = {
		[1] = "(__u64)(__u8)", [2] = "(__u64)(__u16)", [4] = "(__u64)(__u32)", [8] = "(__u64)",
	};
	int size = tp_arg_type__size(t);

	if (size != 1 && size != 2 && size != 4 && size != 8)
		return "(__u64)";
	return (tp_arg_type__is_signed(t) ? sgn : uns)[size];
}

static const char *int_ctype(enum tp_arg_type t)
{
	return int_cast(t)[3] == 's' ? "__s64" : "__u64";
}

/* The raw u64 of arg pos, as this hook's programs read it. */
static void raw_arg(struct tp_emitter *e, const struct tp_lhook *lh, size_t pos)
{
	const struct tp_arg *a = &lh->hook->args[pos];

	if (lh->hook->kind == TP_HOOK_KPROBE && lh->hook->syscall) {
		tp_emitter__raw(e, "tp_sys_arg(variant, ctx, regs, %d)", a->index);
		return;
	}
	if (lh->hook->kind == TP_HOOK_KPROBE || lh->hook->kind == TP_HOOK_LSM) {
		tp_emitter__raw(e, "tp_kf_arg(variant, ctx, %d)", a->index);
		return;
	}
	if (lh->hook->raw) {
		/* raw tracepoint: the TP_PROTO arguments, a u64 each */
		tp_emitter__raw(e, "((const __u64 *)ctx)[%d]", a->index);
		return;
	}
	/* tracepoint: a field of the record at a fixed offset */
	if (a->type == TP_ARG_STRING && a->field_size == 4) {
		/* __data_loc: low 16 bits are the offset of the data in the record */
		tp_emitter__raw(e, "(__u64)((const char *)ctx + (*(const __u32 *)((const char *)ctx + %d) & 0xffff))",
				a->field_off);
		return;
	}
	switch (a->field_size) {
	case 1:
		tp_emitter__raw(e, "(__u64)*(const %s *)((const char *)ctx + %d)",
				a->field_signed ? "__s8" : "__u8", a->field_off);
		break;
	case 2:
		tp_emitter__raw(e, "(__u64)*(const %s *)((const char *)ctx + %d)",
				a->field_signed ? "__s16" : "__u16", a->field_off);
		break;
	case 4:
		tp_emitter__raw(e, "(__u64)*(const %s *)((const char *)ctx + %d)",
				a->field_signed ? "__s32" : "__u32", a->field_off);
		break;
	default:
		tp_emitter__raw(e, "*(const __u64 *)((const char *)ctx + %d)", a->field_off);
	}
}

void tp_emit__raw_arg(struct tp_emitter *e, const struct tp_lhook *lh, size_t pos)
{
	raw_arg(e, lh, pos);
}

/* A buffer arg's full size: char_buf's from the 1-based sizeArgIndex arg, const_buf's fixed. */
static void buf_size(struct tp_emitter *e, const struct tp_lhook *lh, const struct tp_arg *a)
{
	const struct tp_hook *h = lh->hook;

	if (a->type != TP_ARG_CHAR_BUF && a->type != TP_ARG_CHAR_IOVEC)
		tp_emitter__raw(e, "%d", a->size_arg_index);
	else if (h->kind == TP_HOOK_KPROBE && h->syscall)
		tp_emitter__raw(e, "tp_sys_arg(variant, ctx, regs, %d)", a->size_arg_index - 1);
	else
		tp_emitter__raw(e, "tp_kf_arg(variant, ctx, %d)", a->size_arg_index - 1);
}

int tp_emit__arg_mem(const struct tp_lhook *lh, size_t pos)
{
	const struct tp_hook *h = lh->hook;
	const struct tp_arg *a = &h->args[pos];

	if (h->kind == TP_HOOK_TRACEPOINT)
		/* syscall records hold user pointers; raw args, __data_loc and the rest kernel ones */
		return !h->raw && a->field_size != 4 && h->subsystem &&
		       (!strcmp(h->subsystem, "syscalls") || !strcmp(h->subsystem, "raw_syscalls"));
	if (h->kind == TP_HOOK_KPROBE && h->syscall)
		return 1;
	return 2;	/* a kernel function's char * may be __user or not */
}

/*
 * Sets of selectors, one bit each, in as many u64 words as the hook needs.
 * The generated code keeps its candidates in volatile heap memory, cand[]:
 * the verifier does not track values there, so a filter's outcome never
 * decides a later branch for it and the states it explores stay linear in
 * the number of selectors (in registers, independent string filters made
 * them double with each selector).
 */
struct selset {
	uint64_t *w;
	size_t n;		/* words */
};

static int selset_init(struct selset *set, size_t nsels)
{
	set->n = nsels ? (nsels + 63) / 64 : 1;
	set->w = calloc(set->n, sizeof(*set->w));
	return set->w ? 0 : -ENOMEM;
}

static void selset_add(struct selset *set, size_t s)
{
	set->w[s / 64] |= (uint64_t)1 << (s % 64);
}

static bool selset_empty(const struct selset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->w[i])
			return false;
	return true;
}

/* "((cand[0] & 0x..ULL) || (cand[1] & 0x..ULL))": is any selector of set still a candidate */
static void emit_any(struct tp_emitter *e, const struct selset *set)
{
	const char *sep = "";
	size_t i;

	tp_emitter__raw(e, "(");
	for (i = 0; i < set->n; i++) {
		if (!set->w[i])
			continue;
		tp_emitter__raw(e, "%s(cand[%zu] & 0x%" PRIx64 "ULL)", sep, i, set->w[i]);
		sep = " || ";
	}
	tp_emitter__raw(e, "%s)", *sep ? "" : "0");
}

/* A filter of selector s: "if ((cand[W] & BIT) && !COND) cand[W] &= ~BIT;" around cond. */
static void cand_test(struct tp_emitter *e, size_t s)
{
	tp_emitter__indent(e);
	tp_emitter__raw(e, "if ((cand[%zu] & 0x%" PRIx64 "ULL) && !", s / 64, (uint64_t)1 << (s % 64));
}

static void cand_drop(struct tp_emitter *e, size_t s)
{
	tp_emitter__raw(e, ")\n");
	e->indent++;
	tp_emitter__line(e, "cand[%zu] &= ~0x%" PRIx64 "ULL;", s / 64, (uint64_t)1 << (s % 64));
	e->indent--;
}

static void emit_pid_cond(struct tp_emitter *e, const struct tp_lpid *p)
{
	size_t i;

	if (p->follow) {
		tp_emitter__raw(e, "%s(proc && (proc->pid_bits[%d] & 0x%" PRIx64 "ULL))",
				p->negate ? "!" : "", p->bit / 64, (uint64_t)1 << (p->bit % 64));
		return;
	}
	tp_emitter__raw(e, "%s(", p->negate ? "!" : "");
	for (i = 0; i < p->npids; i++)
		tp_emitter__raw(e, "%s%s == %u", i ? " || " : "", p->ns ? "nstgid" : "tgid",
				p->pids[i]);
	tp_emitter__raw(e, ")");
}

/* policy-mode: monitor reports what would be enforced and enforces nothing */
static void emit_actions(struct tp_emitter *e, const struct tp_hook *h,
			 const struct tp_laction *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (a[i].kind == TP_ACT_SIGKILL || a[i].kind == TP_ACT_SIGNAL) {
			if (!h->monitor)
				tp_emitter__line(e, "bpf_send_signal(%d);", a[i].sig);
		} else if (a[i].kind == TP_ACT_OVERRIDE) {
			if (!h->monitor)
				tp_emitter__line(e, "rv = %d;", a[i].error);
		} else {
			tp_emit__fd_action(e, &a[i]);	/* emit_fd.c */
		}
	}
}

/* Which selectors filter arg pos in list (ints or strs). */
static void need_arg(const struct tp_lhook *lh, size_t pos, bool strings, struct selset *need)
{
	size_t s, i;

	memset(need->w, 0, need->n * sizeof(*need->w));
	for (s = 0; s < lh->nsels; s++) {
		const struct tp_lselector *ls = &lh->sels[s];
		const struct tp_lfilter *f = strings ? ls->strs : ls->ints;
		size_t n = strings ? ls->nstrs : ls->nints;

		for (i = 0; i < n; i++)
			if (f[i].arg_pos == (int)pos)
				selset_add(need, s);
	}
}

/* matchPIDs without followForks: compared with the current pid, no lookup */
static void emit_pid_filters(struct tp_emitter *e, const struct tp_lhook *lh)
{
	size_t s, i;

	for (s = 0; s < lh->nsels; s++)
		for (i = 0; i < lh->sels[s].npids; i++) {
			if (lh->sels[s].pids[i].follow)
				continue;
			cand_test(e, s);
			emit_pid_cond(e, &lh->sels[s].pids[i]);
			cand_drop(e, s);
		}
}

/* matchBinaries and followForks matchPIDs: bits of one process-table lookup */
static void emit_process_filters(struct tp_emitter *e, const struct tp_lhook *lh,
				 struct selset *need)
{
	size_t s, i;

	memset(need->w, 0, need->n * sizeof(*need->w));
	for (s = 0; s < lh->nsels; s++) {
		const struct tp_lselector *ls = &lh->sels[s];

		for (i = 0; i < ls->npids; i++)
			if (ls->pids[i].follow)
				selset_add(need, s);
		if (ls->nbins)
			selset_add(need, s);
	}
	if (selset_empty(need))
		return;
	tp_emitter__indent(e);
	tp_emitter__raw(e, "if ");
	emit_any(e, need);
	tp_emitter__raw(e, "\n");
	tp_emitter__line(e, "\tproc = bpf_map_lookup_elem(&tp_procs, &tgid);");
	for (s = 0; s < lh->nsels; s++) {
		const struct tp_lselector *ls = &lh->sels[s];

		for (i = 0; i < ls->npids; i++) {
			if (!ls->pids[i].follow)
				continue;
			cand_test(e, s);
			emit_pid_cond(e, &ls->pids[i]);
			cand_drop(e, s);
		}
		for (i = 0; i < ls->nbins; i++) {
			cand_test(e, s);
			tp_emitter__raw(e, "%s(proc && (proc->bin_bits[%d] & 0x%" PRIx64 "ULL))",
					ls->bins[i].negate ? "!" : "", ls->bins[i].bit / 64,
					(uint64_t)1 << (ls->bins[i].bit % 64));
			cand_drop(e, s);
		}
	}
}

static void emit_int_filters(struct tp_emitter *e, const struct tp_lhook *lh, struct selset *need)
{
	const struct tp_hook *h = lh->hook;
	char var[32];
	size_t pos, s, i;

	for (pos = 0; pos < h->nargs; pos++) {
		need_arg(lh, pos, false, need);
		if (selset_empty(need))
			continue;
		tp_emitter__indent(e);
		tp_emitter__raw(e, "if ");
		emit_any(e, need);
		tp_emitter__raw(e, "\n");
		e->indent++;
		tp_emitter__indent(e);
		if (tp_arg_type__class(h->args[pos].type) == TP_ACL_CAPS) {
			/* a capability set behind a pointer, or a capability number */
			tp_emitter__raw(e, "a%zu = tp_val_%s((__u64)", pos,
					tp_arg_type__info(h->args[pos].type)->reader);
			raw_arg(e, lh, pos);
			tp_emitter__raw(e, ");\n");
		} else {
			tp_emitter__raw(e, "a%zu = %s", pos, int_cast(h->args[pos].type));
			raw_arg(e, lh, pos);
			tp_emitter__raw(e, ";\n");
		}
		e->indent--;
		snprintf(var, sizeof(var), "a%zu", pos);
		for (s = 0; s < lh->nsels; s++)
			for (i = 0; i < lh->sels[s].nints; i++) {
				if (lh->sels[s].ints[i].arg_pos != (int)pos)
					continue;
				cand_test(e, s);
				tp_emit__int_cond(e, &lh->sels[s].ints[i], var);
				cand_drop(e, s);
			}
	}
}

static void emit_string_filters(struct tp_emitter *e, const struct tp_lhook *lh,
				struct selset *need)
{
	const struct tp_hook *h = lh->hook;
	char slot[48], len[32];
	size_t pos, s, i;

	for (pos = 0; pos < h->nargs; pos++) {
		if (lh->slot[pos] < 0)
			continue;
		need_arg(lh, pos, true, need);
		snprintf(slot, sizeof(slot), "h->slot[%d]", lh->slot[pos]);
		snprintf(len, sizeof(len), "n%zu", pos);
		tp_emitter__indent(e);
		tp_emitter__raw(e, "if ");
		emit_any(e, need);
		tp_emitter__raw(e, " {\n");
		e->indent++;
		tp_emitter__indent(e);
		if (tp_arg_type__class(h->args[pos].type) == TP_ACL_PATH) {
			/* a kernel object resolved to its path or name */
			tp_emitter__raw(e, "n%zu = tp_slot_%s(%s, (__u64)", pos,
					tp_arg_type__info(h->args[pos].type)->reader, slot);
			raw_arg(e, lh, pos);
			tp_emitter__raw(e, ");\n");
		} else if (h->args[pos].type == TP_ARG_STRING) {
			tp_emitter__raw(e, "n%zu = tp_slot_read_str(%s, (const void *)", pos, slot);
			raw_arg(e, lh, pos);
		} else {
			/* buffers: the bytes the size arg counts, not a NUL-terminated string */
			tp_emitter__raw(e, "n%zu = tp_slot_read_buf(%s, (const void *)", pos, slot);
			raw_arg(e, lh, pos);
			tp_emitter__raw(e, ", ");
			buf_size(e, lh, &h->args[pos]);
		}
		if (tp_arg_type__class(h->args[pos].type) != TP_ACL_PATH)
			tp_emitter__raw(e, ", %d);\n", tp_emit__arg_mem(lh, pos));
		for (s = 0; s < lh->nsels; s++)
			for (i = 0; i < lh->sels[s].nstrs; i++) {
				if (lh->sels[s].strs[i].arg_pos != (int)pos)
					continue;
				cand_test(e, s);
				tp_emit__str_cond(e, &lh->sels[s].strs[i], slot, len, "h->key");
				cand_drop(e, s);
			}
		e->indent--;
		tp_emitter__line(e, "}");
	}
}

static void emit_capture(struct tp_emitter *e, const struct tp_lhook *lh, bool ret)
{
	const struct tp_hook *h = lh->hook;
	size_t pos;

	tp_emitter__line(e, "off = tp_out_hook_begin(h, %d, action, sel, %s);", lh->id,
			 ret ? "TP_HOOKEV_RETURN_PENDING" : "0");
	if (h->nfuncs)	/* which of the list's functions: tprun set the cookie to its index */
		tp_emitter__line(e, "((struct tp_event_hook *)h->out)->func = bpf_get_attach_cookie(ctx);");
	for (pos = 0; pos < h->nargs; pos++) {
		const struct tp_arg *a = &h->args[pos];

		tp_emitter__indent(e);
		if (tp_arg_type__is_int(a->type)) {
			tp_emitter__raw(e, "off = tp_out_u64(h, off, %s", int_cast(a->type));
			raw_arg(e, lh, pos);
			tp_emitter__raw(e, ");\n");
		} else if (a->type == TP_ARG_STRING) {
			/* what the filters saw, not a second read user space could race */
			if (lh->slot[pos] >= 0)
				tp_emitter__raw(e, "off = n%zu != -2 ? tp_out_slot(h, off, h->slot[%d], n%zu) : ",
						pos, lh->slot[pos], pos);
			else
				tp_emitter__raw(e, "off = ");
			tp_emitter__raw(e, "tp_out_str(h, off, (const void *)");
			raw_arg(e, lh, pos);
			tp_emitter__raw(e, ", %d);\n", tp_emit__arg_mem(lh, pos));
		} else if (!tp_arg_type__is_bytes(a->type)) {
			/* a path the filters walked: appended from their slot, not walked again */
			if (lh->slot[pos] >= 0 && a->type != TP_ARG_FILENAME &&
			    (tp_arg_type__class(a->type) == TP_ACL_PATH || a->type == TP_ARG_FD))
				tp_emitter__raw(e, "off = n%zu != -2 ? tp_out_path_slot(h, off, h->slot[%d], n%zu) : ",
						pos, lh->slot[pos], pos);
			else
				tp_emitter__raw(e, "off = ");
			/* a kernel object: its helper appends the typed blob */
			tp_emitter__raw(e, "tp_out_%s(h, off, (__u64)", tp_arg_type__info(a->type)->reader);
			raw_arg(e, lh, pos);
			if (a->type == TP_ARG_CHAR_IOVEC) {	/* and its count */
				tp_emitter__raw(e, ", ");
				buf_size(e, lh, a);
			}
			tp_emitter__raw(e, ");\n");
		} else {
			tp_emitter__raw(e, "off = tp_out_buf(h, off, (const void *)");
			raw_arg(e, lh, pos);
			tp_emitter__raw(e, ", ");
			buf_size(e, lh, a);
			tp_emitter__raw(e, ", %u, %d);\n", TP_BUF_MAX, tp_emit__arg_mem(lh, pos));
		}
	}
	tp_emitter__line(e, "tp_out_finish(h, TP_EV_HOOK, off);");
}

/* Does a matchPIDs filter of this hook compare namespace pids directly? */
static bool needs_ns_tgid(const struct tp_lhook *lh)
{
	size_t s, i;

	for (s = 0; s < lh->nsels; s++)
		for (i = 0; i < lh->sels[s].npids; i++)
			if (lh->sels[s].pids[i].ns && !lh->sels[s].pids[i].follow)
				return true;
	return false;
}

static int emit_enter(struct tp_emitter *e, const struct tp_lhook *lh)
{
	const struct tp_hook *h = lh->hook;
	bool ret = h->kind == TP_HOOK_KPROBE && h->ret;
	size_t nsels = lh->nsels ? lh->nsels : 1, s, i, pos;
	struct selset all, need;

	if (selset_init(&all, nsels) || selset_init(&need, nsels)) {
		free(all.w);
		return -ENOMEM;
	}
	for (s = 0; s < nsels; s++)
		selset_add(&all, s);

	tp_emitter__line(e, "static __always_inline long tp_h%d_enter(int variant, void *ctx, const struct pt_regs *regs)",
			 lh->id);
	tp_emitter__line(e, "{");
	e->indent++;
	tp_emitter__line(e, "struct tp_heap *h = tp_heap_get();");
	tp_emitter__line(e, "__u32 tgid = tp_current_tgid();");
	if (needs_ns_tgid(lh))
		tp_emitter__line(e, "__u32 nstgid = tp_current_ns_tgid();");
	tp_emitter__line(e, "volatile __u64 *cand;");
	tp_emitter__line(e, "struct tp_proc *proc = 0;");
	tp_emitter__line(e, "__u32 sel = 0, action = TP_ACT_POST, post = 1, off;");
	tp_emitter__line(e, "long rv = 0;	/* what an Override makes the function return */");
	for (pos = 0; pos < h->nargs; pos++) {
		if (tp_arg_type__is_int(h->args[pos].type) ||
		    tp_arg_type__class(h->args[pos].type) == TP_ACL_CAPS)
			tp_emitter__line(e, "%s a%zu = 0;", int_ctype(h->args[pos].type), pos);
		else if (lh->slot[pos] >= 0)
			tp_emitter__line(e, "long n%zu = -2;", pos);
	}
	tp_emitter__blank(e);
	tp_emitter__line(e, "(void)proc; (void)regs; (void)ctx; (void)variant; (void)rv;");
	tp_emitter__line(e, "if (tgid == tp_self_tgid || !h)");
	tp_emitter__line(e, "\treturn 0;");
	tp_emitter__line(e, "cand = h->cand;");
	for (i = 0; i < all.n; i++)
		tp_emitter__line(e, "cand[%zu] = 0x%" PRIx64 "ULL;", i, all.w[i]);

	/*
	 * Cheapest first: the pid, integer args (a load from the record or the
	 * registers), then the process-table lookup for binaries and followForks,
	 * then strings. A hook on every syscall rejects most calls on the id
	 * before it touches a hash map.
	 */
	emit_pid_filters(e, lh);
	emit_int_filters(e, lh, &need);
	emit_process_filters(e, lh, &need);
	tp_emit__net_filters(e, lh);
	emit_string_filters(e, lh, &need);
	tp_emitter__indent(e);
	tp_emitter__raw(e, "if (!");
	emit_any(e, &all);
	tp_emitter__raw(e, ")\n");
	tp_emitter__line(e, "\treturn 0;");

	/* the first matching selector acts */
	for (s = 0; s < lh->nsels; s++) {
		const struct tp_lselector *ls = &lh->sels[s];

		tp_emitter__line(e, "%sif (cand[%zu] & 0x%" PRIx64 "ULL) {", s ? "} else " : "", s / 64,
				 (uint64_t)1 << (s % 64));
		e->indent++;
		tp_emitter__line(e, "sel = %zu;", s);
		tp_emitter__line(e, "action = %d;", ls->event_action);
		tp_emitter__line(e, "post = %d;", ls->post);
		emit_actions(e, lh->hook, ls->actions, ls->nactions);
		e->indent--;
	}
	if (lh->nsels)
		tp_emitter__line(e, "}");

	if (ret) {
		tp_emitter__line(e, "{");
		tp_emitter__line(e, "\tstruct tp_pending_key pk = { (__u32)bpf_get_current_pid_tgid(), %d };",
				 lh->id);
		tp_emitter__line(e, "\t__u32 pv = sel | (post << 31);");
		tp_emitter__blank(e);
		tp_emitter__line(e, "\tbpf_map_update_elem(&tp_pending, &pk, &pv, BPF_ANY);");
		tp_emitter__line(e, "}");
	}
	tp_emitter__line(e, "if (!post)");
	tp_emitter__line(e, "\treturn rv;");
	emit_capture(e, lh, ret);
	tp_emitter__line(e, "return rv;");
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
	free(all.w);
	free(need.w);
	return 0;
}

static void emit_exit(struct tp_emitter *e, const struct tp_lhook *lh)
{
	const struct tp_hook *h = lh->hook;
	size_t s;

	tp_emitter__line(e, "static __always_inline int tp_h%d_exit(__s64 ret)", lh->id);
	tp_emitter__line(e, "{");
	e->indent++;
	tp_emitter__line(e, "struct tp_pending_key pk = { (__u32)bpf_get_current_pid_tgid(), %d };",
			 lh->id);
	tp_emitter__line(e, "__u32 *pv = bpf_map_lookup_elem(&tp_pending, &pk);");
	tp_emitter__line(e, "__u32 v, sel, action = 0, pass = 1;");
	tp_emitter__line(e, "%s r0 = %sret;", int_ctype(h->ret_arg.type), int_cast(h->ret_arg.type));
	tp_emitter__blank(e);
	tp_emitter__line(e, "if (!pv)");
	tp_emitter__line(e, "\treturn 0;");
	tp_emitter__line(e, "v = *pv;");
	tp_emitter__line(e, "bpf_map_delete_elem(&tp_pending, &pk);");
	tp_emitter__line(e, "sel = v & 0xffff;");
	tp_emitter__line(e, "(void)sel;");
	for (s = 0; s < lh->nsels; s++) {
		const struct tp_lselector *ls = &lh->sels[s];
		size_t i;

		if (!ls->nrets && !ls->nret_actions)
			continue;
		tp_emitter__line(e, "if (sel == %zu) {", s);
		e->indent++;
		for (i = 0; i < ls->nrets; i++) {
			tp_emitter__indent(e);
			tp_emitter__raw(e, "pass = pass && ");
			tp_emit__int_cond(e, &ls->rets[i], "r0");
			tp_emitter__raw(e, ";\n");
		}
		if (ls->nret_actions) {
			tp_emitter__line(e, "if (pass) {");
			e->indent++;
			emit_actions(e, lh->hook, ls->ret_actions, ls->nret_actions);
			if (ls->ret_event_action)
				tp_emitter__line(e, "action = %d;", ls->ret_event_action);
			e->indent--;
			tp_emitter__line(e, "}");
		}
		e->indent--;
		tp_emitter__line(e, "}");
	}
	tp_emitter__line(e, "if (v >> 31)");
	tp_emitter__line(e, "\ttp_out_hook_ret(%d, action, r0, pass);", lh->id);
	tp_emitter__line(e, "return 0;");
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
}

/*
 * One program per attach variant (variants.c), each a thin prologue around
 * the body. The SEC names carry no target: tprun sets it from .tp.meta.
 */
static void emit_prog(struct tp_emitter *e, const struct tp_lhook *lh, const struct tp_prog_spec *p)
{
	char name[64];

	snprintf(name, sizeof(name), TP_PROG_FMT, lh->id, p->name);
	tp_emitter__line(e, "SEC(\"%s\")", p->sec);
	tp_emitter__indent(e);
	tp_emitter__raw(e, "int ");
	tp_emitter__raw(e, p->proto, name);
	tp_emitter__raw(e, "\n");
	tp_emitter__line(e, "{");
	tp_emitter__raw(e, "\t");
	tp_emitter__raw(e, p->body, lh->id);
	tp_emitter__raw(e, "\n");
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
}

static void emit_variants(struct tp_emitter *e, const struct tp_lhook *lh)
{
	const struct tp_hook *h = lh->hook;
	size_t n, i;
	const struct tp_variant_spec *v = tp_variants__of(h, &n);

	for (i = 0; i < n; i++) {
		emit_prog(e, lh, &v[i].entry);
		if (h->kind == TP_HOOK_KPROBE && h->ret && v[i].exit.name)
			emit_prog(e, lh, &v[i].exit);
	}
}

int tp_emit__hook(struct tp_emitter *e, const struct tp_plan *plan, const struct tp_lhook *lh)
{
	int err;

	tp_emitter__line(e, "/* hook %d */", lh->id);
	tp_emitter__blank(e);
	err = emit_enter(e, lh);
	if (err)
		return err;
	if (lh->hook->kind == TP_HOOK_KPROBE && lh->hook->ret)
		emit_exit(e, lh);
	emit_variants(e, lh);
	return 0;
}
