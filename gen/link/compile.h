/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The generated C to an object: against a cut vmlinux.h, else the whole one (compile.c). */
#ifndef TP_COMPILE_H
#define TP_COMPILE_H

#include <stdbool.h>

#include "clang.h"

/*
 * Compile src into obj, linked with its companions' objects (the process
 * table's programs, the templates' subprograms: companion.c; from the cache,
 * else compiled alongside), made from its head (co->head, tp_emit__head),
 * which is required. src is in
 * parts parts (gen/lower/split.c), each compiled at once with its TP_PART,
 * unless parts is 1. btf_file, if not NULL, is the BTF co->vmlinux_dir's
 * vmlinux.h was made from, which the cut is made from; precompile: the whole
 * vmlinux.h is worth a prelude in the cache (not one of this run only).
 * Returns 0, or -errno / a positive clang exit status of the whole header's
 * compile, whose messages went to stderr.
 */
int tp_compile(struct tp_clang_opts *co, const char *btf_file, bool precompile, const char *src,
	       int parts, const char *obj);

#endif /* TP_COMPILE_H */
