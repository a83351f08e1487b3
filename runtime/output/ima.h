/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Post's imaHash: the record's last blob, as Tetragon prints it in process_lsm.ima_hash. */
#ifndef TP_OUT_IMA_H
#define TP_OUT_IMA_H

#include <stddef.h>
#include <stdint.h>

#include <tp/event.h>

/* "sha256:" and 64 hex digits at most: the longest digest Tetragon prints is 64 bytes */
#define TP_IMA_STR_MAX (8 + 2 * TP_IMA_HASH_MAX + 1)

/*
 * The hash a hook record of size bytes with flags (TP_HOOKEV_*) ends with:
 * "algo:hex" into buf, or "" when the record carries none or the kernel
 * computed none (*algo, when not NULL, then says the errno). 0, or -EINVAL
 * when the flag is set and the record does not end with a hash blob.
 */
int tp_ima__format(const void *rec, size_t size, uint32_t flags, char *buf, size_t len,
		   int32_t *algo);

#endif /* TP_OUT_IMA_H */
