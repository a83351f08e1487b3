/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Argument lists as Tetragon prints them. */
#ifndef TP_ARGS_H
#define TP_ARGS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The arguments after argv[0], NUL-separated (the last one's NUL included or
 * not), joined as Tetragon joins them: an argument that holds a space in
 * double quotes after a space. has_cwd: the process's cwd is known and not
 * "/" (Tetragon's decoder then sees one more token; see args.c). malloc'd,
 * or NULL.
 */
char *tp_args_join(const char *buf, size_t len, bool has_cwd);

#endif /* TP_ARGS_H */
