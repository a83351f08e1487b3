// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * loader: true. Tetragon's loader sensor kprobes perf_event_mmap_output;
 * tpgen's loader hooks see the same mappings at the tracepoints of mmap(2)
 * and mprotect(2) (templates/bpf/tp_loader.bpf.h), which read their
 * arguments by position: the target's formats must have them there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "tracefs.h"

/* The arguments the programs read, first to last; each syscall's own. */
static const struct {
	const char *syscall;
	const char *args[5];
} loader_syscalls[] = {
	{ "mmap", { "addr", "len", "prot", "flags", "fd" } },
	{ "mprotect", { "start", "len", "prot" } },
};

static void check_args(struct checker *c, const struct tp_tracefs_format *fmt,
		       const char *const *args, size_t n)
{
	int nr = tp_tracefs_format__find(fmt, "__syscall_nr");
	size_t i;

	for (i = 0; i < n && args[i]; i++)
		if (nr < 0 || tp_tracefs_format__find(fmt, args[i]) != nr + 1 + (int)i) {
			hook_err(c, c->h->loc, TP_SYSCALL_TP_ENTER "%s has no argument '%s' at %zu",
				 c->h->syscall_name, args[i], i);
			return;
		}
}

void tp_check__loader(struct checker *c)
{
	struct tp_hook *h = c->h;
	const char *tracefs = c->t->tracefs;
	struct tp_tracefs_format fmt;
	char event[64];
	size_t i;
	int err;

	for (i = 0; i < sizeof(loader_syscalls) / sizeof(loader_syscalls[0]); i++)
		if (h->event && !strcmp(h->event, loader_syscalls[i].syscall))
			break;
	if (i == sizeof(loader_syscalls) / sizeof(loader_syscalls[0]))
		return; /* the parser makes only those */
	h->syscall_name = strdup(h->event);
	h->function_name = strdup(h->call);
	if (!h->syscall_name || !h->function_name) {
		hook_err(c, h->loc, "out of memory");
		return;
	}
	if (!tp_tracefs__has_dir(tracefs, "events/" TP_SYSCALL_TP_SUBSYS)) {
		if (i == 0) /* the hooks come together: said once */
			hook_err(c, h->loc, "needs the syscall tracepoints, and %s has none",
				 tracefs ? tracefs : "(no tracefs)");
		return;
	}
	snprintf(event, sizeof(event), TP_SYSCALL_TP_ENTER "%s", h->syscall_name);
	err = tp_tracefs_format__load(&fmt, tracefs, TP_SYSCALL_TP_SUBSYS, event);
	if (err) {
		hook_err(c, h->loc, "cannot read %s/events/" TP_SYSCALL_TP_SUBSYS "/%s/format: %s",
			 tracefs, event, strerror(-err));
		return;
	}
	check_args(c, &fmt, loader_syscalls[i].args,
		   sizeof(loader_syscalls[i].args) / sizeof(loader_syscalls[i].args[0]));
	tp_tracefs_format__free(&fmt);
}
