/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The Prometheus text exposition format's label sets (exposition_formats.md). */
#ifndef TP_METRICS_TEXT_H
#define TP_METRICS_TEXT_H

#include <stddef.h>

/*
 * {name0="value0",name1="value1"} into buf (NUL-terminated when cap > 0), ""
 * for n 0: a value's backslash, double quote and newline escaped (\\, \", \n),
 * as the format asks, and a byte that is not UTF-8 replaced by U+FFFD, which
 * a scraper would refuse. NULL values are "". Returns the length the whole
 * set needs (without the NUL), as snprintf does.
 */
size_t tp_prom__labels(char *buf, size_t cap, const char *const *names, const char *const *values,
		       size_t n);

#endif /* TP_METRICS_TEXT_H */
