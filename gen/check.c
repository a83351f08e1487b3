// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The checker: resolves syscall and tracepoint targets against tracefs, types
 * every value and validates operators, actions and limits, reporting every
 * problem it finds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "check.h"
#include "check_priv.h"
#include "kbtf.h"
#include "net_values.h"
#include "tracefs.h"
#include "values.h"

#define POLICY_NAME_MAX 253
#define MESSAGE_MIN 2
#define MESSAGE_MAX 256
#define TAGS_MAX 16
#define TAG_MIN 2
#define SYSCALL_ARGS_MAX 6
#define KFUNC_ARGS_MAX 6	/* x86-64 passes six in registers; kprobes read no more */
#define CONST_BUF_MAX 4096
#define SIGNAL_MAX 64

static struct tp_loc _loc_or(struct tp_loc loc, struct tp_loc fallback)
{
	return loc.line ? loc : fallback;
}

static bool _starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static bool _is_auto(const struct tp_arg *a)
{
	return a->type == TP_ARG_NONE && (!a->type_name || !strcmp(a->type_name, "auto"));
}

static const char *_type_name(const struct tp_arg *a)
{
	return a->type_name ? a->type_name : tp_arg_type__name(a->type);
}

static bool _is_syscall_kprobe(const struct tp_hook *h)
{
	return h->kind == TP_HOOK_KPROBE && h->syscall;
}

/* --- policy ------------------------------------------------------------- */

static void _check_policy_name(struct checker *c)
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

/* --- hook targets --------------------------------------------------------- */

int tp_check__syscall_name(struct checker *c, const char *call, char **syscall_name,
			   char **function_name)
{
	const char *prefix = c->t->arch_prefix ? c->t->arch_prefix : "";
	const char *name = call, *s;

	*syscall_name = *function_name = NULL;
	if (*prefix && _starts_with(name, prefix)) {
		name += strlen(prefix);
	} else if (_starts_with(name, "__") && strstr(name + 2, "_sys_")) {
		int n = (int)(strstr(name + 2, "_sys_") - name) + 1;

		hook_err(c, c->h->loc,
			 "'%.*s' is not the syscall prefix of this machine (write 'sys_%s')", n,
			 name, name + n + strlen("sys_"));
		return -1;
	}
	if (!_starts_with(name, "sys_")) {
		hook_err(c, c->h->loc, "a syscall call must start with 'sys_' (e.g. 'sys_openat')");
		return -1;
	}
	name += strlen("sys_");
	for (s = name; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			break;
	}
	if (!*name || *s || strlen(name) > 128) {
		hook_err(c, c->h->loc, "invalid syscall name");
		return -1;
	}
	*syscall_name = strdup(name);
	if (asprintf(function_name, "%ssys_%s", prefix, name) < 0)
		*function_name = NULL;
	if (!*syscall_name || !*function_name) {
		free(*syscall_name);
		free(*function_name);
		*syscall_name = *function_name = NULL;
		hook_err(c, c->h->loc, "out of memory");
		return -1;
	}
	return 0;
}

static void _check_syscall_target(struct checker *c)
{
	struct tp_hook *h = c->h;
	const char *tracefs = c->t->tracefs;
	struct tp_tracefs_format fmt;
	char event[256];
	const char *name;
	int err, nr;

	if (tp_check__syscall_name(c, h->call, &h->syscall_name, &h->function_name))
		return;
	name = h->syscall_name;

	if (!tp_tracefs__has_dir(tracefs, "events/syscalls")) {
		if (!c->warned_no_syscalls)
			tp_diag__warn(c->d, (struct tp_loc){ 0, 0 },
				      "cannot check syscall names: no syscall tracepoints in %s",
				      tracefs ? tracefs : "(no tracefs)");
		c->warned_no_syscalls = true;
		return;
	}
	snprintf(event, sizeof(event), "sys_enter_%s", name);
	err = tp_tracefs_format__load(&fmt, tracefs, "syscalls", event);
	if (err == -ENOENT) {
		hook_err(c, h->loc, "no such syscall");
		return;
	}
	if (err) {
		hook_err(c, h->loc, "cannot read %s/events/syscalls/%s/format: %s", tracefs, event,
			 strerror(-err));
		return;
	}
	nr = tp_tracefs_format__find(&fmt, "__syscall_nr");
	if (nr >= 0)
		c->sys_nargs = (int)fmt.nfields - nr - 1;
	tp_tracefs_format__free(&fmt);
}

