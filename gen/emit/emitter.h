/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The emitter object: a sink (a FILE, which tests point at a memstream), an
 * indentation level, the current line and a latched error checked once at
 * the end (libbpf's btf_dump, gen_loader). Lines are written whole; long
 * conditions go one term a line (tp_emitter__join), so that no generated
 * line passes TP_EMIT_COLUMNS.
 */
#ifndef TP_EMITTER_H
#define TP_EMITTER_H

#include <stdio.h>

#define TP_EMIT_COLUMNS 100

struct tp_emitter {
	FILE *out;	   /* where C goes */
	const char *name;  /* the generated file's name, for #line back to it */
	int indent;	   /* tabs before each line */
	unsigned int line; /* lines written so far */
	int err;	   /* first error, -errno; later writes are no-ops */
};

void tp_emitter__init(struct tp_emitter *e, FILE *out, const char *name);

/* One line of C at the current indentation; a trailing newline is added. */
void tp_emitter__line(struct tp_emitter *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void tp_emitter__blank(struct tp_emitter *e);

/* Lines of text as they are (a template's), counted. */
void tp_emitter__text(struct tp_emitter *e, const char *text, size_t len);

/* #line back to the generated file, after text from elsewhere. */
void tp_emitter__resync(struct tp_emitter *e);

/* Terms to join into one statement, built one at a time. */
struct tp_terms {
	char **v;
	size_t n;
	size_t cap;
	int err;
};

void tp_terms__add(struct tp_terms *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tp_terms__free(struct tp_terms *t);

/*
 * head + the terms joined by sep + tail, one term a line, later lines lined
 * up under the first term: "return a ||\n       b;". Its errors latch in e.
 */
void tp_emitter__join(struct tp_emitter *e, const char *head, const struct tp_terms *t,
		      const char *sep, const char *tail);

/*
 * A call: head + the terms joined by ", " + tail, as many terms a line as fit
 * TP_EMIT_COLUMNS, later lines lined up after head: "f(a, b,\n  c);".
 */
void tp_emitter__call(struct tp_emitter *e, const char *head, const struct tp_terms *t,
		      const char *tail);

/* 0, or the first error any write hit. */
int tp_emitter__finish(struct tp_emitter *e);

#endif /* TP_EMITTER_H */
