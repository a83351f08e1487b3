/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * One BPF ring buffer read in time order. libbpf hands records over as the
 * ring holds them; an ordered ring hands over those up to a time and holds
 * the first later one (libbpf has consumed it) until its time comes. Holding
 * one record is also how it peeks, which is what a merge of several rings by
 * their records' times (ordered_rings__merge) needs.
 */
#ifndef TPRUN_ORDERED_RING_H
#define TPRUN_ORDERED_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ordered_ring;

/*
 * A record handed over. bounded: read up to a time, which bounds the read
 * (the callback must not cut it short); else read to the ring's end. A
 * negative return stops the read and is returned by it. The callback must
 * not read its own ring.
 */
typedef int (*ordered_ring_fn)(void *ctx, void *data, size_t size, bool bounded);

/* A record's time (its header's ktime), 0 when it is too short to have one. */
uint64_t ordered_ring__ktime(const void *data, size_t size);

/* The ring of map fd, read through fn; NULL with errno set. */
struct ordered_ring *ordered_ring__new(int fd, ordered_ring_fn fn, void *ctx);
void ordered_ring__free(struct ordered_ring *r);

/* What wakes a reader of r: readable when records are there. */
int ordered_ring__epoll_fd(const struct ordered_ring *r);

/*
 * The held record when it is not later than until, then the ring's records
 * up to until; the first later one is held. until UINT64_MAX: to the end.
 * The count of records handed over, or the first error.
 */
int ordered_ring__upto(struct ordered_ring *r, uint64_t until);

/*
 * The rings' records, earliest first, until every one is empty. A record is
 * handed over only after a pass over the rings that held nothing found them
 * all still empty, a pass made after the record was read: so a record
 * written into one ring before another's record was read (a kill before its
 * victim's exit, a process's exec before a kill of it) comes first. The
 * count, or the first error.
 */
int ordered_rings__merge(struct ordered_ring *const *rs, size_t n);

#endif