static void _check_kprobe_target(struct checker *c)
{
	struct tp_hook *h = c->h;

	if (!h->call)
		return; /* the parser reported the missing call */
	if (_starts_with(h->call, "list:")) {
		tp_check__list_target(c);
		return;
	}
	if (!h->syscall) {
		tp_check__kfunc_target(c);
		return;
	}
	_check_syscall_target(c);
}

/* --- arguments ------------------------------------------------------------ */

/* Kernel objects are read from kernel pointers: kernel-function, LSM and raw tracepoint hooks. */
static bool _hook_has_kernel_args(const struct tp_hook *h)
{
	return (h->kind == TP_HOOK_KPROBE && !h->syscall) || h->kind == TP_HOOK_LSM ||
	       (h->kind == TP_HOOK_TRACEPOINT && h->raw);
}

/* Type errors every hook kind shares; false when the arg has no type we can use. */
static bool _check_arg_type(struct checker *c, struct tp_arg *a)
{
	struct tp_loc loc = _loc_or(a->type_loc, a->loc);
	const struct tp_hook *h = c->h;

	if (a->type == TP_ARG_NONE) {
		if (!_is_auto(a)) {
			hook_err(c, loc, "arg %d: unknown type '%s'", a->index, a->type_name);
			return false;
		}
		if (_is_syscall_kprobe(h)) {
			hook_err(c, loc, "arg %d: type is required", a->index);
			return false;
		}
		return true;
	}
	if (tp_arg_type__has(a->type, TP_ARGF_DATA_LOC) &&
	    (h->kind != TP_HOOK_TRACEPOINT || h->raw)) {
		/* an offset into the tracepoint's record: resolved with its field */
		hook_err(c, loc, "arg %d: type '%s' is a tracepoint's __data_loc field: it needs a "
			 "tracepoint hook without raw: true", a->index, _type_name(a));
		return false;
	}
	if (tp_arg_type__has(a->type, TP_ARGF_NO_TP) && h->kind == TP_HOOK_TRACEPOINT) {
		hook_err(c, loc, "arg %d: type '%s' is not supported yet on tracepoints", a->index,
			 _type_name(a));
		return false;
	}
	if (tp_arg_type__has(a->type, TP_ARGF_KERNEL) && !_hook_has_kernel_args(h)) {
		hook_err(c, loc, "arg %d: type '%s' is a kernel object: it needs a "
			 "kernel-function (syscall: false), LSM or raw tracepoint hook",
			 a->index, _type_name(a));
		return false;
	}
	return true;
}

static const struct tp_arg *_find_arg_by_index(const struct tp_hook *h, int index)
{
	size_t i;

	for (i = 0; i < h->nargs; i++) {
		if (h->args[i].index == index)
			return &h->args[i];
	}
	return NULL;
}

static void _check_buffer_arg(struct checker *c, struct tp_arg *a)
{
	int sai = a->size_arg_index;
	const struct tp_arg *sz;

	if (a->type == TP_ARG_CHAR_BUF || a->type == TP_ARG_CHAR_IOVEC) {
		if (sai <= 0) {
			hook_err(c, a->loc, "arg %d: type '%s' needs sizeArgIndex", a->index,
				 _type_name(a));
			return;
		}
		if (sai - 1 == a->index) {
			hook_err(c, a->loc, "arg %d: sizeArgIndex %d names this arg itself",
				 a->index, sai);
			return;
		}
		sz = _find_arg_by_index(c->h, sai - 1);
		if (!sz)
			hook_err(c, a->loc,
				 "arg %d: sizeArgIndex %d names arg %d, which is not declared "
				 "(sizeArgIndex is 1-based)",
				 a->index, sai, sai - 1);
		else if (sz->type != TP_ARG_NONE && !tp_arg_type__is_int(sz->type))
			hook_err(c, a->loc,
				 "arg %d: sizeArgIndex %d names arg %d, which is not an integer",
				 a->index, sai, sai - 1);
	} else if (a->type == TP_ARG_CONST_BUF) {
		if (sai <= 0)
			hook_err(c, a->loc,
				 "arg %d: type 'const_buf' needs sizeArgIndex (its size in bytes)",
				 a->index);
		else if (sai > CONST_BUF_MAX)
			hook_err(c, a->loc, "arg %d: const_buf size %d is not in 1..%d", a->index,
				 sai, CONST_BUF_MAX);
	} else if (sai && a->type != TP_ARG_NONE) {
		hook_warn(c, a->loc, "arg %d: sizeArgIndex is ignored for type '%s'", a->index,
			  _type_name(a));
	}
}

