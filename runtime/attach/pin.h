/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * tprun --pin DIR: an object's maps, programs and links pinned in bpffs, so
 * that enforcement outlives tprun, and adopted again by a later tprun.
 *
 *   DIR/NAME/state      tprun's record (struct tp_pin_state, an array map, frozen)
 *   DIR/NAME/reported   the losses tprun reported (struct tp_reported, an array map)
 *   DIR/NAME/maps/M     every map of the object, by its name
 *   DIR/NAME/progs/P    every program loaded, by its name
 *   DIR/NAME/links/N    every link, in the order they were attached
 *
 * NAME is the object's policy names joined by '+' (tp_pin__name). The state
 * is pinned first (complete 0) and completed last: a tprun that died while
 * pinning leaves an incomplete pin, which is never adopted and --unpin removes.
 * The state names the object by the digest its .tp.meta records (TP_DIGEST_META,
 * include/tp/meta.h): the same programs, maps and policy re-signed or laid out
 * anew are the same object; any of them changed is another.
 */
#ifndef TP_PIN_H
#define TP_PIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "meta.h"

#define TP_PIN_MAGIC	"tprunpin"
#define TP_PIN_VERSION	1
#define TP_PIN_STATE	"state"
/* what a tprun reported of the object's losses (struct tp_reported), an array map, writable */
#define TP_PIN_REPORTED "reported"

#define TP_PINF_CREDS  (1u << 0) /* exec and clone records carry credentials (tp_want_creds) */
#define TP_PINF_INLINE (1u << 1) /* no enforcer attached: the notifying hooks send signals */

/* What a pinned object was loaded with: what a tprun that adopts it must match. */
struct tp_pin_state {
	char magic[8]; /* TP_PIN_MAGIC */
	uint32_t version;
	uint32_t complete;     /* 0 while pinning */
	uint32_t index, count; /* the object's place among the run's objects */
	uint32_t ringbuf_size; /* the ring buffer's bytes */
	uint32_t forbid;       /* --forbid */
	uint32_t flags;	       /* TP_PINF_* */
	uint32_t nlinks;
	uint32_t nhooks;
	uint32_t pad;
	uint8_t digest[TP_DIGEST_SIZE]; /* the object's, as its .tp.meta records it */
	uint16_t var[];			/* hook i's variant index + 1; 0: skipped */
};

/* The object's directory name under DIR: its policy names joined by '+'. 0 or -ENAMETOOLONG. */
int tp_pin__name(const struct tp_meta *m, char *buf, size_t len);
/*
 * The state pinned in sub (DIR/NAME), malloc'd into *st: 0; -ENOENT when
 * sub holds none; -EINVAL when what is there is not tprun's.
 */
int tp_pin__read_state(const char *sub, struct tp_pin_state **st);
/* A new state for nhooks hooks, pinned in sub (created); its map fd, or -errno. */
int tp_pin__create_state(const char *sub, struct tp_pin_state *st, char *err, size_t errlen);
/* Write st (now complete) through fd and freeze the map. 0 or -errno. */
int tp_pin__complete_state(int fd, struct tp_pin_state *st, char *err, size_t errlen);
/*
 * sub's record of what was reported (created, pinned, zeros, when create):
 * its map fd; -ENOENT when there is none (a pin made before there was one),
 * else -errno with err.
 */
int tp_pin__reported(const char *sub, bool create, char *err, size_t errlen);
/* The size of a state for nhooks hooks. */
size_t tp_pin__state_size(uint32_t nhooks);
/* Why links of variant kind cannot be pinned here, NULL when they can. */
const char *tp_pin__why_not(enum tp_variant_kind kind);
/* mkdir -p path, each part on bpffs; 0 or -errno with err. */
int tp_pin__mkdirs(const char *path, char *err, size_t errlen);
/*
 * Hold sub (a directory) for this process's life: flock, which the kernel
 * releases however the process ends. The fd, or -EBUSY when another tprun
 * holds it, or -errno.
 */
int tp_pin__lock(const char *sub);
/* Remove what tprun pinned in sub and sub itself (links first). 0 or -errno with err. */
int tp_pin__remove_sub(const char *sub, char *err, size_t errlen);

#endif /* TP_PIN_H */
