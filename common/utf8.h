/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* UTF-8 as RFC 3629 defines it: what JSON and Prometheus label values may carry. */
#ifndef TP_UTF8_H
#define TP_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * The length of the valid UTF-8 sequence at s (n bytes left, n > 0), 0 if
 * there is none: no overlongs, no surrogates, nothing past U+10FFFF.
 */
size_t tp_utf8_len(const uint8_t *s, size_t n);

#endif /* TP_UTF8_H */