static void _check_dup_index(struct checker *c, size_t i)
{
	const struct tp_hook *h = c->h;
	size_t j;

	for (j = 0; j < i; j++) {
		if (h->args[j].index == h->args[i].index) {
			hook_err(c, h->args[i].loc, "arg %d: index %d is declared twice",
				 h->args[i].index, h->args[i].index);
			return;
		}
	}
}

static void _check_kprobe_args(struct checker *c)
{
	struct tp_hook *h = c->h;
	size_t i;

	for (i = 0; i < h->nargs; i++) {
		struct tp_arg *a = &h->args[i];
		bool typed;

		_check_dup_index(c, i);
		if (a->index < 0) {
			hook_err(c, a->loc, "arg %d: index must not be negative", a->index);
		} else if (h->syscall && a->index >= SYSCALL_ARGS_MAX) {
			hook_err(c, a->loc,
				 "arg %d: index out of range (syscalls have at most %d arguments, "
				 "0 to %d)",
				 a->index, SYSCALL_ARGS_MAX, SYSCALL_ARGS_MAX - 1);
		} else if (h->syscall && c->sys_nargs >= 0 && a->index >= c->sys_nargs) {
			hook_err(c, a->loc, "arg %d: index out of range (%s takes %d argument%s)",
				 a->index, h->syscall_name, c->sys_nargs,
				 c->sys_nargs == 1 ? "" : "s");
		} else if (!h->syscall && a->index >= KFUNC_ARGS_MAX) {
			hook_err(c, a->loc,
				 "arg %d: index out of range (arguments 0 to %d are passed in "
				 "registers and can be read)",
				 a->index, KFUNC_ARGS_MAX - 1);
		} else if (!h->syscall && c->have_proto && a->index >= c->proto.nargs) {
			hook_err(c, a->loc, "arg %d: index out of range (%s takes %d argument%s)",
				 a->index, h->function_name, c->proto.nargs,
				 c->proto.nargs == 1 ? "" : "s");
		} else if (!h->syscall && _is_auto(a)) {
			/* type: auto on a kernel function: what its BTF prototype says */
			if (!c->have_proto)
				hook_err(c, a->loc, "arg %d: type is required (no kernel BTF to "
					 "infer it from)", a->index);
			else if (c->proto.args[a->index] == TP_ARG_NONE)
				hook_err(c, a->loc, "arg %d: type is required (parameter '%s' has "
					 "no type of ours)", a->index, c->proto.arg_names[a->index]);
			else
				a->type = c->proto.args[a->index];
		}
		typed = _check_arg_type(c, a);
		if (typed)
			_check_buffer_arg(c, a);
	}
}

static void _check_return_arg(struct checker *c)
{
	struct tp_hook *h = c->h;
	struct tp_arg *a = &h->ret_arg;
	struct tp_loc loc = _loc_or(a->type_loc, _loc_or(a->loc, h->loc));

	if (!h->has_ret_arg)
		return; /* return: true without one is the parser's error */
	if (a->type == TP_ARG_NONE && _is_auto(a) && !h->syscall && c->have_proto &&
	    tp_arg_type__is_int(c->proto.ret))
		a->type = c->proto.ret;
	if (a->type == TP_ARG_NONE) {
		if (_is_auto(a)) {
			if (_is_syscall_kprobe(h) || !c->have_proto)
				hook_err(c, loc, "returnArg: type is required");
		} else {
			hook_err(c, loc, "returnArg: unknown type '%s'", a->type_name);
		}
		return;
	}
	if (!tp_arg_type__is_int(a->type))
		hook_err(c, loc,
			 "returnArg: type '%s' is not supported (return values are integers)",
			 _type_name(a));
}

