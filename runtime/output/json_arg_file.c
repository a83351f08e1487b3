// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* JSON for the args that are a file's path: file, path, dentry, kiocb, fd and linux_binprm. */
#include <sys/stat.h>

#include "json_arg_printers.h"

/* One rwx triple; the x place shows the special bit (s/t, S/T without x) like ls -l. */
static void perm_triple(char *o, unsigned int bits, char special)
{
	o[0] = bits & 4 ? 'r' : '-';
	o[1] = bits & 2 ? 'w' : '-';
	if (special)
		o[2] = bits & 1 ? special : (char)(special - 'a' + 'A');
	else
		o[2] = bits & 1 ? 'x' : '-';
}

/* "-rw-r--r--": Tetragon's FilePathModeToStr (no type letter for an unknown type). */
static void mode_str(uint32_t mode, char *buf)
{
	static const struct {
		uint32_t fmt;
		char c;
	} types[] = {
		{ S_IFBLK, 'b' }, { S_IFCHR, 'c' }, { S_IFDIR, 'd' },  { S_IFIFO, 'p' },
		{ S_IFLNK, 'l' }, { S_IFREG, '-' }, { S_IFSOCK, 's' },
	};
	size_t i, o = 0;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if ((mode & S_IFMT) == types[i].fmt)
			buf[o++] = types[i].c;
	perm_triple(buf + o, (mode >> 6) & 7, mode & S_ISUID ? 's' : 0);
	perm_triple(buf + o + 3, (mode >> 3) & 7, mode & S_ISGID ? 's' : 0);
	perm_triple(buf + o + 6, mode & 7, mode & S_ISVTX ? 't' : 0);
	buf[o + 9] = '\0';
}

/* KprobeFile, KprobePath, KprobeLinuxBinprm: path, flags, permission. */
void tp_json_arg__path(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	uint32_t mode = a->info & TP_FILE_MODE_MASK;
	char perm[16];

	tp_json__begin_obj(j, key);
	if (!a->error) {
		if (a->len) /* protojson omits an empty string (no path: a pipe, a socket) */
			tp_json__strn(j, "path", a->bytes, a->len);
		if (a->truncated)
			tp_json__str(j, "flags", "unresolvedPathComponents");
		if (mode) {
			mode_str(mode, perm);
			tp_json__str(j, "permission", perm);
		}
	}
	tp_json__end_obj(j);
}
