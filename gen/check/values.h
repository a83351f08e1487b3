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
 * What Tetragon's filter with operator op on an integer t compares (filter_arg_1 and its
 * filter_{8,16,32,64}ty*, bpf/process/types/basic.h): the arg's low `bytes` bytes, signed or
 * zero-extended. InMap and NotInMap look a narrower arg up zero-extended (filter_32ty_map
 * and the like: `__u64 arg = *(__u32 *)args`), whatever its sign.
 */
struct tp_int_view {
	int bytes;
	bool is_signed;
};
struct tp_int_view tp_value__view(enum tp_arg_type t, enum tp_op op);

/* The largest value a view holds: 2^(8 bytes) - 1 unsigned, 2^(8 bytes - 1) - 1 signed. */
uint64_t tp_int_view__max(struct tp_int_view w);

/*
 * Parse v, a value of operator op (Equal, NotEqual, GT, LT, Mask) on an integer t, as
 * Tetragon's writeMatchValues (pkg/selectors/kernel.go) does: ParseInt or ParseUint
 * (tp_arg_type__parse_signed), base 0, 32 bits wide when the filter compares 4 bytes or
 * fewer. Stores in *out the value as the filter's view compares it (a 32-bit value of an
 * unsigned view zero-extended: "-1" on a size_t is 0xffffffff). Returns 0, or -EINVAL and
 * -ERANGE as tp_value__parse_int, or -EDOM for a value past the bits the filter compares, so
 * that op would never match or always pass; err says why.
 */
int tp_value__parse_filter_int(const struct tp_value *v, enum tp_arg_type t, enum tp_op op,
			       uint64_t *out, char *err, size_t errlen);

/*
 * Write v to buf in a form fit for a message: non-printable bytes escaped as
 * \xNN, cut with "..." past 64 bytes. Always NUL terminates (size > 0).
 */
void tp_value__quote(const struct tp_value *v, char *buf, size_t size);

#endif /* TP_VALUES_H */