static bool _is_char_array(const char *type)
{
	return !strcmp(type, "char[]") || !strcmp(type, "const char[]");
}

/* Tie a tracepoint arg to its format field and settle its type. */
static void _resolve_tp_field(struct checker *c, struct tp_arg *a,
			      const struct tp_tracefs_format *fmt, bool typed)
{
	struct tp_loc tloc = _loc_or(a->type_loc, a->loc);
	const struct tp_tracefs_field *fl;
	enum tp_arg_type t;

	if (a->index < 0 || (size_t)a->index >= fmt->nfields) {
		hook_err(c, a->loc,
			 "arg %d: index out of range (the event has %zu fields, 0 to %zu)",
			 a->index, fmt->nfields, fmt->nfields ? fmt->nfields - 1 : 0);
		return;
	}
	fl = &fmt->fields[a->index];
	free(a->field_name);
	a->field_name = strdup(fl->name);
	if (!a->field_name) {
		hook_err(c, a->loc, "out of memory");
		return;
	}
	a->field_off = fl->offset;
	a->field_size = fl->size;
	a->field_signed = fl->is_signed;
	if (!typed || a->type == TP_ARG_CHAR_BUF || a->type == TP_ARG_CONST_BUF)
		return;

	if (a->type == TP_ARG_DATA_LOC && !fl->is_data_loc) {
		hook_err(c, tloc, "arg %d: type 'data_loc' needs a __data_loc field, and field "
			 "'%s' is a %s", a->index, fl->name, fl->type);
		return;
	}
	if (fl->is_data_loc) {
		if (!_is_char_array(fl->type))
			hook_err(c, a->loc, "arg %d: field '%s' is a __data_loc %s: not supported",
				 a->index, fl->name, fl->type);
		else if (_is_auto(a) || a->type == TP_ARG_DATA_LOC)
			a->type = TP_ARG_STRING;	/* Tetragon prints a data_loc as a string */
		else if (a->type != TP_ARG_STRING)
			hook_err(c, tloc,
				 "arg %d: field '%s' is a __data_loc string: type must be string, "
				 "not '%s'",
				 a->index, fl->name, _type_name(a));
		return;
	}
	if (fl->is_array) {
		hook_err(c, a->loc, "arg %d: field '%s' is an array: not supported", a->index,
			 fl->name);
		return;
	}
	if (_is_auto(a)) {
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
				 a->index, _type_name(a), fl->name, fl->size);
	} else if (a->type == TP_ARG_STRING) {
		if (fl->size != 8)
			hook_err(c, tloc,
				 "arg %d: type 'string' needs a pointer or __data_loc field, and "
				 "field '%s' has %d bytes",
				 a->index, fl->name, fl->size);
	}
}

static void _resolve_raw_arg(struct checker *c, struct tp_arg *a, int arity, bool typed)
{
	if (a->index < 0 || a->index >= (arity >= 0 ? arity : 12)) {
		if (arity >= 0)
			hook_err(c, a->loc, "arg %d: index out of range (the raw tracepoint has %d "
				 "argument%s)", a->index, arity, arity == 1 ? "" : "s");
		else
			hook_err(c, a->loc, "arg %d: index out of range", a->index);
		return;
	}
	/* the arg is ctx[index], a u64 */
	a->field_off = a->index * 8;
	a->field_size = 8;
	if (!typed)
		return;
	if (_is_auto(a))
		hook_err(c, a->loc, "arg %d: raw tracepoint args need a type", a->index);
}

static void _check_tracepoint(struct checker *c)
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

		_check_dup_index(c, i);
		typed = _check_arg_type(c, a);
		if (h->raw)
			_resolve_raw_arg(c, a, have_fmt ? tp_kbtf__raw_tp_arity(h->event) : -1, typed);
		else if (have_fmt)
			_resolve_tp_field(c, a, &fmt, typed);
	}
	tp_tracefs_format__free(&fmt);
}

/* --- message and tags ----------------------------------------------------- */

static void _check_message_tags(struct checker *c)
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

/* --- selectors ------------------------------------------------------------ */

