// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Held hook entries: a hash table by (tid, hook) threaded on an age list. */
#include <stdlib.h>

#include "join.h"

#define BUCKETS 1024

struct tp_join {
	struct tp_join_entry *buckets[BUCKETS];
	struct tp_join_entry *oldest, *newest;
	size_t count;
	bool defer;	 /* tp_join__defer */
	size_t nretired; /* entries marked retired */
	uint64_t round;	 /* tp_join__reap's */
};

static struct tp_join_entry **bucket(struct tp_join *j, uint32_t tid, uint32_t hook)
{
	return &j->buckets[(tid ^ hook * 31u) % BUCKETS];
}

struct tp_join *tp_join__new(void)
{
	return calloc(1, sizeof(struct tp_join));
}

/* Take e off its hash chain and the age list; *pp is the link that points at it. */
static void unlink_entry(struct tp_join *j, struct tp_join_entry **pp)
{
	struct tp_join_entry *e = *pp;

	*pp = e->hnext;
	j->nretired -= e->retired != 0;
	if (e->older)
		e->older->newer = e->newer;
	else
		j->oldest = e->newer;
	if (e->newer)
		e->newer->older = e->older;
	else
		j->newest = e->older;
	j->count--;
}

/* The link that points at e: its bucket's head or the hnext of the entry before it. */
static struct tp_join_entry **link_of(struct tp_join *j, struct tp_join_entry *e)
{
	struct tp_join_entry **pp = bucket(j, e->tid, e->hook);

	while (*pp != e)
		pp = &(*pp)->hnext;
	return pp;
}

static void drop(struct tp_join *j, struct tp_join_entry *e)
{
	unlink_entry(j, link_of(j, e));
	free(e);
}

void tp_join__free(struct tp_join *j)
{
	if (!j)
		return;
	while (j->oldest)
		drop(j, j->oldest);
	free(j);
}

struct tp_join_entry *tp_join__take(struct tp_join *j, uint32_t tid, uint32_t hook)
{
	struct tp_join_entry **pp = bucket(j, tid, hook), *e;

	for (; (e = *pp); pp = &e->hnext) {
		if (e->tid == tid && e->hook == hook) {
			unlink_entry(j, pp);
			return e;
		}
	}
	return NULL;
}

void tp_join__hold(struct tp_join *j, struct tp_join_entry *e, uint32_t pid, uint32_t tid,
		   uint32_t hook)
{
	struct tp_join_entry **head;

	free(tp_join__take(j, tid, hook));
	if (j->count >= TP_PENDING_MAX)
		drop(j, j->oldest);
	e->pid = pid;
	e->tid = tid;
	e->hook = hook;
	e->retired = 0;
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
}

void tp_join__drop_pid(struct tp_join *j, uint32_t pid)
{
	struct tp_join_entry *e = j->oldest, *next;

	for (; e; e = next) {
		next = e->newer;
		if (e->pid != pid)
			continue;
		if (!j->defer) {
			drop(j, e);
		} else if (!e->retired) {
			e->retired = j->round + 1;
			j->nretired++;
		}
	}
}

void tp_join__defer(struct tp_join *j, bool on)
{
	j->defer = on;
}

void tp_join__reap(struct tp_join *j)
{
	struct tp_join_entry *e, *next;

	for (e = j->oldest; j->nretired && e; e = next) {
		next = e->newer;
		if (e->retired && e->retired - 1 < j->round)
			drop(j, e);
	}
	j->round++;
}

size_t tp_join__count(const struct tp_join *j)
{
	return j->count;
}
