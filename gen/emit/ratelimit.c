// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Post's rateLimit: once the record is written, a rate-limited Post of the
 * chosen selector may hold it back (tp_ratelimit.bpf.h keys the record's
 * first args as Tetragon's rate_limit() does). Only the event is held back:
 * the selector's other actions have run, as in Tetragon.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <tp/ratelimit.h>

#include "parts.h"

static const char *scope_name(int scope)
{
	static const char *const names[TP_RL__MAX] = {
/* clang-format off */
#define TP_RL_SCOPE_ID(id, name) [TP_RL_##id] = "TP_RL_" #id,
		TP_RL_SCOPES(TP_RL_SCOPE_ID)
#undef TP_RL_SCOPE_ID
		/* clang-format on */
	};

	return scope >= 0 && scope < TP_RL__MAX ? names[scope] : "TP_RL_THREAD";
}

/* Is a's Post rate limited where it counts: in a selector that posts? */
static bool limits(const struct tp_lselector *ls, const struct tp_laction *a)
{
	return ls->post && a->kind == TP_ACT_POST && a->rate_limit_ms;
}

/* tp_rate_limited(h, &r, prior, scope, window, u64 args, nargs): the args the key reads. */
static void call(char *buf, size_t len, const struct tp_lhook *lh, const struct tp_laction *a)
{
	const struct tp_hook *h = lh->hook;
	char prior[64];
	unsigned int u64s = 0;
	size_t pos;

	for (pos = 0; pos < h->nargs && pos < TP_RL_ARGS; pos++)
		if (tp_arg_type__info(h->args[pos].type)->capture == TP_CAPT_U64)
			u64s |= 1u << pos;
	snprintf(buf, len, "tp_rate_limited(h, &r, %s, %s, %" PRIu64 "ULL, 0x%x, %zu)",
		 tp_emit__action_name(prior, sizeof(prior), a->rate_limit_prior),
		 scope_name(a->rate_limit_scope), (uint64_t)a->rate_limit_ms * 1000000, u64s,
		 h->nargs < TP_RL_ARGS ? h->nargs : TP_RL_ARGS);
}

/* The selectors the record can be of: a chain's reachable ones, else selector 0 */
static size_t record_sels(const struct tp_lhook *lh, const char *sel)
{
	return !strcmp(sel, "sel") ? tp_emit__reachable(lh) : lh->nsels ? 1 : 0;
}

bool tp_emit__holds(const struct tp_lhook *lh, const char *sel)
{
	size_t s, i, nsels = record_sels(lh, sel);

	for (s = 0; s < nsels; s++) {
		if (lh->sels[s].ima)
			return true;
		for (i = 0; i < lh->sels[s].nactions; i++)
			if (limits(&lh->sels[s], &lh->sels[s].actions[i]))
				return true;
	}
	return false;
}

/*
 * The send itself: the record out now, or, where the chosen selector's Post
 * has imaHash, held for the hash program (tp_ima.bpf.h), which returns the
 * Override's value instead of this program. A record that may be held is in
 * tp_heap.rec (tp_out_send), any other in its ring reservation (tp_out_finish).
 */
static void send_call(char *buf, size_t len, const struct tp_lhook *lh, bool chain, size_t nsels,
		      bool held)
{
	bool ima = false;
	size_t s;

	for (s = 0; s < nsels; s++)
		ima |= lh->sels[s].ima;
	if (!held)
		snprintf(buf, len, "tp_out_finish(&r, TP_EV_HOOK, off);");
	else if (!ima)
		snprintf(buf, len, "tp_out_send(h, &r, TP_EV_HOOK, off);");
	else
		snprintf(buf, len, "rv = tp_ima_finish(h, &r, off, %s, rv);",
			 chain ? "ima" : "true");
}

/* After a record in tp_heap.rec, sent or held back: tp_rec_scratch_end. */
static void scratch_end(struct tp_emitter *e, const struct tp_lhook *lh, const char *sel)
{
	if (tp_emit__holds(lh, sel))
		tp_emitter__line(e, "tp_rec_scratch_end(&r);");
}

/* The record's stack traces (stack: "TP_HOOKEV_..." or NULL), then the send. */
static void finish(struct tp_emitter *e, const char *stack, const char *tab, const char *send)
{
	if (stack)
		tp_emitter__line(e, "%soff = tp_out_stacks(TP_WRITE, ctx, &r, off, %s);", tab,
				 stack);
	tp_emitter__line(e, "%s%s", tab, send);
}

void tp_emit__send(struct tp_emitter *e, const struct tp_lhook *lh, const char *sel,
		   const char *stack)
{
	/* sel is "sel" after a chain of selectors, else selector 0 is the one that acts */
	bool chain = !strcmp(sel, "sel");
	size_t nsels = record_sels(lh, sel);
	size_t s, i, n, total = 0, one = 0;
	char c[256], send[128];

	send_call(send, sizeof(send), lh, chain, nsels, tp_emit__holds(lh, sel));

	for (s = 0; s < nsels; s++)
		for (i = 0; i < lh->sels[s].nactions; i++)
			if (limits(&lh->sels[s], &lh->sels[s].actions[i])) {
				total++;
				one = s;
			}
	if (!total) {
		finish(e, stack, "", send);
		scratch_end(e, lh, sel);
		return;
	}
	if (total == 1 && (!chain || nsels == 1)) {
		for (i = 0; !limits(&lh->sels[one], &lh->sels[one].actions[i]); i++)
			;
		call(c, sizeof(c), lh, &lh->sels[one].actions[i]);
		tp_emitter__line(e, "if (!%s)%s", c, stack ? " {" : "");
	} else {
		tp_emitter__blank(e);
		tp_emitter__line(e, "bool limited = false;");
		for (s = 0; s < nsels; s++) {
			const struct tp_lselector *ls = &lh->sels[s];
			size_t k = 0;

			for (i = n = 0; i < ls->nactions; i++)
				n += limits(ls, &ls->actions[i]);
			if (!n)
				continue;
			if (chain)
				tp_emitter__line(e, "if (sel == %zu)%s", s, n > 1 ? " {" : "");
			e->indent += chain;
			for (i = 0; i < ls->nactions; i++) {
				if (!limits(ls, &ls->actions[i]))
					continue;
				/* each Post's window is checked (and renewed) as Tetragon does */
				call(c, sizeof(c), lh, &ls->actions[i]);
				tp_emitter__line(e, "limited %s %s;", k++ ? "|=" : "=", c);
			}
			e->indent -= chain;
			if (chain && n > 1)
				tp_emitter__line(e, "}");
		}
		tp_emitter__line(e, "if (!limited)%s", stack ? " {" : "");
	}
	/* a held-back record costs no stack walk */
	finish(e, stack, "\t", send);
	if (stack && !lh->hook->ret)
		tp_emitter__line(e, "}");
	if (lh->hook->ret) { /* its return half is not printed either */
		tp_emitter__line(e, stack ? "} else {" : "else");
		tp_emitter__line(e, "\ttp_pending_put(%d, %s, false, 0);", lh->id, sel);
		if (stack)
			tp_emitter__line(e, "}");
	}
	scratch_end(e, lh, sel);
}
