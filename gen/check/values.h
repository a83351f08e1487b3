/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Typed value parsing for the checker: integers of every argument type as
 * policies write them (widths and signs from include/tp/arg_types.h).
 */
#ifndef TP_VALUES_H
#define TP_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/policy.h"
#include "vocab.h"

/* Longest string or buffer BPF captures; longer match values can never match. */
#define TP_VALUE_MAX_STRING 4095

/* Integers (class INT): int, sint8 ... uint64, size_t, syscall64; not fd, filtered by its path. */
bool tp_arg_type__is_int(enum tp_arg_type t);

/* string, char_buf, const_buf (class BYTES). */
bool tp_arg_type__is_bytes(enum tp_arg_type t);

/*
 * Parse v as an integer of type t, as Tetragon's strconv.ParseInt (signed
 * types) or ParseUint (unsigned: no '+') with base 0 does: tp_number__parse's
 * grammar ("0b101", "0o17", "017", "0x1f", "1_000"). The value must fit t. On success stores it in
 * *out (two's complement, sign-extended for signed types) and returns 0. On failure returns -EINVAL
 * (not an integer) or -ERANGE (does not fit t) and, when err is not NULL,
 * writes a message like "value '300' does not fit uint8" to err.
 */
int tp_value__parse_int(const struct tp_value *v, enum tp_arg_type t, uint64_t *out, char *err,
			size_t errlen);

/*
 * How many of v's bytes a filter of base (TP_BASE_EQ, _PREFIX, _POSTFIX, _SUBSTR) on an
 * arg of type t compares: trailing NULs are dropped where Tetragon's user space drops them
 * (pkg/selectors): Equal's writeMatchStrings for a string only, Postfix's
 * ArgPostfixSelectorValue for every type but char_buf, Prefix's ArgSelectorValue never;
 * SubString for a string (its BPF side reads the value as a C string).
 */
size_t tp_value__match_len(const struct tp_value *v, enum tp_base_op base, enum tp_arg_type t);

/*
 * Write v to buf in a form fit for a message: non-printable bytes escaped as
 * \xNN, cut with "..." past 64 bytes. Always NUL terminates (size > 0).
 */
void tp_value__quote(const struct tp_value *v, char *buf, size_t size);

#endif /* TP_VALUES_H */
