/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The emitter object: a sink (a FILE, which tests point at a memstream), an
 * indentation level and a latched error checked once at the end (libbpf's
 * btf_dump, gen_loader).
 */
#ifndef TP_EMITTER_H
#define TP_EMITTER_H

#include <stdio.h>

struct tp_emitter {
	FILE *out;	/* where C goes */
	int indent;	/* tabs before each line */
	int err;	/* first error, -errno; later writes are no-ops */
};

void tp_emitter__init(struct tp_emitter *e, FILE *out);

/* One line of C at the current indentation; a trailing newline is added. */
void tp_emitter__line(struct tp_emitter *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Text without indentation or newline. */
void tp_emitter__raw(struct tp_emitter *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tp_emitter__blank(struct tp_emitter *e);
/* The current indentation only: a line continued with tp_emitter__raw. */
void tp_emitter__indent(struct tp_emitter *e);

/* 0, or the first error any write hit. */
int tp_emitter__finish(struct tp_emitter *e);

#endif /* TP_EMITTER_H */
