/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What lumberjack's mill does after each rotation (millRunOnce): keep the
 * newest max_backups backups (0: all), remove the rest, gzip those kept when
 * asked. On a thread of its own, niced, so that the drain never waits for
 * gzip; requests while it works are folded into one more run.
 */
#ifndef TP_EXPORT_MILL_H
#define TP_EXPORT_MILL_H

#include <stdbool.h>

#include "export_name.h"

struct tp_export_mill;

/* The thread, for the file named n (copied); NULL with errno set. */
struct tp_export_mill *tp_export_mill__start(const struct tp_export_name *n,
					     unsigned int max_backups, bool compress);
/* Ask for a run (never waits). */
void tp_export_mill__kick(struct tp_export_mill *m);
/* Finish the run asked for, if any, and end the thread. */
void tp_export_mill__stop(struct tp_export_mill *m);

/* One run, on the calling thread: 0, or the first error (-errno) met. */
int tp_export_mill__run_once(const struct tp_export_name *n, unsigned int max_backups,
			     bool compress);

/* src gzipped into dst (through dst.tmp, renamed when whole), src removed; 0 or -errno. */
int tp_export_mill__gzip(const char *src, const char *dst);

#endif /* TP_EXPORT_MILL_H */
