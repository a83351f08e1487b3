// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A hook's entry body. It narrows the candidate selectors phase by phase,
 * cheapest first: pids, namespaces and capabilities, integer args (a load
 * from the record or the registers), the process table (binaries,
 * followForks), network args, then
 * strings, each read once into a slot and only if a candidate still needs it.
 * The first surviving selector acts, unless the event is tprun's own; the
 * record is built only then. A hook with one selector returns at its first
 * failed filter instead.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parts.h"

/* The entry body being written. */
struct body {
	const struct tp_lhook *lh;
	struct tp_emitter *e;
	size_t nsels;	/* reachable selectors: up to the first that has no filter */
	bool single;	/* one selector: a failed filter returns */
	bool *filtered; /* per selector: a filter ran, it may have been dropped */
	struct tp_reads reads;
	bool cand, proc, nstgid, rv, any_post;
	bool tgid;	 /* a filter takes the current tgid: the local tgid */
	bool ima;	 /* a chain of selectors some of whose Posts have imaHash: the local ima */
	bool audit;	 /* a reachable selector that posts enforces (TP_HOOKEV_AUDIT) */
	bool audit_used; /* a chain's record takes its flag from the local audit */
	bool left;	 /* self_check returned where no selector is left */
};

/* --- entry: filters ---------------------------------------------------------- */

/* Selector s is dropped unless cond holds (negated: unless it does not). */
static void apply(struct body *b, size_t s, const char *cond, bool negated)
{
	struct tp_emitter *e = b->e;

	if (b->single) {
		tp_emitter__line(e, "if (%s%s)", negated ? "" : "!", cond);
		tp_emitter__line(e, "\treturn 0;");
		return;
	}
	if (b->filtered[s])
		tp_emitter__line(e, "if (tp_cand_has(cand, %zu) && %s%s)", s, negated ? "" : "!",
				 cond);
	else
		tp_emitter__line(e, "if (%s%s)", negated ? "" : "!", cond);
	tp_emitter__line(e, "\ttp_cand_drop(cand, %zu);", s);
	b->filtered[s] = true;
	b->cand = true;
}

/*
 * The candidate words, one at a time from *s on: the word and the bits in it of
 * the selectors in need (every reachable selector where need is NULL). A word
 * with none of them is skipped. False after the last.
 */
static bool cand_word(const struct body *b, const bool *need, size_t *s, size_t *word,
		      uint64_t *mask)
{
	*mask = 0;
	while (*s < b->nsels) {
		size_t i = (*s)++;

		if (!need || need[i])
			*mask |= (uint64_t)1 << (i % 64);
		if ((i % 64 == 63 || i + 1 == b->nsels) && *mask) {
			*word = i / 64;
			return true;
		}
	}
	return false;
}

/*
 * Open a phase that reads something for the selectors in need: guarded by
 * "is any of them still a candidate" unless one of them certainly is.
 * Returns whether it opened a block (close it with close_phase).
 */
static bool open_phase(struct body *b, const bool *need)
{
	struct tp_terms t = { 0 };
	size_t s, w;
	uint64_t mask;

	for (s = 0; s < b->nsels; s++)
		if (need[s] && (!b->filtered[s] || b->single))
			return false;
	s = 0;
	while (cand_word(b, need, &s, &w, &mask))
		tp_terms__add(&t, "tp_cand_any(cand, %zu, 0x%" PRIx64 ")", w, mask);
	tp_emitter__join(b->e, "if (", &t, "||", ") {");
	tp_terms__free(&t);
	b->e->indent++;
	return true;
}

static void close_phase(struct body *b, bool opened)
{
	if (!opened)
		return;
	b->e->indent--;
	tp_emitter__line(b->e, "}");
}

