// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Rendered processes of proc_json.h: direct-mapped slots keyed by exec_id. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "proc_json.h"

#define SLOTS 1024 /* a power of two */

struct slot {
	char *exec_id; /* NULL: empty */
	char *text;
	size_t len;
};

struct tp_proc_json {
	struct tp_json *writer;
	struct slot slots[SLOTS];
};

struct tp_proc_json *tp_proc_json__new(void)
{
	struct tp_proc_json *c = calloc(1, sizeof(*c));

	if (c)
		c->writer = tp_json__new();
	if (c && !c->writer) {
		free(c);
		return NULL;
	}
	return c;
}

struct tp_json *tp_proc_json__writer(struct tp_proc_json *c)
{
	return c->writer;
}

static void empty(struct slot *s)
{
	free(s->exec_id);
	free(s->text);
	memset(s, 0, sizeof(*s));
}

void tp_proc_json__clear(struct tp_proc_json *c)
{
	size_t i;

	for (i = 0; i < SLOTS; i++)
		empty(&c->slots[i]);
}

void tp_proc_json__free(struct tp_proc_json *c)
{
	if (!c)
		return;
	tp_proc_json__clear(c);
	tp_json__free(c->writer);
	free(c);
}

static struct slot *slot_of(struct tp_proc_json *c, const struct tp_process *p)
{
	return &c->slots[p->pid & (SLOTS - 1)];
}

const char *tp_proc_json__get(struct tp_proc_json *c, const struct tp_process *p, size_t *len)
{
	struct slot *s = slot_of(c, p);

	if (!s->exec_id || !p->exec_id || strcmp(s->exec_id, p->exec_id))
		return NULL;
	*len = s->len;
	return s->text;
}

int tp_proc_json__put(struct tp_proc_json *c, const struct tp_process *p, const char *text,
		      size_t n)
{
	struct slot *s = slot_of(c, p);

	empty(s);
	if (!p->exec_id)
		return 0; /* nothing names it */
	s->exec_id = strdup(p->exec_id);
	s->text = malloc(n ? n : 1);
	if (!s->exec_id || !s->text) {
		empty(s);
		return -ENOMEM;
	}
	memcpy(s->text, text, n);
	s->len = n;
	return 0;
}
