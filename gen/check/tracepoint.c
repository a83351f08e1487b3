// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Tracepoint hooks: the event in tracefs, each arg tied to its format field
 * (or, with raw: true, to its TP_PROTO argument) and typed from it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "kbtf.h"
#include "tracefs.h"
#include "values.h"

static bool is_char_array(const char *type)
{
	return !strcmp(type, "char[]") || !strcmp(type, "const char[]");
}

/*
 * The position in args of the arg a tracepoint's matchArgs index names.
 * Tetragon (genericTracepoint.InitKernelSelectors in
 * pkg/sensors/tracing/generictracepoint.go) walks args in order and rewrites
 * an index equal to an arg's format index into that arg's position, the
 * rewritten value still open to a later arg's rewrite; what is left must be
 * a position (argIndexType in pkg/selectors/kernel.go). So a field index
 * wins over a position, and the walk's order settles the rest.
 */
int tp_check__tp_match_pos(const struct tp_hook *h, int index)
{
	size_t i;

	for (i = 0; i < h->nargs; i++)
		if (h->args[i].index == index)
			index = (int)i;
	return index >= 0 && (size_t)index < h->nargs ? index : -1;
}

/*
 * The record's common header (common_type, common_flags, common_preempt_count,
 * common_pid) as a BPF program sees it: perf_trace_run_bpf_submit and
 * perf_call_bpf_enter store the pt_regs pointer over it, and the verifier
 * refuses ctx reads below it (tp_prog_is_valid_access). Tetragon reads these
 * bytes with probe_read and reports them as the fields: pieces of a kernel
 * address, not the fields.
 */
#define TP_RECORD_HIDDEN 8

/* Tie a tracepoint arg to its format field and settle its type. */
static void resolve_tp_field(struct checker *c, struct tp_arg *a,
			     const struct tp_tracefs_format *fmt, bool typed)
{
	struct tp_loc tloc = tp_check__loc(a->type_loc, a->loc);
	const struct tp_tracefs_field *fl;
	enum tp_arg_type t;

	if (a->index < 0 || (size_t)a->index >= fmt->nfields) {
		hook_err(c, a->loc,
			 "arg %d: index out of range (the event has %zu fields, 0 to %zu)",
			 a->index, fmt->nfields, fmt->nfields ? fmt->nfields - 1 : 0);
		return;
	}
	fl = &fmt->fields[a->index];
	if (fl->offset < TP_RECORD_HIDDEN) {
		hook_err(c, a->loc,
			 "arg %d: field '%s' is not supported: the kernel gives BPF programs the "
			 "record with its first %d bytes replaced by a pt_regs pointer, and its "
			 "verifier refuses to read them",
			 a->index, fl->name, TP_RECORD_HIDDEN);
		return;
	}
	free(a->field_name);
	a->field_name = strdup(fl->name);
	if (!a->field_name) {
		hook_err(c, a->loc, "out of memory");
		return;
	}
	a->field_off = fl->offset;
	a->field_size = fl->size;
	a->field_signed = fl->is_signed;
	if (!typed)
		return;

	if (tp_arg_type__has(a->type, TP_ARGF_DATA_LOC) && !fl->is_data_loc) {
		hook_err(c, tloc,
			 "arg %d: type '%s' needs a __data_loc field, and field '%s' is "
			 "a %s",
			 a->index, tp_check__type_name(a), fl->name, fl->type);
		return;
	}
	if (fl->is_data_loc) {
		if (!is_char_array(fl->type))
			hook_err(c, a->loc, "arg %d: field '%s' is a __data_loc %s: not supported",
				 a->index, fl->name, fl->type);
		else if (tp_check__is_auto(a) || tp_arg_type__has(a->type, TP_ARGF_DATA_LOC))
			a->type = TP_ARG_STRING; /* Tetragon prints a data_loc as a string */
		else if (a->type != TP_ARG_STRING)
			hook_err(c, tloc,
				 "arg %d: field '%s' is a __data_loc string: type must be %s, "
				 "not '%s'",
				 a->index, fl->name, tp_arg_type__name(TP_ARG_STRING),
				 tp_check__type_name(a));
		return;
	}
	if (fl->is_array) {
		hook_err(c, a->loc, "arg %d: field '%s' is an array: not supported", a->index,
			 fl->name);
		return;
	}
	if (tp_check__is_auto(a)) {
		t = tp_arg_type__int_of(fl->size, fl->is_signed);
		if (t == TP_ARG_NONE)
			hook_err(c, a->loc, "arg %d: field '%s' has %d bytes: give it a type",
				 a->index, fl->name, fl->size);
		a->type = t;
		return;
	}
	if (tp_arg_type__is_int(a->type)) {
		if (tp_arg_type__size(a->type) > fl->size)
			hook_err(c, tloc, "arg %d: type '%s' is larger than field '%s' (%d bytes)",
				 a->index, tp_check__type_name(a), fl->name, fl->size);
	} else if (tp_arg_type__has(a->type, TP_ARGF_MEM)) {
		if (fl->size != 8)
			hook_err(c, tloc,
				 "arg %d: type '%s' needs a pointer field, and field '%s' has %d "
				 "bytes",
				 a->index, tp_check__type_name(a), fl->name, fl->size);
	} else if (a->type == TP_ARG_STRING) {
		if (fl->size != 8)
			hook_err(c, tloc,
				 "arg %d: type '%s' needs a pointer or __data_loc field, and "
				 "field '%s' has %d bytes",
				 a->index, tp_check__type_name(a), fl->name, fl->size);
	}
}

