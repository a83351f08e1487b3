/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * tprun --export-file: events appended as JSON lines to a file that rotates
 * by size, as Tetragon's --export-filename does through lumberjack: when a
 * line would take the file past max_bytes, the file is renamed
 * NAME-<UTC time>.EXT and a new one begun; the newest max_backups backups are
 * kept (0: all), gzipped when asked, off the drain thread.
 *
 * Lines are cut only between lines (a line longer than max_bytes gets a file
 * of its own), and none is lost to a rotation: a rename or open that fails
 * leaves the lines in the file being written. Writes go through the stream's
 * buffer; whoever feeds it flushes (tp_output__flush) and closes it.
 */
#ifndef TP_EXPORT_FILE_H
#define TP_EXPORT_FILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct tp_export_file_opts {
	const char *path;
	uint64_t max_bytes;	  /* rotate before a line would take the file past this */
	unsigned int max_backups; /* backups kept, newest first; 0: all */
	bool compress;		  /* gzip backups */
};

struct tp_export_file_stats {
	uint64_t lines;	    /* written whole */
	uint64_t rotations; /* files renamed aside */
	uint64_t dropped;   /* lines a write error lost */
};

struct tp_export_file;

/*
 * Open (create, 0600, its directory too) or append to opts->path and start
 * the thread that removes and compresses backups; NULL after saying why in err.
 */
struct tp_export_file *tp_export_file__open(const struct tp_export_file_opts *opts, char *err,
					    size_t len);
/* The buffered stream the printers write to; flushed whole lines reach the file. */
FILE *tp_export_file__stream(struct tp_export_file *f);
void tp_export_file__stats(const struct tp_export_file *f, struct tp_export_file_stats *s);
/* Flush, close, and wait for the backups' last removal and compression. */
void tp_export_file__close(struct tp_export_file *f);

#endif /* TP_EXPORT_FILE_H */
