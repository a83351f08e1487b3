/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Reading a whole file (objects, tracefs format files, procfs), writing all of a buffer. */
#ifndef TP_FILE_H
#define TP_FILE_H

#include <stddef.h>

/*
 * Read fd to its end (procfs and tracefs files say they are empty) into a
 * NUL-terminated buffer the caller frees, *len bytes without the NUL.
 * Returns 0 with the whole file, 1 with its first max bytes when it holds
 * more, or -errno (*buf untouched).
 */
int tp_file__read_fd(int fd, size_t max, char **buf, size_t *len);
/* The same for the file at path. */
int tp_file__read(const char *path, size_t max, char **buf, size_t *len);
/* All len bytes of buf to fd, through short writes and signals: 0 or -errno. */
int tp_file__write_fd(int fd, const void *buf, size_t len);

#endif /* TP_FILE_H */
