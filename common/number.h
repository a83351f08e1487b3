/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The one integer grammar of tpgen and tprun: Go's strconv.ParseInt and
 * ParseUint with base 0, which Tetragon reads policy integers with
 * (pkg/selectors/kernel.go): an optional sign, 0b/0B binary, 0o/0O or a
 * leading 0 octal, 0x/0X hex, else decimal, '_' only between digits or after
 * the prefix ("1_000", "0x_1f"). No blanks anywhere.
 */
#ifndef TP_NUMBER_H
#define TP_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * s[0..len) into its sign (*neg) and magnitude (*mag). 0; -EINVAL when it
 * is not an integer of that grammar; -ERANGE when the magnitude needs more
 * than 64 bits. *neg and *mag are written only on success.
 */
int tp_number__parse(const char *s, size_t len, bool *neg, uint64_t *mag);

/*
 * The unsigned number s spells (no sign, as ParseUint) into *v. 0; -EINVAL
 * when s is empty, has a sign or a blank, or anything after the number
 * ("16M"); -ERANGE when it is more than max. Command-line options use it.
 */
int tp_uint__parse(const char *s, uint64_t max, uint64_t *v);

#endif /* TP_NUMBER_H */
