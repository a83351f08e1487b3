// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Targets that are kernel functions: kprobes with syscall: false, LSM hooks
 * and the functions of a "list:NAME" call, checked against the build
 * machine's BTF (the running kernel is checked again by tprun).
 */
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/vec.h"

#include "checker.h"
#include "kbtf.h"

#define LIST_FUNCS_MAX 4096

bool tp_check__valid_ident(const char *s)
{
	const char *p;

	if (!*s || strlen(s) > 128)
		return false;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
			return false;
	return true;
}

/*
 * A kernel-function or LSM hook's target: a plain name, found in the build
 * machine's BTF as btf_name (an LSM hook's bpf_lsm_<hook> has its prototype).
 */
/* Whose BTF said no: this kernel's, or the file --btf named. */
static const char *btf_source(char *buf, size_t n)
{
	const char *f = tp_kbtf__file();

	if (!f)
		return "this kernel's BTF";
	snprintf(buf, n, "the BTF in %s", f);
	return buf;
}

static void check_target(struct checker *c, bool lsm)
{
	struct tp_hook *h = c->h;
	char fn[160], src[PATH_MAX + 16];
	int e;

	if (!tp_check__valid_ident(h->call)) {
		hook_err(c, h->loc, "invalid %s name", lsm ? "LSM hook" : "function");
		return;
	}
	h->function_name = strdup(h->call);
	if (!h->function_name) {
		hook_err(c, h->loc, "out of memory");
		return;
	}
	snprintf(fn, sizeof(fn), "%s%s", lsm ? "bpf_lsm_" : "", h->call);
	e = tp_kbtf__func(fn, &c->proto);
	if (e == -ENODATA)
		hook_warn(c, h->loc, "cannot check the %s: no kernel BTF on this machine",
			  lsm ? "hook" : "function");
	else if (e && lsm)
		hook_err(c, h->loc, "no LSM hook '%s' in %s kernel (no %s in %s)", h->call,
			 tp_kbtf__file() ? "the target" : "this", fn,
			 tp_kbtf__file() ? btf_source(src, sizeof(src)) : "its BTF");
	else if (e && h->ignore_call_not_found)
		hook_warn(c, h->loc,
			  "kernel function '%s' not found in %s; "
			  "tprun skips the hook where it is missing (ignore.callNotFound)",
			  h->call, btf_source(src, sizeof(src)));
	else if (e)
		hook_err(c, h->loc, "kernel function '%s' not found in %s", h->call,
			 btf_source(src, sizeof(src)));
	else
		c->have_proto = true;
}

void tp_check__kfunc_target(struct checker *c)
{
	check_target(c, false);
}

void tp_check__lsm_target(struct checker *c)
{
	check_target(c, true);
}

static int add_func(struct checker *c, const char *name)
{
	struct tp_hook *h = c->h;
	char *copy, **f;
	size_t i;

	for (i = 0; i < h->nfuncs; i++)
		if (!strcmp(h->funcs[i], name))
			return 0; /* listed twice: attached once */
	if (h->nfuncs >= LIST_FUNCS_MAX) {
		hook_err(c, h->loc, "the list has more than %d functions", LIST_FUNCS_MAX);
		return -E2BIG;
	}
	copy = strdup(name);
	f = copy ? tp_vec__push(&h->funcs, &h->nfuncs, sizeof(*f)) : NULL;
	if (!f) {
		free(copy);
		hook_err(c, h->loc, "out of memory");
		return -ENOMEM;
	}
	*f = copy;
	return 0;
}

static int add_generated(const char *sym, int nr, void *c)
{
	(void)nr;
	return add_func(c, sym);
}

/* generated_ftrace: the functions of available_filter_functions matching pattern */
static void list_ftrace(struct checker *c, const struct tp_list *l)
{
	char path[512], line[512];
	regex_t re;
	FILE *f;

	if (!l->pattern) {
		hook_err(c, l->loc, "list '%s': generated_ftrace needs a pattern", l->name);
		return;
	}
	if (regcomp(&re, l->pattern, REG_EXTENDED | REG_NOSUB)) {
		hook_err(c, l->loc, "list '%s': invalid pattern", l->name);
		return;
	}
	if (c->t->ftrace_functions)
		snprintf(path, sizeof(path), "%s", c->t->ftrace_functions);
	else
		snprintf(path, sizeof(path), "%s/available_filter_functions",
			 c->t->tracefs ? c->t->tracefs : "/sys/kernel/tracing");
	f = fopen(path, "re");
	if (!f) {
		hook_err(c, l->loc,
			 "list '%s': generated_ftrace needs %s: %s (give the target's list "
			 "with --ftrace-functions FILE)",
			 l->name, path, strerror(errno));
		regfree(&re);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, " \t\n")] = 0;
		if (*line && !regexec(&re, line, 0, NULL, 0) && add_func(c, line))
			break;
	}
	fclose(f);
	regfree(&re);
	if (!c->h->nfuncs)
		hook_err(c, l->loc, "list '%s': no function matches the pattern", l->name);
}

