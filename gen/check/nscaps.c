// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * matchNamespaces and matchCapabilities: namespace kinds, capability sets and
 * names, inode numbers and host_ns, as Tetragon's ParseMatchNamespace and
 * ParseMatchCaps (pkg/selectors/kernel.go) take them.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <tp/nscaps.h>

#include "cap_names.h"
#include "checker.h"

/* clang-format off */
#define NS_NAME(ID, NAME, PROC) NAME,
static const char *const ns_names[TP_NS__N] = { TP_NS_KINDS(NS_NAME) };
#define CAPSET_NAME(ID, NAME) NAME,
static const char *const capset_names[TP_CAPSET__N] = { TP_CAP_SETS(CAPSET_NAME) };
/* clang-format on */

/* Tetragon lower-cases the name before its table lookup: any case goes. */
static int lookup(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; name && i < n; i++)
		if (!strcasecmp(names[i], name))
			return i;
	return -1;
}

static bool op_values(struct checker *c, const char *label, enum tp_op op, const char *op_name,
		      size_t nvalues, struct tp_loc loc)
{
	if (op == TP_OP_NONE)
		return false; /* the parser reported the operator */
	if (!nvalues) {
		hook_err(c, loc, "%s: operator '%s' needs at least one value", label, op_name);
		return false;
	}
	return true;
}

/* An inode number: decimal, 32 bits (strconv.ParseUint(v, 10, 32)). */
static bool inode_number(const struct tp_value *v, uint64_t *out)
{
	char *end;

	if (!v->len || !isdigit((unsigned char)v->str[0]) || strlen(v->str) != v->len)
		return false;
	errno = 0;
	*out = strtoull(v->str, &end, 10);
	return !errno && !*end && *out <= UINT32_MAX;
}

static void check_ns(struct checker *c, struct tp_match_ns *m)
{
	struct tp_loc oloc = tp_check__loc(m->op_loc, m->loc);
	size_t i;

	m->kind = lookup(ns_names, TP_NS__N, m->ns_name);
	if (m->kind < 0)
		hook_err(c, tp_check__loc(m->ns_loc, m->loc),
			 "matchNamespaces: unknown namespace '%s', expected one of Uts, Ipc, Mnt, "
			 "Pid, PidForChildren, Net, Time, TimeForChildren, Cgroup, User",
			 m->ns_name);
	if (!op_values(c, "matchNamespaces", m->op, m->op_name, m->nvalues, oloc))
		return;
	if (m->nvalues > TP_NS_VALUES_MAX) {
		hook_err(c, oloc, "matchNamespaces: at most %d values per filter, as in Tetragon",
			 TP_NS_VALUES_MAX);
		return;
	}
	for (i = 0; i < m->nvalues; i++) {
		struct tp_value *v = &m->values[i];

		if (v->str && !strcmp(v->str, "host_ns"))
			m->host |= 1u << i;
		else if (!inode_number(v, &v->num))
			hook_err(c, tp_check__loc(v->loc, m->loc),
				 "matchNamespaces: value '%s' is neither a namespace inode number "
				 "nor host_ns",
				 v->str ? v->str : "");
	}
}

static void check_cap(struct checker *c, struct tp_match_cap *m, const char *label)
{
	struct tp_loc oloc = tp_check__loc(m->op_loc, m->loc);
	char name[64];
	size_t i, j;

	m->set = m->type ? lookup(capset_names, TP_CAPSET__N, m->type) : TP_CAPSET_EFFECTIVE;
	if (m->set < 0)
		hook_err(c, tp_check__loc(m->type_loc, m->loc),
			 "%s: unknown type '%s', expected Effective, Inheritable or Permitted",
			 label, m->type);
	if (!op_values(c, label, m->op, m->op_name, m->nvalues, oloc))
		return;
	for (i = 0; i < m->nvalues; i++) {
		const struct tp_value *v = &m->values[i];
		const char *s = v->str ? v->str : "";
		int cap;

		/* capsStrToUint64: trimmed, upper-cased, a tetragon.CapabilitiesType name */
		while (isspace((unsigned char)*s))
			s++;
		for (j = 0; s[j] && j + 1 < sizeof(name); j++)
			name[j] = (char)toupper((unsigned char)s[j]);
		while (j && isspace((unsigned char)name[j - 1]))
			j--;
		name[j] = '\0';
		cap = s[j] && !isspace((unsigned char)s[j]) ? -1 : tp_cap_number(name);
		if (cap < 0 || cap > 63)
			hook_err(c, tp_check__loc(v->loc, m->loc), "%s: unknown capability '%s'",
				 label, v->str ? v->str : "");
		else
			m->mask |= (uint64_t)1 << cap;
	}
}

/* matchNamespaceChanges: namespace kinds (ParseMatchNamespaceChange); one filter. */
static void check_ns_change(struct checker *c, struct tp_match_ns_change *m)
{
	size_t i;
	int kind;

	if (m->op == TP_OP_NONE)
		return; /* the parser reported the operator */
	for (i = 0; i < m->nvalues; i++) {
		kind = lookup(ns_names, TP_NS__N, m->values[i].str);
		if (kind < 0)
			hook_err(c, tp_check__loc(m->values[i].loc, m->loc),
				 "matchNamespaceChanges: unknown namespace '%s'",
				 m->values[i].str ? m->values[i].str : "");
		else
			m->kinds |= 1u << kind;
	}
}

/*
 * Tetragon writes every filter of these lists but its BPF reads the first
 * (selector_process_filter, bpf/process/pfilter.h); ParseMatchNamespaceChanges
 * refuses a second one.
 */
static void only_one(struct checker *c, struct tp_loc second, const char *label)
{
	hook_err(c, second, "%s: a second filter is not supported (Tetragon checks only the first)",
		 label);
}

void tp_check__nscaps(struct checker *c, struct tp_selector *s)
{
	size_t i;

	for (i = 0; i < s->nns; i++)
		check_ns(c, &s->ns[i]);
	for (i = 0; i < s->ncaps; i++)
		check_cap(c, &s->caps[i], "matchCapabilities");
	for (i = 0; i < s->nns_changes; i++)
		check_ns_change(c, &s->ns_changes[i]);
	for (i = 0; i < s->ncap_changes; i++)
		check_cap(c, &s->cap_changes[i], "matchCapabilityChanges");
	if (s->ncaps > 1)
		only_one(c, s->caps[1].loc, "matchCapabilities");
	if (s->nns_changes > 1)
		only_one(c, s->ns_changes[1].loc, "matchNamespaceChanges");
	if (s->ncap_changes > 1)
		only_one(c, s->cap_changes[1].loc, "matchCapabilityChanges");
}
