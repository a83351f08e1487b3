/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What an event adds to tprun's metrics (metrics.h). */
#ifndef TP_OUTPUT_METRICS_COUNT_H
#define TP_OUTPUT_METRICS_COUNT_H

#include <stdbool.h>

#include "event.h"
#include "metrics.h"

/*
 * ev, of policy ("" for none), printed or kept out by the export filters:
 * tetragon_events_total and tetragon_policy_events_total (a hook's) either
 * way, tprun_events_filtered_total too when kept out; a hook's post in
 * tetragon_tracingpolicy_selector_actions_total (meta: the hook's object's).
 */
void tp_metrics_count__event(struct tp_metrics *m, const struct tp_meta *meta,
			     const struct tp_out_event *ev, const char *policy, bool printed);

/*
 * Tetragon's hook label for an event of hook h about function (pkg/grpc/tracing/
 * tracing.go, the PolicyInfo methods): "kprobe:FUNC", "tracepoint:SUBSYS/EVENT",
 * "lsm:HOOK", "uprobe:PATH/SYMBOL", "usdt:PROVIDER/NAME". Into buf.
 */
const char *tp_metrics_count__hook(char *buf, size_t len, const struct tp_meta_hook_view *h,
				   const char *function);

/*
 * Tetragon's hook label for the selector action counts of hook h (pkg/sensors/
 * collection.go, selectorStatsMetadataFromSpec: the spec's own words):
 * "kprobe:CALL", "fentry:CALL", "tracepoint:SUBSYS/EVENT", "lsm:HOOK",
 * "uprobe:PATH:SYMBOL[,SYMBOL...]", "usdt:PATH:PROVIDER/NAME". Into buf.
 */
const char *tp_metrics_count__spec_hook(char *buf, size_t len, const struct tp_meta *m,
					const struct tp_meta_hook_view *h);

/* The kernel's count of what selector sel of hook h (of m) did: stat, enum tp_act_stat. */
void tp_metrics_count__action(struct tp_metrics *mt, const struct tp_meta *m,
			      const struct tp_meta_hook_view *h, uint32_t sel, uint32_t stat,
			      uint64_t count);

#endif /* TP_OUTPUT_METRICS_COUNT_H */
