// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The document: apiVersion, kind, metadata and spec. */
#include "node.h"
#include "parts.h"

#define TP_API_VERSION "cilium.io/v1alpha1"

/* --- policy ---------------------------------------------------------------- */

enum { SP_KPROBES, SP_TRACEPOINTS, SP_LSMHOOKS, SP_LISTS, SP_OPTIONS, SP__SUPPORTED };
static const char *const spec_keys[] = {
    "kprobes",
    "tracepoints",
    "lsmhooks",
    "lists",
    "options",
    /* known to Tetragon, not implemented here yet */
    "uprobes",
    "usdts",
    "fentries",
    "enforcers",
    "loader",
    "selectorsMacros",
    "podSelector",
    "containerSelector",
    "hostSelector",
    "nodeSelector",
};
#define SPEC_NKEYS ((int)(sizeof(spec_keys) / sizeof(spec_keys[0])))

static void parse_spec(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	yaml_node_t *k, *v, *kp = NULL, *tp = NULL, *lsm = NULL;
	uint64_t seen = 0;
	size_t i;
	int key;

	if (!tp_parse_want_map(ps, n))
		return;
	for_each_pair(ps, n, i, k, v)
	{
		key = tp_parse_key(ps, k, spec_keys, SPEC_NKEYS, &seen, "spec");
		if (key == SP_KPROBES && tp_parse_want_seq(ps, v))
			kp = v;
		else if (key == SP_TRACEPOINTS && tp_parse_want_seq(ps, v))
			tp = v;
		else if (key == SP_LSMHOOKS && tp_parse_want_seq(ps, v))
			lsm = v;
		else if (key == SP_LISTS && tp_parse_want_seq(ps, v))
			tp_parse_lists(ps, v, p);
		else if (key == SP_OPTIONS && tp_parse_want_seq(ps, v))
			tp_parse_options(ps, v, p);
		else if (key >= SP__SUPPORTED)
			parse_err(ps, k, "spec.%s is not supported yet", spec_keys[key]);
	}
	p->hooks = tp_parse_calloc(ps, nitems(kp) + nitems(tp) + nitems(lsm), sizeof(*p->hooks));
	tp_parse_hooks(ps, kp, p, TP_HOOK_KPROBE);
	tp_parse_hooks(ps, tp, p, TP_HOOK_TRACEPOINT);
	tp_parse_hooks(ps, lsm, p, TP_HOOK_LSM);
}

enum { MD_NAME, MD__N };
static const char *const metadata_keys[MD__N] = {"name"};

static void parse_metadata(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i;

	if (!tp_parse_want_map(ps, n))
		return;
	/* labels, annotations, namespace, ...: Kubernetes' business */
	for_each_pair(ps, n, i, k, v)
	{
		if (tp_parse_key(ps, k, metadata_keys, MD__N, &seen, NULL) == MD_NAME)
			p->name = tp_parse_str(ps, v);
	}
	if (!ps->err && !(seen & BIT(MD_NAME)))
		parse_err(ps, n, "missing required key 'name' in metadata");
}

enum { R_API_VERSION, R_KIND, R_METADATA, R_SPEC, R__N };
static const char *const root_keys[R__N] = {"apiVersion", "kind", "metadata", "spec"};

void tp_parse_root(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	yaml_node_t *k, *v;
	uint64_t seen = 0;
	size_t i;

	p->loc = node_loc(n);
	if (!tp_parse_want_map(ps, n))
		return;
	for_each_pair(ps, n, i, k, v)
	{
		switch (tp_parse_key(ps, k, root_keys, R__N, &seen, "policy")) {
		case R_API_VERSION:
			p->api_version = tp_parse_str(ps, v);
			if (p->api_version && !scalar_is(v, TP_API_VERSION))
				parse_err(ps, v, "unsupported apiVersion '%s': expected '%s'",
				     tp_parse_text(ps, v), TP_API_VERSION);
			break;
		case R_KIND:
			p->kind = tp_parse_str(ps, v);
			if (p->kind && !scalar_is(v, "TracingPolicy") &&
			    !scalar_is(v, "TracingPolicyNamespaced"))
				parse_err(ps, v,
				     "unsupported kind '%s': expected 'TracingPolicy' or "
				     "'TracingPolicyNamespaced'",
				     tp_parse_text(ps, v));
			break;
		case R_METADATA:
			parse_metadata(ps, v, p);
			break;
		case R_SPEC:
			parse_spec(ps, v, p);
			break;
		}
	}
	for (i = 0; !ps->err && i < R__N; i++)
		if (!(seen & BIT(i)))
			parse_err(ps, n, "missing required key '%s' in policy", root_keys[i]);
}
