// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The event record of a matching selector: the hook, action and selector,
 * then every arg in .tp.meta order. What the filters read is captured from
 * their locals and slots, not read again: a second read is a race user
 * space could win. The appends are written twice, a pass of each mode
 * (tp_capture.bpf.h): TP_SIZE adds up the record's size, tp_rec_reserve
 * reserves it in the ring, TP_WRITE writes it there.
 */
#include <stdio.h>

#include "parts.h"

/* off = tp_out_T(mode, &r, off, args...); packed up to the column limit. */
static void out_call(struct tp_emitter *e, const char *fn, const struct tp_terms *args)
{
	char head[TP_NAME_MAX + 16];

	snprintf(head, sizeof(head), "off = %s(", fn);
	tp_emitter__call(e, head, args, ");");
}

/* An arg a filter may have read into a slot: its bytes from there when it was, else fn(args). */
static void from_slot(struct tp_emitter *e, const struct tp_lhook *lh, const struct tp_reads *r,
		      size_t pos, const char *mode, const char *fn, const struct tp_terms *args)
{
	struct tp_terms t = { 0 };

	if (!r->slot[pos]) {
		out_call(e, fn, args);
		return;
	}

	tp_terms__add(&t, "%s", mode);
	tp_terms__add(&t, "&r");
	tp_terms__add(&t, "off");
	tp_terms__add(&t, "h->slot[%d]", lh->slot[pos]);
	tp_terms__add(&t, "n%d", lh->hook->args[pos].index);
	if (r->slot[pos] == TP_READ) {
		out_call(e, "tp_out_slot", &t);
	} else {
		tp_emitter__line(e, "if (n%d != TP_SLOT_UNREAD)", lh->hook->args[pos].index);
		e->indent++;
		out_call(e, "tp_out_slot", &t);
		e->indent--;
		tp_emitter__line(e, "else");
		e->indent++;
		out_call(e, fn, args);
		e->indent--;
	}
	tp_terms__free(&t);
}

static void capture_arg(struct tp_emitter *e, const struct tp_lhook *lh, const struct tp_reads *r,
			size_t pos, const char *mode)
{
	const struct tp_arg *a = &lh->hook->args[pos];
	const struct tp_arg_type_info *ti = tp_arg_type__info(a->type);
	struct tp_terms t = { 0 };
	char raw[TP_NAME_MAX], size[TP_NAME_MAX], fn[TP_NAME_MAX];

	if (a->return_copy) { /* its bytes come with the return record */
		tp_emitter__line(e, "off = tp_out_at_return(%s, &r, off);", mode);
		return;
	}
	if (r->raw[pos])
		snprintf(raw, sizeof(raw), "p%d", a->index);
	else
		tp_emit__arg(raw, sizeof(raw), lh, pos);
	tp_terms__add(&t, "%s", mode);
	tp_terms__add(&t, "&r");
	tp_terms__add(&t, "off");
	snprintf(fn, sizeof(fn), "tp_out_%s", ti->reader ? ti->reader : "u64");
	switch (ti->cls) {
	case TP_ACL_INT:
		if (r->val[pos] == TP_READ)
			tp_terms__add(&t, "a%d", a->index);
		else
			tp_terms__add(&t, "(%s)%s", tp_emit__int_ctype(a->type), raw);
		out_call(e, fn, &t);
		break;
	case TP_ACL_BYTES:
		tp_terms__add(&t, "(const void *)%s", raw);
		if (a->max_data) { /* more than a filter slot holds: read again, in full */
			tp_terms__add(&t, "%s", tp_emit__buf_size(size, sizeof(size), lh, r, pos));
			tp_terms__add(&t, "%s", tp_emit__arg_mem(lh, pos));
			out_call(e, "tp_out_data", &t);
			break;
		}
		if (ti->flags & (TP_ARGF_SIZE_ARG | TP_ARGF_SIZE_FIXED)) {
			tp_terms__add(&t, "%s", tp_emit__buf_size(size, sizeof(size), lh, r, pos));
			tp_terms__add(&t, "TP_BUF_MAX");
		}
		tp_terms__add(&t, "%s", tp_emit__arg_mem(lh, pos));
		from_slot(e, lh, r, pos, mode, fn, &t);
		break;
	case TP_ACL_PATH:
		tp_terms__add(&t, "%s", raw);
		if (ti->flags & TP_ARGF_MEM)
			tp_terms__add(&t, "%s", tp_emit__arg_mem(lh, pos));
		from_slot(e, lh, r, pos, mode, fn, &t);
		break;
	case TP_ACL_NET:
		tp_terms__add(&t, "%s", raw);
		if (r->tuple[pos] == TP_READ) { /* the tuple the filters compared, not read again */
			snprintf(fn, sizeof(fn), "tp_out_%s_tuple", ti->reader);
			tp_terms__add(&t, "&t%d", a->index);
		}
		out_call(e, fn, &t);
		break;
	default:
		if (ti->cls == TP_ACL_CAPS && r->val[pos] == TP_READ) {
			/* the value the filters compared, not read again */
			tp_terms__add(&t, "a%d", a->index);
			out_call(e, "tp_out_caps_val", &t);
			break;
		}
		/* kernel objects: the reader appends the typed blob */
		if (a->max_data) /* the reader's maxData form: up to TP_MAX_DATA bytes */
			snprintf(fn, sizeof(fn), "tp_out_%s_data", ti->reader);
		tp_terms__add(&t, "%s", raw);
		if (ti->flags & TP_ARGF_SIZE_ARG) /* and how many there are */
			tp_terms__add(&t, "%s", tp_emit__buf_size(size, sizeof(size), lh, r, pos));
		out_call(e, fn, &t);
		break;
	}
	tp_terms__free(&t);
}