/* matchPIDs without followForks: the current pid against constants, no lookup. */
static void pid_phase(struct body *b)
{
	const struct tp_lhook *lh = b->lh;
	char name[TP_NAME_MAX], cond[2 * TP_NAME_MAX];
	size_t s, i;

	for (s = 0; s < b->nsels; s++)
		for (i = 0; i < lh->sels[s].npids; i++) {
			const struct tp_lpid *p = &lh->sels[s].pids[i];

			if (p->follow)
				continue;
			snprintf(cond, sizeof(cond), "%s(%s)",
				 tp_emit__filter_name(name, sizeof(name), lh, s, "pids", p->index),
				 p->ns ? "nstgid" : "tgid");
			b->nstgid |= p->ns;
			b->tgid |= !p->ns;
			apply(b, s, cond, false);
		}
}

/* matchNamespaces and matchCapabilities: the current task's, read in the filter. */
static void nscaps_phase(struct body *b)
{
	const struct tp_lhook *lh = b->lh;
	char name[TP_NAME_MAX], cond[TP_NAME_MAX + 2];
	size_t s, i;

	for (s = 0; s < b->nsels; s++) {
		for (i = 0; i < lh->sels[s].nns; i++) {
			snprintf(cond, sizeof(cond), "%s()",
				 tp_emit__filter_name(name, sizeof(name), lh, s, "ns", (int)i));
			apply(b, s, cond, false);
		}
		for (i = 0; i < lh->sels[s].ncaps; i++) {
			snprintf(cond, sizeof(cond), "%s()",
				 tp_emit__filter_name(name, sizeof(name), lh, s, "caps", (int)i));
			apply(b, s, cond, false);
		}
	}
}

/* matchNamespaceChanges, matchCapabilityChanges: against the process table's record. */
static void changes_filters(struct body *b, size_t s)
{
	const struct tp_lselector *ls = &b->lh->sels[s];
	char name[TP_NAME_MAX], cond[TP_NAME_MAX + 8];
	size_t i;

	for (i = 0; i < ls->nns_changes; i++) {
		snprintf(cond, sizeof(cond), "%s(proc)",
			 tp_emit__filter_name(name, sizeof(name), b->lh, s, "nschg", (int)i));
		apply(b, s, cond, false);
	}
	for (i = 0; i < ls->ncap_changes; i++) {
		snprintf(cond, sizeof(cond), "%s(proc)",
			 tp_emit__filter_name(name, sizeof(name), b->lh, s, "capchg", (int)i));
		apply(b, s, cond, false);
	}
}

/* matchBinaries, matchParentBinaries and followForks matchPIDs: bits of one table lookup. */
static void process_phase(struct body *b)
{
	const struct tp_lhook *lh = b->lh;
	bool need[b->nsels ? b->nsels : 1], any = false, opened;
	char cond[TP_NAME_MAX];
	size_t s, i;

	for (s = 0; s < b->nsels; s++) {
		need[s] =
		    lh->sels[s].nbins > 0 || lh->sels[s].nns_changes || lh->sels[s].ncap_changes;
		for (i = 0; i < lh->sels[s].npids; i++)
			need[s] |= lh->sels[s].pids[i].follow;
		any |= need[s];
	}
	if (!any)
		return;
	b->proc = true;
	b->tgid = true;
	opened = open_phase(b, need);
	tp_emitter__line(b->e, "proc = bpf_map_lookup_elem(&tp_procs, &tgid);");
	for (s = 0; s < b->nsels; s++) {
		const struct tp_lselector *ls = &lh->sels[s];

		for (i = 0; i < ls->npids; i++) {
			if (!ls->pids[i].follow)
				continue;
			snprintf(cond, sizeof(cond), "tp_proc_pid(proc, %d)", ls->pids[i].bit);
			apply(b, s, cond, ls->pids[i].negate);
		}
		changes_filters(b, s);
		for (i = 0; i < ls->nbins; i++) {
			const struct tp_lbinref *r = &ls->bins[i];

			/* the helper negates: an unknown binary passes no filter, Not or not */
			snprintf(cond, sizeof(cond), "%s(proc, %d, %s)",
				 r->parent ? "tp_proc_pbin" : "tp_proc_bin", r->bit,
				 r->negate ? "true" : "false");
			apply(b, s, cond, false);
		}
	}
	close_phase(b, opened);
}

