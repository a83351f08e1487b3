/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Objects compiled once for each configuration and linked with a policy's (companion.c). */
#ifndef TP_COMPANION_H
#define TP_COMPANION_H

#include <stdbool.h>

/* What a companion object takes from the generated file's head, and what it compiles. */
struct tp_companion {
	const char *kind;	    /* its cache entries' and its folder's name */
	const char *what;	    /* its source's first comment: what it holds */
	const char *const *names;   /* the head's macros it takes, NULL-ended */
	bool switches;		    /* or: it takes every switch (TP_EMIT_SWITCHES), no size */
	const char *mode;	    /* the macro that makes the templates its */
	const char *const *headers; /* the templates it includes, NULL-ended */
	/*
	 * and, if not NULL, the templates the head includes, each through the
	 * others, that have a line starting with holding
	 */
	const char *holding;
};

/* The companions every policy's object is linked with, in the order they are linked. */
extern const struct tp_companion tp_companions[];
#define TP_COMPANIONS 2

/*
 * Write to out c's source for the generated file whose head (tp_emit__head)
 * is the file head, templates in dir: 0 or -errno (-EINVAL: a line no head
 * holds, or no line before its switches where c takes them).
 */
int tp_companion__source(const struct tp_companion *c, const char *dir, const char *head,
			 const char *out);

#endif /* TP_COMPANION_H */