void tp_check__list_target(struct checker *c)
{
	struct tp_hook *h = c->h;
	const char *name = h->call + strlen("list:");
	const struct tp_list *l = NULL;
	struct tp_kfunc_proto pr;
	size_t i;

	for (i = 0; i < c->p->nlists; i++)
		if (c->p->lists[i].name && !strcmp(c->p->lists[i].name, name))
			l = &c->p->lists[i];
	if (!l) {
		hook_err(c, h->loc, "no list named '%s' in spec.lists", name);
		return;
	}
	h->function_name = strdup(h->call);
	/* list types match in any case: Tetragon lowercases them (isSyscallListType) */
	/* Tetragon reads pattern only for generated_ftrace and values only for the
	 * other types: never accepted and ignored here */
	if (l->pattern && (!l->type || strcasecmp(l->type, "generated_ftrace")))
		hook_err(c, l->pattern_loc,
			 "list '%s': pattern is not supported on a list of type '%s' (only "
			 "generated_ftrace takes one)",
			 name, l->type && *l->type ? l->type : "syscalls");
	if (l->nvalues && l->type && !strncasecmp(l->type, "generated_", 10))
		hook_err(c, l->values[0].loc,
			 "list '%s': values are not supported on a list of type '%s' (its "
			 "functions are generated)",
			 name, l->type);
	/* Tetragon makes the syscall lists' hooks syscalls whatever syscall: says,
	 * and keeps syscall: (true by default) for the others, where it reads a
	 * kernel function's args as a syscall's; tpgen reads them as the
	 * function's and refuses a syscall: that says otherwise (differences.md) */
	if (h->syscall_written) {
		bool sys_list = l->type && (!strcasecmp(l->type, "syscalls") ||
					    !strcasecmp(l->type, "generated_syscalls"));

		if (h->syscall != sys_list)
			hook_err(c, h->syscall_loc,
				 "syscall: %s is not supported on list '%s' (its functions are %s)",
				 h->syscall ? "true" : "false", name,
				 sys_list ? "syscalls" : "kernel functions");
	}
	if (!l->type || !strcasecmp(l->type, "") || !strcasecmp(l->type, "syscalls")) {
		bool sys = l->type && !strcasecmp(l->type, "syscalls");

		if (!l->nvalues)
			hook_err(c, l->loc, "list '%s' has no values", name);
		for (i = 0; i < l->nvalues; i++) {
			const char *v = l->values[i].str;
			char *sysname, *fn, src[PATH_MAX + 16];
			int e;

			if (strlen(v) != l->values[i].len) {
				hook_err(c, l->values[i].loc, "list '%s': a name has a NUL byte",
					 name);
				continue;
			}
			if (!sys) {
				if (!tp_check__valid_ident(v)) {
					hook_err(c, l->values[i].loc,
						 "list '%s': invalid function name", name);
					continue;
				}
				if (tp_kbtf__func(v, &pr) == -ENOENT)
					hook_err(c, l->values[i].loc,
						 "list '%s': kernel function '%s' "
						 "not found in %s",
						 name, v, btf_source(src, sizeof(src)));
				if (add_func(c, v))
					return;
				continue;
			}
			if (tp_check__syscall_name(c, v, &sysname, &fn))
				continue;
			e = add_func(c, fn);
			free(sysname);
			free(fn);
			if (e)
				return;
		}
		h->syscall = sys;
	} else if (!strcasecmp(l->type, "generated_syscalls")) {
		tp_check__generated_syscalls(c, l->type_loc, name, add_generated, c);
		h->syscall = true;
	} else if (!strcasecmp(l->type, "generated_ftrace")) {
		list_ftrace(c, l);
		h->syscall = false;
	} else {
		hook_err(c, l->type_loc,
			 "list '%s': unknown type '%s' (expected syscalls, "
			 "generated_syscalls or generated_ftrace)",
			 name, l->type);
	}
	if (h->syscall)
		c->sys_nargs = -1;
	for (i = 0; i < h->nargs; i++)
		if (tp_check__is_auto(&h->args[i]))
			hook_err(c, h->args[i].loc, "arg %d: a list hook's args need a type",
				 h->args[i].index);
}
