/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* What an event adds to tprun's metrics (metrics.h). */
#ifndef TP_OUTPUT_METRICS_COUNT_H
#define TP_OUTPUT_METRICS_COUNT_H

#include <stdbool.h>

#include "event.h"
#include "metrics.h"

/*
 * The counting of one object's events (meta: its .tp.meta) into m, which
 * keeps, per hook, its labels and the series they name: an event of the
 * hook and binary the last was counts with an add to each. NULL when out of
 * memory.
 */
struct tp_metrics_count;
struct tp_metrics_count *tp_metrics_count__new(struct tp_metrics *m, const struct tp_meta *meta);
void tp_metrics_count__free(struct tp_metrics_count *c);

/*
 * ev, of policy ("" for none), printed or kept out by the export filters:
 * tetragon_events_total and tetragon_policy_events_total (a hook's) either
 * way, tprun_events_filtered_total too when kept out; a hook's post in
 * tetragon_tracingpolicy_selector_actions_total.
 */
void tp_metrics_count__event(struct tp_metrics_count *c, const struct tp_out_event *ev,
			     const char *policy, bool printed);

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

/*
 * The kernel's count of what selector sel of a hook of policy did (stat, enum
 * tp_act_stat); hook its tp_metrics_count__spec_hook label.
 */
void tp_metrics_count__action(struct tp_metrics *mt, const char *policy, const char *hook,
			      uint32_t sel, uint32_t stat, uint64_t count);

#endif /* TP_OUTPUT_METRICS_COUNT_H */
