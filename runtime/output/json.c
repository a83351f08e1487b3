// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The streaming JSON writer of json.h: one growable buffer, errors latched. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "json.h"
#include "utf8.h"

struct tp_json {
	char *buf;
	size_t len;
	size_t cap;
	int err;
	int depth;
	bool first[TP_JSON_DEPTH + 1]; /* no member written yet at this depth */
};

struct tp_json *tp_json__new(void)
{
	struct tp_json *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->cap = 1024;
	j->buf = malloc(j->cap);
	if (!j->buf) {
		free(j);
		errno = ENOMEM;
		return NULL;
	}
	tp_json__reset(j);
	return j;
}

void tp_json__free(struct tp_json *j)
{
	if (!j)
		return;
	free(j->buf);
	free(j);
}

void tp_json__reset(struct tp_json *j)
{
	j->len = 0;
	j->err = 0;
	j->depth = 0;
	j->first[0] = true;
}

const char *tp_json__text(const struct tp_json *j, size_t *len)
{
	j->buf[j->len] = '\0'; /* reserve kept room for it */
	if (len)
		*len = j->len;
	return j->buf;
}

int tp_json__error(const struct tp_json *j)
{
	return j->err;
}

/* reserve's slow path: the buffer doubled until n more bytes and a NUL fit. */
static bool grow(struct tp_json *j, size_t n)
{
	size_t cap;
	char *buf;

	if (j->err)
		return false;
	cap = j->cap;
	while (cap < j->len + n + 1) {
		if (cap > SIZE_MAX / 2) {
			j->err = -ENOMEM;
			return false;
		}
		cap *= 2;
	}
	buf = realloc(j->buf, cap);
	if (!buf) {
		j->err = -ENOMEM;
		return false;
	}
	j->buf = buf;
	j->cap = cap;
	return true;
}

/* Room for n more bytes plus the NUL tp_json__text writes: a line has dozens of these. */
static inline bool reserve(struct tp_json *j, size_t n)
{
	if (__builtin_expect(!j->err && j->len + n < j->cap, 1))
		return true;
	return grow(j, n);
}

static void put(struct tp_json *j, const void *s, size_t n)
{
	if (!reserve(j, n))
		return;
	memcpy(j->buf + j->len, s, n);
	j->len += n;
}

static void put_char(struct tp_json *j, char c)
{
	if (!reserve(j, 1))
		return;
	j->buf[j->len++] = c;
}

/* Bytes that stand for themselves in a JSON string: printable ASCII but '"' and '\\'. */
static const bool plain_byte[256] = {
	/* clang-format off */
	[0x20 ... '"' - 1] = true, ['"' + 1 ... '\\' - 1] = true, ['\\' + 1 ... 0x7f] = true,
	/* clang-format on */
};

static bool plain(uint8_t c)
{
	return plain_byte[c];
}

#define ONES (~(uint64_t)0 / 255) /* 0x01 in each byte */
#define HIGH (ONES * 0x80)

/* Whether any byte of x is below c (c at most 0x80): exact for the word, not the byte. */
static uint64_t any_below(uint64_t x, uint8_t c)
{
	return (x - ONES * c) & ~x & HIGH;
}

/* The length of s's leading run of plain bytes, 8 at a time: strings are long, escapes rare. */
static size_t plain_run(const uint8_t *s, size_t n)
{
	size_t i = 0;
	uint64_t x;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, s + i, 8);
		if ((x | any_below(x, 0x20) | any_below(x ^ (ONES * '"'), 1) |
		     any_below(x ^ (ONES * '\\'), 1)) &
		    HIGH)
			break;
	}
	while (i < n && plain(s[i]))
		i++;
	return i;
}

static void put_string(struct tp_json *j, const void *data, size_t n)
{
	static const char *const short_esc[0x80] = {
		['"'] = "\\\"", ['\\'] = "\\\\", ['\b'] = "\\b", ['\f'] = "\\f",
		['\n'] = "\\n", ['\r'] = "\\r",	 ['\t'] = "\\t",
	};
	static const char hex[] = "0123456789abcdef";
	const uint8_t *s = data;
	size_t i = plain_run(s, n), run;

	/* the common case, a plain string, in one copy */
	if (i == n && reserve(j, n + 2)) {
		j->buf[j->len] = '"';
		memcpy(j->buf + j->len + 1, s, n);
		j->buf[j->len + 1 + n] = '"';
		j->len += n + 2;
		return;
	}
	put_char(j, '"');
	run = i;
	while (i < n) {
		uint8_t c = s[i];
		char esc[7];
		size_t len;

		if (plain(c)) {
			len = plain_run(s + i, n - i);
			i += len;
			run += len;
			continue;
		}
		len = c >= 0x80 ? tp_utf8_len(s + i, n - i) : 0;
		if (len) {
			i += len;
			run += len;
			continue;
		}
		put(j, s + i - run, run);
		run = 0;
		if (c < 0x80 && short_esc[c]) {
			put(j, short_esc[c], 2);
		} else if (c < 0x20) {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			put(j, esc, 6);
		} else {
			put(j, "\\ufffd", 6); /* not UTF-8 */
		}
		i++;
	}
	put(j, s + i - run, run);
	put_char(j, '"');
}

