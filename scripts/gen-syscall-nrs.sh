#!/bin/sh
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Prints syscall_nrs.h, the x86_64 and i386 syscall numbers, from the kernel's
# uapi headers (linux-libc-dev); the Makefile writes it into $(O)/include at build
# time (a generated header is never committed).
set -eu
inc=${1:-/usr/include/x86_64-linux-gnu/asm}
table() {
	sed -n 's/^#define __NR_\([a-z0-9_]*\)[ \t]\+\([0-9]\+\)$/\t"\1", \2,/p' "$1" |
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
cat <<H

/* clang-format on */

#endif /* TP_SYSCALL_NRS_H */
H
