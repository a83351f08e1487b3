// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Events into tprun's metrics: by Tetragon's event type, policy and hook. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void tp_metrics_count__action(struct tp_metrics *mt, const char *policy, const char *hook,
			      uint32_t sel, uint32_t stat, uint64_t count)
{
	static const char *const names[TP_ACTSTAT__MAX] = {
#define TP_ACTSTAT_NAME(id, num, name) [TP_ACTSTAT_##id] = name,
		TP_ACT_STATS(TP_ACTSTAT_NAME)
#undef TP_ACTSTAT_NAME
	};
	char index[16];

	if (stat >= TP_ACTSTAT__MAX || !names[stat])
		return;
	snprintf(index, sizeof(index), "%u", sel);
	tp_metrics__set(mt, TP_M_ACTIONS, (const char *[]){ policy, hook, index, names[stat] },
			count);
}

/* the selectors of a hook past this many are counted without a handle kept */
#define POST_KEPT_MAX 256

/*
 * What the counts of one hook's events keep: its labels, made at its first
 * event, and the series they name, each asked for at the first update it
 * has (NULL until then, or while the registry has no room for it: asked for
 * again at the next, which the registry counts as dropped, as an update).
 */
struct hook_count {
	bool made;			    /* type and spec */
	const char *type;		    /* Tetragon's event type, by name */
	char spec[512];			    /* tp_metrics_count__spec_hook's label */
	struct tp_metrics_series *filtered; /* {type, policy} */
	struct tp_metrics_series **post;    /* by selector: {policy, spec, selector, "post"} */
	size_t npost;
	/* the function (a string of the meta's, compared by address) label is for */
	const char *function;
	bool has_label;
	char label[512]; /* tp_metrics_count__hook's label */
	/* the policy the series are of (an event of no hook: the object's, one for all) */
	const char *policy;
	/* what varies per event: the binary the last was of, and the series it names */
	char *binary;
	struct tp_metrics_series *events;	 /* {type, binary} */
	struct tp_metrics_series *policy_events; /* {policy, label, binary} */
};

struct tp_metrics_count {
	struct tp_metrics *m;
	const struct tp_meta *meta;
	struct hook_count *hooks; /* by the meta's hook index */
	size_t nhooks;
	struct hook_count others[TP_EV_LOADER + 1]; /* events of no hook, by their type */
};

struct tp_metrics_count *tp_metrics_count__new(struct tp_metrics *m, const struct tp_meta *meta)
{
	struct tp_metrics_count *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->m = m;
	c->meta = meta;
	c->nhooks = meta ? tp_meta__hook_cnt(meta) : 0;
	c->hooks = calloc(c->nhooks ? c->nhooks : 1, sizeof(*c->hooks));
	if (!c->hooks) {
		free(c);
		return NULL;
	}
	return c;
}

static void hook_count__clear(struct hook_count *hc)
{
	free(hc->post);
	free(hc->binary);
}

void tp_metrics_count__free(struct tp_metrics_count *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nhooks; i++)
		hook_count__clear(&c->hooks[i]);
	for (i = 0; i < sizeof(c->others) / sizeof(c->others[0]); i++)
		hook_count__clear(&c->others[i]);
	free(c->hooks);
	free(c);
}

/* What c keeps for ev's hook; NULL for an event of no hook of c's meta. */
static struct hook_count *hook_of(struct tp_metrics_count *c, const struct tp_out_event *ev)
{
	const struct tp_meta_hook_view *first;
	size_t i;

	if (ev->type != TP_EV_HOOK || !ev->hook || !c->nhooks)
		return NULL;
	first = tp_meta__hook(c->meta, 0);
	if ((uintptr_t)ev->hook < (uintptr_t)first)
		return NULL;
	i = ((uintptr_t)ev->hook - (uintptr_t)first) / sizeof(*first);
	return i < c->nhooks && tp_meta__hook(c->meta, i) == ev->hook ? &c->hooks[i] : NULL;
}

/* One added to *s, the series of values: by its handle, or asking for it when none yet. */
static void add(struct tp_metrics *m, struct tp_metrics_series **s, enum tp_metric id,
		const char *const *values)
{
	if (*s)
		tp_metrics__add_to(*s, 1);
	else
		*s = tp_metrics__add_series(m, id, values, 1);
}

/* The post of ev's selector, by the handle hc keeps for it when it can keep one. */
static void add_post(struct tp_metrics *m, struct hook_count *hc, const char *policy, uint32_t sel)
{
	struct tp_metrics_series *none = NULL, **s = &none, **p;
	char index[16];
	size_t n;

	if (sel < POST_KEPT_MAX && sel >= hc->npost) {
		n = sel + 1;
		p = realloc(hc->post, n * sizeof(*p));
		if (p) {
			memset(p + hc->npost, 0, (n - hc->npost) * sizeof(*p));
			hc->post = p;
			hc->npost = n;
		}
	}
	if (sel < hc->npost)
		s = &hc->post[sel];
	if (*s) {
		tp_metrics__add_to(*s, 1);
		return;
	}
	snprintf(index, sizeof(index), "%u", sel);
	*s = tp_metrics__add_series(m, TP_M_ACTIONS,
				    (const char *[]){ policy, hc->spec, index, "post" }, 1);
}

static void count(struct tp_metrics_count *c, struct hook_count *hc, const struct tp_out_event *ev,
		  const char *policy, bool printed)
{
	const char *binary = ev->proc && ev->proc->binary ? ev->proc->binary : "";
	bool hook = ev->type == TP_EV_HOOK && ev->hook;

	if (!hc->made) {
		hc->type = tp_filter_event__type_name(tp_filter_event__type(ev));
		if (hook)
			tp_metrics_count__spec_hook(hc->spec, sizeof(hc->spec), c->meta, ev->hook);
		hc->made = true;
	}
	if (hc->policy != policy) {
		hc->policy = policy;
		hc->filtered = hc->events = hc->policy_events = NULL;
	}
	if (hook && (!hc->has_label || hc->function != ev->function)) {
		tp_metrics_count__hook(hc->label, sizeof(hc->label), ev->hook, ev->function);
		hc->function = ev->function;
		hc->has_label = true;
		hc->policy_events = NULL;
	}
	if (!hc->binary || strcmp(hc->binary, binary)) {
		free(hc->binary);
		hc->binary = strdup(binary); /* NULL: asked for again at the next event */
		hc->events = hc->policy_events = NULL;
	}
	/*
	 * Tetragon counts an event before its export filters (pkg/grpc/process_manager.go,
	 * NotifyListener: each listener filters on its own)
	 */
	if (!printed)
		add(c->m, &hc->filtered, TP_M_FILTERED, (const char *[]){ hc->type, policy });
	add(c->m, &hc->events, TP_M_EVENTS, (const char *[]){ hc->type, binary });
	if (!hook)
		return;
	add(c->m, &hc->policy_events, TP_M_POLICY_EVENTS,
	    (const char *[]){ policy, hc->label, binary });
	/* posted: Tetragon counts a post once its event is out of the kernel (generic_output) */
	add_post(c->m, hc, policy, ev->selector);
}

void tp_metrics_count__event(struct tp_metrics_count *c, const struct tp_out_event *ev,
			     const char *policy, bool printed)
{
	/* an event of no hook of the meta's (exec, exit, loader): kept by its type */
	struct hook_count scratch = { 0 }, *hc = hook_of(c, ev);

	if (!hc && ev->type < sizeof(c->others) / sizeof(c->others[0]))
		hc = &c->others[ev->type];
	count(c, hc ? hc : &scratch, ev, policy, printed);
	hook_count__clear(&scratch);
}
