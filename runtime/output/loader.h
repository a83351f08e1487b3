/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * loader: true, the user-space half. Tetragon's handleLoader
 * (pkg/sensors/tracing/loader_linux.go) reports a (pid, path) once, keeping
 * the last 1024 in an LRU; the build id its perf event has the kernel read
 * is read here from the mapped file.
 */
#ifndef TP_OUTPUT_LOADER_H
#define TP_OUTPUT_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel's BUILD_ID_SIZE_MAX (include/linux/buildid.h): Tetragon's msg_loader.buildid. */
#define TP_BUILD_ID_MAX 20

/* Loads already reported, by process and path. */
struct tp_loader_seen;

struct tp_loader_seen *tp_loader_seen__new(void);
void tp_loader_seen__free(struct tp_loader_seen *s);

/*
 * Is this the first time process (pid, started at ktime) maps path[0..len)?
 * Remembers it. The most recent TP_LOADER_SEEN_MAX loads are remembered.
 */
#define TP_LOADER_SEEN_MAX 1024
bool tp_loader_seen__first(struct tp_loader_seen *s, uint32_t pid, uint64_t ktime, const void *path,
			   size_t len);

/* Where a load's file is: its path, inode number (0: not checked) and mapping. */
struct tp_loader_file {
	uint32_t pid;	     /* the process that mapped it */
	const char *path;    /* as the process's root sees it */
	uint64_t ino;	     /* the mapped file's inode number, 0: any */
	uint64_t start, end; /* the mapping, 0, 0: unknown */
};

/*
 * The GNU build id (its NT_GNU_BUILD_ID note) of the mapped file: the file at
 * its path as the process sees it (/proc/PID/root/PATH, else PATH), else
 * the mapping's (/proc/PID/map_files/START-END: a memfd, a file deleted
 * since), the first of them whose inode number is ino. Returns its length,
 * 1..TP_BUILD_ID_MAX bytes into id, or 0 when no such file can be read or it
 * has no build id of at most TP_BUILD_ID_MAX bytes.
 */
size_t tp_loader__build_id(const struct tp_loader_file *f, uint8_t id[TP_BUILD_ID_MAX]);

/* The build id of the ELF file open at fd, as tp_loader__build_id(). */
size_t tp_loader__build_id_fd(int fd, uint8_t id[TP_BUILD_ID_MAX]);

#endif /* TP_OUTPUT_LOADER_H */
