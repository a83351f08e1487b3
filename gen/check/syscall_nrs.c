// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Syscall numbers by name (the x64, i386 and arm64 tables
 * scripts/gen-syscall-nrs.sh writes from the kernel's uapi headers), and the
 * generated_syscalls list.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <tp/arg_blobs.h>

#include "syscall_nrs.h" /* $(O)/include, from scripts/gen-syscall-nrs.sh */

#include "checker.h"
#include "kbtf.h"

struct nr {
	const char *name;
	int nr;
};

/* clang-format off */
#define TP_NR_ROW(name, nr) { name, nr },
static const struct nr nrs_x64[] = { TP_SYSCALLS_X64(TP_NR_ROW) };
static const struct nr nrs_i386[] = { TP_SYSCALLS_I386(TP_NR_ROW) };
static const struct nr nrs_arm64[] = { TP_SYSCALLS_ARM64(TP_NR_ROW) };
#undef TP_NR_ROW
/* clang-format on */

static bool cut(const char **s, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(*s, prefix, n))
		return false;
	*s += n;
	return true;
}

/* The target's own ABI's table: arm64's for --target arm64, else x86-64's. */
static const struct nr *native(const struct checker *c, size_t *n)
{
	if (c->t->arch == TP_ARCH_ARM64) {
		*n = sizeof(nrs_arm64) / sizeof(nrs_arm64[0]);
		return nrs_arm64;
	}
	*n = sizeof(nrs_x64) / sizeof(nrs_x64[0]);
	return nrs_x64;
}

static int64_t lookup(const struct nr *t, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return t[i].nr;
	return -1;
}

/*
 * A syscalls list entry as SyscallVal.ID reads it: x86-64: "[x64/|i386/]" then
 * "__x64_" or "__ia32_" (the ABI they name), then an optional "sys_"; an
 * i386 number carries TP_SYSCALL64_I386 (Tetragon's Is32Bit). arm64:
 * "[arm64/]", "__arm64_", "sys_" (arm32's compat numbers tpgen lacks). -1: unknown.
 */
int64_t tp_check__syscall_nr(const struct checker *c, const char *v)
{
	size_t n;
	const struct nr *t = native(c, &n);
	int64_t nr;
	bool i386 = false;

	if (c->t->arch == TP_ARCH_ARM64) {
		cut(&v, "arm64/");
		cut(&v, "__arm64_");
		cut(&v, "sys_");
		return lookup(t, n, v);
	}
	if (cut(&v, "i386/"))
		i386 = true;
	else
		cut(&v, "x64/");
	if (cut(&v, "__ia32_"))
		i386 = true;
	else
		cut(&v, "__x64_");
	cut(&v, "sys_");
	if (!i386)
		return lookup(t, n, v);
	nr = lookup(nrs_i386, sizeof(nrs_i386) / sizeof(nrs_i386[0]), v);
	return nr < 0 ? nr : nr | TP_SYSCALL64_I386;
}

const char *tp_check__syscall_abis(const struct checker *c)
{
	return c->t->arch == TP_ARCH_ARM64 ? "arm64" : "x64, i386";
}

int tp_check__generated_syscalls(struct checker *c, struct tp_loc loc, const char *list,
				 int (*fn)(const char *sym, int nr, void *arg), void *arg)
{
	struct tp_kfunc_proto proto;
	char sym[128];
	size_t i, n;
	const struct nr *t = native(c, &n);
	int e;

	for (i = 0; i < n; i++) {
		snprintf(sym, sizeof(sym), "%ssys_%s", c->t->arch_prefix ? c->t->arch_prefix : "",
			 t[i].name);
		e = tp_kbtf__func(sym, &proto);
		if (e == -ENODATA) {
			hook_err(
			    c, loc,
			    "list '%s': generated_syscalls needs the target's BTF (tpgen --btf "
			    "FILE)",
			    list);
			return -1;
		}
		if (!e && fn(sym, t[i].nr, arg))
			return -1;
	}
	return 0;
}
