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
 * way, tprun_events_filtered_total too when kept out.
 */
void tp_metrics_count__event(struct tp_metrics *m, const struct tp_out_event *ev,
			     const char *policy, bool printed);

/*
 * Tetragon's hook label for an event of hook h about function (pkg/grpc/tracing/
 * tracing.go, the PolicyInfo methods): "kprobe:FUNC", "tracepoint:SUBSYS/EVENT",
 * "lsm:HOOK", "uprobe:PATH/SYMBOL", "usdt:PROVIDER/NAME". Into buf.
 */
const char *tp_metrics_count__hook(char *buf, size_t len, const struct tp_meta_hook_view *h,
				   const char *function);

#endif /* TP_OUTPUT_METRICS_COUNT_H */
