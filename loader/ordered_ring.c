// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One ring buffer read in time order, and several merged by time. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "tp/event.h"

#include "ordered_ring.h"

struct ordered_ring {
	struct ring_buffer *rb; /* this ring alone */
	ordered_ring_fn fn;
	void *ctx;
	uint64_t until; /* records up to this time are handed over */
	int count;	/* handed over in this read */
	void *held;	/* the first later one, consumed from the ring */
	size_t held_size, held_cap;
};

uint64_t ordered_ring__ktime(const void *data, size_t size)
{
	struct tp_event_hdr h;

	if (size < sizeof(h))
		return 0;
	memcpy(&h, data, sizeof(h));
	return h.ktime;
}

/* The record, copied to hand over later: 0, or -ENOMEM (it is not held). */
static int hold(struct ordered_ring *r, const void *data, size_t size)
{
	if (size > r->held_cap) {
		void *p = realloc(r->held, size);

		if (!p)
			return -ENOMEM;
		r->held = p;
		r->held_cap = size;
	}
	memcpy(r->held, data, size);
	r->held_size = size;
	return 0;
}

static int on_ring_record(void *ctx, void *data, size_t size)
{
	struct ordered_ring *r = ctx;

	if (ordered_ring__ktime(data, size) > r->until && !hold(r, data, size))
		return -EAGAIN; /* stops libbpf's loop */
	/* in time, or out of order when it cannot be held */
	r->count++;
	return r->fn(r->ctx, data, size, r->until != UINT64_MAX);
}

struct ordered_ring *ordered_ring__new(int fd, ordered_ring_fn fn, void *ctx)
{
	struct ordered_ring *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->fn = fn;
	r->ctx = ctx;
	r->until = UINT64_MAX;
	errno = 0;
	r->rb = ring_buffer__new(fd, on_ring_record, r, NULL);
	if (!r->rb) {
		int e = errno ? errno : EINVAL;

		free(r);
		errno = e;
		return NULL;
	}
	return r;
}

void ordered_ring__free(struct ordered_ring *r)
{
	if (!r)
		return;
	ring_buffer__free(r->rb);
	free(r->held);
	free(r);
}

int ordered_ring__epoll_fd(const struct ordered_ring *r)
{
	return ring_buffer__epoll_fd(r->rb);
}

static bool is_held(const struct ordered_ring *r)
{
	return r->held_size != 0;
}

/* The held record handed over: its time has come. */
static int hand_over_held(struct ordered_ring *r)
{
	size_t size = r->held_size;

	r->held_size = 0;
	return r->fn(r->ctx, r->held, size, true);
}

int ordered_ring__upto(struct ordered_ring *r, uint64_t until)
{
	int e, n = 0;

	if (is_held(r)) {
		if (ordered_ring__ktime(r->held, r->held_size) > until)
			return 0; /* still later than until: so is the rest of the ring */
		e = hand_over_held(r);
		if (e < 0)
			return e;
		n = 1;
	}
	r->until = until;
	r->count = 0;
	e = ring_buffer__consume(r->rb);
	r->until = UINT64_MAX;
	return e < 0 && e != -EAGAIN ? e : n + r->count;
}

/*
 * Read every ring that holds nothing, until a whole pass finds nothing new:
 * each record held then was read before a pass that found the rest empty.
 * The count handed over (records of no time), or the first error.
 */
static int fill(struct ordered_ring *const *rs, size_t n)
{
	bool more = true;
	int total = 0, e;
	size_t i;

	while (more) {
		more = false;
		for (i = 0; i < n; i++) {
			if (is_held(rs[i]))
				continue;
			/* until 0: records of no time go now, the first with one is held */
			e = ordered_ring__upto(rs[i], 0);
			if (e < 0)
				return e;
			total += e;
			more |= is_held(rs[i]);
		}
	}
	return total;
}

int ordered_rings__merge(struct ordered_ring *const *rs, size_t n)
{
	int total = 0;

	for (;;) {
		struct ordered_ring *first = NULL;
		size_t i;
		int e = fill(rs, n);

		if (e < 0)
			return e;
		total += e;
		for (i = 0; i < n; i++)
			if (is_held(rs[i]) &&
			    (!first || ordered_ring__ktime(rs[i]->held, rs[i]->held_size) <
					   ordered_ring__ktime(first->held, first->held_size)))
				first = rs[i];
		if (!first)
			return total;
		e = hand_over_held(first);
		if (e < 0)
			return e;
		total++;
	}
}