/*
 * The filters on one arg of a selector's matchArgs, in one of the lists
 * lowering sorted them into: integers (and capabilities, compared as
 * integers), network args (read into a tuple), strings, buffers and paths
 * (read into a slot).
 */
enum arg_list { INTS, NETS, STRS };

static size_t list_len(const struct tp_lselector *ls, enum arg_list l)
{
	return l == INTS ? ls->nints : l == NETS ? ls->nnets : ls->nstrs;
}

/* The arg position and matchArgs index of filter i of a list. */
static int list_filter(const struct tp_lselector *ls, enum arg_list l, size_t i, int *index)
{
	if (l == NETS) {
		*index = ls->nets[i].index;
		return ls->nets[i].arg_pos;
	}
	*index = (l == INTS ? ls->ints : ls->strs)[i].index;
	return (l == INTS ? ls->ints : ls->strs)[i].arg_pos;
}

/* nI = the read of arg pos into its slot: a string, a buffer's first bytes, or a path. */
static void slot_read(struct body *b, size_t pos)
{
	const struct tp_lhook *lh = b->lh;
	const struct tp_arg *a = &lh->hook->args[pos];
	const struct tp_arg_type_info *ti = tp_arg_type__info(a->type);
	struct tp_terms t = { 0 };
	char raw[TP_NAME_MAX], size[TP_NAME_MAX], head[64];

	tp_emit__arg(raw, sizeof(raw), lh, pos);
	tp_terms__add(&t, "h->slot[%d]", lh->slot[pos]);
	if (ti->cls == TP_ACL_PATH) {
		tp_terms__add(&t, "%s", raw); /* a kernel object, resolved to its path or name */
		if (ti->flags & TP_ARGF_MEM)
			tp_terms__add(&t, "%s", tp_emit__arg_mem(lh, pos));
	} else {
		tp_terms__add(&t, "(const void *)%s", raw);
		if (ti->flags & (TP_ARGF_SIZE_ARG | TP_ARGF_SIZE_FIXED))
			tp_terms__add(&t, "%s",
				      tp_emit__buf_size(size, sizeof(size), lh, &b->reads, pos));
		tp_terms__add(&t, "%s", tp_emit__arg_mem(lh, pos));
	}
	if (lh->shared && lh->shared[pos] >= 0) {
		/* read once for every hook of the program: the first that needs it reads */
		tp_emitter__line(b->e, "if (h->shared[%d] == TP_SLOT_UNREAD)", lh->shared[pos]);
		b->e->indent++;
		snprintf(head, sizeof(head), "h->shared[%d] = tp_slot_%s(", lh->shared[pos],
			 ti->reader);
		tp_emitter__call(b->e, head, &t, ");");
		b->e->indent--;
		tp_emitter__line(b->e, "n%d = h->shared[%d];", a->index, lh->shared[pos]);
	} else {
		snprintf(head, sizeof(head), "n%d = tp_slot_%s(", a->index, ti->reader);
		tp_emitter__call(b->e, head, &t, ");");
	}
	tp_terms__free(&t);
}

/* Read arg pos into what list l's filters take: aI, tI or nI (I its index). */
static void read_arg(struct body *b, enum arg_list l, size_t pos, bool opened)
{
	const struct tp_arg *a = &b->lh->hook->args[pos];
	const struct tp_arg_type_info *ti = tp_arg_type__info(a->type);
	char raw[TP_NAME_MAX];

	if (l == STRS) {
		slot_read(b, pos);
		b->reads.slot[pos] = opened ? TP_MAYBE_READ : TP_READ;
		return;
	}
	if (l == NETS) {
		tp_emit__arg(raw, sizeof(raw), b->lh, pos);
		tp_emitter__line(b->e, "tp_net_tuple_%s(&t%d, %s);", ti->reader, a->index, raw);
		b->reads.tuple[pos] = opened ? TP_MAYBE_READ : TP_READ;
	} else {
		tp_emit__read_val(b->e, b->lh, pos);
		b->reads.val[pos] = opened ? TP_MAYBE_READ : TP_READ;
	}
}

