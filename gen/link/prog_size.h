/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The largest program of an object, found before the object ships. */
#ifndef TP_PROG_SIZE_H
#define TP_PROG_SIZE_H

#include <stddef.h>

/*
 * A BPF jump's offset is 16 bits: it spans 32767 instructions at most, so a
 * longer program may hold a jump the kernel refuses.
 */
#define TP_PROG_INSNS_MAX 32767

/*
 * The hook whose program (tp_h<id>_*: its own, or its group's) is the
 * largest past TP_PROG_INSNS_MAX: 1 with *hook and *insns set, -1 in *hook
 * for another program; 0 when every program fits; -errno.
 */
int tp_obj__oversized(const char *path, int *hook, size_t *insns);

#endif /* TP_PROG_SIZE_H */
