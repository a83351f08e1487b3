/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Decoding ring-buffer records (templates/bpf/tp_event.h) with .tp.meta. */
#ifndef TP_EVENT_API_H
#define TP_EVENT_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tp/arg_blobs.h>
#include <tp/event.h>
#include "meta.h"

struct tp_arg_val {
	enum tp_arg_type type;
	const char *label;	/* "" when none */
	int64_t i;		/* signed integer types, fd */
	uint64_t u;		/* unsigned integer types, size_t, syscall64 */
	const uint8_t *bytes;	/* strings and buffers (not NUL terminated) */
	uint32_t len;		/* bytes captured */
	uint32_t orig_size;	/* char_buf: size the call passed */
	bool truncated;		/* fewer bytes captured than existed */
	bool error;		/* the read failed */
	uint32_t info;		/* blobs: the TP_BLOB_* flags and low bits as BPF wrote them */
};

/*
 * Decode the args of a TP_EV_HOOK record. Returns the number of args decoded
 * (== h->nargs), or -EINVAL when the record is malformed (never reads past
 * size).
 */
int tp_event__hook_args(const struct tp_meta_hook_view *h, const void *rec, size_t size,
			struct tp_arg_val *out, size_t max);

/* One blob at *off within rec[0..size); advances *off. 0 or -EINVAL. */
int tp_event__blob(const void *rec, size_t size, size_t *off, const uint8_t **bytes,
		   uint32_t *len, uint32_t *info);

#endif /* TP_EVENT_API_H */