/* CapabilitiesGained reads a second arg: read it too, unless it is read already. */
static void read_second(struct body *b, enum arg_list l, size_t s, size_t i, bool opened)
{
	const struct tp_lfilter *f = l == INTS ? &b->lh->sels[s].ints[i] : NULL;

	if (f && f->base == TP_BASE_CAPGAIN && b->reads.val[f->arg2_pos] != TP_READ)
		read_arg(b, INTS, (size_t)f->arg2_pos, opened);
}

/* The call of filter i of list l of selector s, on arg pos as read_arg left it. */
static void filter_call(char *buf, size_t len, const struct body *b, enum arg_list l, size_t s,
			size_t i, size_t pos)
{
	const struct tp_lhook *lh = b->lh;
	const struct tp_arg *args = lh->hook->args;
	int arg = args[pos].index, index;
	char name[TP_NAME_MAX];

	const char *open = "", *close = "";
	char unread[64] = "";
	const struct tp_lfilter *f2 = l == INTS ? &lh->sels[s].ints[i] : NULL;
	int pos2 = f2 && f2->base == TP_BASE_CAPGAIN ? f2->arg2_pos : -1;

	list_filter(&lh->sels[s], l, i, &index);
	tp_emit__filter_name(name, sizeof(name), lh, s, "match", index);
	if (args[pos].res) { /* a path that faulted: no filter passes */
		snprintf(unread, sizeof(unread), "!s%d && ", arg);
		open = "(";
		close = ")";
	}
	if (pos2 >= 0 && args[pos2].res) { /* CapabilitiesGained: either path faulted */
		snprintf(unread + strlen(unread), sizeof(unread) - strlen(unread), "!s%d && ",
			 args[pos2].index);
		open = "(";
		close = ")";
	}
	/* the selectors after this one test the arg too: the test's is a fresh copy */
	if (pos2 >= 0 && !b->single)
		snprintf(buf, len, "%s%s%s(tp_fresh(h, a%d), tp_fresh(h, a%d))%s", open, unread,
			 name, arg, args[pos2].index, close);
	else if (pos2 >= 0)
		snprintf(buf, len, "%s%s%s(a%d, a%d)%s", open, unread, name, arg, args[pos2].index,
			 close);
	else if (l == INTS && !b->single)
		snprintf(buf, len, "%s%s%s(tp_fresh(h, a%d))%s", open, unread, name, arg, close);
	else if (l == INTS)
		snprintf(buf, len, "%s%s%s(a%d)%s", open, unread, name, arg, close);
	else if (l == NETS)
		snprintf(buf, len, "%s%s%s(&t%d)%s", open, unread, name, arg, close);
	else
		snprintf(buf, len, "%s%s%s(h->slot[%d], n%d%s)%s", open, unread, name,
			 lh->slot[pos], arg,
			 tp_emit__filter_needs_key(&lh->sels[s].strs[i]) ? ", h->key" : "", close);
}

/* Every arg list l has filters on: read once, then each filter, selector by selector. */
static void arg_phase(struct body *b, enum arg_list l)
{
	const struct tp_lhook *lh = b->lh;
	bool need[b->nsels ? b->nsels : 1], any, opened;
	char cond[2 * TP_NAME_MAX];
	size_t pos, s, i;
	int index;

	for (pos = 0; pos < lh->hook->nargs; pos++) {
		any = false;
		for (s = 0; s < b->nsels; s++) {
			need[s] = false;
			for (i = 0; i < list_len(&lh->sels[s], l); i++)
				need[s] |= list_filter(&lh->sels[s], l, i, &index) == (int)pos;
			any |= need[s];
		}
		if (!any)
			continue;
		opened = open_phase(b, need);
		read_arg(b, l, pos, opened);
		for (s = 0; s < b->nsels; s++)
			for (i = 0; i < list_len(&lh->sels[s], l); i++) {
				if (list_filter(&lh->sels[s], l, i, &index) != (int)pos)
					continue;
				read_second(b, l, s, i, opened);
				filter_call(cond, sizeof(cond), b, l, s, i, pos);
				apply(b, s, cond, false);
			}
		close_phase(b, opened);
	}
}

