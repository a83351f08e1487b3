// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The hook table tprun reads: per hook what it is, how to print it, and which
 * programs implement which attach variant, best first.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "meta.h"
#include "meta_build.h"
#include "tp_event.h"

/* Names built for one hook; the meta writer copies them, then they are freed. */
struct names {
	char *p[16];
	int n;
	bool failed;		/* out of memory: the hook is not written */
};

static const char *fmt_name(struct names *nm, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static const char *fmt_name(struct names *nm, const char *fmt, ...)
{
	va_list ap;
	char *b = NULL;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&b, fmt, ap);
	va_end(ap);
	if (r < 0 || nm->n == (int)(sizeof(nm->p) / sizeof(nm->p[0]))) {
		if (r >= 0)
			free(b);
		nm->failed = true;
		return "";
	}
	nm->p[nm->n++] = b;
	return b;
}

static void names_free(struct names *nm)
{
	while (nm->n)
		free(nm->p[--nm->n]);
}

static void arg_view(const struct tp_arg *a, struct tp_meta_arg_view *v)
{
	memset(v, 0, sizeof(*v));
	v->index = a->index;
	v->type = a->type;
	v->label = a->label ? a->label : "";
	v->size_arg = a->size_arg_index;
	v->max_len = a->type == TP_ARG_STRING ? TP_STR_MAX - 1 :
		     a->type == TP_ARG_CHAR_BUF || a->type == TP_ARG_CONST_BUF ? TP_BUF_MAX : 8;
	v->field_name = a->field_name ? a->field_name : "";
	v->field_off = a->field_off;
	v->field_size = a->field_size;
}

static int add_hook(struct tp_meta_writer *w, const struct tp_hook *h, int id)
{
	struct tp_meta_arg_view args[h->nargs ? h->nargs : 1];
	struct tp_meta_variant_view var[3];
	struct tp_meta_hook_view v;
	struct names nm = { .n = 0 };
	size_t i;
	int err;

	memset(&v, 0, sizeof(v));
	memset(var, 0, sizeof(var));
	v.kind = h->kind;
	v.line = h->loc.line;
	v.message = h->message ? h->message : "";
	v.tags = (const char **)h->tags;
	v.ntags = h->ntags;
	for (i = 0; i < h->nargs; i++)
		arg_view(&h->args[i], &args[i]);
	v.args = args;
	v.nargs = h->nargs;
	v.ret.type = TP_ARG_NONE;
	v.ret.label = v.ret.field_name = "";
	v.variants = var;
	v.call = v.function_name = v.subsys = v.event = "";

	if (h->kind == TP_HOOK_KPROBE) {
		v.flags = TP_HOOKF_SYSCALL | (h->ret ? TP_HOOKF_RETURN : 0);
		v.call = h->call;
		v.function_name = h->function_name;
		if (h->ret && h->has_ret_arg)
			arg_view(&h->ret_arg, &v.ret);
		var[0].kind = TP_VAR_FENTRY;
		var[0].target = h->function_name;
		var[0].target_exit = "";
		var[0].prog = fmt_name(&nm, TP_PROG_FMT, id, "fentry");
		var[0].prog_exit = h->ret ? fmt_name(&nm, TP_PROG_FMT, id, "fexit") : "";
		var[1].kind = TP_VAR_KPROBE;
		var[1].target = h->function_name;
		var[1].target_exit = "";
		var[1].prog = fmt_name(&nm, TP_PROG_FMT, id, "kprobe");
		var[1].prog_exit = h->ret ? fmt_name(&nm, TP_PROG_FMT, id, "kretprobe") : "";
		var[2].kind = TP_VAR_TRACEPOINT;
		var[2].target = fmt_name(&nm, "syscalls/sys_enter_%s", h->syscall_name);
		var[2].target_exit = h->ret ? fmt_name(&nm, "syscalls/sys_exit_%s", h->syscall_name) : "";
		var[2].prog = fmt_name(&nm, TP_PROG_FMT, id, "tp");
		var[2].prog_exit = h->ret ? fmt_name(&nm, TP_PROG_FMT, id, "tp_exit") : "";
		v.nvariants = 3;
	} else {
		v.flags = h->raw ? TP_HOOKF_RAW : 0;
		v.call = fmt_name(&nm, "%s/%s", h->subsystem, h->event);
		v.subsys = h->subsystem;
		v.event = h->event;
		var[0].kind = h->raw ? TP_VAR_RAW_TP : TP_VAR_TRACEPOINT;
		var[0].target = v.call;
		var[0].target_exit = "";
		var[0].prog = fmt_name(&nm, TP_PROG_FMT, id, h->raw ? "rawtp" : "tp");
		var[0].prog_exit = "";
		v.nvariants = 1;
	}
	err = nm.failed ? -ENOMEM : tp_meta_writer__add_hook(w, &v);
	names_free(&nm);
	return err;
}

int tp_meta__build(const struct tp_policy *p, const struct tp_plan *plan, void **data,
		   size_t *size)
{
	struct tp_meta_writer *w = tp_meta_writer__new(p->name ? p->name : "");
	char name[32];
	size_t i;
	int err = 0;

	if (!w)
		return -errno;
	for (i = 0; i < p->nhooks && !err; i++)
		err = add_hook(w, &p->hooks[i], (int)i);
	for (i = 0; i < plan->nmaps && !err; i++) {
		const struct tp_lmap *m = &plan->maps[i];
		struct tp_meta_fill_view f = {
			.map_name = name,
			.key_size = m->key_size,
			.value_size = m->value_size,
			.count = m->count,
			.data = m->entries,
		};

		snprintf(name, sizeof(name), "tp_set_%d", m->id);
		err = tp_meta_writer__add_fill(w, &f);
	}
	if (!err)
		err = tp_meta_writer__finish(w, data, size);
	tp_meta_writer__free(w);
	return err;
}
