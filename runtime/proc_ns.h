/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Namespaces as /proc names them: the inode number a /proc/PID/ns/<kind>
 * link gives, for each kind of include/tp/nscaps.h (TP_NS_KINDS), and the
 * host's, which host_ns filters and is_host compare with.
 */
#ifndef TP_PROC_NS_H
#define TP_PROC_NS_H

#include <stdint.h>

#include <tp/nscaps.h>

/* The namespaces of /proc/PID (dir, e.g. "/proc/42"); 0 for a kind it lacks or hides. */
void tp_proc_ns__read(const char *dir, uint32_t inum[TP_NS__N]);

/*
 * The host's namespaces, /proc/1/ns/<kind>, read once: as Tetragon's
 * GetHostNsInode reads them (pkg/reader/namespace). Where pid 1's links are
 * refused (a sandbox that hides its init), tprun's own stand for the host's,
 * with a warning. 0 for a kind this host does not have.
 */
const uint32_t *tp_proc_ns__host(void);

#endif /* TP_PROC_NS_H */