/* --- entry: the matching selector -------------------------------------------- */

/*
 * The record flag of selector ls: an action of it enforces (its records take
 * tp_audit). A NoPost selector's return half prints nothing: it stays on
 * tp_events, where a refusal counts no event lost.
 */
static const char *audit_flag(const struct tp_lselector *ls, bool post)
{
	return ls && ls->audit && post ? "TP_HOOKEV_AUDIT" : "0";
}

/* What selector s does once chosen: actions, the pending return half, NoPost. */
static void branch(struct body *b, size_t s, bool chain)
{
	const struct tp_lhook *lh = b->lh;
	const struct tp_lselector *ls = lh->nsels ? &lh->sels[s] : NULL;
	bool post = ls ? ls->post : true;
	int copy = tp_hook__return_copy_pos(lh->hook);
	char act[64], raw[TP_NAME_MAX];

	if (chain) {
		tp_emitter__line(b->e, "sel = %zu;", s);
		tp_emitter__line(
		    b->e, "action = %s;",
		    tp_emit__action_name(act, sizeof(act), ls ? ls->event_action : TP_ACT_POST));
	}
	if (chain && ls && ls->stack && post)
		tp_emitter__line(b->e, "stack = %s;",
				 tp_emit__stack_flags(act, sizeof(act), ls->stack));
	if (chain && ls && ls->audit && post && b->audit)
		tp_emitter__line(b->e, "audit = TP_HOOKEV_AUDIT;");
	if (chain && ls && ls->ima) {
		tp_emitter__line(b->e, "ima = true;");
		b->ima = true;
	}
	if (ls)
		tp_emit__changes_record(b->e, ls);
	if (ls)
		tp_emit__actions(b->e, lh, s, &b->reads, ls->actions, ls->nactions);
	if (copy >= 0) {
		tp_emit__arg(raw, sizeof(raw), lh, copy);
		tp_emitter__line(b->e, "tp_pending_put_buf(%d, %zu, %s, %s, %s);", lh->id, s,
				 post ? "true" : "false", audit_flag(ls, post), raw);
	} else if (lh->hook->ret) {
		tp_emitter__line(b->e, "tp_pending_put(%d, %zu, %s, %s);", lh->id, s,
				 post ? "true" : "false", audit_flag(ls, post));
	}
	if (!post && ls)
		tp_emit__set_actions(b->e, lh, s, ls->actions, ls->nactions);
	if (!post && ls)
		tp_emit__count_action(b->e, lh, s, TP_ACTSTAT_NOPOST);
	if (!post)
		tp_emitter__line(b->e, "return %s;", b->rv ? "rv" : "0");
	b->any_post |= post;
}

/*
 * Has ls a Set? Counted whether it writes or not (policy-mode: monitor
 * writes none and counts monitor_set, as Tetragon's do_action counts
 * POLICY_MONITOR_SET: bpf/process/generic_calls.h).
 */
static bool has_set(const struct tp_lselector *ls)
{
	size_t i;

	for (i = 0; i < ls->nactions; i++)
		if (tp_emit__is_set(&ls->actions[i]))
			return true;
	return false;
}

/* The Sets of the selectors that post, once the record is captured. */
static void deferred_sets(struct body *b, bool chain)
{
	const struct tp_lhook *lh = b->lh;
	size_t s;

	for (s = 0; s < lh->nsels; s++) {
		const struct tp_lselector *ls = &lh->sels[s];

		if (!ls->post || !has_set(ls))
			continue;
		if (chain) /* braced: a Set is counted, then written */
			tp_emitter__line(b->e, "if (sel == %zu) {", s);
		b->e->indent += chain;
		tp_emit__set_actions(b->e, lh, s, ls->actions, ls->nactions);
		b->e->indent -= chain;
		if (chain)
			tp_emitter__line(b->e, "}");
	}
}

