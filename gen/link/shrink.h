/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* A clang-built object cut to what libbpf and tprun load from it. */
#ifndef TP_SHRINK_H
#define TP_SHRINK_H

#include <stddef.h>

/* Link the n objects in into out with libbpf's linker, which copies no DWARF: 0 or -errno. */
int tp_obj__link(const char *const *in, size_t n, const char *out);

/*
 * Rewrite the object at path, in place: no DWARF (.debug_* and their
 * relocations), BTF cut to what is read (btf_min.h). Returns 0 or -errno.
 */
int tp_obj__shrink(const char *path);

#endif /* TP_SHRINK_H */
