/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Inside libtp: what the procfs walk needs of the process cache. */
#ifndef TP_PROC_CACHE_PRIV_H
#define TP_PROC_CACHE_PRIV_H

#include <stddef.h>

#include "proc_cache.h"

/* A zeroed process, owned by the caller until tp_proc_cache__put(). */
struct tp_process *tp_process__new(void);
void tp_process__free(struct tp_process *p);

/* Insert p, replacing (and freeing) any process with the same pid. */
void tp_proc_cache__put(struct tp_proc_cache *c, struct tp_process *p);

/* malloc'd base64("node:ktime:pid"), or NULL. */
char *tp_proc_cache__exec_id(const struct tp_proc_cache *c, uint64_t ktime, uint32_t pid);

/*
 * NUL-separated arguments as Tetragon prints them: joined by spaces, an
 * argument that holds a space in double quotes. malloc'd, or NULL.
 */
char *tp_args_join(const char *buf, size_t len);

#endif /* TP_PROC_CACHE_PRIV_H */
