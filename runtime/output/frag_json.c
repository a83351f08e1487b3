// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Rendered members of frag_json.h: direct-mapped slots keyed by owner and key. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "frag_json.h"

#define SLOTS 256 /* a power of two */

struct slot {
	const void *owner; /* NULL: empty */
	uint64_t key;
	char *text;
	size_t len;
};

struct tp_frag_json {
	struct slot slots[SLOTS];
};

struct tp_frag_json *tp_frag_json__new(void)
{
	return calloc(1, sizeof(struct tp_frag_json));
}

static void empty(struct slot *s)
{
	free(s->text);
	memset(s, 0, sizeof(*s));
}

void tp_frag_json__clear(struct tp_frag_json *c)
{
	size_t i;

	for (i = 0; i < SLOTS; i++)
		empty(&c->slots[i]);
}

void tp_frag_json__free(struct tp_frag_json *c)
{
	if (!c)
		return;
	tp_frag_json__clear(c);
	free(c);
}

static struct slot *slot_of(struct tp_frag_json *c, const void *owner, uint64_t key)
{
	uint64_t h = ((uintptr_t)owner >> 4 ^ key) * 0x9e3779b97f4a7c15ull;

	return &c->slots[h >> 56 & (SLOTS - 1)];
}

const char *tp_frag_json__get(struct tp_frag_json *c, const void *owner, uint64_t key, size_t *len)
{
	struct slot *s = slot_of(c, owner, key);

	if (!owner || s->owner != owner || s->key != key)
		return NULL;
	*len = s->len;
	return s->text;
}

int tp_frag_json__put(struct tp_frag_json *c, const void *owner, uint64_t key, const char *text,
		      size_t n)
{
	struct slot *s = slot_of(c, owner, key);

	empty(s);
	if (!owner)
		return 0;
	s->text = malloc(n ? n : 1);
	if (!s->text)
		return -ENOMEM;
	memcpy(s->text, text, n);
	s->owner = owner;
	s->key = key;
	s->len = n;
	return 0;
}
