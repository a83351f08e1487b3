// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* --metrics-addr's sampled series, read on the drain thread, set in the metrics. */
#include <time.h>

#include "metrics_sample.h"

/* the drain loop's poll: a flood loops faster, the kernel's maps are not read faster */
#define SAMPLE_MS 100

bool tprun_metrics__due(uint64_t *last_ms)
{
	struct timespec ts;
	uint64_t now;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
	if (*last_ms && now - *last_ms < SAMPLE_MS)
		return false;
	*last_ms = now;
	return true;
}

void tprun_metrics__add_object(struct tprun_metrics_sample *s, struct tp_metrics *m,
			       struct tp_runtime *rt, const struct tp_metrics_actions *acts,
			       struct tp_useract *ua)
{
	struct tp_useract_stats u;
	uint64_t audit = tp_runtime__counter(rt, TP_CNT_LOST_AUDIT);

	if (acts)
		tp_metrics__sample_actions(m, rt, acts);

	/* the sums report_all_lost and rate_limit_info make (loader/tprun.c) */
	s->ring_lost += tp_runtime__counter(rt, TP_CNT_LOST) + audit;
	s->hook_lost += tp_runtime__counter(rt, TP_CNT_LOST_HOOK) + audit;
	s->proc_full += tp_runtime__counter(rt, TP_CNT_PROC_FULL);
	s->act_full += tp_runtime__counter(rt, TP_CNT_ACT_FULL);
	if (!ua || !tp_useract__count(ua))
		return;
	tp_useract__stats(ua, &u);
	s->ua.done += u.done;
	s->ua.failed += u.failed;
	s->ua.rate_limited += u.rate_limited;
	s->ua.dropped += u.dropped;
}

void tprun_metrics__publish(struct tp_metrics *m, const struct tprun_metrics_sample *s,
			    const struct tp_proc_cache *cache, const struct tp_export_file *export)
{
	struct tp_export_file_stats es = { 0 };
	struct tp_proc_cache_stats ps;

	tp_metrics__set(m, TP_M_RING_LOST, NULL, s->ring_lost);
	tp_metrics__set(m, TP_M_HOOK_LOST, NULL, s->hook_lost);
	tp_metrics__set(m, TP_M_PROC_TABLE_FULL, NULL, s->proc_full);
	tp_metrics__set(m, TP_M_ACTIONS_UNCOUNTED, NULL, s->act_full);
	tp_proc_cache__stats(cache, &ps);
	tp_metrics__set(m, TP_M_PROC_SIZE, NULL, ps.size);
	tp_metrics__set(m, TP_M_PROC_MISSES, (const char *[]){ "get" }, ps.misses_get);
	tp_metrics__set(m, TP_M_PROC_MISSES, (const char *[]){ "remove" }, ps.misses_remove);
	tp_metrics__set(m, TP_M_USER_ACTIONS, (const char *[]){ "done" }, s->ua.done);
	tp_metrics__set(m, TP_M_USER_ACTIONS, (const char *[]){ "failed" }, s->ua.failed);
	tp_metrics__set(m, TP_M_USER_ACTIONS, (const char *[]){ "rate_limited" },
			s->ua.rate_limited);
	tp_metrics__set(m, TP_M_USER_ACTIONS, (const char *[]){ "dropped" }, s->ua.dropped);
	if (export)
		tp_export_file__stats(export, &es);
	tp_metrics__set(m, TP_M_EXPORT_DROPPED, NULL, es.dropped);
}
