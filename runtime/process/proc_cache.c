// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The process cache: a pid-keyed chained hash table; exec_ids as Tetragon makes them. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "proc_cache_priv.h"

struct node {
	struct tp_process p; /* first: a tp_process * is a struct node * */
	struct node *next;
};

/* A process removed while removal is deferred: forgotten at a later round. */
struct retired {
	uint32_t pid;
	uint64_t ktime; /* which process of that pid */
	uint64_t round;
};

struct tp_proc_cache {
	char *node_name;
	struct node **buckets;
	size_t nbuckets; /* power of two */
	size_t count;
	uint64_t misses_get, misses_remove; /* tp_proc_cache__stats */
	bool defer;			    /* tp_proc_cache__defer_removal */
	uint64_t round;
	struct retired *retired;
	size_t nretired, retired_cap;
};

struct tp_process *tp_process__new(void)
{
	struct node *n = calloc(1, sizeof(*n));

	return n ? &n->p : NULL;
}

void tp_process__free(struct tp_process *p)
{
	if (!p)
		return;
	free(p->exec_id);
	free(p->parent_exec_id);
	free(p->binary);
	free(p->arguments);
	free(p->cwd);
	free(p->flags);
	free((struct node *)p);
}

struct tp_proc_cache *tp_proc_cache__new(const char *node_name)
{
	struct tp_proc_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->nbuckets = 1024;
	c->buckets = calloc(c->nbuckets, sizeof(*c->buckets));
	c->node_name = strdup(node_name ? node_name : "");
	if (!c->buckets || !c->node_name) {
		tp_proc_cache__free(c);
		errno = ENOMEM;
		return NULL;
	}
	return c;
}

void tp_proc_cache__free(struct tp_proc_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; c->buckets && i < c->nbuckets; i++) {
		struct node *n = c->buckets[i], *next;

		for (; n; n = next) {
			next = n->next;
			tp_process__free(&n->p);
		}
	}
	free(c->buckets);
	free(c->retired);
	free(c->node_name);
	free(c);
}

static size_t hash(uint32_t pid, size_t nbuckets)
{
	return (pid * 2654435761u) & (nbuckets - 1);
}

static size_t bucket(const struct tp_proc_cache *c, uint32_t pid)
{
	return hash(pid, c->nbuckets);
}

struct tp_process *tp_proc_cache__find(const struct tp_proc_cache *c, uint32_t pid)
{
	struct node *n;

	for (n = c->buckets[bucket(c, pid)]; n; n = n->next)
		if (n->p.pid == pid)
			return &n->p;
	return NULL;
}

struct tp_process *tp_proc_cache__get(struct tp_proc_cache *c, uint32_t pid)
{
	struct tp_process *p = tp_proc_cache__find(c, pid);

	if (!p)
		c->misses_get++;
	return p;
}

void tp_proc_cache__stats(const struct tp_proc_cache *c, struct tp_proc_cache_stats *s)
{
	s->size = c->count;
	s->misses_get = c->misses_get;
	s->misses_remove = c->misses_remove;
}

static void grow(struct tp_proc_cache *c)
{
	size_t nb = c->nbuckets * 2, i;
	struct node **b = calloc(nb, sizeof(*b));

	if (!b)
		return; /* longer chains, still correct */
	for (i = 0; i < c->nbuckets; i++) {
		struct node *n = c->buckets[i], *next;

		for (; n; n = next) {
			size_t k = hash(n->p.pid, nb);

			next = n->next;
			n->next = b[k];
			b[k] = n;
		}
	}
	free(c->buckets);
	c->buckets = b;
	c->nbuckets = nb;
}

static void unlink_pid(struct tp_proc_cache *c, uint32_t pid)
{
	struct node **pp = &c->buckets[bucket(c, pid)], *n;

	for (; (n = *pp); pp = &n->next) {
		if (n->p.pid == pid) {
			*pp = n->next;
			tp_process__free(&n->p);
			c->count--;
			return;
		}
	}
}

/* Deferred: marked now, unlinked by a later reap; without memory for the mark, now. */
static void retire(struct tp_proc_cache *c, const struct tp_process *p)
{
	if (c->nretired == c->retired_cap) {
		size_t cap = c->retired_cap ? c->retired_cap * 2 : 64;
		struct retired *r = realloc(c->retired, cap * sizeof(*r));

		if (!r) {
			unlink_pid(c, p->pid);
			return;
		}
		c->retired = r;
		c->retired_cap = cap;
	}
	c->retired[c->nretired++] = (struct retired){ p->pid, p->ktime, c->round };
}

void tp_proc_cache__remove(struct tp_proc_cache *c, uint32_t pid)
{
	struct tp_process *p = tp_proc_cache__find(c, pid);

	if (!p)
		c->misses_remove++;
	else if (c->defer)
		retire(c, p);
	else
		unlink_pid(c, pid);
}

void tp_proc_cache__defer_removal(struct tp_proc_cache *c, bool on)
{
	c->defer = on;
}

void tp_proc_cache__reap(struct tp_proc_cache *c)
{
	size_t i, kept = 0;

	for (i = 0; i < c->nretired; i++) {
		const struct retired *r = &c->retired[i];
		const struct tp_process *p;

		if (r->round == c->round) {
			c->retired[kept++] = *r;
			continue;
		}
		p = tp_proc_cache__find(c, r->pid);
		if (p && p->ktime == r->ktime) /* not a new process of the same pid */
			unlink_pid(c, r->pid);
	}
	c->nretired = kept;
	c->round++;
}

/* Insert p, replacing (and freeing) any process with the same pid. */
static void put(struct tp_proc_cache *c, struct tp_process *p)
{
	struct node *n = (struct node *)p;
	size_t k;

	unlink_pid(c, p->pid);
	if (c->count >= c->nbuckets)
		grow(c);
	k = bucket(c, p->pid);
	n->next = c->buckets[k];
	c->buckets[k] = n;
	c->count++;
}

/* malloc'd base64("node:ktime:pid"), or NULL. */
static char *exec_id(const struct tp_proc_cache *c, uint64_t ktime, uint32_t pid)
{
	char *raw, *out;
	int n;

	n = asprintf(&raw, "%s:%" PRIu64 ":%u", c->node_name, ktime, pid);
	if (n < 0)
		return NULL;
	out = malloc(tp_base64_len(n) + 1);
	if (out)
		tp_base64_encode(out, raw, n);
	free(raw);
	return out;
}

struct tp_process *tp_proc_cache__add(struct tp_proc_cache *c, struct tp_process *p,
				      uint64_t parent_ktime)
{
	const struct tp_process *parent = tp_proc_cache__get(c, p->ppid);

	if (parent && parent->pid == p->pid)
		parent = NULL;
	p->exec_id = exec_id(c, p->ktime, p->pid);
	if (parent)
		p->parent_exec_id = strdup(parent->exec_id);
	else if (parent_ktime)
		/* not cached, but BPF knows when it started: its exec_id follows */
		p->parent_exec_id = exec_id(c, parent_ktime, p->ppid);
	if (!p->exec_id || ((parent || parent_ktime) && !p->parent_exec_id)) {
		tp_process__free(p);
		errno = ENOMEM;
		return NULL;
	}
	put(c, p);
	return p;
}
