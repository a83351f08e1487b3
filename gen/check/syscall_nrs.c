// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Syscall numbers by name (the x64 and i386 tables scripts/gen-syscall-nrs.sh
 * writes from the kernel's uapi headers), and the generated_syscalls list.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <tp/arg_blobs.h>

#include "syscall_nrs.h" /* $(O)/include, from scripts/gen-syscall-nrs.sh */

#include "checker.h"
#include "kbtf.h"
#include "vocab.h"

struct nr {
	const char *name;
	int nr;
};

/* clang-format off */
#define TP_NR_ROW(name, nr) { name, nr },
static const struct nr nrs_x64[] = { TP_SYSCALLS_X64(TP_NR_ROW) };
static const struct nr nrs_i386[] = { TP_SYSCALLS_I386(TP_NR_ROW) };
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

/*
 * A syscalls list entry as SyscallVal.ID reads it: "[x64/|i386/]" then
 * "__x64_" or "__ia32_" (the ABI they name), then an optional "sys_"; an
 * i386 number carries TP_SYSCALL64_I386 (Tetragon's Is32Bit). -1: unknown.
 */
int64_t tp_check__syscall_nr(const char *v)
{
	const struct nr *t = nrs_x64;
	size_t n = sizeof(nrs_x64) / sizeof(nrs_x64[0]), i;
	bool i386 = false;

	if (cut(&v, "i386/"))
		i386 = true;
	else
		cut(&v, "x64/");
	if (cut(&v, "__ia32_"))
		i386 = true;
	else
		cut(&v, "__x64_");
	cut(&v, "sys_");
	if (i386) {
		t = nrs_i386;
		n = sizeof(nrs_i386) / sizeof(nrs_i386[0]);
	}
	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, v))
			return t[i].nr | (i386 ? TP_SYSCALL64_I386 : 0);
	return -1;
}

bool tp_check__syscall_table(struct checker *c, struct tp_loc loc, const char *list)
{
	if (!c->t->arch || c->t->arch == TP_ARCH_X86_64)
		return true;
	hook_err(c, loc,
		 "list '%s': syscall numbers and generated_syscalls for --target %s are not "
		 "supported yet (tpgen's syscall table is x86-64's)",
		 list, tp_arch__name(c->t->arch));
	return false;
}

int tp_check__generated_syscalls(struct checker *c, struct tp_loc loc, const char *list,
				 int (*fn)(const char *sym, int nr, void *arg), void *arg)
{
	struct tp_kfunc_proto proto;
	char sym[128];
	size_t i;
	int e;

	if (!tp_check__syscall_table(c, loc, list))
		return -1;
	for (i = 0; i < sizeof(nrs_x64) / sizeof(nrs_x64[0]); i++) {
		snprintf(sym, sizeof(sym), "%ssys_%s", c->t->arch_prefix ? c->t->arch_prefix : "",
			 nrs_x64[i].name);
		e = tp_kbtf__func(sym, &proto);
		if (e == -ENODATA) {
			hook_err(
			    c, loc,
			    "list '%s': generated_syscalls needs the target's BTF (tpgen --btf "
			    "FILE)",
			    list);
			return -1;
		}
		if (!e && fn(sym, nrs_x64[i].nr, arg))
			return -1;
	}
	return 0;
}
