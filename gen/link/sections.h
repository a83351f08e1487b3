/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Adding tpgen's own sections (.tp.meta, .tp.policy) to a clang-built object. */
#ifndef TP_SECTIONS_H
#define TP_SECTIONS_H

#include <stddef.h>

struct tp_section {
	const char *name;
	const void *data;
	size_t size;
};

/* Append non-allocated PROGBITS sections to the ELF file at path, in place. */
int tp_obj__add_sections(const char *path, const struct tp_section *secs, size_t n);

#endif /* TP_OBJWRITE_H */