static bool _is_string_op(enum tp_op op)
{
	return op == TP_OP_PREFIX || op == TP_OP_NOT_PREFIX || op == TP_OP_POSTFIX ||
	       op == TP_OP_NOT_POSTFIX;
}

static bool _is_int_only_op(enum tp_op op)
{
	return op == TP_OP_MASK || op == TP_OP_GT || op == TP_OP_LT;
}

static void _check_int_values(struct checker *c, const char *label, struct tp_value *vals, size_t n,
			      enum tp_arg_type t, struct tp_loc fallback)
{
	char msg[256];
	size_t i;

	for (i = 0; i < n; i++) {
		if (tp_value__parse_int(&vals[i], t, &vals[i].num, msg, sizeof(msg)))
			hook_err(c, _loc_or(vals[i].loc, fallback), "%s: %s", label, msg);
	}
}

static void _check_bytes_values(struct checker *c, const char *label, struct tp_match_arg *m,
				const struct tp_arg *a)
{
	size_t i;

	for (i = 0; i < m->nvalues; i++) {
		const struct tp_value *v = &m->values[i];
		struct tp_loc loc = _loc_or(v->loc, m->loc);

		if (v->len > TP_VALUE_MAX_STRING)
			hook_err(c, loc,
				 "%s: value is longer than the %d bytes a string can be "
				 "captured with",
				 label, TP_VALUE_MAX_STRING);
		else if (a->type == TP_ARG_CONST_BUF && a->size_arg_index > 0 &&
			 v->len > (size_t)a->size_arg_index)
			hook_err(c, loc, "%s: value is longer than the %d-byte buffer", label,
				 a->size_arg_index);
	}
}

/* One matchArgs or matchReturnArgs entry against the arg it names (NULL: unresolved). */
static void _check_match_op(struct checker *c, struct tp_match_arg *m, const struct tp_arg *a,
			    const char *label)
{
	struct tp_loc oloc = _loc_or(m->op_loc, m->loc);
	const char *op = m->op_name ? m->op_name : "?";

	if (m->op != TP_OP_NONE &&
	    (tp_op__net(m->op, NULL) || (a && tp_arg_type__class(a->type) == TP_ACL_NET))) {
		tp_check__net_match(c, m, a, label);	/* check_net.c */
		return;
	}
	switch (m->op) {
	case TP_OP_NONE:
		return; /* the parser reported the unknown operator */
	case TP_OP_UNSUPPORTED:
		hook_err(c, oloc, "%s: operator '%s' is not supported yet", label, op);
		return;
	case TP_OP_IN:
	case TP_OP_NOT_IN:
		hook_err(c, oloc, "%s: operator '%s' is for matchPIDs and matchBinaries", label,
			 op);
		return;
	default:
		break;
	}
	if (!m->nvalues) {
		hook_err(c, oloc, "%s: operator '%s' needs at least one value", label, op);
		return;
	}
	if (!a || a->type == TP_ARG_NONE)
		return; /* the arg's own error says why */
	if (tp_check__kobj_match(c, m, a, label))	/* check_kobj.c */
		return;
	if (tp_arg_type__is_int(a->type)) {
		if (_is_string_op(m->op))
			hook_err(c, oloc, "%s: operator '%s' needs a string or buffer argument",
				 label, op);
		else
			_check_int_values(c, label, m->values, m->nvalues, a->type, m->loc);
	} else if (tp_arg_type__is_bytes(a->type) ||
		   tp_arg_type__class(a->type) == TP_ACL_PATH) {
		if (_is_int_only_op(m->op))
			hook_err(c, oloc, "%s: operator '%s' needs an integer argument", label, op);
		else
			_check_bytes_values(c, label, m, a);
	}
}

