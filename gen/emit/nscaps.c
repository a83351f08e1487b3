// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * matchNamespaces and matchCapabilities as functions bool name(void): the
 * current task's namespace or capability set against the policy's constants
 * (host_ns: against tp_host_ns, which tprun fills before load). A selector's
 * filters all pass for it to match; in a filter, In passes when one value
 * matches (a capability: when one of the listed capabilities is in the set),
 * NotIn when none does, as Tetragon's selector_match and
 * process_filter_capabilities (bpf/process/pfilter.h) decide.
 */
#include <inttypes.h>
#include <stdio.h>

#include <tp/nscaps.h>

#include "parts.h"

/* clang-format off */
#define NS_ID(ID, NAME, PROC) "TP_NS_" #ID,
static const char *const ns_ids[TP_NS__N] = { TP_NS_KINDS(NS_ID) };
#define NS_NAME(ID, NAME, PROC) NAME,
static const char *const ns_names[TP_NS__N] = { TP_NS_KINDS(NS_NAME) };
#define CAPSET_ID(ID, NAME) "TP_CAPSET_" #ID,
static const char *const capset_ids[TP_CAPSET__N] = { TP_CAP_SETS(CAPSET_ID) };
#define CAPSET_NAME(ID, NAME) NAME,
static const char *const capset_names[TP_CAPSET__N] = { TP_CAP_SETS(CAPSET_NAME) };
/* clang-format on */

static void open_fn(struct tp_emitter *e, const char *name)
{
	tp_emitter__line(e, "static __always_inline bool %s(void)", name);
	tp_emitter__line(e, "{");
	e->indent++;
}

static void close_fn(struct tp_emitter *e)
{
	e->indent--;
	tp_emitter__line(e, "}");
	tp_emitter__blank(e);
}

static void ns_fn(struct tp_emitter *e, const struct tp_lhook *lh, size_t s, size_t i)
{
	const struct tp_match_ns *m = &lh->sels[s].ns[i];
	bool neg = tp_op__info(m->op)->negate;
	const char *id = ns_ids[m->kind];
	struct tp_terms t = { 0 };
	char name[TP_NAME_MAX];
	size_t j;

	for (j = 0; j < m->nvalues; j++) {
		if (m->host & (1u << j))
			tp_terms__add(&t, "inum %s tp_host_ns[%s]", neg ? "!=" : "==", id);
		else
			tp_terms__add(&t, "inum %s %" PRIu64, neg ? "!=" : "==", m->values[j].num);
	}
	tp_emitter__line(e, "/* hook %d, selector %zu, matchNamespaces[%zu]: %s %s, %zu value%s */",
			 lh->id, s, i, ns_names[m->kind], tp_op__info(m->op)->name, m->nvalues,
			 m->nvalues == 1 ? "" : "s");
	open_fn(e, tp_emit__filter_name(name, sizeof(name), lh, s, "ns", (int)i));
	tp_emitter__line(e, "__u32 inum = tp_ns_inum(%s);", id);
	tp_emitter__blank(e);
	tp_emitter__join(e, "return ", &t, neg ? "&&" : "||", ";");
	close_fn(e);
	tp_terms__free(&t);
}

static void cap_fn(struct tp_emitter *e, const struct tp_lhook *lh, size_t s, size_t i)
{
	const struct tp_match_cap *m = &lh->sels[s].caps[i];
	char name[TP_NAME_MAX];

	tp_emitter__line(e, "/* hook %d, selector %zu, matchCapabilities[%zu]: %s %s%s */", lh->id,
			 s, i, capset_names[m->set], tp_op__info(m->op)->name,
			 m->is_ns ? ", isNamespaceCapability" : "");
	open_fn(e, tp_emit__filter_name(name, sizeof(name), lh, s, "caps", (int)i));
	if (m->is_ns) {
		tp_emitter__line(e, "if (tp_in_host_userns())");
		tp_emitter__line(e, "\treturn false;");
	}
	tp_emitter__line(e, "return (tp_caps(%s) & 0x%" PRIx64 "ULL) %s 0;", capset_ids[m->set],
			 m->mask, tp_op__info(m->op)->negate ? "==" : "!=");
	close_fn(e);
}

