/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The entry/return join: a hook record whose return is pending is held, by
 * thread and hook, until its TP_EV_HOOK_RET comes (or its process exits).
 */
#ifndef TP_JOIN_H
#define TP_JOIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Entries held at most; past it the oldest are dropped. */
#ifndef TP_PENDING_MAX
#define TP_PENDING_MAX 65536
#endif

/*
 * What the join links: the first member of a block the holder malloc()ed,
 * the held record after it. Held, the block is the join's (freed when it is
 * replaced, its process exits or it is the oldest past TP_PENDING_MAX);
 * taken, the caller's again.
 */
struct tp_join_entry {
	struct tp_join_entry *hnext;	     /* hash chain */
	struct tp_join_entry *older, *newer; /* age list */
	uint32_t pid, tid, hook;
	uint64_t retired; /* deferred: 1 + the round its process exited in; 0 none */
};

struct tp_join;

struct tp_join *tp_join__new(void);
void tp_join__free(struct tp_join *j);

/*
 * Hold e as thread tid's (of process pid) call of hook. A thread is in one
 * call of a hook at a time: an entry it already had for hook is freed.
 */
void tp_join__hold(struct tp_join *j, struct tp_join_entry *e, uint32_t pid, uint32_t tid,
		   uint32_t hook);
/* Unlink the entry held for tid's call of hook and hand it back to free(); NULL for none. */
struct tp_join_entry *tp_join__take(struct tp_join *j, uint32_t tid, uint32_t hook);
/*
 * The process's threads are gone: no return will come for their calls. Its
 * entries are dropped now, or, deferred, by the second tp_join__reap from now.
 */
void tp_join__drop_pid(struct tp_join *j, uint32_t pid);
/*
 * Defer drop_pid: the exit came on one ring, and a return record that came
 * before it may still be on another (tp_audit) until every ring was read.
 */
void tp_join__defer(struct tp_join *j, bool on);
/* Every ring was read once more: drop the entries of processes that exited a round ago. */
void tp_join__reap(struct tp_join *j);
/* Entries held. */
size_t tp_join__count(const struct tp_join *j);

#endif /* TP_JOIN_H */