static void _check_match_args(struct checker *c, struct tp_selector *s)
{
	struct tp_hook *h = c->h;
	char label[32];
	size_t i, j;

	for (i = 0; i < s->nargs; i++) {
		struct tp_match_arg *m = &s->args[i];
		const struct tp_arg *a = NULL;

		m->arg_pos = -1;
		if (h->kind == TP_HOOK_TRACEPOINT) {
			/* Tetragon: a tracepoint's matchArgs index is a position in args */
			if (m->index >= 0 && (size_t)m->index < h->nargs)
				m->arg_pos = m->index;
		} else {
			for (j = 0; j < h->nargs; j++) {
				if (h->args[j].index == m->index) {
					m->arg_pos = (int)j;
					break;
				}
			}
		}
		if (m->arg_pos < 0)
			hook_err(c, m->loc, "matchArgs index %d does not name an arg of this hook",
				 m->index);
		else
			a = &h->args[m->arg_pos];
		snprintf(label, sizeof(label), "arg %d", m->index);
		_check_match_op(c, m, a, label);
	}
}

static void _check_match_return_args(struct checker *c, struct tp_selector *s)
{
	struct tp_hook *h = c->h;
	size_t i;

	if (s->nret_args && !h->ret)
		hook_err(c, s->ret_args[0].loc, "matchReturnArgs needs return: true");
	for (i = 0; i < s->nret_args; i++) {
		struct tp_match_arg *m = &s->ret_args[i];

		m->arg_pos = -1;
		_check_match_op(c, m, h->ret && h->has_ret_arg ? &h->ret_arg : NULL, "returnArg");
	}
}

static void _check_match_pids(struct checker *c, struct tp_selector *s)
{
	size_t i;

	for (i = 0; i < s->npids; i++) {
		struct tp_match_pid *m = &s->pids[i];
		struct tp_loc oloc = _loc_or(m->op_loc, m->loc);
		const char *op = m->op_name ? m->op_name : "?";

		if (m->op == TP_OP_NONE)
			continue;
		if (m->op != TP_OP_IN && m->op != TP_OP_NOT_IN) {
			hook_err(c, oloc,
				 "matchPIDs: operator '%s' is not supported (use In or NotIn)", op);
			continue;
		}
		if (!m->nvalues) {
			hook_err(c, oloc, "matchPIDs: operator '%s' needs at least one value", op);
			continue;
		}
		_check_int_values(c, "matchPIDs", m->values, m->nvalues, TP_ARG_UINT32, m->loc);
	}
}

static void _check_match_binaries(struct checker *c, struct tp_selector *s)
{
	size_t i, j;

	for (i = 0; i < s->nbinaries; i++) {
		struct tp_match_binary *m = &s->binaries[i];

		if (!m->op)
			continue; /* the parser reported the unknown operator */
		if (!m->nvalues) {
			hook_err(c, _loc_or(m->op_loc, m->loc),
				 "matchBinaries: operator '%s' needs at least one value",
				 m->op_name ? m->op_name : "?");
			continue;
		}
		for (j = 0; j < m->nvalues; j++) {
			const struct tp_value *v = &m->values[j];
			struct tp_loc loc = _loc_or(v->loc, m->loc);

			if (!v->len)
				hook_err(c, loc, "matchBinaries: empty value");
			else if (v->len > TP_VALUE_MAX_STRING)
				hook_err(c, loc, "matchBinaries: value is longer than %d bytes",
					 TP_VALUE_MAX_STRING);
			else if (v->str && memchr(v->str, '\0', v->len))
				hook_err(c, loc, "matchBinaries: value has a NUL byte");
		}
	}
}

static void _check_action(struct checker *c, struct tp_action_spec *act)
{
	const char *name = act->name ? act->name : "?";

	if (!tp_action__built(act->action)) {
		hook_err(c, act->loc, "action '%s' is not supported yet", name);
		return;
	}
	switch (act->action) {
	case TP_ACT_OVERRIDE:
		if (c->h->kind == TP_HOOK_TRACEPOINT)
			hook_err(c, act->loc, "action '%s' cannot be used on tracepoints", name);
		else if (c->h->nfuncs)
			hook_err(c, act->loc, "action '%s' is not supported on list hooks", name);
		else if (!act->has_arg_error)
			hook_err(c, act->loc, "action '%s' needs argError", name);
		else if (c->h->kind == TP_HOOK_LSM && (act->arg_error > 0 || act->arg_error < -4095))
			/* the kernel takes 0 or -errno from a BPF LSM program */
			hook_err(c, act->loc,
				 "action '%s': argError %d is not an error number (-4095 to 0), "
				 "which an LSM hook must return",
				 name, act->arg_error);
		else if (!c->h->monitor)	/* monitor: reported, not enforced */
			c->h->override = true;
		break;
	case TP_ACT_SIGNAL:
		if (!act->has_arg_sig)
			hook_err(c, act->loc, "action '%s' needs argSig", name);
		else if (act->arg_sig < 1 || act->arg_sig > SIGNAL_MAX)
			hook_err(c, act->loc,
				 "action '%s': argSig %d is not a signal number (1 to %d)", name,
				 act->arg_sig, SIGNAL_MAX);
		break;
	case TP_ACT_FOLLOWFD:
	case TP_ACT_UNFOLLOWFD:
	case TP_ACT_COPYFD:
		tp_check__fd_action(c, act);	/* check_file.c */
		break;
	case TP_ACT_POST:
	case TP_ACT_SIGKILL:
	case TP_ACT_NOPOST:
		break;
	default:
		hook_err(c, act->loc, "action '%s' is not supported yet", name);
		break;
	}
}

