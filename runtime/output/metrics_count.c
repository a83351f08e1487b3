// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Events into tprun's metrics: by Tetragon's event type, policy and hook. */
#include <stdio.h>

#include <tp/actions.h>

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

const char *tp_metrics_count__spec_hook(char *buf, size_t len, const struct tp_meta *m,
					const struct tp_meta_hook_view *h)
{
	const char *const *funcs;
	size_t n = 0, i, k;

	switch (h->kind) {
	case TP_HOOK_TRACEPOINT:
		snprintf(buf, len, "tracepoint:%s/%s", h->subsys, h->event);
		return buf;
	case TP_HOOK_LSM:
		snprintf(buf, len, "lsm:%s", h->call);
		return buf;
	case TP_HOOK_USDT:
		snprintf(buf, len, "usdt:%s:%s/%s", h->call, h->subsys, h->event);
		return buf;
	case TP_HOOK_UPROBE:
		break;
	default:
		snprintf(buf, len, "%s:%s", h->flags & TP_HOOKF_FENTRY ? "fentry" : "kprobe",
			 h->call);
		return buf;
	}
	/* uprobeStatsHook: the path, then its symbols */
	funcs = m && h->flags & TP_HOOKF_LIST ? tp_meta__list_funcs(m, h, &n) : NULL;
	k = snprintf(buf, len, "uprobe:%s:", h->call);
	for (i = 0; i < n && k < len; i++)
		k += snprintf(buf + k, len - k, "%s%s", i ? "," : "", funcs[i]);
	if (!funcs && k < len)
		snprintf(buf + k, len - k, "%s", h->function_name);
	return buf;
}

void tp_metrics_count__action(struct tp_metrics *mt, const struct tp_meta *m,
			      const struct tp_meta_hook_view *h, uint32_t sel, uint32_t stat,
			      uint64_t count)
{
	static const char *const names[TP_ACTSTAT__MAX] = {
#define TP_ACTSTAT_NAME(id, num, name) [TP_ACTSTAT_##id] = name,
		TP_ACT_STATS(TP_ACTSTAT_NAME)
#undef TP_ACTSTAT_NAME
	};
	char hook[512], index[16];

	if (stat >= TP_ACTSTAT__MAX || !names[stat])
		return;
	tp_metrics_count__spec_hook(hook, sizeof(hook), m, h);
	snprintf(index, sizeof(index), "%u", sel);
	tp_metrics__set(mt, TP_M_ACTIONS,
			(const char *[]){ tp_meta__hook_policy(m, h), hook, index, names[stat] },
			count);
}

void tp_metrics_count__event(struct tp_metrics *m, const struct tp_meta *meta,
			     const struct tp_out_event *ev, const char *policy, bool printed)
{
	const char *type = tp_filter_event__type_name(tp_filter_event__type(ev));
	const char *binary = ev->proc && ev->proc->binary ? ev->proc->binary : "";
	char hook[512], index[16];

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
	/* posted: Tetragon counts a post once its event is out of the kernel (generic_output) */
	tp_metrics_count__spec_hook(hook, sizeof(hook), meta, ev->hook);
	snprintf(index, sizeof(index), "%u", ev->selector);
	tp_metrics__add(m, TP_M_ACTIONS, (const char *[]){ policy, hook, index, "post" }, 1);
}
