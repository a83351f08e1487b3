/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * tpgen's cache: the precompiled prelude (tp_prelude.bpf.h) of each vmlinux.h,
 * and the vmlinux.h of each --btf target. $TPGEN_CACHE, else
 * $XDG_CACHE_HOME/tpgen, else ~/.cache/tpgen; TPGEN_CACHE= (empty) turns it off.
 * The cache only saves time: an object is the same bytes with it or without.
 */
#ifndef TP_CACHE_H
#define TP_CACHE_H

#include <stddef.h>

#include "clang.h"

/*
 * The precompiled prelude for o's folders and clang into pch (len bytes),
 * built on a miss: 0, or -errno when there is none to use.
 */
int tp_cache__pch(const struct tp_clang_opts *o, char *pch, size_t len);

/* Into dir, the folder of the vmlinux.h of btf_file's types, written on a miss: 0 or -errno. */
int tp_cache__vmlinux(const char *btf_file, char *dir, size_t len);

#endif /* TP_CACHE_H */
