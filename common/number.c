// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Go's base-0 integer grammar (strconv.ParseInt/ParseUint), the one parser of every integer. */
#include <errno.h>
#include <string.h>

#include "number.h"

static int digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

int tp_number__parse(const char *s, size_t len, bool *neg, uint64_t *mag)
{
	const char *end;
	bool minus = false, range = false;
	size_t ndigits = 0;
	char last = '^'; /* '^' start, '0' a digit or the base prefix, '_' an underscore */
	unsigned base = 10;
	uint64_t m = 0;

	if (!s)
		return -EINVAL;
	end = s + len;
	if (s < end && (*s == '-' || *s == '+'))
		minus = *s++ == '-';
	if (end - s >= 2 && s[0] == '0' && s[1] && strchr("bBoOxX", s[1])) {
		base = s[1] == 'b' || s[1] == 'B' ? 2 : s[1] == 'x' || s[1] == 'X' ? 16 : 8;
		s += 2;
		last = '0'; /* '_' may follow the prefix */
	} else if (end - s >= 2 && s[0] == '0') {
		base = 8; /* "017"; the 0 is a digit, so "0_17" is octal too */
	}
	for (; s < end; s++) {
		unsigned d;

		if (*s == '_') {
			if (last != '0')
				return -EINVAL;
			last = '_';
			continue;
		}
		d = (unsigned)digit(*s);
		if (d >= base)
			return -EINVAL;
		if (m > (UINT64_MAX - d) / base)
			range = true;
		m = m * base + d;
		last = '0';
		ndigits++;
	}
	if (!ndigits || last == '_') /* "", "-", "0x", "1_" */
		return -EINVAL;
	if (range)
		return -ERANGE;
	*neg = minus;
	*mag = m;
	return 0;
}

int tp_uint__parse(const char *s, uint64_t max, uint64_t *v)
{
	bool neg;
	uint64_t n;
	int e;

	if (!s || *s == '-' || *s == '+')
		return -EINVAL;
	e = tp_number__parse(s, strlen(s), &neg, &n);
	if (e)
		return e;
	if (n > max)
		return -ERANGE;
	*v = n;
	return 0;
}
