/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The generated file's hooks in two objects compiled side by side (units.c). */
#ifndef TP_UNITS_H
#define TP_UNITS_H

/*
 * Write the sources of the generated file src's two units to unit[0] and
 * unit[1]: 2 when src is worth compiling in two, 1 when in one (nothing
 * written), or -errno.
 */
int tp_units__write(const char *src, const char *const unit[2]);

/*
 * Make weak what the second unit's object obj defines that the first defines
 * too (the templates' maps, variables and functions: all but its programs),
 * so that libbpf's linker keeps the first's: 0 or -errno.
 */
int tp_units__weaken(const char *obj);

#endif /* TP_UNITS_H */
