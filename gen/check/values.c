// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Typed value parsing: policy text -> integers of each argument type. */
#include <errno.h>
#include <inttypes.h>
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

struct tp_int_view tp_value__view(enum tp_arg_type t, enum tp_op op)
{
	struct tp_int_view w = { tp_arg_type__filter_size(t), tp_arg_type__filter_signed(t) };

	if ((op == TP_OP_IN_MAP || op == TP_OP_NOT_IN_MAP) && w.bytes < 8)
		w.is_signed = false;
	return w;
}

uint64_t tp_int_view__max(struct tp_int_view w)
{
	if (w.bytes >= 8)
		return w.is_signed ? INT64_MAX : UINT64_MAX;
	return (UINT64_C(1) << (8 * w.bytes - (w.is_signed ? 1 : 0))) - 1;
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

int tp_value__parse_filter_int(const struct tp_value *v, enum tp_arg_type t, enum tp_op op,
			       uint64_t *out, char *err, size_t errlen)
{
	struct tp_int_view w = tp_value__view(t, op);
	const struct tp_op_info *oi = tp_op__info(op);
	bool psigned = tp_arg_type__parse_signed(t), always;
	uint64_t x, max = tp_int_view__max(w);
	char q[128];
	int ret;

	if (w.bytes >= 8 || !oi)
		return tp_value__parse_int(v, t, out, err, errlen);
	/* writeMatchValues: strconv.ParseInt(v, 0, 32), or ParseUint(v, 0, 32) */
	ret = tp_value__parse_int(v, psigned ? TP_ARG_INT : TP_ARG_UINT32, &x, err, errlen);
	if (ret == -ERANGE && err && errlen) {
		tp_value__quote(v, q, sizeof(q));
		snprintf(err, errlen,
			 "value '%s' does not fit %s (Tetragon reads its values as %s)", q,
			 tp_arg_type__name(t),
			 psigned ? "32-bit ints, -2147483648..2147483647"
				 : "32-bit unsigned ints, 0..4294967295");
	}
	if (ret)
		return ret;
	if (w.is_signed) {
		*out = x; /* sign-extended, as the view compares it */
		return 0;
	}
	x &= UINT32_MAX;
	if (x > max && (oi->base != TP_BASE_MASK || !(x & max))) {
		always = oi->base == TP_BASE_LT || (oi->base == TP_BASE_EQ && oi->negate);
		if (err && errlen) {
			tp_value__quote(v, q, sizeof(q));
			snprintf(err, errlen,
				 "value '%s' is 0x%" PRIx64 " to Tetragon, past the %d bits it "
				 "compares of a %s arg (zero-extended): %s would %s",
				 q, x, 8 * w.bytes, tp_arg_type__name(t), oi->name,
				 always ? "always pass" : "never match");
		}
		return -EDOM;
	}
	*out = x;
	return 0;
}
