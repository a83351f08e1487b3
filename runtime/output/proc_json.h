/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A process's JSON members, rendered once and pasted into every line that
 * shows it. A process in the cache never changes (an exec or a clone makes a
 * new one), and its exec_id names it, so the exec_id is the key; the slots
 * are few and direct-mapped by pid, so memory stays bounded and a process
 * that lost its slot is simply rendered again.
 */
#ifndef TP_PROC_JSON_H
#define TP_PROC_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "proc_cache.h"

struct tp_proc_json;

struct tp_proc_json *tp_proc_json__new(void);
void tp_proc_json__free(struct tp_proc_json *c);
/* Forget every rendering (what a process shows has changed). */
void tp_proc_json__clear(struct tp_proc_json *c);

/* A writer to render a process in, before it is put. */
struct tp_json *tp_proc_json__writer(struct tp_proc_json *c);

/* p's rendering and *len, or NULL when there is none. */
const char *tp_proc_json__get(struct tp_proc_json *c, const struct tp_process *p, size_t *len);
/* Keep n bytes of text as p's rendering; -ENOMEM leaves none. */
int tp_proc_json__put(struct tp_proc_json *c, const struct tp_process *p, const char *text,
		      size_t n);

/*
 * A thread's process, its tid shown, and the parent (NULL: none), as an event
 * opens with them: the members "process" and "parent" as one text. Kept by the
 * exec_ids and the tid, in slots direct-mapped by tid; a process or parent
 * without an exec_id is never kept.
 */
const char *tp_proc_json__get_pair(struct tp_proc_json *c, const struct tp_process *p, uint32_t tid,
				   const struct tp_process *parent, size_t *len);
int tp_proc_json__put_pair(struct tp_proc_json *c, const struct tp_process *p, uint32_t tid,
			   const struct tp_process *parent, const char *text, size_t n);

#endif /* TP_PROC_JSON_H */
