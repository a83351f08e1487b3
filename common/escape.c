// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Escaping untrusted strings for messages. */
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "utf8.h"

const char *tp_escape(const char *s, char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;

	if (!len)
		return buf;
	for (; *p; p++) {
		char e[5];
		size_t n;

		if (*p == '\\')
			n = snprintf(e, sizeof(e), "\\\\");
		else if (*p == '\n')
			n = snprintf(e, sizeof(e), "\\n");
		else if (*p == '\t')
			n = snprintf(e, sizeof(e), "\\t");
		else if (*p < 0x20 || *p >= 0x7f)
			n = snprintf(e, sizeof(e), "\\x%02x", *p);
		else
			n = snprintf(e, sizeof(e), "%c", *p);
		if (o + n >= len) {
			/* the rest does not fit: "..." in the last bytes there are */
			if (len >= 4) {
				o = o + 4 > len ? len - 4 : o;
				memcpy(buf + o, "...", 3);
				o += 3;
			}
			break;
		}
		memcpy(buf + o, e, n);
		o += n;
	}
	buf[o] = '\0';
	return buf;
}

/*
 * The length of the UTF-8 sequence at p (n bytes left), 0 for none: what
 * tp_utf8_len refuses (bad bytes, overlong, surrogate, cut short) and the C1
 * controls U+0080..U+009F (0xc2 0x80..0x9f), which a terminal obeys.
 */
static size_t text_len(const unsigned char *p, size_t n)
{
	size_t len = tp_utf8_len(p, n);

	if (len == 2 && p[0] == 0xc2 && p[1] <= 0x9f)
		return 0;
	return len;
}

bool tp_escape__has_control(const char *s, bool lines)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + strlen(s);
	size_t n;

	while (*p) {
		if (*p >= 0x80) {
			n = text_len(p, (size_t)(end - p));
			if (!n)
				return true;
			p += n;
			continue;
		}
		if ((*p < 0x20 && !(lines && (*p == '\n' || *p == '\t'))) || *p == 0x7f)
			return true;
		p++;
	}
	return false;
}
