// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The hook table tprun reads: per hook what it is, how to print it, and which
 * programs implement which attach variant, best first.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tp/event.h>

#include "check/check.h"
#include "emit/variants.h"

#include "meta_build.h"
#include "meta_write.h"
#include "vocab.h"

/* The names a hook's views point to, until the writer has copied them. */
struct hook_names {
	char call[512];	     /* tracepoints: "subsys/event" (tracefs names) */
	char tp[2][160];     /* a syscall's "syscalls/sys_enter_NAME" and exit */
	char prog[4][2][64]; /* per variant: entry and exit programs */
	char *funcs;	     /* a list's functions, one per line (allocated) */
};

/* A list's functions, one per line: every variant of a list targets them all. */
static char *join_funcs(const struct tp_hook *h)
{
	size_t len = 1, i;
	char *b, *p;

	for (i = 0; i < h->nfuncs; i++)
		len += strlen(h->funcs[i]) + 1;
	b = malloc(len);
	if (!b)
		return NULL;
	for (p = b, i = 0; i < h->nfuncs; i++)
		p += sprintf(p, "%s%s", i ? "\n" : "", h->funcs[i]);
	*p = 0;
	return b;
}

/* Bytes of an arg an event holds at most (a string's NUL not counted). */
/* .tp.meta's max_len: the bytes captured at most, a string's NUL left out */
static uint32_t capture_max(enum tp_arg_type t)
{
	const struct tp_arg_type_info *ti = tp_arg_type__info(t);

	return tp_arg_type__capture_bytes(t) - (ti && ti->capture == TP_CAPT_STR);
}

static void arg_view(const struct tp_arg *a, struct tp_meta_arg_view *v)
{
	memset(v, 0, sizeof(*v));
	v->index = a->index;
	v->type = a->type;
	v->label = a->label ? a->label : "";
	v->size_arg = a->size_arg_index;
	v->max_len = a->max_data ? TP_MAX_DATA : capture_max(a->type);
	v->flags = a->return_copy ? TP_ARGF_META_RETURN_COPY : 0;
	if (a->res)
		v->flags |= TP_ARGF_META_RESOLVE;
	if (a->data)
		v->flags |= TP_ARGF_META_DATA;
	v->field_name = a->field_name ? a->field_name : "";
	v->field_off = a->field_off;
	v->field_size = a->field_size;
}

/* The args a Set writes (not in policy-mode monitor, which writes none): tprun checks their notes.
 */
static void mark_set_args(const struct tp_hook *h, struct tp_meta_arg_view *args)
{
	size_t s, i;

	for (s = 0; s < h->nselectors && !h->monitor; s++)
		for (i = 0; i < h->selectors[s].nactions; i++) {
			const struct tp_action_spec *a = &h->selectors[s].actions[i];

			if (a->action == TP_ACT_SET && a->set_pos >= 0)
				args[a->set_pos].flags |= TP_ARGF_META_SET;
		}
}

