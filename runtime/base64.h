/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Standard base64 (RFC 4648, '+' '/', '=' padding): exec_ids and bytes args. */
#ifndef TP_BASE64_H
#define TP_BASE64_H

#include <stddef.h>

/* Characters tp_base64_encode() writes for n bytes, NUL excluded. */
static inline size_t tp_base64_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

/* Encode n bytes of src into dst (tp_base64_len(n) + 1 bytes, NUL terminated). */
void tp_base64_encode(char *dst, const void *src, size_t n);

#endif /* TP_BASE64_H */
