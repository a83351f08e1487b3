/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Members that every line of a hook shows alike (its subsys and event, the
 * policy name, the action's name, the message and tags), rendered once and
 * pasted after. A rendering is kept by its owner (a hook's view, which lives
 * as long as the output) and a key the printer chooses (which members, and
 * what they depend on besides the hook); the slots are few and direct-mapped,
 * so a rendering that lost its slot is simply rendered again.
 */
#ifndef TP_FRAG_JSON_H
#define TP_FRAG_JSON_H

#include <stddef.h>
#include <stdint.h>

struct tp_frag_json;

struct tp_frag_json *tp_frag_json__new(void);
void tp_frag_json__free(struct tp_frag_json *c);
/* Forget every rendering. */
void tp_frag_json__clear(struct tp_frag_json *c);

/* The rendering of (owner, key) and *len, or NULL when there is none. */
const char *tp_frag_json__get(struct tp_frag_json *c, const void *owner, uint64_t key, size_t *len);
/* Keep n bytes of text as (owner, key)'s rendering; -ENOMEM leaves none. */
int tp_frag_json__put(struct tp_frag_json *c, const void *owner, uint64_t key, const char *text,
		      size_t n);

#endif /* TP_FRAG_JSON_H */
