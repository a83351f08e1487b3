// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * loader: true. Tetragon's loader sensor kprobes perf_event_mmap_output;
 * tpgen's loader programs see the same mappings at the mmap syscall's
 * tracepoints (templates/bpf/tp_loader.bpf.h), which read its prot, flags
 * and fd as arguments 2, 3 and 4: the target's format must say so.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "tracefs.h"

static const char *const mmap_args[] = { "addr", "len", "prot", "flags", "fd" };

void tp_check__loader(struct checker *c)
{
	struct tp_hook *h = c->h;
	const char *tracefs = c->t->tracefs;
	struct tp_tracefs_format fmt;
	int err, nr;
	size_t i;

	h->syscall_name = strdup(TP_LOADER_SYSCALL);
	h->function_name = strdup(h->call);
	if (!h->syscall_name || !h->function_name) {
		hook_err(c, h->loc, "out of memory");
		return;
	}
	if (!tp_tracefs__has_dir(tracefs, "events/" TP_SYSCALL_TP_SUBSYS)) {
		hook_err(c, h->loc, "needs the syscall tracepoints, and %s has none",
			 tracefs ? tracefs : "(no tracefs)");
		return;
	}
	err = tp_tracefs_format__load(&fmt, tracefs, TP_SYSCALL_TP_SUBSYS,
				      TP_SYSCALL_TP_ENTER TP_LOADER_SYSCALL);
	if (err) {
		hook_err(c, h->loc,
			 "cannot read %s/events/" TP_SYSCALL_TP_SUBSYS
			 "/" TP_SYSCALL_TP_ENTER TP_LOADER_SYSCALL "/format: %s",
			 tracefs, strerror(-err));
		return;
	}
	nr = tp_tracefs_format__find(&fmt, "__syscall_nr");
	for (i = 0; i < sizeof(mmap_args) / sizeof(mmap_args[0]); i++)
		if (nr < 0 || tp_tracefs_format__find(&fmt, mmap_args[i]) != nr + 1 + (int)i)
			break;
	if (i < sizeof(mmap_args) / sizeof(mmap_args[0]))
		hook_err(c, h->loc,
			 TP_SYSCALL_TP_ENTER TP_LOADER_SYSCALL " has no argument '%s' at %zu",
			 mmap_args[i], i);
	tp_tracefs_format__free(&fmt);
}
