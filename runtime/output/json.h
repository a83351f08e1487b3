/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A small streaming JSON writer into a growable buffer: compact output, no
 * spaces, keys in the order written. Errors (out of memory, nesting too deep)
 * are latched: every call after the first failure does nothing and
 * tp_json__error() reports it once at the end.
 *
 * Strings are escaped per RFC 8259: '"' and '\' escaped, control characters
 * as \b \f \n \r \t or \u00XX, and each byte that is not part of a valid UTF-8
 * sequence replaced by \ufffd, so the output is always valid UTF-8 JSON.
 */
#ifndef TP_JSON_H
#define TP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tp_json;

struct tp_json *tp_json__new(void);
void tp_json__free(struct tp_json *j);
/* Start a new document, keeping the buffer. */
void tp_json__reset(struct tp_json *j);
/* The text written so far, NUL terminated; *len (if given) its length. */
const char *tp_json__text(const struct tp_json *j, size_t *len);
/* 0, or the latched -errno (-ENOMEM, -E2BIG for nesting past TP_JSON_DEPTH). */
int tp_json__error(const struct tp_json *j);

#define TP_JSON_DEPTH 32

/*
 * Values. key is the member name inside an object and must be NULL at the top
 * level and inside arrays.
 */
void tp_json__begin_obj(struct tp_json *j, const char *key);
void tp_json__end_obj(struct tp_json *j);
void tp_json__begin_arr(struct tp_json *j, const char *key);
void tp_json__end_arr(struct tp_json *j);
void tp_json__str(struct tp_json *j, const char *key, const char *s);
/* n bytes of s, which need not be NUL terminated nor valid UTF-8. */
void tp_json__strn(struct tp_json *j, const char *key, const void *s, size_t n);
void tp_json__int(struct tp_json *j, const char *key, int64_t v);
void tp_json__uint(struct tp_json *j, const char *key, uint64_t v);
/* 64-bit integers as protojson prints them: decimal in a string. */
void tp_json__int_str(struct tp_json *j, const char *key, int64_t v);
void tp_json__uint_str(struct tp_json *j, const char *key, uint64_t v);
void tp_json__bool(struct tp_json *j, const char *key, bool v);
/* Bytes as a standard base64 string with padding (protojson "bytes"). */
void tp_json__base64(struct tp_json *j, const char *key, const void *data, size_t n);

/*
 * Members already written, as text: n bytes of "\"k\":v,..." (no braces), as
 * the writer wrote them after a begin_obj; into the object now open. A
 * printer renders what repeats (a process) once and pastes it in each line.
 */
void tp_json__members(struct tp_json *j, const char *text, size_t n);

#endif /* TP_JSON_H */
