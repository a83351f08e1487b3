/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* TracingPolicy YAML -> policy model, with libyaml. */
#ifndef TP_PARSE_H
#define TP_PARSE_H

#include "model/diag.h"
#include "model/policy.h"

/*
 * Parse a policy from memory. Structural errors (wrong node kinds, unknown
 * keys, bad booleans or integers in structural fields, missing required keys)
 * are reported through d and parsing continues where it can. Returns the
 * policy (possibly incomplete when d->errors > 0), or NULL with errno set when
 * nothing usable could be built (syntax error, out of memory). Values of
 * matchArgs/matchPIDs/... are kept as text: the checker types them.
 */
struct tp_policy *tp_policy__parse(const char *path, const char *text, size_t len,
				   struct tp_diag *d);

/* Read path and parse it; I/O errors are reported through d. */
struct tp_policy *tp_policy__load_file(const char *path, struct tp_diag *d);

#endif /* TP_PARSE_H */
