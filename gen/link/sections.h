/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Adding tpgen's own sections (.tp.meta, .tp.policy) to a clang-built object. */
#ifndef TP_SECTIONS_H
#define TP_SECTIONS_H

#include <libelf.h>
#include <stddef.h>

struct tp_section {
	const char *name;
	const void *data;
	size_t size;
};

/* Changes an ELF file opened for update; returns 0 or -errno. */
typedef int tp_obj_edit_fn(Elf *elf, size_t shstrndx, void *ctx);

/* Open the ELF file at path for update, let edit change it, write it back in place. */
int tp_obj__edit(const char *path, tp_obj_edit_fn *edit, void *ctx);

/* Append non-allocated PROGBITS sections to the ELF file at path, in place. */
int tp_obj__add_sections(const char *path, const struct tp_section *secs, size_t n);

#endif /* TP_OBJWRITE_H */
