// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Escaping untrusted strings for messages. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"

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

/* The length of the UTF-8 sequence at p, 0 for none (bad bytes, overlong, a C1 control). */
static size_t utf8_len(const unsigned char *p)
{
	size_t n, i;
	uint32_t cp;

	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;
	n = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	cp = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return n;
}

bool tp_escape__has_control(const char *s, bool lines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	while (*p) {
		if (*p >= 0x80) {
			n = utf8_len(p);
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
