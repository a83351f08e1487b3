// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emitter.h"

void tp_emitter__init(struct tp_emitter *e, FILE *out, const char *name)
{
	e->out = out;
	e->name = name;
	e->indent = 0;
	e->line = 0;
	e->err = 0;
}

static void put(struct tp_emitter *e, const char *s, size_t n)
{
	if (!e->err && n && fwrite(s, 1, n, e->out) != n)
		e->err = errno ? -errno : -EIO;
}

static void newline(struct tp_emitter *e)
{
	put(e, "\n", 1);
	e->line++;
}

static void indent(struct tp_emitter *e)
{
	int i;

	for (i = 0; i < e->indent; i++)
		put(e, "\t", 1);
}

static void spaces(struct tp_emitter *e, size_t n)
{
	while (n--)
		put(e, " ", 1);
}

void tp_emitter__line(struct tp_emitter *e, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		e->err = e->err ? e->err : -ENOMEM;
		return;
	}
	if (n)
		indent(e);
	put(e, s, n);
	newline(e);
	free(s);
}

void tp_emitter__blank(struct tp_emitter *e)
{
	newline(e);
}

void tp_emitter__text(struct tp_emitter *e, const char *text, size_t len)
{
	size_t i;

	put(e, text, len);
	for (i = 0; i < len; i++)
		e->line += text[i] == '\n';
}

void tp_emitter__resync(struct tp_emitter *e)
{
	/* the line after the directive is line + 2 of the file, 1-based */
	tp_emitter__line(e, "#line %u \"%s\"", e->line + 2, e->name);
}

void tp_terms__add(struct tp_terms *t, const char *fmt, ...)
{
	va_list ap;
	char **v;
	int n;

	if (t->err)
		return;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		v = realloc(t->v, t->cap * sizeof(*v));
		if (!v) {
			t->err = -ENOMEM;
			return;
		}
		t->v = v;
	}
	va_start(ap, fmt);
	n = vasprintf(&t->v[t->n], fmt, ap);
	va_end(ap);
	if (n < 0)
		t->err = -ENOMEM;
	else
		t->n++;
}

void tp_terms__free(struct tp_terms *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

void tp_emitter__join(struct tp_emitter *e, const char *head, const struct tp_terms *t,
		      const char *sep, const char *tail)
{
	size_t i;

	if (t->err) {
		e->err = e->err ? e->err : t->err;
		return;
	}
	for (i = 0; i < t->n; i++) {
		indent(e);
		if (i == 0) {
			put(e, head, strlen(head));
		} else {
			/* line up under the first term: the head's width in spaces */
			spaces(e, strlen(head));
		}
		put(e, t->v[i], strlen(t->v[i]));
		if (i + 1 < t->n) {
			put(e, " ", 1);
			put(e, sep, strlen(sep));
		} else {
			put(e, tail, strlen(tail));
		}
		newline(e);
	}
}

void tp_emitter__call(struct tp_emitter *e, const char *head, const struct tp_terms *t,
		      const char *tail)
{
	size_t col = 8 * e->indent + strlen(head), i;

	if (t->err) {
		e->err = e->err ? e->err : t->err;
		return;
	}
	indent(e);
	put(e, head, strlen(head));
	for (i = 0; i < t->n; i++) {
		size_t need = strlen(t->v[i]) + (i + 1 < t->n ? 1 : strlen(tail));

		if (i && col + 1 + need > TP_EMIT_COLUMNS) {
			newline(e);
			indent(e);
			spaces(e, strlen(head));
			col = 8 * e->indent + strlen(head);
		} else if (i) {
			put(e, " ", 1);
			col++;
		}
		put(e, t->v[i], strlen(t->v[i]));
		col += strlen(t->v[i]);
		if (i + 1 < t->n) {
			put(e, ",", 1);
			col++;
		}
	}
	put(e, tail, strlen(tail));
	newline(e);
}

int tp_emitter__finish(struct tp_emitter *e)
{
	if (!e->err && fflush(e->out))
		e->err = -errno;
	return e->err;
}
