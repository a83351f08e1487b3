/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* vmlinux.h from a kernel BTF file (tpgen --btf). */
#ifndef TP_VMLINUX_H_H
#define TP_VMLINUX_H_H

struct btf;

/* Write the C types of btf to out: 0 or -errno. */
int tp_vmlinux_h__write_btf(const struct btf *btf, const char *out);

/* Write the C types of the BTF in btf_file (raw BTF or an ELF's .BTF) to out: 0 or -errno. */
int tp_vmlinux_h__write(const char *btf_file, const char *out);

#endif /* TP_VMLINUX_H_H */
