// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Ring-buffer record framing: headers and blobs, never read past the record. */
#include <errno.h>
#include <string.h>

#include "record.h"

size_t tp_record__hdr(const void *rec, size_t size, size_t min, struct tp_event_hdr *h)
{
	if (!rec || size < sizeof(*h))
		return 0;
	memcpy(h, rec, sizeof(*h));
	if (min < sizeof(*h))
		min = sizeof(*h);
	if (h->size < min || h->size > size)
		return 0;
	return h->size;
}

int tp_record__blob(const void *rec, size_t size, size_t *off, const uint8_t **bytes, uint32_t *len,
		    uint32_t *info)
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
