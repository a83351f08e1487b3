// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Label sets as the Prometheus text format writes them: escaped, valid UTF-8. */
#include <stdint.h>
#include <string.h>

#include "text.h"
#include "utf8.h"

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
		else if ((k = tp_utf8_len(s + i, n - i)))
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
