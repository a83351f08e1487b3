/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The framing of ring-buffer records (include/tp/event.h): the header every
 * record starts with and the blobs of its variable part. The process cache
 * reads exec records with it, the output hook records.
 */
#ifndef TP_RECORD_H
#define TP_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include <tp/event.h>

/*
 * The header of rec[0..size) into *h; returns the record's own size
 * (h->size) when the header is whole and h->size lies in min..size, else 0.
 */
size_t tp_record__hdr(const void *rec, size_t size, size_t min, struct tp_event_hdr *h);

/* One blob at *off within rec[0..size); advances *off. 0 or -EINVAL. */
int tp_record__blob(const void *rec, size_t size, size_t *off, const uint8_t **bytes, uint32_t *len,
		    uint32_t *info);

#endif /* TP_RECORD_H */
