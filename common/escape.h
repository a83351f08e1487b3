/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Untrusted strings (names read from an object) made safe to print on a terminal. */
#ifndef TP_ESCAPE_H
#define TP_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * s into buf (len bytes, NUL-terminated): printable ASCII as it is, a
 * backslash doubled, \n and \t as such and every other byte as \xNN; cut
 * with "..." when it does not fit. Returns buf.
 */
const char *tp_escape(const char *s, char *buf, size_t len);

/*
 * Whether s holds a control character (C0, DEL, C1; \n and \t allowed with
 * lines) or bytes that are not UTF-8: what a terminal could act on.
 */
bool tp_escape__has_control(const char *s, bool lines);

#endif /* TP_ESCAPE_H */
