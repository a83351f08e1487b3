// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Argument lists as Tetragon prints them, from exec records and /proc alike. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

char *tp_args_join(const char *buf, size_t len)
{
	size_t i, o = 0, start;
	char *out;

	/* the last argument's NUL terminator does not start another argument */
	while (len && buf[len - 1] == '\0')
		len--;
	out = malloc(len * 3 + 8); /* worst case: separators and quotes around 1-byte args */
	if (!out)
		return NULL;
	for (start = 0; start <= len; start = i + 1) {
		const char *arg = buf + start;
		size_t n;
		bool quote;

		for (i = start; i < len && buf[i]; i++)
			;
		n = i - start;
		quote = memchr(arg, ' ', n) != NULL;
		if (start)
			out[o++] = ' ';
		if (quote)
			out[o++] = '"';
		memcpy(out + o, arg, n);
		o += n;
		if (quote)
			out[o++] = '"';
		if (!len)
			break;
	}
	out[o] = '\0';
	return out;
}
