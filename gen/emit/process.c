// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * What the process table computes at exec, fork and learn time: one bit per
 * matchBinaries filter ("this binary matched"), two per matchParentBinaries
 * filter ("this binary matched", "the parent binary matched": the first as it
 * was before the exec) and one per followForks matchPIDs filter ("this
 * process or an ancestor had the pid"). Hooks then test a bit instead of
 * comparing paths on every event.
 */
#include <inttypes.h>
#include <stdio.h>

#include "parts.h"

static size_t words(size_t bits)
{
	return bits ? (bits + 63) / 64 : 1;
}

void tp_emit__pids_fn(struct tp_emitter *e, const char *name, const char *what,
		      const struct tp_lpid *p)
{
	struct tp_terms t = { 0 };
	size_t i;

	for (i = 0; i < p->npids; i++)
		tp_terms__add(&t, "pid %s %u", p->negate && !p->follow ? "!=" : "==", p->pids[i]);
	tp_emitter__line(e, "/* %s */", what);
	tp_emitter__line(e, "static __always_inline bool %s(__u32 pid)", name);
	tp_emitter__line(e, "{");
	e->indent++;
	if (t.n)
		tp_emitter__join(e, "return ", &t, p->negate && !p->follow ? "&&" : "||", ";");
	else
		tp_emitter__line(e, "return false;");
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
	tp_terms__free(&t);
}

/*
 * Which bits a set keeps: followChildren binaries across exec. (A child
 * inherits every followForks pid bit: those are the only pid bits.)
 */
static void follow_array(struct tp_emitter *e, const char *name, const char *size, size_t nwords,
			 const uint64_t *mask)
{
	size_t i;

	tp_emitter__line(e, "TP_HIDDEN const __u64 %s[%s] = {", name, size);
	for (i = 0; i < nwords; i++)
		tp_emitter__line(e, "\t0x%" PRIx64 ",", mask[i]);
	tp_emitter__line(e, "};");
}

/*
 * The policy hook that sets bit bits[i] (bits NULL: i) for each of n filters
 * that passes: calls[i] is filter i's call. A policy without such filters gets
 * an empty body that says so. The process table's programs, in an object of
 * their own, call it (tp_process.bpf.h).
 */
static void bits_fn(struct tp_emitter *e, const char *proto, const char *none,
		    char (*calls)[TP_NAME_MAX], const int *bits, size_t n)
{
	size_t i;

	tp_emitter__line(e, "TP_HIDDEN __noinline void %s", proto);
	tp_emitter__line(e, "{");
	if (!n)
		tp_emitter__line(e, "\t/* %s */", none);
	for (i = 0; i < n; i++) {
		tp_emitter__line(e, "\tif (%s)", calls[i]);
		tp_emitter__line(e, "\t\ttp_bits_set(bits, %zu);", bits ? (size_t)bits[i] : i);
	}
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
}

static void bin_bits(struct tp_emitter *e, const struct tp_plan *plan)
{
	char name[TP_NAME_MAX], what[TP_NAME_MAX], calls[plan->nbins + 1][TP_NAME_MAX];
	int bits[plan->nbins + 1];
	size_t i;

	for (i = 0; i < plan->nbins; i++) {
		const struct tp_lbinfilter *b = &plan->bins[i];

		snprintf(name, sizeof(name), "tp_bin%zu", i);
		snprintf(what, sizeof(what), "%s bit %d: %s, %zu value%s%s",
			 b->pbit < 0 ? "matchBinaries" : "matchParentBinaries", b->bit,
			 tp_op__info(b->f.op)->name, b->f.nstrs, b->f.nstrs == 1 ? "" : "s",
			 b->follow_children ? ", followChildren" : "");
		tp_emit__filter_fn(e, name, what, &b->f);
		snprintf(calls[i], sizeof(calls[i]), "tp_bin%zu(path, len%s)", i,
			 tp_emit__filter_needs_key(&b->f) ? ", key" : "");
		bits[i] = b->bit;
	}
	bits_fn(e, "tp_policy_bin_bits(__u64 *bits, const char *path, long len, char *key)",
		"the policy has no matchBinaries", calls, bits, plan->nbins);
}

/* matchParentBinaries: each filter's parent bit is its own bit as it was before an exec. */
static void parent_bits(struct tp_emitter *e, const struct tp_plan *plan)
{
	char calls[plan->nbins + 1][TP_NAME_MAX];
	int bits[plan->nbins + 1];
	size_t i, n = 0;

	for (i = 0; i < plan->nbins; i++) {
		const struct tp_lbinfilter *b = &plan->bins[i];

		if (b->pbit < 0)
			continue;
		snprintf(calls[n], sizeof(calls[n]), "tp_bits_has(old, %d)", b->bit);
		bits[n++] = b->pbit;
	}
	bits_fn(e, "tp_policy_parent_bits(__u64 *bits, const __u64 *old)",
		"the policy has no matchParentBinaries", calls, bits, n);
}

static void pid_bits(struct tp_emitter *e, const struct tp_plan *plan)
{
	char name[TP_NAME_MAX], what[TP_NAME_MAX], calls[plan->npid_follow + 1][TP_NAME_MAX];
	size_t i;

	for (i = 0; i < plan->npid_follow; i++) {
		const struct tp_lpid *p = plan->pid_follow[i];

		snprintf(name, sizeof(name), "tp_forkpid%zu", i);
		snprintf(what, sizeof(what), "matchPIDs followForks bit %zu: %zu pid%s%s", i,
			 p->npids, p->npids == 1 ? "" : "s", p->ns ? " in their namespace" : "");
		tp_emit__pids_fn(e, name, what, p);
		snprintf(calls[i], sizeof(calls[i]), "tp_forkpid%zu(%s)", i,
			 p->ns ? "nstgid" : "tgid");
	}
	bits_fn(e, "tp_policy_pid_bits(__u64 *bits, __u32 tgid, __u32 nstgid)",
		"the policy has no matchPIDs with followForks", calls, NULL, plan->npid_follow);
}

void tp_emit__process(struct tp_emitter *e, const struct tp_plan *plan)
{
	size_t nb = words(plan->nbin_bits), i;
	uint64_t bmask[nb];

	for (i = 0; i < nb; i++)
		bmask[i] = 0;
	for (i = 0; i < plan->nbins; i++) {
		int bit = plan->bins[i].bit;

		if (plan->bins[i].follow_children)
			bmask[bit / 64] |= (uint64_t)1 << (bit % 64);
	}
	tp_emitter__line(e, "/* the process table: matchBinaries, matchParentBinaries and "
			    "followForks matchPIDs bits */");
	follow_array(e, "tp_bin_follow", "TP_BIN_WORDS", nb, bmask);
	tp_emitter__blank(e);
	bin_bits(e, plan);
	parent_bits(e, plan);
	pid_bits(e, plan);
}
