// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Decoding the variable part of ring-buffer records: blobs and hook args. */
#include <errno.h>
#include <string.h>

#include "arg_val.h"
#include "vocab.h"

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
	const struct tp_arg_type_info *ti = tp_arg_type__info(t);

	return ti && ti->capture != TP_CAPT_U64;
}

/* Keep a value to its type's width, whether BPF extended it or not. */
static void narrow(enum tp_arg_type t, uint64_t raw, struct tp_arg_val *v)
{
	int bits = 8 * tp_arg_type__size(t);
	uint64_t mask = bits && bits < 64 ? (UINT64_C(1) << bits) - 1 : UINT64_MAX;

	v->u = raw & mask;
	v->i = (int64_t)v->u;
	if (tp_arg_type__is_signed(t) && bits && bits < 64 && (v->u >> (bits - 1)) & 1)
		v->i = (int64_t)(v->u | ~mask);
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
			if (tp_arg_type__info(a->type)->capture == TP_CAPT_BUF) {
				v->orig_size = info & TP_BLOB_SIZE_MASK;
				if (v->orig_size > v->len)
					v->truncated = true;
			}
			if (v->error)
				v->len = 0;
			else if (a->type == TP_ARG_STRING)
				v->len = strnlen((const char *)v->bytes, v->len);
		} else if (tp_arg_type__info(a->type)) {
			uint64_t raw;

			if (size - off < sizeof(raw))
				return -EINVAL;
			memcpy(&raw, (const uint8_t *)rec + off, sizeof(raw));
			off += sizeof(raw);
			narrow(a->type, raw, v);
		} else {
			return -EINVAL;
		}
	}
	return (int)h->nargs;
}