/*
 * tprun's own events act on nothing: it would feed on itself (tp_self_tgid).
 * Where no filter took the tgid, the check waits for a selector to survive the
 * filters, so an event that matches none makes no call for it; tprun's own
 * events run the filters, which only read. Where a filter took the tgid
 * (matchPIDs, the process table), tp_emit__entry checks it first. Fused
 * hooks check each for itself, as the others do: their program asks for no
 * tgid (tp_emit__group).
 */
static void self_check(struct body *b)
{
	struct tp_terms t = { 0 };
	size_t s, w;
	uint64_t mask;

	if (b->tgid)
		return;
	for (s = 0; s < b->nsels; s++)
		if (!b->filtered[s]) /* it acts when no selector before it does */
			break;
	if (b->cand && b->nsels && s == b->nsels) {
		s = 0;
		while (cand_word(b, NULL, &s, &w, &mask))
			tp_terms__add(&t, "!tp_cand_any(cand, %zu, 0x%" PRIx64 ")", w, mask);
		tp_emitter__join(b->e, "if (", &t, "&&", ")");
		tp_emitter__line(b->e, "\treturn 0;	/* no selector is left */");
		b->left = true;
	}
	tp_emitter__line(b->e, "if (tp_current_tgid() == tp_self_tgid)");
	tp_emitter__line(b->e, "\treturn 0;	/* tprun's own event */");
	tp_emitter__blank(b->e);
	tp_terms__free(&t);
}

/* The first surviving selector acts: an if/else chain, or the one branch there is. */
static bool choose(struct body *b)
{
	size_t s, n = b->nsels ? b->nsels : 1;
	bool chain = n > 1 || (b->nsels && b->filtered[0] && !b->single);

	if (!chain) {
		branch(b, 0, false);
		return false;
	}
	for (s = 0; s < n; s++) {
		/* the last of those self_check found one left of is the one */
		bool sure = !b->filtered[s] || (b->left && s && s + 1 == n);

		if (sure) {
			tp_emitter__line(b->e, "} else {");
		} else {
			tp_emitter__line(b->e, "%sif (tp_cand_has(cand, %zu)) {",
					 s ? "} else " : "", s);
		}
		b->e->indent++;
		branch(b, s, true);
		b->e->indent--;
		if (sure) {
			tp_emitter__line(b->e, "}");
			return true;
		}
	}
	tp_emitter__line(b->e, "} else {");
	tp_emitter__line(b->e, "\treturn 0;");
	tp_emitter__line(b->e, "}");
	return true;
}

/*
 * After a chain of selectors, what the chosen one set passes through tp_fresh:
 * the verifier then walks the record's code once, not once for each selector
 * with its own constants (a hundred selectors took 6.1's verifier past its
 * million instructions).
 */
static void launder_choice(struct body *b)
{
	tp_emitter__line(b->e, "/* one record path whichever selector chose it */");
	tp_emitter__line(b->e, "sel = tp_fresh(h, sel);");
	tp_emitter__line(b->e, "action = tp_fresh(h, action);");
	if (b->audit)
		tp_emitter__line(b->e, "audit = tp_fresh(h, audit);");
	if (b->lh->stack)
		tp_emitter__line(b->e, "stack = tp_fresh(h, stack);");
	if (b->ima)
		tp_emitter__line(b->e, "ima = tp_fresh(h, ima);");
	if (b->rv)
		tp_emitter__line(b->e, "rv = tp_fresh(h, rv);");
}

