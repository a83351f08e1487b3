// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The document: apiVersion, kind, metadata and spec. */
#include "node.h"
#include "parts.h"

#define TP_API_VERSION "cilium.io/v1alpha1"

enum {
	SP_KPROBES,
	SP_TRACEPOINTS,
	SP_LSMHOOKS,
	SP_UPROBES,
	SP_USDTS,
	SP_FENTRIES,
	SP_LISTS,
	SP_OPTIONS,
	SP_ENFORCERS,
	SP_MACROS,
	SP_LOADER,
	SP__SUPPORTED
};
static const char *const spec_keys[] = {
	"kprobes",
	"tracepoints",
	"lsmhooks",
	"uprobes",
	"usdts",
	"fentries",
	"lists",
	"options",
	"enforcers",
	"selectorsMacros",
	"loader",
	/* Kubernetes only: refused with what they select */
	"podSelector",
	"containerSelector",
	"hostSelector",
	"nodeSelector",
};
#define SPEC_NKEYS ((int)(sizeof(spec_keys) / sizeof(spec_keys[0])))

/* What each Kubernetes-only key selects (Tetragon's pkg/k8s/apis/cilium.io/v1alpha1). */
static const struct {
	const char *key, *selects;
} kubernetes_keys[] = {
	{ "podSelector", "pods by their labels" },
	{ "containerSelector", "the containers of pods by their names" },
	{ "hostSelector", "the node's own processes as opposed to its pods" },
	{ "nodeSelector", "nodes by their labels" },
	{ "matchWorkloads", "pods and containers by their labels" },
};

bool tp_parse_kubernetes_only(struct parser *ps, yaml_node_t *k, const char *in, const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(kubernetes_keys) / sizeof(kubernetes_keys[0]); i++)
		if (!strcmp(key, kubernetes_keys[i].key)) {
			parse_err(ps, k,
				  "%s%s is not supported: it selects Kubernetes objects (%s), "
				  "which an appliance does not have",
				  in, key, kubernetes_keys[i].selects);
			return true;
		}
	return false;
}

struct spec_ctx {
	struct tp_policy *p;
	yaml_node_t *hooks[6]; /* kprobes, tracepoints, lsmhooks, uprobes, usdts, fentries */
	yaml_node_t *enforcers;
	yaml_node_t *macros; /* selectorsMacros */
	yaml_node_t *loader; /* loader: true, the key */
};

static void spec_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct spec_ctx *x = ctx;
	bool on = false;

	if (key >= SP__SUPPORTED && tp_parse_kubernetes_only(ps, k, "spec.", spec_keys[key]))
		return;
	else if (key >= SP__SUPPORTED)
		parse_err(ps, k, "spec.%s is not supported yet", spec_keys[key]);
	else if (key == SP_MACROS)
		x->macros = v; /* read before the hooks, whose selectors use them */
	else if (key == SP_LOADER)
		x->loader = tp_parse_bool(ps, v, &on) && on ? k : NULL;
	else if (!tp_parse_want_seq(ps, v))
		return;
	else if (key == SP_LISTS)
		tp_parse_lists(ps, v, x->p);
	else if (key == SP_OPTIONS)
		tp_parse_options(ps, v, x->p);
	else if (key == SP_ENFORCERS)
		x->enforcers = v; /* after the lists its calls name */
	else
		x->hooks[key] = v; /* parsed once all are known: p->hooks holds them all */
}

/*
 * loader: true is two more hooks, the last: Tetragon's loader sensor
 * (pkg/sensors/tracing/loader_linux.go), which has no keys of its own, sees
 * a file mapped executable by mmap(2) or made executable by mprotect(2)
 * (mprotect_fixup() tells perf too); a hook on each syscall's tracepoints.
 */
static void parse_loader(struct parser *ps, yaml_node_t *k, struct tp_hook *h, const char *syscall)
{
	h->kind = TP_HOOK_LOADER;
	h->loc = node_loc(k);
	h->call = strdup("loader");
	h->event = strdup(syscall);
	if (!h->call || !h->event)
		parse_err(ps, k, "out of memory");
}

