#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Prints syscall_nrs.h, the x86_64, i386 and arm64 syscall numbers, from the
# kernel's uapi headers (linux-libc-dev); the Makefile writes it into $(O)/include
# at build time (a generated header is never committed).
set -eu
inc=${1:-/usr/include/x86_64-linux-gnu/asm}
generic=${2:-/usr/include}
table() {
	sed -n 's/^#define __NR_\([a-z0-9_]*\)[ \t]\+\([0-9]\+\)$/\t"\1", \2,/p' "$1" |
		awk '{ printf "\tX(%s %s)\t\\\n", $1, $2 }' | sed -e 's/,)/)/' -e '$ s/\t\\$//'
}
# arm64's: asm-generic/unistd.h with the __ARCH_WANT_* arm64's asm/unistd.h
# defines, expanded by cpp (some numbers are other macros: __NR3264_fcntl);
# arch_specific_syscall and syscalls (the count) are not syscalls
arm64_table() {
	{
		for w in RENAMEAT NEW_STAT SET_GET_RLIMIT TIME32_SYSCALLS SYS_CLONE3 MEMFD_SECRET; do
			printf '#define __ARCH_WANT_%s\n' "$w"
		done
		printf '#define __BITS_PER_LONG 64\n#include <asm-generic/unistd.h>\n'
		sed -n 's/^#define __NR_\([a-z0-9_]*\)[ \t].*/@@ \1 __NR_\1/p' \
			"$generic/asm-generic/unistd.h" | sort -u
	} | ${CPP:-cpp} -P -I"$generic" - |
		sed -n 's/^@@ \([a-z0-9_]*\) \([0-9][0-9]*\)$/\t"\1", \2,/p' |
		grep -v '"arch_specific_syscall"\|"syscalls"' | sort -t, -k2 -n |
		awk '{ printf "\tX(%s %s)\t\\\n", $1, $2 }' | sed -e 's/,)/)/' -e '$ s/\t\\$//'
}
cat <<H
/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Syscall numbers by name, as Tetragon's syscallinfo.SyscallID gives them to
 * "list:NAME" values of InMap: X(NAME, NR). Generated from the kernel's uapi
 * headers by scripts/gen-syscall-nrs.sh at build time.
 */
#ifndef TP_SYSCALL_NRS_H
#define TP_SYSCALL_NRS_H

/* clang-format off */
#define TP_SYSCALLS_X64(X)	\\
H
table "$inc/unistd_64.h"
printf '\n#define TP_SYSCALLS_I386(X)\t\\\n'
table "$inc/unistd_32.h"
printf '\n#define TP_SYSCALLS_ARM64(X)\t\\\n'
arm64_table
cat <<H

/* clang-format on */

#endif /* TP_SYSCALL_NRS_H */
H
