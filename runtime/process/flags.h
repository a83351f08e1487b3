/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* A process's flags as Tetragon words them. */
#ifndef TP_PROC_FLAGS_H
#define TP_PROC_FLAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tp/event.h> /* TP_EXECF_* */

/* Tetragon knows the cwd and sends it with the arguments: known and not "/" */
bool tp_proc_flags__has_cwd(const char *cwd);

/*
 * The flags of a process from its record's TP_EXECF_*, its cwd ("rootcwd"
 * when it is "/") and, seen at exec, the lengths of its filename and of its
 * arguments after argv[0] (the last one's NUL counted): "dataFilename" and
 * "dataArgs" where Tetragon's event would have sent them apart. Tetragon's
 * words in Tetragon's order. malloc'd, or NULL.
 */
char *tp_proc_flags__words(uint32_t execf, const char *cwd, size_t filename_len, size_t args_len);

/* The word of one TP_EXECF_* bit ("clone"), "" for a bit without one. */
const char *tp_proc_flags__word(uint32_t bit);

#endif /* TP_PROC_FLAGS_H */
