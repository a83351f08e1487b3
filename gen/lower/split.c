// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The generated file in parts, which tpgen compiles at once, one on each
 * core, and links (gen/link/compile.c): clang's time grows with each hook's
 * inlined code, while its fixed cost (the front end, the templates'
 * subprograms, the debug types) is paid by each part alike. The split depends
 * on the policy alone, never on the machine, so that the same policy gives
 * the same bytes everywhere.
 *
 * A unit is a hook with programs of its own, or a fused group (fuse.c); each
 * goes, heaviest first, to the part with least work so far. The weight counts
 * what clang inlines: the programs and the record, each arg read and sent,
 * each selector's filters and actions, and a return half.
 */
#include <stdlib.h>

#include "model/vec.h"

#include "split.h"

static size_t weight(const struct tp_lhook *lh)
{
	const struct tp_hook *h = lh->hook;
	size_t w = 4 + h->nargs, i;

	for (i = 0; i < lh->nsels; i++) {
		const struct tp_lselector *s = &lh->sels[i];

		w += 1 + tp_lselector__filters(s) + s->nrets + s->nactions + s->nret_actions;
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

int tp_lower__split(struct tp_plan *plan)
{
	size_t load[TP_PARTS_MAX] = { 0 }, n = 0, i;
	struct unit *units;
	int p, best;

	plan->parts = 1; /* and each hook's part 0, as the plan was allocated */
	units = tp_vec__calloc(plan->nhooks, sizeof(*units));
	if (!units)
		return plan->nhooks ? -1 : 0;
	/* a hook's id is its index: a unit's weight gathered at its leader's */
	for (i = 0; i < plan->nhooks; i++) {
		units[i].leader = (int)i;
		units[plan->hooks[i].leader].weight += weight(&plan->hooks[i]);
	}
	for (i = 0; i < plan->nhooks; i++)
		if (plan->hooks[i].leader == plan->hooks[i].id)
			units[n++] = units[i];
	if (n < 2)
		goto out;
	plan->parts = TP_PARTS_MAX;
	qsort(units, n, sizeof(units[0]), by_weight);
	for (i = 0; i < n; i++) {
		for (best = 0, p = 1; p < plan->parts; p++)
			if (load[p] < load[best])
				best = p;
		plan->hooks[units[i].leader].part = best;
		load[best] += units[i].weight;
	}
	for (i = 0; i < plan->nhooks; i++)
		plan->hooks[i].part = plan->hooks[plan->hooks[i].leader].part;
out:
	free(units);
	return 0;
}
