/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * One argument of a hook event, decoded: the integer or blob the record
 * holds, read the way the arg type's row of TP_ARG_TYPES says.
 */
#ifndef TP_ARG_VAL_H
#define TP_ARG_VAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tp/arg_blobs.h>
#include <tp/event.h>
#include "meta.h"

struct tp_arg_val {
	enum tp_arg_type type;
	const char *label; /* "" when none */
	int64_t i;	   /* integers, sign-extended from their width */
	uint64_t u;	   /* integers, cut to their width */
	const uint8_t
	    *bytes;   /* blobs: strings, paths, buffers, kernel objects (not NUL terminated) */
	uint32_t len; /* bytes captured */
	uint32_t orig_size;	/* buffers: the size the call passed */
	bool truncated;		/* fewer bytes captured than existed */
	bool error;		/* the read failed */
	uint32_t info;		/* blobs: the TP_BLOB_* flags and low bits as BPF wrote them */
	uint32_t resolve_fault; /* resolve: 0, or 1 + the path step whose read faulted */
	bool data;		/* a data entry: printed in the event's data */
};

/* v (all but its label) as the integer raw of type t: cut to t's width, sign-extended if signed. */
void tp_arg_val__from_int(struct tp_arg_val *v, enum tp_arg_type t, uint64_t raw);
/* v (all but its label) as the blob of type t a record holds. */
void tp_arg_val__from_blob(struct tp_arg_val *v, enum tp_arg_type t, const uint8_t *bytes,
			   uint32_t len, uint32_t info);

/* a's blob as a struct of size bytes at dst: bytes it lacks (a short or failed read) are zeros. */
void tp_arg_val__copy(const struct tp_arg_val *a, void *dst, size_t size);

/*
 * Decode the args of a TP_EV_HOOK record. Returns the number of args decoded
 * (== h->nargs), -E2BIG when out has fewer than that, or -EINVAL when the
 * record is malformed (never reads past size).
 */
int tp_arg_val__decode_hook(const struct tp_meta_hook_view *h, const void *rec, size_t size,
			    struct tp_arg_val *out, size_t max);
/* The same, and where the args end (the record's stack blobs start) into *end. */
int tp_arg_val__decode_hook_end(const struct tp_meta_hook_view *h, const void *rec, size_t size,
				struct tp_arg_val *out, size_t max, size_t *end);

/*
 * A TP_EV_HOOK_RET record's returnCopy bytes into the arg of args (the entry
 * half's, decoded by tp_arg_val__decode_hook) that has them: 0, also when the
 * hook has none, or -EINVAL when the record is malformed.
 */
int tp_arg_val__decode_ret_copy(const struct tp_meta_hook_view *h, const void *rec, size_t size,
				struct tp_arg_val *args, size_t nargs);

/* Return record r's value as the hook's returnArg type reads it (a sock: its blob). */
int tp_arg_val__decode_ret(const struct tp_meta_hook_view *h, const void *rec, size_t size,
			   const struct tp_event_hook_ret *r, struct tp_arg_val *out);

#endif /* TP_ARG_VAL_H */
