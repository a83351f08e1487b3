// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Held hook entries: a hash table by (tid, hook) threaded on an age list. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "join.h"

#define BUCKETS 1024

struct entry {
	struct entry *hnext;	     /* hash chain */
	struct entry *older, *newer; /* age list */
	uint32_t tid, hook, pid;
	size_t size;
	uint8_t rec[]; /* the TP_EV_HOOK record */
};

struct tp_join {
	struct entry *buckets[BUCKETS];
	struct entry *oldest, *newest;
	size_t count;
};

static struct entry **bucket(struct tp_join *j, uint32_t tid, uint32_t hook)
{
	return &j->buckets[(tid ^ hook * 31u) % BUCKETS];
}

struct tp_join *tp_join__new(void)
{
	return calloc(1, sizeof(struct tp_join));
}

static void unlink_entry(struct tp_join *j, struct entry *e)
{
	struct entry **pp = bucket(j, e->tid, e->hook);

	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	if (e->older)
		e->older->newer = e->newer;
	else
		j->oldest = e->newer;
	if (e->newer)
		e->newer->older = e->older;
	else
		j->newest = e->older;
	j->count--;
	free(e);
}

void tp_join__free(struct tp_join *j)
{
	if (!j)
		return;
	while (j->oldest)
		unlink_entry(j, j->oldest);
	free(j);
}

static struct entry *find(struct tp_join *j, uint32_t tid, uint32_t hook)
{
	struct entry *e = *bucket(j, tid, hook);

	for (; e; e = e->hnext)
		if (e->tid == tid && e->hook == hook)
			return e;
	return NULL;
}

int tp_join__hold(struct tp_join *j, uint32_t pid, uint32_t tid, uint32_t hook, const void *rec,
		  size_t size)
{
	struct entry *e, **head;

	tp_join__drop(j, tid, hook);
	if (j->count >= TP_PENDING_MAX)
		unlink_entry(j, j->oldest);
	e = malloc(sizeof(*e) + size);
	if (!e)
		return -ENOMEM;
	e->tid = tid;
	e->hook = hook;
	e->pid = pid;
	e->size = size;
	memcpy(e->rec, rec, size);
	head = bucket(j, tid, hook);
	e->hnext = *head;
	*head = e;
	e->older = j->newest;
	e->newer = NULL;
	if (j->newest)
		j->newest->newer = e;
	else
		j->oldest = e;
	j->newest = e;
	j->count++;
	return 0;
}

const void *tp_join__find(struct tp_join *j, uint32_t tid, uint32_t hook, size_t *size)
{
	struct entry *e = find(j, tid, hook);

	if (!e)
		return NULL;
	*size = e->size;
	return e->rec;
}

void tp_join__drop(struct tp_join *j, uint32_t tid, uint32_t hook)
{
	struct entry *e = find(j, tid, hook);

	if (e)
		unlink_entry(j, e);
}

void tp_join__drop_pid(struct tp_join *j, uint32_t pid)
{
	struct entry *e = j->oldest, *next;

	for (; e; e = next) {
		next = e->newer;
		if (e->pid == pid)
			unlink_entry(j, e);
	}
}

size_t tp_join__count(const struct tp_join *j)
{
	return j->count;
}
