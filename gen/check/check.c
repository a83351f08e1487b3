// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The checker's driver: the policy's name and options, then each hook's
 * target, args, message, tags and selectors, reporting every problem found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "checker.h"
#include "kbtf.h"
#include "tracefs.h"
#include "vocab.h"

#define POLICY_NAME_MAX 253
#define MESSAGE_MIN	2
#define MESSAGE_MAX	256
#define TAGS_MAX	16
#define TAG_MIN		2

static void check_policy_name(struct checker *c)
{
	const char *name = c->p->name, *s;
	size_t len;

	if (!name)
		return; /* the parser reported the missing metadata.name */
	len = strlen(name);
	if (!len) {
		tp_diag__error(c->d, c->p->loc, "policy name is empty");
		return;
	}
	if (len > POLICY_NAME_MAX)
		tp_diag__error(c->d, c->p->loc, "policy name is longer than %d characters",
			       POLICY_NAME_MAX);
	for (s = name; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-')) {
			tp_diag__error(c->d, c->p->loc,
				       "policy name '%.64s' is invalid: use only A-Z a-z 0-9 . _ -",
				       name);
			break;
		}
	}
}

static void check_kprobe_target(struct checker *c)
{
	struct tp_hook *h = c->h;

	if (!h->call)
		return; /* the parser reported the missing call */
	if (!strncmp(h->call, "list:", strlen("list:"))) {
		tp_check__list_target(c);
		return;
	}
	if (!h->syscall) {
		tp_check__kfunc_target(c);
		return;
	}
	tp_check__syscall_target(c);
}

static void check_message_tags(struct checker *c)
{
	struct tp_hook *h = c->h;
	size_t i, len;

	if (h->message) {
		len = strlen(h->message);
		if (len < MESSAGE_MIN || len > MESSAGE_MAX)
			hook_err(c, h->loc, "message must be %d to %d characters long, not %zu",
				 MESSAGE_MIN, MESSAGE_MAX, len);
	}
	if (h->ntags > TAGS_MAX)
		hook_err(c, h->loc, "%zu tags, at most %d are allowed", h->ntags, TAGS_MAX);
	for (i = 0; i < h->ntags; i++) {
		if (h->tags[i] && strlen(h->tags[i]) < TAG_MIN)
			hook_err(c, h->loc, "tag '%s' is shorter than %d characters", h->tags[i],
				 TAG_MIN);
	}
}

static int hook_what(struct tp_hook *h, char **what)
{
	if (h->kind == TP_HOOK_TRACEPOINT)
		return asprintf(what, "tracepoint '%s/%s'", h->subsystem ? h->subsystem : "?",
				h->event ? h->event : "?");
	if (h->kind == TP_HOOK_LSM)
		return asprintf(what, "lsmhook '%s'", h->call ? h->call : "?");
	if (h->kind == TP_HOOK_UPROBE)
		return asprintf(what, "uprobe '%s'", h->call ? h->call : "?");
	if (h->kind == TP_HOOK_LOADER)
		return asprintf(what, "loader");
	if (h->kind == TP_HOOK_USDT)
		return asprintf(what, "usdt '%s:%s'", h->subsystem ? h->subsystem : "?",
				h->event ? h->event : "?");
	if (h->kind == TP_HOOK_ENFORCER)
		return asprintf(what, "enforcer '%s'", h->call ? h->call : "?");
	return asprintf(what, "%s '%s'", h->fentry ? "fentry" : "kprobe", h->call ? h->call : "?");
}

/*
 * A fentries hook overrides through fmod_ret only, never a kprobe's
 * bpf_override_return: an override-method that asks for it is refused at its line.
 */
static void check_fentry_override(struct checker *c)
{
	size_t i;

	for (i = 0; i < c->p->noptions; i++) {
		const struct tp_option *o = &c->p->options[i];

		if (o->name && o->value && !strcmp(o->name, "override-method") &&
		    !strcmp(o->value, "override-return"))
			hook_err(c, o->loc,
				 "option override-method: override-return is not supported with "
				 "fentries (a fentries hook overrides through fmod_ret only)");
	}
}

