/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* tpgen's working directory: made per run, removed whole, never left behind for long. */
#ifndef TP_WORKDIR_H
#define TP_WORKDIR_H

#include <stddef.h>

/*
 * Make dir (len bytes at least TP_WORKDIR_LEN): /tmp/tpgen-PID.XXXXXX, locked
 * (flock on its .lock) until tp_workdir__remove. First removes the
 * directories of earlier runs that died without removing theirs (SIGKILL: no
 * handler runs): this user's, a minute old or more, their lock free.
 * Returns 0 or -errno.
 */
#define TP_WORKDIR_LEN 64
int tp_workdir__make(char *dir, size_t len);

/* Remove dir and everything in it, and let go of its lock. */
void tp_workdir__remove(const char *dir);

#endif /* TP_WORKDIR_H */
