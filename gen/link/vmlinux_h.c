// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * vmlinux.h from a target kernel's BTF, as `bpftool btf dump file F format c`
 * writes it: every type, in BTF order, under preserve_access_index. Built for
 * tpgen --btf, so that the generated C names the target's structs and fields
 * (a resolve path through a field the build machine's kernel lacks compiles).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "vmlinux_h.h"

static void print(void *ctx, const char *fmt, va_list args)
{
	vfprintf(ctx, fmt, args);
}

static int dump(const struct btf *btf, FILE *f)
{
	struct btf_dump *d = btf_dump__new(btf, print, f, NULL);
	__u32 id, n = btf__type_cnt(btf);
	int err = (int)libbpf_get_error(d);

	if (err)
		return err;
	fprintf(f, "#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n"
		   "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
		   "#pragma clang attribute push (__attribute__((preserve_access_index)), "
		   "apply_to = record)\n#endif\n\n");
	for (id = 1; id < n && !err; id++)
		err = btf_dump__dump_type(d, id);
	fprintf(f, "\n#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop\n"
		   "#endif\n\n#endif /* __VMLINUX_H__ */\n");
	btf_dump__free(d);
	return err;
}

int tp_vmlinux_h__write_btf(const struct btf *btf, const char *out)
{
	FILE *f = fopen(out, "we");
	int err;

	if (!f)
		return -errno;
	err = dump(btf, f);
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

int tp_vmlinux_h__write(const char *btf_file, const char *out)
{
	struct btf *btf = btf__parse(btf_file, NULL);
	int err = (int)libbpf_get_error(btf);

	if (err)
		return err;
	err = tp_vmlinux_h__write_btf(btf, out);
	btf__free(btf);
	return err;
}