/* Separator and member name before a value. */
static bool begin_value(struct tp_json *j, const char *key)
{
	size_t n = 0;
	char *p;

	if (j->err)
		return false;
	/* the key's length and plainness in one pass: NUL is not plain */
	while (key && plain(key[n]))
		n++;
	if (key && key[n]) { /* a key to escape: never one of the printers' */
		if (!j->first[j->depth])
			put_char(j, ',');
		j->first[j->depth] = false;
		put_string(j, key, strlen(key));
		put_char(j, ':');
		return !j->err;
	}
	/* separator, quoted key and colon in one copy: a line has dozens */
	if (!reserve(j, n + 4))
		return false;
	p = j->buf + j->len;
	if (!j->first[j->depth])
		*p++ = ',';
	j->first[j->depth] = false;
	if (key) {
		*p++ = '"';
		memcpy(p, key, n);
		p += n;
		*p++ = '"';
		*p++ = ':';
	}
	j->len = p - j->buf;
	return true;
}

static void open_container(struct tp_json *j, const char *key, char c)
{
	if (!begin_value(j, key))
		return;
	if (j->depth >= TP_JSON_DEPTH) {
		j->err = -E2BIG;
		return;
	}
	put_char(j, c);
	j->first[++j->depth] = true;
}

static void close_container(struct tp_json *j, char c)
{
	if (j->err)
		return;
	if (j->depth == 0) {
		j->err = -EINVAL;
		return;
	}
	j->depth--;
	put_char(j, c);
}

void tp_json__begin_obj(struct tp_json *j, const char *key)
{
	open_container(j, key, '{');
}

void tp_json__end_obj(struct tp_json *j)
{
	close_container(j, '}');
}

void tp_json__begin_arr(struct tp_json *j, const char *key)
{
	open_container(j, key, '[');
}

void tp_json__end_arr(struct tp_json *j)
{
	close_container(j, ']');
}

void tp_json__strn(struct tp_json *j, const char *key, const void *s, size_t n)
{
	if (begin_value(j, key))
		put_string(j, s, n);
}

void tp_json__str(struct tp_json *j, const char *key, const char *s)
{
	tp_json__strn(j, key, s ? s : "", s ? strlen(s) : 0);
}

static void put_num(struct tp_json *j, const char *key, const char *num, size_t n, bool quoted)
{
	if (!begin_value(j, key) || !reserve(j, n + 2))
		return;
	if (quoted)
		j->buf[j->len++] = '"';
	memcpy(j->buf + j->len, num, n);
	j->len += n;
	if (quoted)
		j->buf[j->len++] = '"';
}

/*
 * A decimal integer, -mag when negative; in a string when quoted (protojson's
 * 64-bit form). Digits by hand: every event has a dozen numbers, and printf
 * was a tenth of a flood's cost.
 */
static void put_dec(struct tp_json *j, const char *key, bool negative, uint64_t mag, bool quoted)
{
	char num[24];
	char *p = num + sizeof(num);

	do {
		*--p = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag);
	if (negative)
		*--p = '-';
	put_num(j, key, p, num + sizeof(num) - p, quoted);
}

void tp_json__int(struct tp_json *j, const char *key, int64_t v)
{
	put_dec(j, key, v < 0, v < 0 ? -(uint64_t)v : (uint64_t)v, false);
}

void tp_json__uint(struct tp_json *j, const char *key, uint64_t v)
{
	put_dec(j, key, false, v, false);
}

void tp_json__int_str(struct tp_json *j, const char *key, int64_t v)
{
	put_dec(j, key, v < 0, v < 0 ? -(uint64_t)v : (uint64_t)v, true);
}

void tp_json__uint_str(struct tp_json *j, const char *key, uint64_t v)
{
	put_dec(j, key, false, v, true);
}

void tp_json__bool(struct tp_json *j, const char *key, bool v)
{
	put_num(j, key, v ? "true" : "false", v ? 4 : 5, false);
}

void tp_json__base64(struct tp_json *j, const char *key, const void *data, size_t n)
{
	size_t len = tp_base64_len(n);

	if (!begin_value(j, key))
		return;
	put_char(j, '"');
	if (!reserve(j, len))
		return;
	tp_base64_encode(j->buf + j->len, data, n);
	j->len += len;
	put_char(j, '"');
}

void tp_json__members(struct tp_json *j, const char *text, size_t n)
{
	if (!n || j->err)
		return;
	if (j->depth == 0) {
		j->err = -EINVAL;
		return;
	}
	if (!j->first[j->depth])
		put_char(j, ',');
	j->first[j->depth] = false;
	put(j, text, n);
}
