/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The kernel's types and libbpf's helpers: the part of every generated object
 * that no policy changes, so that tpgen precompiles it once (gen/link/pch.c).
 * Nothing here may depend on a macro the generated file defines.
 */
#ifndef TP_PRELUDE_BPF_H
#define TP_PRELUDE_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

/*
 * The sixth argument's register, of a function and of a syscall alike (x86-64:
 * r9; arm64: x5), which bpf_tracing.h names only since libbpf 1.2. The target
 * is clang's -D__TARGET_ARCH_* (tpgen --target).
 */
#if defined(PT_REGS_PARM6)
#define TP_REGS_PARM6(x)      PT_REGS_PARM6(x)
#define TP_REGS_PARM6_CORE(x) PT_REGS_PARM6_CORE(x)
#elif defined(__TARGET_ARCH_x86)
#define TP_REGS_PARM6(x)      ((x)->r9)
#define TP_REGS_PARM6_CORE(x) BPF_CORE_READ(x, r9)
#elif defined(__TARGET_ARCH_arm64)
#define TP_REGS_PARM6(x)      (((const volatile struct user_pt_regs *)(x))->regs[5])
#define TP_REGS_PARM6_CORE(x) BPF_CORE_READ((const struct user_pt_regs *)(x), regs[5])
#else
#error "tpgen builds for x86 and arm64 only (-D__TARGET_ARCH_x86 or _arm64)"
#endif

#endif /* TP_PRELUDE_BPF_H */