/* Hook id's programs are those of the hook that runs it (tp_lhook.leader): its own, alone. */
static int add_hook(struct tp_meta_writer *w, const struct tp_hook *h, int id, int prog_id)
{
	struct tp_meta_arg_view args[h->nargs ? h->nargs : 1];
	struct tp_meta_variant_view var[4];
	struct hook_names nm = { .funcs = NULL };
	const struct tp_variant_spec *spec;
	struct tp_meta_hook_view v;
	const char *target;
	bool cut = false;
	size_t i;
	int err;

	memset(&v, 0, sizeof(v));
	memset(var, 0, sizeof(var));
	v.kind = h->kind;
	v.line = h->loc.line;
	v.policy = h->policy;
	v.message = h->message ? h->message : "";
	v.tags = (const char **)h->tags;
	v.ntags = h->ntags;
	for (i = 0; i < h->nargs; i++)
		arg_view(&h->args[i], &args[i]);
	mark_set_args(h, args);
	v.args = args;
	v.nargs = h->nargs;
	v.ret.type = TP_ARG_NONE;
	v.ret.label = v.ret.field_name = "";
	v.variants = var;
	v.call = v.function_name = v.subsys = v.event = "";

	if (h->kind == TP_HOOK_TRACEPOINT) {
		v.flags = h->raw ? TP_HOOKF_RAW : 0;
		cut |= snprintf(nm.call, sizeof(nm.call), "%s/%s", h->subsystem, h->event) >=
		       (int)sizeof(nm.call);
		v.call = nm.call;
		v.subsys = h->subsystem;
		v.event = h->event;
		target = v.call;
	} else {
		v.flags = (h->syscall ? TP_HOOKF_SYSCALL : 0) | (h->ret ? TP_HOOKF_RETURN : 0) |
			  (h->nfuncs ? TP_HOOKF_LIST : 0) | (h->override ? TP_HOOKF_OVERRIDE : 0) |
			  (h->ignore_call_not_found ? TP_HOOKF_IGNORE_MISSING : 0);
		v.flags |= h->ima_hash ? TP_HOOKF_IMA_HASH : 0;
		v.flags |= h->fentry ? TP_HOOKF_FENTRY : 0;
		v.flags |= h->signal_only ? TP_HOOKF_SIGNAL_ONLY : 0;
		v.flags |= tp_hook__reg_arg(h) ? TP_HOOKF_PT_REGS : 0;
		v.call = h->call;
		v.function_name = h->function_name;
		if (h->kind == TP_HOOK_USDT) {
			v.subsys = h->subsystem;
			v.event = h->event;
		}
		if (h->ret && h->has_ret_arg)
			arg_view(&h->ret_arg, &v.ret);
		target = h->function_name;
		if (h->nfuncs && !(target = nm.funcs = join_funcs(h)))
			return -ENOMEM;
	}
	spec = tp_variants__of(h, &v.nvariants);
	if (v.nvariants > sizeof(var) / sizeof(var[0]))
		return -E2BIG;
	/* a syscall's tracepoints are named after it */
	if (h->syscall_name) {
		cut |= snprintf(nm.tp[0], sizeof(nm.tp[0]),
				TP_SYSCALL_TP_SUBSYS "/" TP_SYSCALL_TP_ENTER "%s",
				h->syscall_name) >= (int)sizeof(nm.tp[0]);
		cut |= snprintf(nm.tp[1], sizeof(nm.tp[1]),
				TP_SYSCALL_TP_SUBSYS "/" TP_SYSCALL_TP_EXIT "%s",
				h->syscall_name) >= (int)sizeof(nm.tp[1]);
	}
	for (i = 0; i < v.nvariants; i++) {
		bool tp = spec[i].kind == TP_VAR_TRACEPOINT &&
			  (h->kind == TP_HOOK_KPROBE || h->kind == TP_HOOK_LOADER);
		bool ret = tp_variants__has_second(h, &spec[i]);

		var[i].kind = spec[i].kind;
		var[i].target = tp ? nm.tp[0] : target;
		var[i].target_exit = tp && ret ? nm.tp[1] : "";
		snprintf(nm.prog[i][0], sizeof(nm.prog[i][0]), TP_PROG_FMT, prog_id,
			 spec[i].entry.name);
		var[i].prog = nm.prog[i][0];
		var[i].prog_exit = "";
		if (ret) {
			snprintf(nm.prog[i][1], sizeof(nm.prog[i][1]), TP_PROG_FMT, prog_id,
				 spec[i].exit.name);
			var[i].prog_exit = nm.prog[i][1];
		}
	}
	err = cut ? -ENAMETOOLONG : tp_meta_writer__add_hook(w, &v);
	free(nm.funcs);
	return err;
}

/* The hook's GetUrl and DnsLookup actions, which tprun performs: by selector, in order. */
static int add_user_acts(struct tp_meta_writer *w, const struct tp_hook *h, uint32_t id)
{
	size_t s, i;
	int err = 0;

	for (s = 0; s < h->nselectors && !err; s++) {
		const struct tp_selector *sel = &h->selectors[s];

		for (i = 0; i < sel->nactions && !err; i++) {
			const struct tp_action_spec *a = &sel->actions[i];
			struct tp_meta_user_act_view v = {
				.hook = id,
				.selector = s,
				.action = a->action,
				.arg = a->arg_str,
			};

			if (a->action == TP_ACT_GETURL || a->action == TP_ACT_DNSLOOKUP)
				err = tp_meta_writer__add_user_act(w, &v);
		}
	}
	return err;
}

int tp_meta__build(const struct tp_policy *p, const struct tp_plan *plan, const uint8_t *digest,
		   void **data, size_t *size)
{
	return tp_meta__build_arch(p, plan, tp_arch__host(), digest, data, size);
}

int tp_meta__build_arch(const struct tp_policy *p, const struct tp_plan *plan, unsigned int arch,
			const uint8_t *digest, void **data, size_t *size)
{
	const struct tp_policy *first = p->nmembers ? p->members[0] : p;
	struct tp_meta_writer *w = tp_meta_writer__new(first->name ? first->name : "");
	char name[32];
	size_t i;
	int err = 0;

	if (!w)
		return -errno;
	/* a set's policies, in order: policy i of the writer is its member i */
	for (i = 1; i < p->nmembers && err >= 0; i++)
		err = tp_meta_writer__add_policy(w, p->members[i]->name ? p->members[i]->name : "");
	err = err < 0 ? err : 0;
	for (i = 0; i < p->nhooks && !err; i++)
		err = add_hook(w, &p->hooks[i], (int)i, plan->hooks[i].leader);
	for (i = 0; i < p->nhooks && !err; i++)
		err = add_user_acts(w, &p->hooks[i], i);
	for (i = 0; i < plan->nmaps && !err; i++) {
		const struct tp_lmap *m = &plan->maps[i];
		struct tp_meta_fill_view f = {
			.map_name = name,
			.key_size = m->key_size,
			.value_size = TP_SET_VALUE_SIZE,
			.count = m->count,
			.data = m->entries,
		};

		snprintf(name, sizeof(name), TP_SET_NAME "%zu", i);
		err = tp_meta_writer__add_fill(w, &f);
	}
	if (!err && digest)
		tp_meta_writer__set_digest(w, digest);
	tp_meta_writer__set_arch(w, arch);
	if (!err)
		err = tp_meta_writer__finish(w, data, size);
	tp_meta_writer__free(w);
	return err;
}