static void open_proc_fn(struct tp_emitter *e, const char *name)
{
	tp_emitter__line(e, "static __always_inline bool %s(const struct tp_proc *proc)", name);
	tp_emitter__line(e, "{");
	e->indent++;
	tp_emitter__line(e, "if (!proc)");
	tp_emitter__line(e, "\treturn false;");
}

/* In: one of the kinds listed changed; NotIn: one of the others did. */
static void ns_change_fn(struct tp_emitter *e, const struct tp_lhook *lh, size_t s, size_t i)
{
	const struct tp_match_ns_change *m = &lh->sels[s].ns_changes[i];
	bool neg = tp_op__info(m->op)->negate;
	struct tp_terms t = { 0 };
	char name[TP_NAME_MAX];
	int k;

	for (k = 0; k < TP_NS__N; k++)
		if (!!(m->kinds & (1u << k)) != neg)
			tp_terms__add(&t, "tp_ns_changed(proc, %s)", ns_ids[k]);
	tp_emitter__line(
	    e, "/* hook %d, selector %zu, matchNamespaceChanges[%zu]: %s, %zu value%s */", lh->id,
	    s, i, tp_op__info(m->op)->name, m->nvalues, m->nvalues == 1 ? "" : "s");
	open_proc_fn(e, tp_emit__filter_name(name, sizeof(name), lh, s, "nschg", (int)i));
	if (t.n)
		tp_emitter__join(e, "return ", &t, "||", ";");
	else
		tp_emitter__line(e, "return false;");
	close_fn(e);
	tp_terms__free(&t);
}

static void cap_change_fn(struct tp_emitter *e, const struct tp_lhook *lh, size_t s, size_t i)
{
	const struct tp_match_cap *m = &lh->sels[s].cap_changes[i];
	char name[TP_NAME_MAX];

	tp_emitter__line(e, "/* hook %d, selector %zu, matchCapabilityChanges[%zu]: %s %s%s */",
			 lh->id, s, i, capset_names[m->set], tp_op__info(m->op)->name,
			 m->is_ns ? ", isNamespaceCapability" : "");
	open_proc_fn(e, tp_emit__filter_name(name, sizeof(name), lh, s, "capchg", (int)i));
	if (m->is_ns) {
		tp_emitter__line(e, "if (tp_in_host_userns())");
		tp_emitter__line(e, "\treturn false;");
	}
	tp_emitter__line(e, "return tp_caps_changed(proc, %s, 0x%" PRIx64 "ULL, %s);",
			 capset_ids[m->set], m->mask,
			 tp_op__info(m->op)->negate ? "true" : "false");
	close_fn(e);
}

void tp_emit__nscaps_fns(struct tp_emitter *e, const struct tp_lhook *lh, size_t s)
{
	size_t i;

	for (i = 0; i < lh->sels[s].nns; i++)
		ns_fn(e, lh, s, i);
	for (i = 0; i < lh->sels[s].ncaps; i++)
		cap_fn(e, lh, s, i);
	for (i = 0; i < lh->sels[s].nns_changes; i++)
		ns_change_fn(e, lh, s, i);
	for (i = 0; i < lh->sels[s].ncap_changes; i++)
		cap_change_fn(e, lh, s, i);
}

bool tp_emit__has_changes(const struct tp_lhook *lh)
{
	size_t s;

	for (s = 0; s < lh->nsels; s++)
		if (lh->sels[s].nns_changes || lh->sels[s].ncap_changes)
			return true;
	return false;
}

bool tp_emit__has_nscaps(const struct tp_lhook *lh)
{
	size_t s;

	for (s = 0; s < lh->nsels; s++)
		if (lh->sels[s].nns || lh->sels[s].ncaps)
			return true;
	return tp_emit__has_changes(lh);
}

void tp_emit__changes_record(struct tp_emitter *e, const struct tp_lselector *ls)
{
	if (!ls->nns_changes && !ls->ncap_changes)
		return;
	tp_emitter__line(e, "if (proc) {");
	tp_emitter__line(e, "\tstruct task_struct *task = (void *)bpf_get_current_task();");
	tp_emitter__blank(e);
	if (ls->nns_changes)
		tp_emitter__line(e, "\ttp_proc_ns_record(proc, task);");
	if (ls->ncap_changes)
		tp_emitter__line(e, "\ttp_proc_caps_record(proc, task);");
	tp_emitter__line(e, "}");
}