/* The body's statements, after which its locals are known. */
static void entry_statements(struct body *b)
{
	const struct tp_lhook *lh = b->lh;
	const struct tp_lselector *ls = lh->nsels ? &lh->sels[0] : NULL;
	char act[64], stack[64];
	bool chain;

	pid_phase(b);
	nscaps_phase(b);
	tp_emit__resolve_reads(b->e, lh);
	arg_phase(b, INTS);
	process_phase(b);
	arg_phase(b, NETS);
	arg_phase(b, STRS);
	if (b->cand || (b->single && b->lh->nsels && tp_emit__has_filters(&b->lh->sels[0])))
		tp_emitter__blank(b->e);
	self_check(b);
	chain = choose(b);
	if (chain && b->any_post) {
		tp_emitter__blank(b->e);
		b->audit_used = b->audit;
		launder_choice(b);
		tp_emit__capture(b->e, lh, &b->reads, "action", "sel", b->audit ? "audit" : NULL,
				 lh->stack ? "stack" : NULL);
	} else if (b->any_post) {
		tp_emit__action_name(act, sizeof(act), ls ? ls->event_action : TP_ACT_POST);
		tp_emit__capture(
		    b->e, lh, &b->reads, act, "0", ls && ls->audit ? "TP_HOOKEV_AUDIT" : NULL,
		    ls && ls->stack ? tp_emit__stack_flags(stack, sizeof(stack), ls->stack) : NULL);
	}
	if (b->any_post)
		deferred_sets(b, chain);
	if (b->any_post)
		tp_emitter__line(b->e, "return %s;", b->rv ? "rv" : "0");
}

/* Does a reachable selector override the return value (not only report it)? */
static bool overrides(const struct tp_lhook *lh, size_t nsels)
{
	const struct tp_laction *a;
	size_t s, i;

	for (s = 0; s < nsels; s++)
		for (i = 0; i < lh->sels[s].nactions; i++) {
			a = &lh->sels[s].actions[i];
			if (a->kind == TP_ACT_OVERRIDE && !a->report_only)
				return true;
		}
	return false;
}

static void entry_locals(struct tp_emitter *e, const struct body *b)
{
	const struct tp_hook *h = b->lh->hook;
	size_t pos;

	if (!b->lh->fused) /* fused: the program's (tp_emit__group) */
		tp_emitter__line(e, "struct tp_heap *h = tp_heap_get();");
	if (b->tgid)
		tp_emitter__line(e, "__u32 tgid = tp_current_tgid();");
	if (b->nstgid)
		tp_emitter__line(e, "__u32 nstgid = tp_current_ns_tgid();");
	if (b->cand)
		tp_emitter__line(e, "volatile __u64 *cand;");
	if (b->proc)
		tp_emitter__line(e, "struct tp_proc *proc;");
	if (b->cand && b->any_post)
		tp_emitter__line(e, "__u32 sel, action, off;");
	else if (b->cand)
		tp_emitter__line(e, "__u32 sel, action;");
	else if (b->any_post)
		tp_emitter__line(e, "__u32 off;");
	if (b->any_post)
		tp_emitter__line(
		    e, "struct tp_rec r;	/* the record: sized, reserved, written */");
	if (b->cand && b->any_post && b->lh->stack)
		tp_emitter__line(e, "__u32 stack = 0;	/* the chosen selector's stack traces */");
	if (b->ima)
		tp_emitter__line(e, "bool ima = false;	/* the chosen selector's Post hashes */");
	if (b->audit_used)
		tp_emitter__line(e, "__u32 audit = 0;	/* the chosen selector enforces */");
	if (b->rv)
		tp_emitter__line(e, "long rv = 0;	/* the return value an Override sets */");
	tp_emit__resolve_locals(e, b->lh);
	for (pos = 0; pos < h->nargs; pos++) {
		int idx = h->args[pos].index;

		if (b->reads.val[pos])
			tp_emitter__line(e, "%s a%d;", tp_emit__cmp_ctype(h->args[pos].type), idx);
		if (b->reads.tuple[pos])
			tp_emitter__line(e, "struct tp_net_tuple t%d;", idx);
		if (b->reads.raw[pos] && tp_emit__raw_gated(b->lh, &b->reads, pos))
			tp_emitter__line(e, "__u64 p%d = 0;	/* read where n%d is unread */",
					 idx, idx);
		else if (b->reads.raw[pos])
			tp_emitter__line(e, "__u64 p%d;", idx);
		if (b->reads.slot[pos] == TP_MAYBE_READ)
			tp_emitter__line(e, "long n%d = TP_SLOT_UNREAD;", idx);
		else if (b->reads.slot[pos])
			tp_emitter__line(e, "long n%d;", idx);
	}
}

