// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Names as policies write them and lists of names as messages show them. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "words.h"

bool tp_words__eq_nocase(const char *name, size_t len, const char *s)
{
	return strlen(s) == len && !strncasecmp(name, s, len);
}

bool tp_words__starts(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

const char *tp_words__join_or(char *buf, size_t size, const char *const *items, size_t n)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s",
				i == 0	     ? ""
				: i == n - 1 ? " or "
					     : ", ",
				items[i]);
	return buf;
}
