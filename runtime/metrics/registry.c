// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The series: (family, rendered label set) -> value, in an open-addressed
 * table under one lock. Label sets are rendered when a series is made, so
 * that /metrics is a copy of what is there. A series stays where it was
 * made (the table holds pointers), so a handle to it stays good: adding to
 * one is an atomic add, without the lock.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fnv.h"
#include "metrics.h"
#include "text.h"

struct family {
	const char *name, *type, *help;
	size_t nlabels;
	const char *labels[TP_METRICS_LABELS_MAX];
};

static const struct family families[TP_M__N] = {
#define TP_M_ROW(ID, NAME, TYPE, HELP, N, L0, L1, L2, L3) \
	[TP_M_##ID] = { NAME, TYPE, HELP, N, { L0, L1, L2, L3 } },
	TP_METRICS(TP_M_ROW)
#undef TP_M_ROW
};

struct tp_metrics_series {
	enum tp_metric id;
	uint64_t value; /* atomic: a handle adds to it without the lock */
	char labels[];
};

struct tp_metrics {
	pthread_mutex_t lock;
	struct tp_metrics_series **slots; /* NULL: a free slot */
	size_t cap, n;			  /* cap: a power of two, at least twice n */
	size_t nbinary;			  /* of n, series with a binary label */
};

/*
 * Does family id have a binary label? Any local user names binaries, so
 * those series are capped apart (TP_METRICS_BINARY_SERIES_MAX): the rest,
 * bounded by the objects' hooks and selectors, always find room.
 */
static bool by_binary(enum tp_metric id)
{
	size_t i;

	for (i = 0; i < families[id].nlabels; i++)
		if (!strcmp(families[id].labels[i], "binary"))
			return true;
	return false;
}

static struct tp_metrics_series *series(struct tp_metrics *m, enum tp_metric id,
					const char *labels);

struct tp_metrics *tp_metrics__new(void)
{
	struct tp_metrics *m = calloc(1, sizeof(*m));
	size_t i;

	if (!m)
		return NULL;
	m->cap = 256;
	m->slots = calloc(m->cap, sizeof(*m->slots));
	if (!m->slots) {
		free(m);
		return NULL;
	}
	pthread_mutex_init(&m->lock, NULL);
	/* the families without labels are there from the start, at 0 (series() counts a
	 * series it has no room for in TP_M_SERIES_DROPPED's, which must be there) */
	for (i = 0; i < TP_M__N; i++)
		if (!families[i].nlabels && !series(m, i, "")) {
			tp_metrics__free(m);
			return NULL;
		}
	return m;
}

void tp_metrics__free(struct tp_metrics *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->cap; i++)
		free(m->slots[i]);
	free(m->slots);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

static size_t hash(enum tp_metric id, const char *s)
{
	return tp_fnv(tp_fnv(TP_FNV_OFFSET, &id, sizeof(id)), s, strlen(s));
}

/* The slot of (id, labels): the series, or the free slot where it would go. */
static struct tp_metrics_series **find(struct tp_metrics_series **slots, size_t cap,
				       enum tp_metric id, const char *labels)
{
	size_t i = hash(id, labels) & (cap - 1);

	while (slots[i] && (slots[i]->id != id || strcmp(slots[i]->labels, labels)))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static bool grow(struct tp_metrics *m)
{
	size_t cap = m->cap * 2, i;
	struct tp_metrics_series **s = calloc(cap, sizeof(*s));

	if (!s)
		return false;
	for (i = 0; i < m->cap; i++)
		if (m->slots[i])
			*find(s, cap, m->slots[i]->id, m->slots[i]->labels) = m->slots[i];
	free(m->slots);
	m->slots = s;
	m->cap = cap;
	return true;
}

/* The series, made at 0 when new; NULL when there is no room (counted) or memory. */
static struct tp_metrics_series *series(struct tp_metrics *m, enum tp_metric id, const char *labels)
{
	struct tp_metrics_series **slot = find(m->slots, m->cap, id, labels), *s;
	size_t len = strlen(labels);

	if (*slot)
		return *slot;
	if (m->n >= TP_METRICS_SERIES_MAX ||
	    (by_binary(id) && m->nbinary >= TP_METRICS_BINARY_SERIES_MAX)) {
		__atomic_fetch_add(&(*find(m->slots, m->cap, TP_M_SERIES_DROPPED, ""))->value, 1,
				   __ATOMIC_RELAXED);
		return NULL;
	}
	if (2 * (m->n + 1) > m->cap) {
		if (!grow(m))
			return NULL;
		slot = find(m->slots, m->cap, id, labels);
	}
	s = malloc(sizeof(*s) + len + 1);
	if (!s)
		return NULL;
	s->id = id;
	s->value = 0;
	memcpy(s->labels, labels, len + 1);
	*slot = s;
	m->n++;
	m->nbinary += by_binary(id);
	return s;
}

/*
 * Add v to, or set to v, the series of values, made when new: under the
 * lock, so that a scrape never sees a series made and not yet updated.
 */
static struct tp_metrics_series *update(struct tp_metrics *m, enum tp_metric id,
					const char *const *values, uint64_t v, bool set)
{
	const struct family *f = &families[id];
	char small[512], *labels = small;
	size_t need = tp_prom__labels(small, sizeof(small), f->labels, values, f->nlabels);
	struct tp_metrics_series *s;

	if (need >= sizeof(small)) {
		labels = malloc(need + 1);
		if (!labels)
			return NULL;
		tp_prom__labels(labels, need + 1, f->labels, values, f->nlabels);
	}
	pthread_mutex_lock(&m->lock);
	s = series(m, id, labels);
	if (s && set)
		__atomic_store_n(&s->value, v, __ATOMIC_RELAXED);
	else if (s)
		tp_metrics__add_to(s, v);
	pthread_mutex_unlock(&m->lock);
	if (labels != small)
		free(labels);
	return s;
}

void tp_metrics__add_to(struct tp_metrics_series *s, uint64_t n)
{
	__atomic_fetch_add(&s->value, n, __ATOMIC_RELAXED);
}

void tp_metrics__add(struct tp_metrics *m, enum tp_metric id, const char *const *values, uint64_t n)
{
	update(m, id, values, n, false);
}

struct tp_metrics_series *tp_metrics__add_series(struct tp_metrics *m, enum tp_metric id,
						 const char *const *values, uint64_t n)
{
	return update(m, id, values, n, false);
}

void tp_metrics__set(struct tp_metrics *m, enum tp_metric id, const char *const *values, uint64_t v)
{
	update(m, id, values, v, true);
}

static int cmp_series(const void *a, const void *b)
{
	const struct tp_metrics_series *x = *(const struct tp_metrics_series *const *)a;
	const struct tp_metrics_series *y = *(const struct tp_metrics_series *const *)b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return strcmp(x->labels, y->labels);
}

/* Every series, by family then label set: a scrape reads the same order each time. */
static void put_all(FILE *f, struct tp_metrics_series **v, size_t n)
{
	size_t i;

	qsort(v, n, sizeof(*v), cmp_series);
	for (i = 0; i < n; i++) {
		const struct family *fam = &families[v[i]->id];

		if (!i || v[i - 1]->id != v[i]->id)
			fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", fam->name, fam->help, fam->name,
				fam->type);
		fprintf(f, "%s%s %llu\n", fam->name, v[i]->labels,
			(unsigned long long)__atomic_load_n(&v[i]->value, __ATOMIC_RELAXED));
	}
}

char *tp_metrics__render(struct tp_metrics *m, size_t *len)
{
	struct tp_metrics_series **v;
	char *buf = NULL;
	size_t k, n = 0;
	FILE *f;

	pthread_mutex_lock(&m->lock);
	v = malloc((m->n ? m->n : 1) * sizeof(*v));
	f = v ? open_memstream(&buf, len) : NULL;
	if (f) {
		for (k = 0; k < m->cap; k++)
			if (m->slots[k])
				v[n++] = m->slots[k];
		put_all(f, v, n);
	}
	pthread_mutex_unlock(&m->lock);
	free(v);
	if (!f || fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}
