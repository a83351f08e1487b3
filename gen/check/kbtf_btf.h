/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Inside kbtf: the build machine's BTF and the walks its files share. */
#ifndef TP_KBTF_BTF_H
#define TP_KBTF_BTF_H

#include <stdbool.h>
#include <stddef.h>

#include <bpf/btf.h>

/*
 * The target kernel's BTF: the file tp_kbtf__use_file named, else this machine's
 * /sys/kernel/btf/vmlinux, loaded once; NULL when this machine has none.
 */
const struct btf *tp_kbtf__vmlinux(void);

/* The type behind typedefs and modifiers; *named: the name of the first named one on the way. */
const struct btf_type *tp_kbtf__strip(const struct btf *btf, __u32 id, const char **named);

/*
 * The type of BTF id as Tetragon's getKernelType (pkg/btf/validation.go)
 * spells it for typesCompatible: one pointer level, const dropped, ints by
 * their BTF name, typedefs by theirs, enums as s32 or u16, "void *". ptr:
 * spell it as the target of a pointer ("struct path *").
 */
void tp_kbtf__type_name(const struct btf *btf, __u32 id, bool ptr, char *buf, size_t n);

#endif /* TP_KBTF_BTF_H */
