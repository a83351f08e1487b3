/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The entry/return join: a hook record whose return is pending is held, by
 * thread and hook, until its TP_EV_HOOK_RET comes (or its process exits).
 */
#ifndef TP_JOIN_H
#define TP_JOIN_H

#include <stddef.h>
#include <stdint.h>

/* Entries held at most; past it the oldest are dropped. */
#ifndef TP_PENDING_MAX
#define TP_PENDING_MAX 65536
#endif

struct tp_join;

struct tp_join *tp_join__new(void);
void tp_join__free(struct tp_join *j);

/*
 * Hold a copy of the hook record rec of thread tid (of process pid). A
 * thread is in one call of a hook at a time: an entry it already had for
 * hook is replaced. 0 or -ENOMEM.
 */
int tp_join__hold(struct tp_join *j, uint32_t pid, uint32_t tid, uint32_t hook, const void *rec,
		  size_t size);
/* The record held for tid's call of hook, NULL for none; valid until the next call. */
const void *tp_join__find(struct tp_join *j, uint32_t tid, uint32_t hook, size_t *size);
/* Forget what is held for tid's call of hook. */
void tp_join__drop(struct tp_join *j, uint32_t tid, uint32_t hook);
/* The process's threads are gone: no return will come for their calls. */
void tp_join__drop_pid(struct tp_join *j, uint32_t pid);
/* Entries held. */
size_t tp_join__count(const struct tp_join *j);

#endif /* TP_JOIN_H */
