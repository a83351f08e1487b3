// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The generated file in two parts, which tpgen compiles at once, one on each
 * core, and links (gen/link/compile.c): clang's time grows with each hook's
 * inlined code, about 55 ms a hook here, while the front end's 60 ms is paid
 * by each part alike. The split depends on the policy alone, never on the
 * machine, so that the same policy gives the same bytes everywhere.
 *
 * A unit is a hook with programs of its own, or a fused group (fuse.c); each
 * goes, heaviest first, to the part with less work so far. The weight counts
 * what clang inlines: the programs and the record, each arg read and sent,
 * each selector's filters and actions, and a return half.
 */
#include <stdlib.h>

#include "parts.h"

#define PARTS 2

static size_t weight(const struct tp_lhook *lh)
{
	const struct tp_hook *h = lh->hook;
	size_t w = 4 + h->nargs, i;

	for (i = 0; i < lh->nsels; i++) {
		const struct tp_lselector *s = &lh->sels[i];

		w += 1 + s->npids + s->nbins + s->nints + s->nstrs + s->nnets + s->nrets + s->nns +
		     s->ncaps + s->nns_changes + s->ncap_changes + s->nactions + s->nret_actions;
	}
	return tp_hook__has_exit(h) ? w + 4 : w;
}

struct unit {
	int leader;
	size_t weight;
};

/* heaviest first; by leader among equals, so that the order is the policy's */
static int by_weight(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return x->leader - y->leader;
}

void tp_lower__parts(struct tp_plan *plan)
{
	struct unit units[plan->nhooks + 1];
	size_t load[PARTS] = { 0 }, n = 0, i, u;

	for (i = 0; i < plan->nhooks; i++) {
		const struct tp_lhook *lh = &plan->hooks[i];

		plan->hooks[i].part = 0;
		if (lh->leader == lh->id)
			units[n++] = (struct unit){ lh->id, 0 };
	}
	plan->parts = n > 1 ? PARTS : 1;
	if (plan->parts == 1)
		return;
	for (u = 0; u < n; u++)
		for (i = 0; i < plan->nhooks; i++)
			if (plan->hooks[i].leader == units[u].leader)
				units[u].weight += weight(&plan->hooks[i]);
	qsort(units, n, sizeof(units[0]), by_weight);
	for (u = 0; u < n; u++) {
		int p = load[1] < load[0];

		plan->hooks[units[u].leader].part = p; /* a hook's id is its index */
		load[p] += units[u].weight;
	}
	for (i = 0; i < plan->nhooks; i++)
		plan->hooks[i].part = plan->hooks[plan->hooks[i].leader].part;
}
