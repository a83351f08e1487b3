/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Argument lists as Tetragon prints them. */
#ifndef TP_ARGS_H
#define TP_ARGS_H

#include <stddef.h>

/*
 * NUL-separated arguments joined by spaces, an argument that holds a space
 * in double quotes. malloc'd, or NULL.
 */
char *tp_args_join(const char *buf, size_t len);

#endif /* TP_ARGS_H */
