/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The object's BTF cut to what libbpf and the kernel read from it. */
#ifndef TP_BTF_MIN_H
#define TP_BTF_MIN_H

#include <stddef.h>

struct tp_blob {
	void *data;
	size_t size;
};

/*
 * From clang's .BTF and .BTF.ext, new ones (malloc'd) that keep:
 * - in full, every type the data sections (maps, .rodata, license) and the
 *   functions (func_info, kfunc externs) reach;
 * - of a type reached only by a CO-RE relocation, the members on the
 *   relocation's access path, at their offsets, with the access strings
 *   renumbered to match;
 * and drop line info (source text in the strings; nothing reads it but the
 * verifier log's "; line" comments). Returns 0 or -errno.
 */
int tp_btf__minimize(const struct tp_blob *btf, const struct tp_blob *ext, struct tp_blob *out_btf,
		     struct tp_blob *out_ext);

#endif /* TP_BTF_MIN_H */
