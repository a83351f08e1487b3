/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The user-space process cache: what tprun knows of every process, from exec,
 * clone and exit records and from /proc for processes older than tprun.
 */
#ifndef TP_PROC_CACHE_H
#define TP_PROC_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include <tp/event.h>

struct tp_process {
	uint32_t pid; /* tgid */
	uint32_t ppid;
	uint32_t uid;
	uint32_t auid;
	uint64_t ktime;	      /* exec time (procfs: start time), CLOCK_BOOTTIME ns */
	char *exec_id;	      /* base64("node:ktime:pid") */
	char *parent_exec_id; /* NULL when the parent is unknown */
	char *binary;
	char *arguments; /* space separated, argv[0] excluded */
	char *cwd;
	char *flags; /* "execve clone", "procFS", ... */
	/*
	 * Credentials and namespaces (creds.known 0: not asked for, or not
	 * found): at exec, at fork (the child's own), or from /proc, never
	 * updated after (Tetragon's process cache keeps them so too).
	 */
	struct tp_creds creds;
};

struct tp_proc_cache;

/* node_name goes into every exec_id. */
struct tp_proc_cache *tp_proc_cache__new(const char *node_name);
void tp_proc_cache__free(struct tp_proc_cache *c);

/* Record handlers; return the process concerned, or NULL (errno set). */
struct tp_process *tp_proc_cache__on_exec(struct tp_proc_cache *c, const void *rec, size_t size);
struct tp_process *tp_proc_cache__on_clone(struct tp_proc_cache *c, const void *rec, size_t size);
/* Forget an exited process (after its exit event is printed). */
void tp_proc_cache__remove(struct tp_proc_cache *c, uint32_t pid);

/*
 * Several ring buffers, one cache (tprun with several objects): a ring may
 * hand over a process's exit before another hands over the hook records that
 * came before it. With on, tp_proc_cache__remove only marks the process; it
 * stays findable until the second tp_proc_cache__reap after (unless a new
 * process takes its pid first).
 */
void tp_proc_cache__defer_removal(struct tp_proc_cache *c, bool on);
/* After every poll round: forget what was removed before the previous round. */
void tp_proc_cache__reap(struct tp_proc_cache *c);

struct tp_process *tp_proc_cache__get(struct tp_proc_cache *c, uint32_t pid);

/* Tetragon's process_cache_size and process_cache_misses_total{operation} (get, remove). */
struct tp_proc_cache_stats {
	uint64_t size;		/* processes cached */
	uint64_t misses_get;	/* tp_proc_cache__get found none */
	uint64_t misses_remove; /* tp_proc_cache__remove found none */
};
void tp_proc_cache__stats(const struct tp_proc_cache *c, struct tp_proc_cache_stats *s);

/*
 * Walk procfs (normally "/proc"), add every process to the cache with flags
 * "procFS", parents before children, calling learn(proc, nspid, exe, ctx)
 * for each in that order; exe is /proc/PID/exe, NULL when it could not be
 * read. Returns the number of processes or -errno.
 */
typedef int (*tp_learn_fn)(const struct tp_process *p, uint32_t nspid, const char *exe, void *ctx);
int tp_proc_cache__scan(struct tp_proc_cache *c, const char *procfs, tp_learn_fn learn, void *ctx);

#endif /* TP_PROC_CACHE_H */
