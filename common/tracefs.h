/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Reading tracepoint format files
 * (<tracefs>/events/<subsystem>/<event>/format) into a list of fields.
 */
#ifndef TP_TRACEFS_H
#define TP_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>

struct tp_tracefs_field {
	char *name;	  /* "args" */
	char *type;	  /* declaration without the name: "unsigned long", "char[]" */
	int offset;	  /* offset: in the record */
	int size;	  /* size: in bytes */
	bool is_signed;	  /* signed:1 */
	bool is_array;	  /* declared as name[N] */
	int array_len;	  /* N of name[N]; 0 when not an array */
	bool is_data_loc; /* __data_loc or __rel_loc: a 4-byte (len << 16 | off) */
	bool is_pointer;  /* the type ends with '*' */
};

struct tp_tracefs_format {
	char *name;			 /* name: line, NULL when absent */
	int id;				 /* ID: line, -1 when absent */
	struct tp_tracefs_field *fields; /* in file order, common_ fields first */
	size_t nfields;
};

/*
 * Parse the text of a format file. Lines other than "name:", "ID:" and
 * "field:" are ignored. Returns 0, -EINVAL for a malformed field line (f is
 * then empty) or -ENOMEM.
 */
int tp_tracefs_format__parse(struct tp_tracefs_format *f, const char *text, size_t len);

/*
 * Read and parse <tracefs>/events/<subsystem>/<event>/format. Returns 0,
 * -ENOENT when there is no such event, -EINVAL for names that are not plain
 * tracefs names (a '/' or "..") or a malformed file, or another -errno.
 */
int tp_tracefs_format__load(struct tp_tracefs_format *f, const char *tracefs, const char *subsystem,
			    const char *event);

void tp_tracefs_format__free(struct tp_tracefs_format *f);

/* Index of the field called name, or -1. */
int tp_tracefs_format__find(const struct tp_tracefs_format *f, const char *name);

/* Where tracefs is looked for: its own mount point, then under debugfs. */
#define TP_TRACEFS_DIR	     "/sys/kernel/tracing"
#define TP_TRACEFS_DEBUG_DIR "/sys/kernel/debug/tracing"

/*
 * The tracefs in use: TP_TRACEFS_DIR, or TP_TRACEFS_DEBUG_DIR when only that
 * one has events (looked for once); TP_TRACEFS_DIR when neither has: then
 * tracefs is not mounted.
 */
const char *tp_tracefs__root(void);

/* True when <tracefs>/<rel> is a directory. */
bool tp_tracefs__has_dir(const char *tracefs, const char *rel);

/* True for a name fit to be a path component of tracefs: [A-Za-z0-9_.-]+, not "." or "..". */
bool tp_tracefs__valid_name(const char *name);

#endif /* TP_TRACEFS_H */
