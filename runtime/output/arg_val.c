// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Decoding hook args: integers and blobs, each as its row of TP_ARG_TYPES says. */
#include <errno.h>
#include <string.h>

#include "arg_val.h"
#include "record.h"
#include "vocab.h"

/* All of v but its label, zero. */
static void reset(struct tp_arg_val *v, enum tp_arg_type t)
{
	const char *label = v->label;
	bool data = v->data;

	memset(v, 0, sizeof(*v));
	v->type = t;
	v->label = label;
	v->data = data;
}

void tp_arg_val__from_int(struct tp_arg_val *v, enum tp_arg_type t, uint64_t raw)
{
	int bits = 8 * tp_arg_type__size(t);
	uint64_t mask = bits && bits < 64 ? (UINT64_C(1) << bits) - 1 : UINT64_MAX;

	/* kept to the type's width, whether BPF extended it or not */
	reset(v, t);
	v->u = raw & mask;
	v->i = (int64_t)v->u;
	if (tp_arg_type__is_signed(t) && bits && bits < 64 && (v->u >> (bits - 1)) & 1)
		v->i = (int64_t)(v->u | ~mask);
}

void tp_arg_val__from_blob(struct tp_arg_val *v, enum tp_arg_type t, const uint8_t *bytes,
			   uint32_t len, uint32_t info)
{
	const struct tp_arg_type_info *ti = tp_arg_type__info(t);

	reset(v, t);
	v->bytes = bytes;
	v->len = len;
	v->info = info;
	v->error = info & TP_BLOB_ERROR;
	v->truncated = info & TP_BLOB_TRUNCATED;
	if (ti && ti->capture == TP_CAPT_BUF) {
		v->orig_size = info & TP_BLOB_SIZE_MASK;
		if (v->orig_size > v->len)
			v->truncated = true;
	}
	if (v->error)
		v->len = 0;
	else if (ti && ti->cls == TP_ACL_BYTES && ti->capture == TP_CAPT_STR)
		v->len = strnlen((const char *)bytes, len); /* a C string ends at its NUL */
}

void tp_arg_val__copy(const struct tp_arg_val *a, void *dst, size_t size)
{
	memset(dst, 0, size);
	if (a->bytes && !a->error)
		memcpy(dst, a->bytes, a->len < size ? a->len : size);
}

int tp_arg_val__decode_hook(const struct tp_meta_hook_view *h, const void *rec, size_t size,
			    struct tp_arg_val *out, size_t max)
{
	size_t end;

	return tp_arg_val__decode_hook_end(h, rec, size, out, max, &end);
}

int tp_arg_val__decode_hook_end(const struct tp_meta_hook_view *h, const void *rec, size_t size,
				struct tp_arg_val *out, size_t max, size_t *end)
{
	size_t off = sizeof(struct tp_event_hook), i;

	if (size < sizeof(struct tp_event_hook))
		return -EINVAL;
	if (h->nargs > max)
		return -E2BIG;
	for (i = 0; i < h->nargs; i++) {
		const struct tp_meta_arg_view *a = &h->args[i];
		const struct tp_arg_type_info *ti = tp_arg_type__info(a->type);
		struct tp_arg_val *v = &out[i];

		if (!ti)
			return -EINVAL;
		v->label = a->label ? a->label : "";
		v->data = a->flags & TP_ARGF_META_DATA;
		if (a->flags & TP_ARGF_META_RESOLVE) {
			uint64_t st;

			if (size - off < sizeof(st))
				return -EINVAL;
			memcpy(&st, (const uint8_t *)rec + off, sizeof(st));
			off += sizeof(st);
			if (st) { /* the path faulted: nothing of the arg follows */
				reset(v, a->type);
				v->error = true;
				v->resolve_fault = st > UINT32_MAX ? UINT32_MAX : (uint32_t)st;
				continue;
			}
		}
		/* integers are a bare u64; every other type a blob (fd: its file's path) */
		if (ti->capture == TP_CAPT_U64) {
			uint64_t raw;

			if (size - off < sizeof(raw))
				return -EINVAL;
			memcpy(&raw, (const uint8_t *)rec + off, sizeof(raw));
			off += sizeof(raw);
			tp_arg_val__from_int(v, a->type, raw);
		} else {
			const uint8_t *bytes;
			uint32_t len, info;

			if (tp_record__blob(rec, size, &off, &bytes, &len, &info))
				return -EINVAL;
			tp_arg_val__from_blob(v, a->type, bytes, len, info);
		}
	}
	*end = off;
	return (int)h->nargs;
}

int tp_arg_val__decode_ret_copy(const struct tp_meta_hook_view *h, const void *rec, size_t size,
				struct tp_arg_val *args, size_t nargs)
{
	size_t off = sizeof(struct tp_event_hook_ret), i;
	const uint8_t *bytes;
	uint32_t len, info;

	for (i = 0; i < h->nargs && i < nargs; i++) {
		if (!(h->args[i].flags & TP_ARGF_META_RETURN_COPY))
			continue;
		if (tp_record__blob(rec, size, &off, &bytes, &len, &info))
			return -EINVAL;
		tp_arg_val__from_blob(&args[i], h->args[i].type, bytes, len, info);
		return 0;
	}
	return 0;
}

int tp_arg_val__decode_ret(const struct tp_meta_hook_view *h, const void *rec, size_t size,
			   const struct tp_event_hook_ret *r, struct tp_arg_val *out)
{
	size_t off = sizeof(struct tp_event_hook_ret);
	const uint8_t *bytes;
	uint32_t len, info;

	if (h->ret.type == TP_ARG_SOCK) { /* its blob follows the record (tp_out_hook_ret_sock) */
		if (tp_record__blob(rec, size, &off, &bytes, &len, &info))
			return -EINVAL;
		tp_arg_val__from_blob(out, h->ret.type, bytes, len, info);
	} else {
		tp_arg_val__from_int(out, h->ret.type, (uint64_t)r->retval);
	}
	out->label = h->ret.label;
	return 0;
}
