/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * tpgen's cache: the precompiled prelude (tp_prelude.bpf.h) of each vmlinux.h
 * and, on it, the precompiled head of each configuration of the templates,
 * the vmlinux.h of each --btf target, the companions' objects (the process
 * table's programs, the templates' subprograms: companion.c) and the
 * policies' objects.
 * $TPGEN_CACHE, else $XDG_CACHE_HOME/tpgen, else ~/.cache/tpgen;
 * TPGEN_CACHE= (empty) turns it off.
 * The cache only saves time: an object is the same bytes with it or without.
 */
#ifndef TP_CACHE_H
#define TP_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "clang.h"
#include "vmlinux_cut.h"

/*
 * The precompiled prelude for o's folders and clang into pch (len bytes),
 * built on a miss if make: 0, or -errno when there is none to use.
 */
int tp_cache__pch(const struct tp_clang_opts *o, bool make, char *pch, size_t len);

/*
 * The generated file's head (o->head) precompiled on the prelude o->pch, for
 * o->part, into pch (len bytes), built on a miss if make: 0, or -errno when
 * there is none to use.
 */
int tp_cache__head(const struct tp_clang_opts *o, bool make, char *pch, size_t len);

/* Into dir, the folder of the vmlinux.h of btf_file's types, written on a miss: 0 or -errno. */
int tp_cache__vmlinux(const char *btf_file, char *dir, size_t len);

/*
 * Into dir, the folder of the vmlinux.h of src's types cut to names
 * (vmlinux_cut.c), written on a miss: 0 or -errno.
 */
int tp_cache__cut(struct tp_cut_btf *src, const struct tp_cut_names *names, char *dir, size_t len);

/*
 * Into names, the structs a former run's cut header for src needed (with
 * btf_file and o's templates and clang): 0, or -errno on a miss.
 */
int tp_cache__cut_names(const struct tp_clang_opts *o, const char *btf_file, const char *src,
			struct tp_cut_names *names);

/* Keep names as those src's cut header needs: 0 or -errno. */
int tp_cache__keep_cut_names(const struct tp_clang_opts *o, const char *btf_file, const char *src,
			     const struct tp_cut_names *names);

/*
 * Into path, the cache's entry for the object of src, a source of kind
 * "proc" or "lib" (a companion, companion.c) or "policy" (the generated
 * file, compile.c): 0 when there is one, 1 when there is none (path names
 * where to keep it), -errno when there is no cache.
 */
int tp_cache__object(const struct tp_clang_opts *o, const char *btf_file, const char *kind,
		     const char *src, char *path, size_t len);

/* Keep a copy of the object obj as the entry path tp_cache__object() named: 0 or -errno. */
int tp_cache__keep_object(const char *entry, const char *obj);

#endif /* TP_CACHE_H */