static void check_hook(struct checker *c, struct tp_hook *h)
{
	size_t i;

	c->h = h;
	c->sys_nargs = -1;
	memset(c->sys_ktypes, 0, sizeof(c->sys_ktypes));
	c->list_typed = 0;
	if (hook_what(h, &c->what) < 0) {
		c->what = NULL;
		tp_diag__error(c->d, h->loc, "out of memory");
		return;
	}
	/* checker-owned fields: a second check starts afresh */
	free(h->function_name);
	free(h->syscall_name);
	h->function_name = NULL;
	h->syscall_name = NULL;

	c->have_proto = false;
	for (i = 0; i < h->nfuncs; i++)
		free(h->funcs[i]);
	free(h->funcs);
	h->funcs = NULL;
	h->nfuncs = 0;
	h->override = false;
	h->no_kprobe_multi = c->opts.no_kprobe_multi;
	h->override_method = c->opts.override_method;
	h->monitor = c->opts.monitor;

	if (h->kind == TP_HOOK_KPROBE) {
		check_kprobe_target(c);
		tp_check__kprobe_args(c);
		tp_check__return_arg(c);
		tp_check__ret_ktype(c);
	} else if (h->kind == TP_HOOK_LSM) {
		tp_check__lsm_target(c);
		tp_check__kprobe_args(c);
	} else if (h->kind == TP_HOOK_TRACEPOINT) {
		tp_check__tracepoint(c);
	} else if (h->kind == TP_HOOK_UPROBE) {
		tp_check__uprobe_target(c);
		tp_check__kprobe_args(c);
		tp_check__return_arg(c);
	} else if (h->kind == TP_HOOK_USDT) {
		tp_check__usdt_target(c);
		tp_check__kprobe_args(c);
	} else if (h->kind == TP_HOOK_ENFORCER) {
		tp_check__enforcer_target(c);
	} else if (h->kind == TP_HOOK_LOADER) {
		tp_check__loader(c);
	}
	tp_check__arg_keys(c);
	tp_check__ima_hash(c);
	check_message_tags(c);
	for (i = 0; i < h->nselectors; i++)
		tp_check__selector(c, &h->selectors[i]);
	if (h->fentry && h->override)
		check_fentry_override(c);
	tp_check__reg_data(c);

	free(c->what);
	c->what = NULL;
	c->h = NULL;
}

int tp_policy__check(struct tp_policy *p, const struct tp_target *t, struct tp_diag *d)
{
	struct checker c = { .p = p, .t = t, .d = d };
	int before = d->errors;
	size_t i;
	int e;

	/* the target's BTF instead of this machine's (tpgen --btf) */
	if (!t->btf != !tp_kbtf__file() || (t->btf && strcmp(tp_kbtf__file(), t->btf))) {
		e = tp_kbtf__use_file(t->btf);
		if (e) {
			tp_diag__error(d, p->loc, "cannot read the kernel BTF in %s: %s", t->btf,
				       strerror(-e));
			return d->errors - before;
		}
	}
	check_policy_name(&c);
	tp_check__options(&c);
	if (!p->nhooks)
		tp_diag__error(d, p->loc, "policy has no hooks");
	for (i = 0; i < p->nhooks; i++)
		check_hook(&c, &p->hooks[i]);
	tp_check__enforcers(p, c.opts.monitor);
	return d->errors - before;
}

void tp_target__set_arch(struct tp_target *t, enum tp_arch arch)
{
	const char *prefix = tp_arch__syscall_prefix(arch);

	t->arch = arch;
	t->arch_prefix = prefix ? prefix : "";
}

void tp_target__init_host(struct tp_target *t)
{
	t->tracefs = tp_tracefs__root();
	t->btf = NULL;
	t->ftrace_functions = NULL;
	tp_target__set_arch(t, tp_arch__host());
}
