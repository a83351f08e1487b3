/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Numbers given on a command line, checked: tpgen's and tprun's options. */
#ifndef TP_NUMBER_H
#define TP_NUMBER_H

#include <stdint.h>

/*
 * The unsigned number s spells, as C writes one (decimal, 0x hex, 0 octal),
 * into *v. 0; -EINVAL when s is empty, starts with a sign or a blank, or has
 * anything after the number ("16M"); -ERANGE when it is more than max.
 */
int tp_uint__parse(const char *s, uint64_t max, uint64_t *v);

#endif /* TP_NUMBER_H */
