// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Export filters on an event, as Tetragon's pkg/filters: the fields of a
 * filter in the order of its Filters list, each stopping the filter when it
 * does not match (MatchAll), so that pid_set learns a child only when the
 * fields before it matched, as there; filters.Apply's allowlist (MatchOne)
 * before the denylist (MatchNone).
 */
#include <stdlib.h>
#include <string.h>

#include "libtp.h"
#include "event.h"
#include "filter.h"

/* Tetragon warns when pid_set's children pass this, and at each doubling */
#define CHILDREN_WARN 8192

static bool any_regex(const struct tp_filter_vals *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (tp_filter_regex__match(v->re[i], s ? s : ""))
			return true;
	return false;
}

static bool any_num(const struct tp_filter_vals *v, int64_t x)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (v->nums[i] == x)
			return true;
	return false;
}

static bool any_str(const struct tp_filter_vals *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (!strcmp(v->strs[i], s))
			return true;
	return false;
}

static size_t slot_of(const struct tp_pid_cache *c, uint32_t pid)
{
	size_t i = (pid * 2654435761u) & (c->cap - 1);

	while (c->slots[i] && c->slots[i] != pid)
		i = (i + 1) & (c->cap - 1);
	return i;
}

static bool cache_has(const struct tp_pid_cache *c, uint32_t pid)
{
	return c->cap && pid && c->slots[slot_of(c, pid)] == pid;
}

static void cache_add(struct tp_pid_cache *c, uint32_t pid)
{
	size_t i;

	if (!pid || cache_has(c, pid))
		return;
	if ((c->n + 1) * 2 > c->cap) {
		struct tp_pid_cache g = { .cap = c->cap ? c->cap * 2 : 64, .n = c->n };

		g.slots = calloc(g.cap, sizeof(*g.slots));
		if (!g.slots)
			return; /* out of memory: this child is not learned */
		for (i = 0; i < c->cap; i++)
			if (c->slots[i])
				g.slots[slot_of(&g, c->slots[i])] = c->slots[i];
		free(c->slots);
		g.warn_at = c->warn_at;
		*c = g;
	}
	c->slots[slot_of(c, pid)] = pid;
	c->n++;
	if (!c->warn_at)
		c->warn_at = CHILDREN_WARN;
	if (c->n == c->warn_at) {
		tp_log(TP_LOG_WARN,
		       "export filter: pid_set's cache has %zu entries: to bound its memory, "
		       "consider not using pid_set\n",
		       c->n);
		c->warn_at *= 2;
	}
}

/* pidSet.go doFilterByPidSet: the process or, learning it, its parent in the set */
static bool pid_set(struct tp_filter *f, const struct tp_filter_event *e)
{
	const struct tp_filter_vals *set = &f->v[TP_FF_PID_SET];

	if (any_num(set, e->pid) || cache_has(&f->children, e->pid))
		return true;
	if (!e->has_parent)
		return false;
	if (!any_num(set, e->parent_pid) && !cache_has(&f->children, e->parent_pid))
		return false;
	cache_add(&f->children, e->pid);
	return true;
}

/* caps.go filterSingleCapSet: no filter on a set matches it */
static bool caps_match(const struct tp_filter_caps *fc, uint64_t have)
{
	switch (fc->how) {
	case TP_CAPM_ANY:
		return have & fc->set;
	case TP_CAPM_ALL:
		return (have & fc->set) == fc->set;
	case TP_CAPM_EXACTLY:
		return have == fc->set;
	case TP_CAPM_NONE:
		return !(have & fc->set);
	default:
		return true;
	}
}

static bool caps(const struct tp_filter *f, const struct tp_filter_event *e)
{
	int s;

	if (!e->caps) /* filterByCaps: a process without cap matches nothing */
		return false;
	for (s = 0; s < TP_CAPSET__N; s++)
		if (!caps_match(&f->caps[s], e->caps[s]))
			return false;
	return true;
}

#define HAS(f, id) ((f)->has & (1u << TP_FF_##id))
#define V(f, id)   (&(f)->v[TP_FF_##id])

/*
 * A process not in the cache is Tetragon's GetProcess() == nil: binary_regex,
 * arguments_regex, namespace, pid, pid_set and capabilities (binary_regex.go,
 * arguments_regex.go, namespace.go, pid.go, pidSet.go, caps.go) are false;
 * health_check's canBeHealthCheck(nil) is false, so health_check:false passes.
 */
#define PROC_MISS(f, id, e) (HAS(f, id) && !(e)->has_proc)

