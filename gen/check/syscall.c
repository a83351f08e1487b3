// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Syscall targets: the name after sys_, the arch prefix, the syscall's tracefs arity. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "kbtf.h"
#include "tracefs.h"
#include "vocab.h"

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

int tp_check__syscall_name(struct checker *c, const char *call, char **syscall_name,
			   char **function_name)
{
	const char *prefix = c->t->arch_prefix ? c->t->arch_prefix : "";
	const char *name = call, *s;

	*syscall_name = *function_name = NULL;
	if (*prefix && starts_with(name, prefix)) {
		name += strlen(prefix);
	} else if (starts_with(name, "__") && strstr(name + 2, "_sys_")) {
		int n = (int)(strstr(name + 2, "_sys_") - name) + 1;

		hook_err(c, c->h->loc,
			 "'%.*s' is not the syscall prefix of this machine (write 'sys_%s')", n,
			 name, name + n + strlen("sys_"));
		return -1;
	}
	if (!starts_with(name, "sys_")) {
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

/*
 * The syscall's argument types as its sys_enter format declares them: 0 (nargs
 * -1 when the format has no __syscall_nr), or the format's load error.
 */
static int ktypes_tracefs(const char *tracefs, const char *name, struct tp_kfunc_proto *pr)
{
	struct tp_tracefs_format fmt;
	char event[256];
	int err, nr, i;

	snprintf(event, sizeof(event), TP_SYSCALL_TP_ENTER "%s", name);
	err = tp_tracefs_format__load(&fmt, tracefs, TP_SYSCALL_TP_SUBSYS, event);
	if (err)
		return err;
	memset(pr, 0, sizeof(*pr));
	nr = tp_tracefs_format__find(&fmt, "__syscall_nr");
	pr->nargs = nr >= 0 ? (int)fmt.nfields - nr - 1 : -1;
	for (i = 0; i < pr->nargs && i < TP_KBTF_MAX_ARGS; i++)
		snprintf(pr->arg_ktypes[i], sizeof(pr->arg_ktypes[i]), "%s",
			 fmt.fields[nr + 1 + i].type);
	tp_tracefs_format__free(&fmt);
	return 0;
}

static void set_ktypes(struct checker *c, const struct tp_kfunc_proto *pr)
{
	int i;

	c->sys_nargs = pr->nargs;
	for (i = 0; i < pr->nargs && i < TP_SYS_KTYPES; i++)
		snprintf(c->sys_ktypes[i], sizeof(c->sys_ktypes[i]), "%s", pr->arg_ktypes[i]);
}

int tp_check__sys_proto(struct checker *c, const char *name, struct tp_kfunc_proto *pr)
{
	if (tp_tracefs__has_dir(c->t->tracefs, "events/" TP_SYSCALL_TP_SUBSYS))
		return ktypes_tracefs(c->t->tracefs, name, pr) || pr->nargs < 0 ? -1 : 0;
	/* from BTF when tracefs cannot say */
	return tp_kbtf__syscall(name, pr) ? -1 : 0;
}

void tp_check__syscall_target(struct checker *c)
{
	struct tp_hook *h = c->h;
	const char *tracefs = c->t->tracefs;
	struct tp_kfunc_proto pr;
	const char *name;
	int err;

	if (tp_check__syscall_name(c, h->call, &h->syscall_name, &h->function_name))
		return;
	name = h->syscall_name;
	/*
	 * another machine's (tpgen --target): this one's tracefs does not know its
	 * syscalls. arm64 has functions for syscalls its table lacks
	 * (__arm64_sys_open): Tetragon attaches there and nothing calls them.
	 */
	if (c->t->arch && c->t->arch != tp_arch__host() && tp_check__syscall_nr(c, name) < 0)
		hook_warn(c, h->loc,
			  "'%s' is not a syscall of %s (its table in this machine's uapi "
			  "headers): nothing calls %s there",
			  name, tp_arch__name(c->t->arch), h->function_name);

	if (!tp_tracefs__has_dir(tracefs, "events/" TP_SYSCALL_TP_SUBSYS)) {
		if (!c->warned_no_syscalls)
			tp_diag__warn(c->d, (struct tp_loc){ 0, 0 },
				      "cannot check syscall names: no syscall tracepoints in %s",
				      tracefs ? tracefs : "(no tracefs)");
		c->warned_no_syscalls = true;
		if (!tp_kbtf__syscall(name, &pr))
			set_ktypes(c, &pr);
		return;
	}
	err = ktypes_tracefs(tracefs, name, &pr);
	if (err == -ENOENT) {
		hook_err(c, h->loc, "no such syscall");
		return;
	}
	if (err) {
		hook_err(c, h->loc,
			 "cannot read %s/events/syscalls/" TP_SYSCALL_TP_ENTER "%s/format: %s",
			 tracefs, name, strerror(-err));
		return;
	}
	if (pr.nargs >= 0)
		set_ktypes(c, &pr);
}
