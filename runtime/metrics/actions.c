// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The actions selectors took, as the kernel counted them (tp_actions), into
 * tetragon_tracingpolicy_selector_actions_total: what really happened, a
 * record lost to a full ring or never sent (NoPost) included.
 */
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include <tp/event.h>

#include "libtp.h"
#include "metrics.h"
#include "output/metrics_count.h"

struct act_count {
	uint32_t hook; /* the first of the hooks that share its labels */
	uint32_t selector, stat;
	uint64_t n;
};

static int by_labels(const void *a, const void *b)
{
	const struct act_count *x = a, *y = b;

	if (x->hook != y->hook)
		return x->hook < y->hook ? -1 : 1;
	if (x->selector != y->selector)
		return x->selector < y->selector ? -1 : 1;
	return x->stat < y->stat ? -1 : x->stat > y->stat;
}

/*
 * For each hook, the first hook of the same policy with the same hook label:
 * Tetragon's hook_index would tell two entries of one hook apart, which
 * .tp.meta does not record, so their counts are summed into one series (a
 * series set from one of them alone would go down when the other's key came
 * later in the map). NULL when out of memory.
 */
static uint32_t *label_owners(const struct tp_meta *meta, size_t nh)
{
	uint32_t *owner = calloc(nh ? nh : 1, sizeof(*owner));
	char(*label)[512] = calloc(nh ? nh : 1, sizeof(*label));
	size_t i, j;

	if (!owner || !label) {
		free(owner);
		free(label);
		return NULL;
	}
	for (i = 0; i < nh; i++) {
		const struct tp_meta_hook_view *h = tp_meta__hook(meta, i);

		tp_metrics_count__spec_hook(label[i], sizeof(label[i]), meta, h);
		owner[i] = i;
		for (j = 0; j < i; j++)
			if (!strcmp(label[j], label[i]) &&
			    !strcmp(tp_meta__hook_policy(meta, tp_meta__hook(meta, j)),
				    tp_meta__hook_policy(meta, h))) {
				owner[i] = j;
				break;
			}
	}
	free(label);
	return owner;
}

void tp_metrics__sample_actions(struct tp_metrics *m, const struct tp_runtime *r,
				const struct tp_meta *meta)
{
	size_t nh = tp_meta__hook_cnt(meta), n = 0, cap = 0, i;
	int fd = tp_runtime__actions_fd(r);
	struct act_count *c = NULL, *p;
	struct tp_act_key k, next;
	const struct tp_act_key *prev = NULL;
	uint32_t *owner;
	uint64_t v;

	if (fd < 0 || !(owner = label_owners(meta, nh)))
		return;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		k = next;
		prev = &k;
		if (k.hook >= nh || bpf_map_lookup_elem(fd, &k, &v))
			continue;
		if (n == cap) {
			p = realloc(c, (cap = cap ? 2 * cap : 64) * sizeof(*c));
			if (!p)
				break;
			c = p;
		}
		c[n++] = (struct act_count){ owner[k.hook], k.selector, k.stat, v };
	}
	qsort(c, n, sizeof(*c), by_labels);
	for (i = 0; i < n; i++) {
		if (i + 1 < n && !by_labels(&c[i], &c[i + 1])) {
			c[i + 1].n += c[i].n; /* the same series: summed */
			continue;
		}
		tp_metrics_count__action(m, meta, tp_meta__hook(meta, c[i].hook), c[i].selector,
					 c[i].stat, c[i].n);
	}
	free(c);
	free(owner);
}
