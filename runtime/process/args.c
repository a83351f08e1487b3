// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Argument lists as Tetragon prints them, from exec records and /proc alike. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

/*
 * Tetragon's pkg/process/args.go ArgsDecoder, on the arguments its exec and
 * procfs readers hand it (pkg/sensors/exec/exec_linux.go execParse,
 * procevents/proc_reader.go pushExecveEvents): the last argument's NUL is
 * dropped, and the cwd follows after a separator unless the cwd is "/" (flag
 * rootcwd). Without a cwd the trailing NULs are trimmed, so trailing empty
 * arguments vanish; with one, each still adds its space. An argument holding
 * a space is quoted with a space before it, even first; any other is added
 * with a space unless nothing is there yet, so leading empty arguments add
 * nothing.
 */
char *tp_args_join(const char *buf, size_t len, bool has_cwd)
{
	size_t i, o = 0, start;
	char *out;

	if (len && buf[len - 1] == '\0')
		len--;
	while (!has_cwd && len && buf[len - 1] == '\0')
		len--;
	out = malloc(len * 3 + 8); /* worst case: separators and quotes around 1-byte args */
	if (!out)
		return NULL;
	for (start = 0; start <= len; start = i + 1) {
		const char *arg = buf + start;
		size_t n;

		for (i = start; i < len && buf[i]; i++)
			;
		n = i - start;
		if (memchr(arg, ' ', n)) {
			memcpy(out + o, " \"", 2);
			memcpy(out + o + 2, arg, n);
			o += n + 2;
			out[o++] = '"';
		} else {
			if (o)
				out[o++] = ' ';
			memcpy(out + o, arg, n);
			o += n;
		}
	}
	out[o] = '\0';
	return out;
}
