// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The values of FileType and NotFileType: Tetragon's fileTypeTable names
 * (pkg/selectors/kernel.go, writeMatchFileType), as written, into the
 * S_IFMT bits of an inode's mode.
 */
#include <string.h>
#include <sys/stat.h>

#include "checker.h"
#include "values.h"

static const struct {
	const char *name;
	unsigned int mode;
} file_types[] = {
	{ "sock", S_IFSOCK }, { "socket", S_IFSOCK }, { "lnk", S_IFLNK },  { "link", S_IFLNK },
	{ "reg", S_IFREG },   { "regular", S_IFREG }, { "blk", S_IFBLK },  { "block", S_IFBLK },
	{ "dir", S_IFDIR },   { "chr", S_IFCHR },     { "char", S_IFCHR }, { "fifo", S_IFIFO },
	{ "pipe", S_IFIFO },
};

void tp_check__file_type_values(struct checker *c, struct tp_match_arg *m, const struct tp_arg *a,
				const char *label)
{
	struct tp_loc oloc = tp_check__loc(m->op_loc, m->loc);
	char q[128];
	size_t i, j;

	/* parseMatchArg: "FileType operators specified for non-file/path type" */
	if (a->type != TP_ARG_FILE && a->type != TP_ARG_PATH) {
		hook_err(c, oloc, "%s: operator '%s' needs a file or path argument, not %s", label,
			 m->op_name ? m->op_name : "?", tp_arg_type__name(a->type));
		return;
	}
	for (i = 0; i < m->nvalues; i++) {
		struct tp_value *v = &m->values[i];

		for (j = 0; j < sizeof(file_types) / sizeof(file_types[0]); j++)
			if (v->str && strlen(v->str) == v->len &&
			    !strcmp(v->str, file_types[j].name))
				break;
		if (j < sizeof(file_types) / sizeof(file_types[0])) {
			v->num = v->num_hi = file_types[j].mode;
			continue;
		}
		tp_value__quote(v, q, sizeof(q));
		hook_err(c, tp_check__loc(v->loc, m->loc),
			 "%s: unknown file type '%s' (sock, socket, lnk, link, reg, regular, blk, "
			 "block, dir, chr, char, fifo or pipe)",
			 label, q);
	}
}