static void parse_spec(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	struct spec_ctx x = { p, { NULL }, NULL, NULL, NULL };
	uint64_t seen;

	if (!tp_parse_map(ps, n, spec_keys, SPEC_NKEYS, "spec", spec_pair, &x, &seen))
		return;
	if (x.macros)
		tp_parse_macros(ps, x.macros);
	p->hooks =
	    tp_parse_calloc(ps,
			    nitems(x.hooks[0]) + nitems(x.hooks[1]) + nitems(x.hooks[2]) +
				nitems(x.hooks[3]) + nitems(x.hooks[4]) + nitems(x.hooks[5]) + 2,
			    sizeof(*p->hooks));
	tp_parse_hooks(ps, x.hooks[SP_KPROBES], p, TP_HOOK_KPROBE);
	tp_parse_hooks(ps, x.hooks[SP_TRACEPOINTS], p, TP_HOOK_TRACEPOINT);
	tp_parse_hooks(ps, x.hooks[SP_LSMHOOKS], p, TP_HOOK_LSM);
	tp_parse_hooks(ps, x.hooks[SP_UPROBES], p, TP_HOOK_UPROBE);
	tp_parse_hooks(ps, x.hooks[SP_USDTS], p, TP_HOOK_USDT);
	tp_parse_fentries(ps, x.hooks[SP_FENTRIES], p);
	if (x.loader && p->hooks) {
		parse_loader(ps, x.loader, &p->hooks[p->nhooks++], "mmap");
		parse_loader(ps, x.loader, &p->hooks[p->nhooks++], "mprotect");
	}
	if (x.enforcers && !ps->err)
		tp_parse_enforcers(ps, x.enforcers, p);
}

enum { MD_NAME, MD__N };
static const char *const metadata_keys[MD__N] = { "name" };

/* labels, annotations, namespace, ...: Kubernetes' business */
static void metadata_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct tp_policy *p = ctx;

	p->name = tp_parse_str(ps, v);
	p->name_loc = node_loc(v);
}

enum { R_API_VERSION, R_KIND, R_METADATA, R_SPEC, R__N };
static const char *const root_keys[R__N] = { "apiVersion", "kind", "metadata", "spec" };

static void root_pair(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v, void *ctx)
{
	struct tp_policy *p = ctx;
	uint64_t seen;

	switch (key) {
	case R_API_VERSION:
		p->api_version = tp_parse_str(ps, v);
		if (p->api_version && !scalar_is(v, TP_API_VERSION))
			parse_err(ps, v, "unsupported apiVersion '%s': expected '%s'",
				  tp_parse_text(ps, v), TP_API_VERSION);
		break;
	case R_KIND:
		p->kind = tp_parse_str(ps, v);
		if (p->kind && scalar_is(v, "TracingPolicyNamespaced"))
			/* Tetragon applies it to the pods of metadata.namespace only */
			parse_err(ps, v,
				  "kind TracingPolicyNamespaced is not supported: it applies to "
				  "the pods of a Kubernetes namespace, and tpgen has no pods");
		else if (p->kind && !scalar_is(v, "TracingPolicy"))
			parse_err(ps, v, "unsupported kind '%s': expected 'TracingPolicy'",
				  tp_parse_text(ps, v));
		break;
	case R_METADATA:
		if (tp_parse_map(ps, v, metadata_keys, MD__N, NULL, metadata_pair, p, &seen))
			tp_parse_require(ps, v, seen, BIT(MD_NAME), metadata_keys, "metadata");
		break;
	default:
		parse_spec(ps, v, p);
		break;
	}
}

void tp_parse_root(struct parser *ps, yaml_node_t *n, struct tp_policy *p)
{
	uint64_t seen;

	p->loc = node_loc(n);
	if (tp_parse_map(ps, n, root_keys, R__N, "policy", root_pair, p, &seen))
		tp_parse_require(ps, n, seen, BIT(R__N) - 1, root_keys, "policy");
}
