// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Rendered processes of proc_json.h: direct-mapped slots keyed by exec_id, and
 * a thread's process and parent keyed by both exec_ids and the tid.
 */
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

struct pair {
	char *exec_id;	      /* NULL: empty */
	char *parent_exec_id; /* NULL: no parent */
	uint32_t tid;
	char *text;
	size_t len;
};

struct tp_proc_json {
	struct tp_json *writer;
	struct slot slots[SLOTS];
	struct pair pairs[SLOTS];
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

static void empty_pair(struct pair *s)
{
	free(s->exec_id);
	free(s->parent_exec_id);
	free(s->text);
	memset(s, 0, sizeof(*s));
}

void tp_proc_json__clear(struct tp_proc_json *c)
{
	size_t i;

	for (i = 0; i < SLOTS; i++) {
		empty(&c->slots[i]);
		empty_pair(&c->pairs[i]);
	}
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

/* NULL when p and parent cannot be kept: nothing names one of them */
static struct pair *pair_of(struct tp_proc_json *c, const struct tp_process *p, uint32_t tid,
			    const struct tp_process *parent)
{
	if (!p->exec_id || (parent && !parent->exec_id))
		return NULL;
	return &c->pairs[tid & (SLOTS - 1)];
}

const char *tp_proc_json__get_pair(struct tp_proc_json *c, const struct tp_process *p, uint32_t tid,
				   const struct tp_process *parent, size_t *len)
{
	struct pair *s = pair_of(c, p, tid, parent);

	if (!s || !s->exec_id || s->tid != tid || strcmp(s->exec_id, p->exec_id))
		return NULL;
	if (parent ? !s->parent_exec_id || strcmp(s->parent_exec_id, parent->exec_id)
		   : s->parent_exec_id != NULL)
		return NULL;
	*len = s->len;
	return s->text;
}

int tp_proc_json__put_pair(struct tp_proc_json *c, const struct tp_process *p, uint32_t tid,
			   const struct tp_process *parent, const char *text, size_t n)
{
	struct pair *s = pair_of(c, p, tid, parent);

	if (!s)
		return 0;
	empty_pair(s);
	s->exec_id = strdup(p->exec_id);
	s->parent_exec_id = parent ? strdup(parent->exec_id) : NULL;
	s->text = malloc(n ? n : 1);
	if (!s->exec_id || (parent && !s->parent_exec_id) || !s->text) {
		empty_pair(s);
		return -ENOMEM;
	}
	memcpy(s->text, text, n);
	s->len = n;
	s->tid = tid;
	return 0;
}