static void _check_selector(struct checker *c, struct tp_selector *s)
{
	size_t i;

	for (i = 0; i < s->nunsupported; i++)
		hook_err(c, s->unsupported_loc ? s->unsupported_loc[i] : s->loc,
			 "%s is not supported yet", s->unsupported[i]);
	_check_match_args(c, s);
	_check_match_return_args(c, s);
	_check_match_pids(c, s);
	_check_match_binaries(c, s);
	for (i = 0; i < s->nactions; i++)
		_check_action(c, &s->actions[i]);
	if (s->nret_actions && !c->h->ret)
		hook_err(c, s->ret_actions[0].loc, "matchReturnActions needs return: true");
	for (i = 0; i < s->nret_actions; i++)
		_check_action(c, &s->ret_actions[i]);
}

/* --- driver --------------------------------------------------------------- */

static int _hook_what(struct tp_hook *h, char **what)
{
	if (h->kind == TP_HOOK_TRACEPOINT)
		return asprintf(what, "tracepoint '%s/%s'", h->subsystem ? h->subsystem : "?",
				h->event ? h->event : "?");
	if (h->kind == TP_HOOK_LSM)
		return asprintf(what, "lsmhook '%s'", h->call ? h->call : "?");
	return asprintf(what, "kprobe '%s'", h->call ? h->call : "?");
}

static void _check_hook(struct checker *c, struct tp_hook *h)
{
	size_t i;

	c->h = h;
	c->sys_nargs = -1;
	if (_hook_what(h, &c->what) < 0) {
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
		_check_kprobe_target(c);
		_check_kprobe_args(c);
		_check_return_arg(c);
	} else if (h->kind == TP_HOOK_LSM) {
		tp_check__lsm_target(c);
		_check_kprobe_args(c);
	} else if (h->kind == TP_HOOK_TRACEPOINT) {
		_check_tracepoint(c);
	}
	_check_message_tags(c);
	for (i = 0; i < h->nselectors; i++)
		_check_selector(c, &h->selectors[i]);

	free(c->what);
	c->what = NULL;
	c->h = NULL;
}

int tp_policy__check(struct tp_policy *p, const struct tp_target *t, struct tp_diag *d)
{
	struct checker c = { .p = p, .t = t, .d = d };
	int before = d->errors;
	size_t i;

	_check_policy_name(&c);
	tp_check__options(&c);
	if (!p->nhooks)
		tp_diag__error(d, p->loc, "policy has no hooks");
	for (i = 0; i < p->nhooks; i++)
		_check_hook(&c, &p->hooks[i]);
	return d->errors - before;
}

void tp_target__init_host(struct tp_target *t)
{
	struct utsname u;

	t->tracefs = "/sys/kernel/tracing";
	if (!tp_tracefs__has_dir("/sys/kernel/tracing", "events") &&
	    tp_tracefs__has_dir("/sys/kernel/debug/tracing", "events"))
		t->tracefs = "/sys/kernel/debug/tracing";

	t->arch_prefix = "";
	if (uname(&u))
		return;
	if (!strcmp(u.machine, "x86_64"))
		t->arch_prefix = "__x64_";
	else if (!strcmp(u.machine, "aarch64"))
		t->arch_prefix = "__arm64_";
}
