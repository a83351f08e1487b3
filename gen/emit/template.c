// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "template.h"

#define SECTION_MARK "//@ "
#define TEMPLATE_MAX (1u << 20)

struct section {
	const char *name; /* into text */
	size_t name_len;
	const char *body; /* the lines after the mark */
	size_t len;
	unsigned int line; /* 1-based line of the body's first line */
};

struct tp_template {
	char *file; /* the name #line gives */
	char *text;
	struct section *sec;
	size_t nsec;
};

/* Split the text at its section marks. */
static int split(struct tp_template *t, size_t len)
{
	const char *p = t->text, *end = t->text + len;
	unsigned int line = 1;
	struct section *s = NULL;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *next = nl ? nl + 1 : end;

		if (!strncmp(p, SECTION_MARK, strlen(SECTION_MARK))) {
			struct section *v = realloc(t->sec, (t->nsec + 1) * sizeof(*v));

			if (!v)
				return -ENOMEM;
			t->sec = v;
			s = &t->sec[t->nsec++];
			s->name = p + strlen(SECTION_MARK);
			s->name_len = (nl ? nl : end) - s->name;
			s->body = next;
			s->len = 0;
			s->line = line + 1;
		} else if (s && nl != p) {
			s->len = next - s->body; /* up to its last line that is not blank */
		}
		p = next;
		line++;
	}
	return 0;
}

struct tp_template *tp_template__load(const char *dir, const char *file, char *err, size_t errlen)
{
	struct tp_template *t = calloc(1, sizeof(*t));
	char path[4096];
	size_t len = 0;
	int e = -ENOMEM;

	if (!t)
		goto fail;
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	t->file = strdup(file);
	e = tp_file__read(path, TEMPLATE_MAX, &t->text, &len);
	if (e) {
		if (e > 0) { /* more than TEMPLATE_MAX bytes */
			free(t->text);
			t->text = NULL;
			e = -EFBIG;
		}
		snprintf(err, errlen, "cannot read template %s: %s", path, strerror(-e));
		goto fail;
	}
	if (!t->file || (e = split(t, len)))
		goto fail;
	return t;
fail:
	if (e == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	tp_template__free(t);
	errno = -e;
	return NULL;
}

void tp_template__free(struct tp_template *t)
{
	if (!t)
		return;
	free(t->sec);
	free(t->text);
	free(t->file);
	free(t);
}

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The hole the identifier at s (n bytes) is, or NULL. */
static const char *fill(const char *const *holes, const char *s, size_t n)
{
	for (; holes && holes[0]; holes += 2)
		if (strlen(holes[0]) == n && !memcmp(holes[0], s, n))
			return holes[1];
	return NULL;
}

int tp_template__emit(const struct tp_template *t, const char *name, const char *const *holes,
		      struct tp_emitter *e)
{
	const struct section *s = NULL;
	const char *p, *end;
	size_t i;

	for (i = 0; i < t->nsec && !s; i++)
		if (t->sec[i].name_len == strlen(name) &&
		    !memcmp(t->sec[i].name, name, strlen(name)))
			s = &t->sec[i];
	if (!s) {
		e->err = e->err ? e->err : -ENOENT;
		return -ENOENT;
	}
	tp_emitter__line(e, "#line %u \"%s\"", s->line, t->file);
	for (p = s->body, end = s->body + s->len; p < end;) {
		const char *q = p, *with;

		if (!is_ident(*p)) {
			while (q < end && !is_ident(*q))
				q++;
			tp_emitter__text(e, p, q - p);
			p = q;
			continue;
		}
		while (q < end && is_ident(*q))
			q++;
		with = fill(holes, p, q - p);
		if (with)
			tp_emitter__text(e, with, strlen(with));
		else
			tp_emitter__text(e, p, q - p);
		p = q;
	}
	tp_emitter__resync(e);
	return e->err;
}