static bool match_filter(struct tp_filter *f, const struct tp_filter_event *e)
{
	/* filters.go's Filters, in order; the parent ones false without a parent */
	if (PROC_MISS(f, BINARY_REGEX, e) ||
	    (HAS(f, BINARY_REGEX) && !any_regex(V(f, BINARY_REGEX), e->binary)))
		return false;
	if (HAS(f, PARENT_BINARY_REGEX) &&
	    (!e->has_parent || !any_regex(V(f, PARENT_BINARY_REGEX), e->parent_binary)))
		return false;
	/* health_check.go: no process here is in a pod, so none can be a probe */
	if (HAS(f, HEALTH_CHECK) && f->health_check)
		return false;
	/* namespace.go: a process outside any pod matches "" */
	if (PROC_MISS(f, NAMESPACE, e) || (HAS(f, NAMESPACE) && !any_str(V(f, NAMESPACE), "")))
		return false;
	/* namespace_regex.go: no pod, no match */
	if (HAS(f, NAMESPACE_REGEX))
		return false;
	if (PROC_MISS(f, PID, e) || (HAS(f, PID) && !any_num(V(f, PID), e->pid)))
		return false;
	if (PROC_MISS(f, PID_SET, e) || (HAS(f, PID_SET) && !pid_set(f, e)))
		return false;
	if (HAS(f, EVENT_SET) && !any_num(V(f, EVENT_SET), e->type))
		return false;
	if (PROC_MISS(f, ARGUMENTS_REGEX, e) ||
	    (HAS(f, ARGUMENTS_REGEX) && !any_regex(V(f, ARGUMENTS_REGEX), e->arguments)))
		return false;
	if (HAS(f, PARENT_ARGUMENTS_REGEX) &&
	    (!e->has_parent || !any_regex(V(f, PARENT_ARGUMENTS_REGEX), e->parent_arguments)))
		return false;
	/* pod_regex.go: no pod, no match */
	if (HAS(f, POD_REGEX))
		return false;
	/* policies.go: an event without a policy name matches none */
	if (HAS(f, POLICY_NAMES) && (!*e->policy || !any_str(V(f, POLICY_NAMES), e->policy)))
		return false;
	if (HAS(f, CAPABILITIES) && !caps(f, e))
		return false;
	/* container.go filterByContainerName: no pod, no match */
	if (HAS(f, CONTAINER_NAME_REGEX))
		return false;
	return true;
}

bool tp_filter__pass(struct tp_filter_list *allow, struct tp_filter_list *deny,
		     const struct tp_filter_event *e)
{
	size_t i;
	bool ok = !allow || !allow->n;

	for (i = 0; !ok && i < allow->n; i++)
		ok = match_filter(&allow->f[i], e);
	for (i = 0; ok && deny && i < deny->n; i++)
		ok = !match_filter(&deny->f[i], e);
	return ok;
}

enum tp_filter_event_type tp_filter_event__type(const struct tp_out_event *ev)
{
	switch ((int)ev->type) {
	case TP_EV_EXEC:
		return TP_ET_PROCESS_EXEC;
	case TP_EV_EXIT:
		return TP_ET_PROCESS_EXIT;
	case TP_EV_LOADER:
		return TP_ET_PROCESS_LOADER;
	case TP_OUT_RATE_LIMIT_INFO:
		return TP_ET_RATE_LIMIT_INFO;
	case TP_EV_HOOK:
		break;
	default:
		return TP_ET_UNDEF;
	}
	switch (ev->hook->kind) {
	case TP_HOOK_TRACEPOINT:
		return TP_ET_PROCESS_TRACEPOINT;
	case TP_HOOK_LSM:
		return TP_ET_PROCESS_LSM;
	case TP_HOOK_UPROBE:
		return TP_ET_PROCESS_UPROBE;
	case TP_HOOK_USDT:
		return TP_ET_PROCESS_USDT;
	default:
		return TP_ET_PROCESS_KPROBE;
	}
}

const char *tp_filter_event__type_name(enum tp_filter_event_type t)
{
	/* clang-format off */
	switch (t) {
#define TP_ET_CASE(NAME, NUM, REPORT) case TP_ET_##NAME: return #NAME;
	TP_FILTER_EVENT_TYPES(TP_ET_CASE)
#undef TP_ET_CASE
	}
	/* clang-format on */
	return "UNDEF";
}

bool tp_filter_event__type_is_report(enum tp_filter_event_type t)
{
	/* clang-format off */
	switch (t) {
#define TP_ET_CASE(NAME, NUM, REPORT) case TP_ET_##NAME: return REPORT;
	TP_FILTER_EVENT_TYPES(TP_ET_CASE)
#undef TP_ET_CASE
	}
	/* clang-format on */
	return false;
}

void tp_filter_event__from(const struct tp_out_event *ev, const char *policy,
			   struct tp_filter_event *fe)
{
	const struct tp_process *p = ev->proc, *pp = ev->parent;
	int i;

	memset(fe, 0, sizeof(*fe));
	fe->type = tp_filter_event__type(ev);
	/* what the event prints: a process missing from the cache shows its pid alone */
	fe->has_proc = p != NULL;
	fe->pid = p ? p->pid : ev->pid;
	fe->binary = p && p->binary ? p->binary : "";
	fe->arguments = p && p->arguments ? p->arguments : "";
	/* process.cap, shown with --enable-process-cred when known */
	if (p && p->creds.known && (ev->proc_fields & TP_OUT_PROC_CRED)) {
		for (i = 0; i < TP_CAPSET__N; i++)
			fe->caps_buf[i] = p->creds.caps[i];
		fe->caps = fe->caps_buf;
	}
	fe->has_parent = pp != NULL;
	if (pp) {
		fe->parent_pid = pp->pid;
		fe->parent_binary = pp->binary ? pp->binary : "";
		fe->parent_arguments = pp->arguments ? pp->arguments : "";
	}
	/*
	 * filters.GetPolicyName: kprobe, tracepoint, uprobe and lsm events; a
	 * usdt event's policy_name is not looked at, so it matches no policy_names
	 */
	fe->policy =
	    ev->type == TP_EV_HOOK && fe->type != TP_ET_PROCESS_USDT && policy ? policy : "";
}
