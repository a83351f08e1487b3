/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The architectures an object is built for (tpgen --target NAME), recorded in
 * .tp.meta's header: tprun refuses an object of another machine's.
 *
 * X(ID, NUMBER, NAME, UNAME, CLANG, PREFIX, ABI, ABI32)
 *   NAME    what --target takes and messages print
 *   UNAME   uname(2)'s machine on it, which --target takes too
 *   CLANG   libbpf's bpf_tracing.h name: -D__TARGET_ARCH_<CLANG> picks its
 *           struct pt_regs and syscall-wrapper register macros
 *   PREFIX  the kernel's syscall symbol prefix ("__x64_sys_openat"), as
 *           Tetragon's arch.AddSyscallPrefix adds it
 *   ABI     tetragon.SyscallId's abi of a native syscall, ABI32 of a compat one
 *           (Tetragon's syscall ABIs: "x64", "i386"; "arm64", "arm32")
 */
#ifndef TP_ARCH_H
#define TP_ARCH_H

/* clang-format off */
#define TP_ARCHES(X)								\
	X(X86_64,	1, "x86_64",	"x86_64",	"x86",	"__x64_",	"x64",	"i386")	\
	X(ARM64,	2, "arm64",	"aarch64",	"arm64", "__arm64_",	"arm64", "arm32")
/* clang-format on */

enum tp_arch {
	TP_ARCH_NONE = 0,
/* clang-format off */
#define TP_ARCH_ENUM(id, num, ...) TP_ARCH_##id = num,
	TP_ARCHES(TP_ARCH_ENUM)
#undef TP_ARCH_ENUM
	/* clang-format on */
};

#endif /* TP_ARCH_H */
