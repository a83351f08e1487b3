// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Label sets as the Prometheus text format writes them: escaped, valid UTF-8. */
#include <stdint.h>
#include <string.h>

#include "text.h"

struct out {
	char *buf;
	size_t cap, len;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len < o->cap) {
		size_t room = o->cap - o->len;

		memcpy(o->buf + o->len, s, n < room ? n : room);
	}
	o->len += n;
}

/* The length of the UTF-8 sequence at s (n bytes left), 0 when it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, c = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, c = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and past U+10FFFF are not UTF-8 */
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	return len;
}

static void put_value(struct out *o, const char *v)
{
	const unsigned char *s = (const unsigned char *)(v ? v : "");
	size_t n = strlen((const char *)s), i = 0, k;

	while (i < n) {
		if (s[i] == '\\')
			put(o, "\\\\", 2), k = 1;
		else if (s[i] == '"')
			put(o, "\\\"", 2), k = 1;
		else if (s[i] == '\n')
			put(o, "\\n", 2), k = 1;
		else if ((k = utf8_len(s + i, n - i)))
			put(o, (const char *)s + i, k);
		else
			put(o, "\xef\xbf\xbd", 3), k = 1; /* U+FFFD */
		i += k;
	}
}

size_t tp_prom__labels(char *buf, size_t cap, const char *const *names, const char *const *values,
		       size_t n)
{
	struct out o = { buf, cap, 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		put(&o, i ? "," : "{", 1);
		put(&o, names[i], strlen(names[i]));
		put(&o, "=\"", 2);
		put_value(&o, values[i]);
		put(&o, "\"", 1);
	}
	if (n)
		put(&o, "}", 1);
	if (cap)
		buf[o.len < cap ? o.len : cap - 1] = '\0';
	return o.len;
}
