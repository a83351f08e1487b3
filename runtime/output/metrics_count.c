// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Events into tprun's metrics: by Tetragon's event type, policy and hook. */
#include <stdio.h>

#include "filter.h"
#include "metrics_count.h"

const char *tp_metrics_count__hook(char *buf, size_t len, const struct tp_meta_hook_view *h,
				   const char *function)
{
	struct tp_uprobe_target u;

	switch (h->kind) {
	case TP_HOOK_TRACEPOINT:
		snprintf(buf, len, "tracepoint:%s/%s", h->subsys, h->event);
		break;
	case TP_HOOK_LSM:
		snprintf(buf, len, "lsm:%s", h->function_name);
		break;
	case TP_HOOK_UPROBE:
		if (tp_meta__uprobe_target(function ? function : "", &u))
			u.symbol[0] = '\0';
		snprintf(buf, len, "uprobe:%s/%s", h->call, u.symbol);
		break;
	case TP_HOOK_USDT:
		snprintf(buf, len, "usdt:%s/%s", h->subsys, h->event);
		break;
	default:
		snprintf(buf, len, "kprobe:%s", function ? function : h->function_name);
		break;
	}
	return buf;
}

void tp_metrics_count__event(struct tp_metrics *m, const struct tp_out_event *ev,
			     const char *policy, bool printed)
{
	const char *type = tp_filter_event__type_name(tp_filter_event__type(ev));
	const char *binary = ev->proc && ev->proc->binary ? ev->proc->binary : "";
	char hook[512];

	/*
	 * Tetragon counts an event before its export filters (pkg/grpc/process_manager.go,
	 * NotifyListener: each listener filters on its own)
	 */
	if (!printed)
		tp_metrics__add(m, TP_M_FILTERED, (const char *[]){ type, policy }, 1);
	tp_metrics__add(m, TP_M_EVENTS, (const char *[]){ type, binary }, 1);
	if (ev->type != TP_EV_HOOK || !ev->hook)
		return;
	tp_metrics_count__hook(hook, sizeof(hook), ev->hook, ev->function);
	tp_metrics__add(m, TP_M_POLICY_EVENTS, (const char *[]){ policy, hook, binary }, 1);
}
