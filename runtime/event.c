// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Decoding the variable part of ring-buffer records: blobs and hook args. */
#include <errno.h>
#include <string.h>

#include "event.h"

#define TP_BLOB_SIZE_MASK ((1u << 30) - 1)

int tp_event__blob(const void *rec, size_t size, size_t *off, const uint8_t **bytes,
		   uint32_t *len, uint32_t *info)
{
	struct tp_blob b;
	size_t o = *off, padded;

	if (o > size || size - o < sizeof(b))
		return -EINVAL;
	memcpy(&b, (const uint8_t *)rec + o, sizeof(b));
	o += sizeof(b);
	if (b.len > size - o)
		return -EINVAL;
	*bytes = (const uint8_t *)rec + o;
	*len = b.len;
	*info = b.info;
	/* the padding of a record's last blob may be cut off: tolerate it */
	padded = ((size_t)b.len + 7) & ~(size_t)7;
	*off = padded > size - o ? size : o + padded;
	return 0;
}

/* Integers are a bare u64; every other type is a blob (kernel objects: typed bytes; fd: its path). */
static bool is_blob(enum tp_arg_type t)
{
	switch (t) {
	case TP_ARG_INT:
	case TP_ARG_SINT8:
	case TP_ARG_UINT8:
	case TP_ARG_SINT16:
	case TP_ARG_UINT16:
	case TP_ARG_UINT32:
	case TP_ARG_SINT64:
	case TP_ARG_UINT64:
	case TP_ARG_SIZE_T:
	case TP_ARG_SYSCALL64:
		return false;
	default:
		return t > TP_ARG_NONE && t < TP_ARG__MAX;
	}
}

/* Keep a value to its type's width, whether BPF extended it or not. */
static int64_t narrow_i(enum tp_arg_type t, uint64_t raw)
{
	switch (t) {
	case TP_ARG_INT:
	case TP_ARG_FD:
		return (int32_t)raw;
	case TP_ARG_SINT8:
		return (int8_t)raw;
	case TP_ARG_SINT16:
		return (int16_t)raw;
	default:
		return (int64_t)raw;
	}
}

static uint64_t narrow_u(enum tp_arg_type t, uint64_t raw)
{
	switch (t) {
	case TP_ARG_UINT8:
		return (uint8_t)raw;
	case TP_ARG_UINT16:
		return (uint16_t)raw;
	case TP_ARG_UINT32:
		return (uint32_t)raw;
	default:
		return raw;
	}
}

int tp_event__hook_args(const struct tp_meta_hook_view *h, const void *rec, size_t size,
			struct tp_arg_val *out, size_t max)
{
	size_t off = sizeof(struct tp_event_hook), i;

	if (size < sizeof(struct tp_event_hook))
		return -EINVAL;
	if (h->nargs > max)
		return -E2BIG;
	for (i = 0; i < h->nargs; i++) {
		const struct tp_meta_arg_view *a = &h->args[i];
		struct tp_arg_val *v = &out[i];

		memset(v, 0, sizeof(*v));
		v->type = a->type;
		v->label = a->label ? a->label : "";
		if (is_blob(a->type)) {
			uint32_t info;

			if (tp_event__blob(rec, size, &off, &v->bytes, &v->len, &info))
				return -EINVAL;
			v->error = info & TP_BLOB_ERROR;
			v->truncated = info & TP_BLOB_TRUNCATED;
			v->info = info;
			if (a->type == TP_ARG_CHAR_BUF || a->type == TP_ARG_CONST_BUF) {
				v->orig_size = info & TP_BLOB_SIZE_MASK;
				if (v->orig_size > v->len)
					v->truncated = true;
			}
			if (v->error)
				v->len = 0;
			else if (a->type == TP_ARG_STRING)
				v->len = strnlen((const char *)v->bytes, v->len);
		} else if (a->type > TP_ARG_NONE && a->type < TP_ARG__MAX) {
			uint64_t raw;

			if (size - off < sizeof(raw))
				return -EINVAL;
			memcpy(&raw, (const uint8_t *)rec + off, sizeof(raw));
			off += sizeof(raw);
			v->u = narrow_u(a->type, raw);
			v->i = narrow_i(a->type, raw);
		} else {
			return -EINVAL;
		}
	}
	return (int)h->nargs;
}
