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
 * What sampling an object's counts needs of its .tp.meta, made once: each
 * hook's label and policy, and the first hook of the same policy with the
 * same label (its owner). Tetragon's hook_index would tell two entries of
 * one hook apart, which .tp.meta does not record, so their counts are summed
 * into one series (a series set from one of them alone would go down when
 * the other's key came later in the map).
 */
struct tp_metrics_actions {
	const struct tp_meta *meta;
	size_t nhooks;
	struct act_hook {
		uint32_t owner;
		const char *policy;
		char label[512]; /* tp_metrics_count__spec_hook's */
	} hooks[];
};

struct tp_metrics_actions *tp_metrics_actions__new(const struct tp_meta *meta)
{
	size_t nh = tp_meta__hook_cnt(meta), i, j;
	struct tp_metrics_actions *a = calloc(1, sizeof(*a) + nh * sizeof(a->hooks[0]));

	if (!a)
		return NULL;
	a->meta = meta;
	a->nhooks = nh;
	for (i = 0; i < nh; i++) {
		const struct tp_meta_hook_view *h = tp_meta__hook(meta, i);
		struct act_hook *ah = &a->hooks[i];

		tp_metrics_count__spec_hook(ah->label, sizeof(ah->label), meta, h);
		ah->policy = tp_meta__hook_policy(meta, h);
		ah->owner = i;
		for (j = 0; j < i; j++)
			if (!strcmp(a->hooks[j].label, ah->label) &&
			    !strcmp(a->hooks[j].policy, ah->policy)) {
				ah->owner = j;
				break;
			}
	}
	return a;
}

void tp_metrics_actions__free(struct tp_metrics_actions *a)
{
	free(a);
}

void tp_metrics__sample_actions(struct tp_metrics *m, const struct tp_runtime *r,
				const struct tp_metrics_actions *a)
{
	size_t nh = a->nhooks, n = 0, cap = 0, i;
	int fd = tp_runtime__actions_fd(r);
	struct act_count *c = NULL, *p;
	struct tp_act_key k, next;
	const struct tp_act_key *prev = NULL;
	uint64_t v;

	if (fd < 0)
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
		c[n++] = (struct act_count){ a->hooks[k.hook].owner, k.selector, k.stat, v };
	}
	qsort(c, n, sizeof(*c), by_labels);
	for (i = 0; i < n; i++) {
		const struct act_hook *ah = &a->hooks[c[i].hook];

		if (i + 1 < n && !by_labels(&c[i], &c[i + 1])) {
			c[i + 1].n += c[i].n; /* the same series: summed */
			continue;
		}
		tp_metrics_count__action(m, ah->policy, ah->label, c[i].selector, c[i].stat,
					 c[i].n);
	}
	free(c);
}