/*
 * Does the record read arg pos's raw value (tp_emit__arg) in each pass? Not
 * when it takes what a filter left: a local (aN) or a slot.
 */
static bool reads_raw(const struct tp_lhook *lh, const struct tp_reads *r, size_t pos)
{
	const struct tp_arg *a = &lh->hook->args[pos];

	if (a->return_copy || a->res) /* a resolved arg is a local already (rN) */
		return false;
	switch (tp_arg_type__class(a->type)) {
	case TP_ACL_INT:
		return r->val[pos] != TP_READ || tp_emit__raw_size(lh, pos);
	case TP_ACL_CAPS:
		return r->val[pos] != TP_READ;
	case TP_ACL_BYTES:
	case TP_ACL_PATH:
		return a->max_data || r->slot[pos] != TP_READ;
	default:
		return true;
	}
}

/*
 * Each arg the record reads, read once before its two passes, not once in
 * each: an integer into its aN, as a filter would, anything else (and a
 * narrow integer a buffer's size is, whose aN is cast) as its raw u64 into
 * pN. A register or a syscall's arg read by a helper (the kprobe variant's
 * BPF_CORE_READ of pt_regs, bpf_get_current_task) is then called once, and
 * not at all for a string a filter may have read into its slot when it did.
 */
static void read_once(struct tp_emitter *e, const struct tp_lhook *lh, struct tp_reads *r)
{
	const struct tp_hook *h = lh->hook;
	size_t pos;
	char raw[TP_NAME_MAX];
	bool said = false;

	for (pos = 0; pos < h->nargs; pos++) {
		bool gated = tp_emit__raw_gated(lh, r, pos); /* from_slot's fallback alone */

		if (!reads_raw(lh, r, pos))
			continue;
		if (!said)
			tp_emitter__line(
			    e, "/* the args the record takes, read once for its two passes */");
		said = true;
		if (tp_arg_type__class(h->args[pos].type) == TP_ACL_INT &&
		    !tp_emit__raw_size(lh, pos)) {
			tp_emit__read_val(e, lh, pos);
			r->val[pos] = TP_READ;
			continue;
		}
		tp_emit__arg_raw(raw, sizeof(raw), lh, pos);
		if (gated) {
			tp_emitter__line(e, "if (n%d == TP_SLOT_UNREAD)", h->args[pos].index);
			e->indent++;
		}
		tp_emitter__line(e, "p%d = (__u64)%s;", h->args[pos].index, raw);
		if (gated)
			e->indent--;
		r->raw[pos] = TP_READ;
	}
}

/* One pass over the record's appends: mode is TP_SIZE or TP_WRITE. */
static void record_pass(struct tp_emitter *e, const struct tp_lhook *lh, struct tp_reads *reads,
			const char *mode, const char *action, const char *sel, const char *flags)
{
	const struct tp_hook *h = lh->hook;
	struct tp_terms t = { 0 };
	size_t pos;

	tp_terms__add(&t, "%s", mode);
	tp_terms__add(&t, "&r");
	tp_terms__add(&t, "%d", lh->id);
	tp_terms__add(&t, "%s", action);
	tp_terms__add(&t, "%s", sel);
	tp_terms__add(&t, "%s", flags);
	out_call(e, "tp_out_hook_begin", &t);
	tp_terms__free(&t);
	if (h->nfuncs)
		tp_emitter__line(e, "tp_out_hook_func(%s, &r, bpf_get_attach_cookie(ctx));", mode);
	for (pos = 0; pos < h->nargs; pos++) {
		if (!h->args[pos].res) {
			capture_arg(e, lh, reads, pos, mode);
			continue;
		}
		/* Tetragon's arg status first; the value only when the path was read */
		tp_emitter__line(e, "off = tp_out_status(%s, &r, off, s%d);", mode,
				 h->args[pos].index);
		tp_emitter__line(e, "if (!s%d) {", h->args[pos].index);
		e->indent++;
		capture_arg(e, lh, reads, pos, mode);
		e->indent--;
		tp_emitter__line(e, "}");
	}
}

void tp_emit__capture(struct tp_emitter *e, const struct tp_lhook *lh, struct tp_reads *reads,
		      const char *action, const char *sel, const char *audit, const char *stack)
{
	const struct tp_hook *h = lh->hook;
	char flags[64];

	/* a buffer's 8-byte size arg is among them: its aN serves both */
	read_once(e, lh, reads);
	if (tp_hook__has_exit(h))
		snprintf(flags, sizeof(flags), "TP_HOOKEV_RETURN_PENDING%s%s", audit ? " | " : "",
			 audit ? audit : "");
	else
		snprintf(flags, sizeof(flags), "%s", audit ? audit : "0");
	tp_emitter__line(
	    e, "/* the record: its size, then its bytes in a ring reservation of that size */");
	tp_emitter__line(e, "tp_rec_start(&r);");
	record_pass(e, lh, reads, "TP_SIZE", action, sel, flags);
	if (stack)
		tp_emitter__line(e, "off = tp_out_stacks(TP_SIZE, ctx, &r, off, %s);", stack);
	if (tp_emit__holds(lh, sel))
		tp_emitter__line(e, "tp_rec_scratch(h, &r, off);");
	else
		tp_emitter__line(e, "tp_rec_reserve(&r, off, %s, true);", audit ? audit : "0");
	record_pass(e, lh, reads, "TP_WRITE", action, sel, flags);
	tp_emit__send(e, lh, sel, stack);
}
