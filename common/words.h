/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Names as policies write them and lists of names as messages show them. */
#ifndef TP_WORDS_H
#define TP_WORDS_H

#include <stdbool.h>
#include <stddef.h>

/* name[0..len) is s, in any case: policy keys, operators and actions match so. */
bool tp_words__eq_nocase(const char *name, size_t len, const char *s);

/* Whether s[0..len) starts with prefix. */
bool tp_words__starts(const char *s, size_t len, const char *prefix);

/* "a, b or c" of the n items into buf (cut short at size); returns buf. */
const char *tp_words__join_or(char *buf, size_t size, const char *const *items, size_t n);

#endif /* TP_WORDS_H */
