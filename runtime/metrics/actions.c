// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The actions selectors took, as the kernel counted them (tp_actions), into
 * tetragon_tracingpolicy_selector_actions_total: what really happened, a
 * record lost to a full ring or never sent (NoPost) included.
 */
#include <bpf/bpf.h>

#include <tp/event.h>

#include "libtp.h"
#include "metrics.h"
#include "output/metrics_count.h"

void tp_metrics__sample_actions(struct tp_metrics *m, const struct tp_runtime *r,
				const struct tp_meta *meta)
{
	int fd = tp_runtime__actions_fd(r);
	struct tp_act_key k, next;
	const struct tp_act_key *prev = NULL;
	uint64_t n;

	if (fd < 0)
		return;
	while (!bpf_map_get_next_key(fd, prev, &next)) {
		k = next;
		prev = &k;
		if (k.hook >= tp_meta__hook_cnt(meta) || bpf_map_lookup_elem(fd, &k, &n))
			continue;
		tp_metrics_count__action(m, meta, tp_meta__hook(meta, k.hook), k.selector, k.stat,
					 n);
	}
}
