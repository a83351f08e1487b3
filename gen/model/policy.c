// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdlib.h>

#include "policy.h"

void tp_values__free(struct tp_value *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].str);
	free(v);
}

void tp_arg__free(struct tp_arg *a)
{
	free(a->type_name);
	free(a->label);
	free(a->field_name);
	free(a->resolve);
	free(a->btf_type);
	tp_resolve__free(a->res);
}

void tp_resolve__free(struct tp_resolve *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nsteps; i++)
		free(r->steps[i].member);
	free(r->steps);
	free(r->root);
	free(r);
}

/*
 * Free the TP_FILTER_ENTRY part of each of the n entries of list, then
 * list: every filter list of a selector is made of them.
 */
#define FREE_ENTRIES(list, n)                                                   \
	do {                                                                    \
		size_t i_;                                                      \
		for (i_ = 0; i_ < (n); i_++) {                                  \
			free((list)[i_].op_name);                               \
			tp_values__free((list)[i_].values, (list)[i_].nvalues); \
		}                                                               \
		free(list);                                                     \
	} while (0)

static void actions_free(struct tp_action_spec *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].name);
		free(a[i].rate_limit);
		free(a[i].rate_limit_scope);
		free(a[i].arg_str);
	}
	free(a);
}

void tp_selector__free(struct tp_selector *s)
{
	size_t i;

	for (i = 0; i < s->nns; i++)
		free(s->ns[i].ns_name);
	for (i = 0; i < s->ncaps; i++)
		free(s->caps[i].type);
	for (i = 0; i < s->ncap_changes; i++)
		free(s->cap_changes[i].type);
	FREE_ENTRIES(s->ns_changes, s->nns_changes);
	FREE_ENTRIES(s->cap_changes, s->ncap_changes);
	FREE_ENTRIES(s->ns, s->nns);
	FREE_ENTRIES(s->caps, s->ncaps);
	FREE_ENTRIES(s->args, s->nargs);
	FREE_ENTRIES(s->ret_args, s->nret_args);
	FREE_ENTRIES(s->data, s->ndata);
	FREE_ENTRIES(s->pids, s->npids);
	FREE_ENTRIES(s->binaries, s->nbinaries);
	FREE_ENTRIES(s->parent_binaries, s->nparent_binaries);
	actions_free(s->actions, s->nactions);
	actions_free(s->ret_actions, s->nret_actions);
	free(s->unsupported);
}

void tp_hook__free(struct tp_hook *h)
{
	size_t i;

	free(h->call);
	tp_arg__free(&h->ret_arg);
	free(h->subsystem);
	free(h->event);
	for (i = 0; i < h->nsymbols; i++)
		free(h->symbols[i]);
	free(h->symbols);
	free(h->offsets);
	free(h->addrs);
	free(h->btf_path);
	free(h->ref_ctr_offsets);
	for (i = 0; i < h->nargs; i++)
		tp_arg__free(&h->args[i]);
	free(h->args);
	free(h->message);
	for (i = 0; i < h->ntags; i++)
		free(h->tags[i]);
	free(h->tags);
	for (i = 0; i < h->nselectors; i++)
		tp_selector__free(&h->selectors[i]);
	free(h->selectors);
	free(h->function_name);
	free(h->syscall_name);
	for (i = 0; i < h->nfuncs; i++)
		free(h->funcs[i]);
	free(h->funcs);
}

void tp_policy__free(struct tp_policy *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nhooks; i++)
		tp_hook__free(&p->hooks[i]);
	free(p->hooks);
	for (i = 0; i < p->nlists; i++) {
		free(p->lists[i].name);
		free(p->lists[i].type);
		free(p->lists[i].pattern);
		tp_values__free(p->lists[i].values, p->lists[i].nvalues);
	}
	free(p->lists);
	for (i = 0; i < p->noptions; i++) {
		free(p->options[i].name);
		free(p->options[i].value);
	}
	free(p->options);
	for (i = 0; i < p->nmembers; i++)
		tp_policy__free(p->members[i]);
	free(p->members);
	free(p->name);
	free(p->kind);
	free(p->api_version);
	free(p->source);
	free(p->path);
	free(p);
}

int tp_hook__return_copy_pos(const struct tp_hook *h)
{
	size_t i;

	if (h->kind != TP_HOOK_KPROBE)
		return -1;
	for (i = 0; i < h->nargs; i++)
		if (h->args[i].return_copy)
			return (int)i;
	return -1;
}

bool tp_hook__has_exit(const struct tp_hook *h)
{
	return (h->kind == TP_HOOK_KPROBE || h->kind == TP_HOOK_UPROBE) &&
	       (h->ret || tp_hook__return_copy_pos(h) >= 0);
}

const struct tp_arg *tp_hook__reg_arg(const struct tp_hook *h)
{
	size_t i;

	for (i = 0; i < h->nargs; i++)
		if (h->args[i].data && h->args[i].pt_regs)
			return &h->args[i];
	return NULL;
}
