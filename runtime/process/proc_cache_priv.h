/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Inside libtp: how the record handlers and the /proc walk fill the process cache. */
#ifndef TP_PROC_CACHE_PRIV_H
#define TP_PROC_CACHE_PRIV_H

#include <stdint.h>

#include "proc_cache.h"

/* A zeroed process, owned by the caller until tp_proc_cache__add(). */
struct tp_process *tp_process__new(void);
void tp_process__free(struct tp_process *p);

/*
 * Insert p with its exec_id and its parent's: the cached parent's, else
 * one made from parent_ktime (the parent's start as BPF saw it; 0 for
 * unknown). A process with the same pid is replaced. NULL with errno
 * ENOMEM, and p freed, when memory runs out.
 */
struct tp_process *tp_proc_cache__add(struct tp_proc_cache *c, struct tp_process *p,
				      uint64_t parent_ktime);

/* tp_proc_cache__get, not counted as a miss when there is none: the /proc walk's. */
struct tp_process *tp_proc_cache__find(const struct tp_proc_cache *c, uint32_t pid);

/* The target of the symbolic link at path ("/proc/PID/cwd"), allocated; NULL when unreadable. */
char *tp_proc__read_link(const char *path);

#endif /* TP_PROC_CACHE_PRIV_H */