static void resolve_raw_arg(struct checker *c, struct tp_arg *a, int arity, bool typed)
{
	if (a->index < 0 || a->index >= (arity >= 0 ? arity : 12)) {
		if (arity >= 0)
			hook_err(c, a->loc,
				 "arg %d: index out of range (the raw tracepoint has %d "
				 "argument%s)",
				 a->index, arity, arity == 1 ? "" : "s");
		else
			hook_err(c, a->loc, "arg %d: index out of range", a->index);
		return;
	}
	/* the arg is ctx[index], a u64 */
	a->field_off = a->index * 8;
	a->field_size = 8;
	if (!typed)
		return;
	if (tp_check__is_auto(a) && !a->resolve) /* resolve's end said why */
		hook_err(c, a->loc, "arg %d: raw tracepoint args need a type", a->index);
}

void tp_check__tracepoint(struct checker *c)
{
	struct tp_hook *h = c->h;
	const char *tracefs = c->t->tracefs ? c->t->tracefs : "(no tracefs)";
	struct tp_tracefs_format fmt = { 0 };
	bool have_fmt = false;
	size_t i;
	int err;

	if (!h->subsystem || !h->event)
		return; /* the parser reported it */
	if (!tp_tracefs__valid_name(h->subsystem) || !tp_tracefs__valid_name(h->event)) {
		hook_err(c, h->loc, "invalid subsystem or event name");
	} else {
		err = tp_tracefs_format__load(&fmt, c->t->tracefs, h->subsystem, h->event);
		if (!err)
			have_fmt = true;
		else if (err == -ENOENT && !tp_tracefs__has_dir(c->t->tracefs, "events"))
			hook_err(c, h->loc,
				 "not found: no events directory in %s (is tracefs mounted?)",
				 tracefs);
		else if (err == -ENOENT)
			hook_err(c, h->loc, "not found in %s", tracefs);
		else if (err == -EINVAL)
			hook_err(c, h->loc, "cannot parse %s/events/%s/%s/format", tracefs,
				 h->subsystem, h->event);
		else
			hook_err(c, h->loc, "cannot read %s/events/%s/%s/format: %s", tracefs,
				 h->subsystem, h->event, strerror(-err));
	}

	for (i = 0; i < h->nargs; i++) {
		struct tp_arg *a = &h->args[i];
		bool typed;

		tp_check__dup_index(c, i);
		if (tp_check__has_resolve_keys(a))
			tp_check__resolve(c, a);
		typed = tp_check__arg_type(c, a);
		if (h->raw)
			resolve_raw_arg(c, a, have_fmt ? tp_kbtf__raw_tp_arity(h->event) : -1,
					typed);
		else if (have_fmt)
			resolve_tp_field(c, a, &fmt, typed);
	}
	tp_tracefs_format__free(&fmt);
}
