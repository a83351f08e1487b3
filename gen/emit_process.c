// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * What the process table computes at exec, fork and learn time: one bit per
 * matchBinaries filter ("this binary matched") and one per followForks
 * matchPIDs filter ("this process or an ancestor had the pid"). Hooks then
 * test a bit instead of comparing paths on every event.
 */
#include <inttypes.h>

#include "emit.h"

static size_t words(size_t bits)
{
	return bits ? (bits + 63) / 64 : 1;
}

static void follow_array(struct tp_emitter *e, const char *name, size_t nwords,
			 const uint64_t *mask)
{
	size_t i;

	tp_emitter__line(e, "static const __u64 %s[%zu] = {", name, nwords);
	for (i = 0; i < nwords; i++)
		tp_emitter__line(e, "\t0x%" PRIx64 "ULL,", mask[i]);
	tp_emitter__line(e, "};");
}

void tp_emit__process(struct tp_emitter *e, const struct tp_plan *plan)
{
	size_t nb = words(plan->nbins), np = words(plan->npid_follow), i, j;
	uint64_t bmask[nb], pmask[np];

	for (i = 0; i < nb; i++)
		bmask[i] = 0;
	for (i = 0; i < np; i++)
		pmask[i] = 0;
	for (i = 0; i < plan->nbins; i++)
		if (plan->bins[i].follow_children)
			bmask[i / 64] |= (uint64_t)1 << (i % 64);
	for (i = 0; i < plan->npid_follow; i++)
		pmask[i / 64] |= (uint64_t)1 << (i % 64);
	follow_array(e, "tp_bin_follow", nb, bmask);
	follow_array(e, "tp_pid_follow", np, pmask);
	tp_emitter__blank(e);

	tp_emitter__line(e, "static __always_inline void tp_policy_bin_bits(__u64 *bits, const char *path, long len, char *key)");
	tp_emitter__line(e, "{");
	e->indent++;
	tp_emitter__line(e, "(void)path; (void)len; (void)key;");
	for (i = 0; i < plan->nbins; i++) {
		tp_emitter__indent(e);
		tp_emitter__raw(e, "if (");
		tp_emit__str_cond(e, &plan->bins[i].f, "path", "len", "key");
		tp_emitter__raw(e, ")\n");
		tp_emitter__line(e, "\tbits[%zu] |= 0x%" PRIx64 "ULL;", i / 64, (uint64_t)1 << (i % 64));
	}
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);

	tp_emitter__line(e, "static __always_inline void tp_policy_pid_bits(__u64 *bits, __u32 tgid, __u32 nstgid)");
	tp_emitter__line(e, "{");
	e->indent++;
	tp_emitter__line(e, "(void)tgid; (void)nstgid;");
	for (i = 0; i < plan->npid_follow; i++) {
		const struct tp_lpid *p = plan->pid_follow[i];

		tp_emitter__indent(e);
		tp_emitter__raw(e, "if (");
		for (j = 0; j < p->npids; j++)
			tp_emitter__raw(e, "%s%s == %u", j ? " || " : "", p->ns ? "nstgid" : "tgid",
					p->pids[j]);
		if (!p->npids)
			tp_emitter__raw(e, "0");
		tp_emitter__raw(e, ")\n");
		tp_emitter__line(e, "\tbits[%zu] |= 0x%" PRIx64 "ULL;", i / 64, (uint64_t)1 << (i % 64));
	}
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
}
