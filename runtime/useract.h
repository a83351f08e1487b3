/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * GetUrl and DnsLookup: the actions tprun performs in user space when a
 * record of their selector arrives, as Tetragon's generic kprobe handler
 * does. They run on a worker thread with a bounded queue, never on the
 * thread that drains the ring buffer; each has a timeout and is performed at
 * most once a second per action; a failure is counted and said on stderr.
 */
#ifndef TP_USERACT_API_H
#define TP_USERACT_API_H

#include <stddef.h>
#include <stdint.h>

#include "meta.h"

struct tp_useract_opts {
	const char *dns_server; /* "ADDR" or "ADDR:PORT" (IPv4); NULL: /etc/resolv.conf's */
	uint32_t timeout_ms;	/* per action; 0: TP_USERACT_TIMEOUT_MS */
};

#define TP_USERACT_TIMEOUT_MS  5000
#define TP_USERACT_INTERVAL_MS 1000 /* one action performs at most once in this long */
#define TP_USERACT_QUEUE       64   /* actions waiting for the worker at most */

struct tp_useract_stats {
	uint64_t done;	       /* performed: the server answered */
	uint64_t failed;       /* performed, and the server did not answer, or with an error */
	uint64_t rate_limited; /* not performed: the same action ran less than a second ago */
	uint64_t dropped;      /* not performed: the queue was full, or tprun was exiting */
};

struct tp_useract;

/*
 * The object's user actions, and the worker that performs them; NULL with a
 * reason in err on failure. An object without any gives a tp_useract that
 * does nothing (and starts no thread).
 */
struct tp_useract *tp_useract__new(const struct tp_meta *m, const struct tp_useract_opts *opts,
				   char *err, size_t errlen);
/* A ring-buffer record: queue the user actions of its hook's selector, if any. */
void tp_useract__record(struct tp_useract *u, const void *rec, size_t size);
/* Whether the object has any. */
size_t tp_useract__count(const struct tp_useract *u);
/*
 * Stop the worker: what is queued is dropped, an HTTP request in flight is
 * cut short, a DNS lookup ends by its timeout. Then the counts.
 */
void tp_useract__stop(struct tp_useract *u, struct tp_useract_stats *stats);
/* The counts so far, while the worker runs. */
void tp_useract__stats(struct tp_useract *u, struct tp_useract_stats *stats);
void tp_useract__free(struct tp_useract *u);

/* Check a --dns-server value: 0, or -EINVAL. */
int tp_useract__parse_server(const char *s, uint32_t *addr_be, uint16_t *port);

#endif /* TP_USERACT_API_H */
