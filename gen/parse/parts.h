/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The parsers of a policy's parts, each reading its nodes into the model. */
#ifndef TP_PARSE_PARTS_H
#define TP_PARSE_PARTS_H

#include "node.h"

/* document.c: the root mapping (apiVersion, kind, metadata, spec). */
void tp_parse_root(struct parser *ps, yaml_node_t *n, struct tp_policy *p);

/* hooks.c: a spec's kprobes, tracepoints or lsmhooks list, appended to p->hooks. */
void tp_parse_hooks(struct parser *ps, yaml_node_t *n, struct tp_policy *p, enum tp_hook_kind kind);
/* spec.fentries: kprobes that attach only through BPF trampolines (fentry, fexit, fmod_ret) */
void tp_parse_fentries(struct parser *ps, yaml_node_t *n, struct tp_policy *p);

/* selectors.c: a hook's selectors list into h->selectors. */
void tp_parse_selectors(struct parser *ps, yaml_node_t *n, struct tp_hook *h);
/*
 * selectors.c: spec.selectorsMacros, a mapping of names to selectors, checked
 * once; selectors that name them in macros: take their filters.
 */
void tp_parse_macros(struct parser *ps, yaml_node_t *n);

/* enforcers.c: spec.enforcers, one TP_HOOK_ENFORCER hook per function, after the other hooks. */
void tp_parse_enforcers(struct parser *ps, yaml_node_t *n, struct tp_policy *p);

/* lists.c: spec.lists; options.c: spec.options. */
void tp_parse_lists(struct parser *ps, yaml_node_t *n, struct tp_policy *p);
void tp_parse_options(struct parser *ps, yaml_node_t *n, struct tp_policy *p);

/*
 * Key k (named in, then key: "spec.", "podSelector") selects Kubernetes objects
 * (podSelector, matchWorkloads, ...): refuse it and say so. false when key is not
 * one of those.
 */
bool tp_parse_kubernetes_only(struct parser *ps, yaml_node_t *k, const char *in, const char *key);

#endif /* TP_PARSE_PARTS_H */
