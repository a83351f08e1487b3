// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Typed value parsing: policy text -> integers of each argument type. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "number.h"
#include "values.h"

bool tp_arg_type__is_int(enum tp_arg_type t)
{
	return tp_arg_type__class(t) == TP_ACL_INT;
}

bool tp_arg_type__is_bytes(enum tp_arg_type t)
{
	return tp_arg_type__class(t) == TP_ACL_BYTES;
}

size_t tp_value__match_len(const struct tp_value *v, enum tp_base_op base, enum tp_arg_type t)
{
	size_t len = v->len;
	bool trim = base == TP_BASE_POSTFIX  ? t != TP_ARG_CHAR_BUF
		    : base == TP_BASE_PREFIX ? false
					     : t == TP_ARG_STRING;

	while (trim && len && v->str[len - 1] == '\0')
		len--;
	return len;
}

void tp_value__quote(const struct tp_value *v, char *buf, size_t size)
{
	static const size_t max_bytes = 64;
	size_t i, n = 0;

	if (!size)
		return;
	buf[0] = '\0';
	if (!v->str)
		return;
	for (i = 0; i < v->len; i++) {
		unsigned char c = (unsigned char)v->str[i];
		char piece[5];

		if (i == max_bytes) {
			snprintf(piece, sizeof(piece), "...");
		} else if (c >= 0x20 && c < 0x7f && c != '\\') {
			piece[0] = (char)c;
			piece[1] = '\0';
		} else if (c == '\\') {
			snprintf(piece, sizeof(piece), "\\\\");
		} else {
			snprintf(piece, sizeof(piece), "\\x%02x", c);
		}
		if (n + strlen(piece) + 1 > size)
			break;
		memcpy(buf + n, piece, strlen(piece) + 1);
		n += strlen(piece);
		if (i == max_bytes)
			break;
	}
}

int tp_value__parse_int(const struct tp_value *v, enum tp_arg_type t, uint64_t *out, char *err,
			size_t errlen)
{
	int size = tp_arg_type__size(t);
	char q[128];
	bool neg = false;
	uint64_t mag = 0, max;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	if (!size) {
		if (err && errlen)
			snprintf(err, errlen, "type '%s' is not an integer type",
				 tp_arg_type__name(t));
		return -EINVAL;
	}
	/* an embedded NUL can only come from a "\0" escape: never an integer */
	if (!v->str || strlen(v->str) != v->len)
		ret = -EINVAL;
	else if (!tp_arg_type__is_signed(t) && v->str[0] == '+')
		ret = -EINVAL; /* ParseUint takes no sign */
	else
		ret = tp_number__parse(v->str, v->len, &neg, &mag);

	if (ret == 0) {
		if (tp_arg_type__is_signed(t)) {
			max = (UINT64_C(1) << (size * 8 - 1)) - 1;
			if (neg ? mag > max + 1 : mag > max)
				ret = -ERANGE;
		} else {
			max = size == 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1;
			if ((neg && mag != 0) || mag > max)
				ret = -ERANGE;
		}
	}
	if (ret == 0) {
		*out = neg ? (uint64_t)0 - mag : mag;
		return 0;
	}
	if (err && errlen) {
		tp_value__quote(v, q, sizeof(q));
		if (ret == -ERANGE)
			snprintf(err, errlen, "value '%s' does not fit %s", q,
				 tp_arg_type__name(t));
		else if (t == TP_ARG_SYSCALL64)
			snprintf(
			    err, errlen,
			    "value '%s' is not an integer (syscall64 values are syscall numbers)",
			    q);
		else
			snprintf(err, errlen, "value '%s' is not an integer", q);
	}
	return ret;
}
