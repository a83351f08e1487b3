// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One checked unsigned parser, where strtoul() would take "16M" as 16 and "abc" as 0. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "number.h"

int tp_uint__parse(const char *s, uint64_t max, uint64_t *v)
{
	unsigned long long n;
	char *end;

	/* strtoull() skips blanks and takes a minus sign: "-1" would be the largest number */
	if (!s || !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || n > max)
		return -ERANGE;
	*v = n;
	return 0;
}
