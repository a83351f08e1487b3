/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What tprun's drain thread reads for --metrics-addr: the kernel's counters and its own. */
#ifndef TPRUN_METRICS_SAMPLE_H
#define TPRUN_METRICS_SAMPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "export_file.h"
#include "libtp.h"
#include "metrics.h"
#include "proc_cache.h"
#include "useract.h"

/* Whether a sample is due (SAMPLE_MS since the last, *last_ms its time); updates *last_ms. */
bool tprun_metrics__due(uint64_t *last_ms);

/* Summed over the objects of the run. */
struct tprun_metrics_sample {
	uint64_t ring_lost; /* records tp_events and tp_audit refused */
	uint64_t hook_lost; /* of those, hook events: what rate_limit_info reports */
	uint64_t proc_full; /* process-table insertions that failed */
	uint64_t act_full;  /* selector actions tp_actions had no room to count */
	struct tp_useract_stats ua;
};

/*
 * Add one object's counters (its tp_counters map) and user actions (ua may be
 * NULL) to s; set in m what its selectors did (tp_actions; acts: made from its
 * .tp.meta, NULL: not set).
 */
void tprun_metrics__add_object(struct tprun_metrics_sample *s, struct tp_metrics *m,
			       struct tp_runtime *rt, const struct tp_metrics_actions *acts,
			       struct tp_useract *ua);
/* Set the sampled series of m: s, the process cache's, and the export file's (NULL: none). */
void tprun_metrics__publish(struct tp_metrics *m, const struct tprun_metrics_sample *s,
			    const struct tp_proc_cache *cache, const struct tp_export_file *export);

#endif /* TPRUN_METRICS_SAMPLE_H */
