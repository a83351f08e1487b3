// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Post's imaHash as Tetragon prints it (pkg/grpc/tracing/tracing.go,
 * GetProcessLsm): the algorithm's name, a colon and the digest in lowercase
 * hex, for the algorithms it names; nothing for an error or another one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ima.h"
#include "record.h"

/* The kernel's enum hash_algo (include/uapi/linux/hash_info.h) and how much Tetragon prints. */
static const struct {
	int32_t algo;
	const char *name;
	size_t bytes;
} algos[] = {
	{ 1, "md5", 16 },    { 2, "sha1", 20 },	  { 4, "sha256", 32 },
	{ 6, "sha512", 64 }, { 13, "wp512", 64 }, { 17, "sm3", 32 },
};

int tp_ima__format(const void *rec, size_t size, uint32_t flags, char *buf, size_t len,
		   int32_t *algo)
{
	size_t blob = TP_BLOB_SIZE(sizeof(struct tp_ima_hash)), off, i, n;
	struct tp_ima_hash ih;
	const uint8_t *bytes;
	uint32_t blen, info;

	buf[0] = 0;
	if (algo)
		*algo = 0;
	if (!(flags & TP_HOOKEV_IMA_HASH))
		return 0;
	if (size < sizeof(struct tp_event_hook) + blob)
		return -EINVAL;
	off = size - blob;
	if (tp_record__blob(rec, size, &off, &bytes, &blen, &info) || blen != sizeof(ih))
		return -EINVAL;
	memcpy(&ih, bytes, sizeof(ih));
	if (algo)
		*algo = ih.algo;
	for (i = 0; i < sizeof(algos) / sizeof(algos[0]); i++) {
		if (algos[i].algo != ih.algo)
			continue;
		n = snprintf(buf, len, "%s:", algos[i].name);
		for (size_t b = 0; b < algos[i].bytes && n + 2 < len; b++)
			n += snprintf(buf + n, len - n, "%02x", ih.value[b]);
		break;
	}
	return 0;
}
