/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* A process's flags as Tetragon words them. */
#ifndef TP_PROC_FLAGS_H
#define TP_PROC_FLAGS_H

#include <stdint.h>

#include <tp/event.h> /* TP_EXECF_* */

/*
 * The flags of a process from its record's TP_EXECF_* and its cwd ("rootcwd"
 * when it is "/"), Tetragon's words in Tetragon's order. malloc'd, or NULL.
 */
char *tp_proc_flags__words(uint32_t execf, const char *cwd);

#endif /* TP_PROC_FLAGS_H */