/* Every reachable selector starts as a candidate. */
static void entry_candidates(struct tp_emitter *e, const struct body *b)
{
	size_t s = 0, w;
	uint64_t mask;

	tp_emitter__line(e, "cand = h->cand;");
	while (cand_word(b, NULL, &s, &w, &mask))
		tp_emitter__line(e, "cand[%zu] = 0x%" PRIx64 "ULL;", w, mask);
}

int tp_emit__entry(struct tp_emitter *e, const struct tp_lhook *lh, size_t nsels)
{
	struct tp_emitter be;
	struct body b = { .lh = lh, .e = &be, .nsels = nsels, .single = nsels <= 1 };
	size_t nargs = lh->hook->nargs ? lh->hook->nargs : 1;
	size_t s;
	char *text = NULL;
	size_t len = 0;
	unsigned int locals;
	FILE *f;
	int err = -ENOMEM;

	b.filtered = calloc(nsels ? nsels : 1, sizeof(*b.filtered));
	b.reads.val = calloc(nargs, sizeof(*b.reads.val));
	b.reads.slot = calloc(nargs, sizeof(*b.reads.slot));
	b.reads.tuple = calloc(nargs, sizeof(*b.reads.tuple));
	b.reads.raw = calloc(nargs, sizeof(*b.reads.raw));
	f = open_memstream(&text, &len);
	if (!b.filtered || !b.reads.val || !b.reads.slot || !b.reads.tuple || !b.reads.raw || !f)
		goto out;
	/* imaHash: the hash program returns the Override's value, given it through rv */
	b.rv = overrides(lh, nsels) || lh->ima;
	for (s = 0; s < nsels; s++)
		b.audit |= lh->sels[s].audit && lh->sels[s].post;
	tp_emitter__init(&be, f, e->name);
	be.indent = 1;
	entry_statements(&b);
	err = tp_emitter__finish(&be);
	fclose(f);
	f = NULL;
	if (err)
		goto out;

	if (lh->fused) { /* the program's heap and reads (tp_emit__group) */
		tp_emitter__line(e,
				 "static __always_inline long tp_h%d_enter(struct tp_heap *h, "
				 "int variant, void *ctx,",
				 lh->id);
		tp_emitter__line(e, "\t\t\t\t\tconst struct pt_regs *regs)");
	} else {
		tp_emitter__line(e,
				 "%s long tp_h%d_enter(int variant, void *ctx, "
				 "const struct pt_regs *regs)",
				 tp_emit__enter_decl(lh), lh->id);
	}
	tp_emitter__line(e, "{");
	e->indent++;
	locals = e->line;
	entry_locals(e, &b);
	if (!lh->fused || b.tgid) { /* fused: the program has the heap */
		tp_emitter__blank(e);
		tp_emitter__line(e, !b.tgid	? "if (!h)"
				    : lh->fused ? "if (tgid == tp_self_tgid)"
						: "if (tgid == tp_self_tgid || !h)");
		tp_emitter__line(e, "\treturn 0;");
	} else if (b.cand) {
		tp_emitter__blank(e);
	}
	if (b.cand)
		entry_candidates(e, &b);
	e->indent--;
	if (e->line != locals) /* a blank line after the locals, if any */
		tp_emitter__blank(e);
	tp_emitter__text(e, text, len);
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
out:
	if (f)
		fclose(f);
	free(text);
	free(b.filtered);
	free(b.reads.val);
	free(b.reads.slot);
	free(b.reads.tuple);
	free(b.reads.raw);
	return err;
}
