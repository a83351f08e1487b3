/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The checker: types every value, resolves arg references, validates
 * operators against argument types and fills the checker-owned fields of the
 * model (see policy.h). After a check with no errors the model is safe to
 * lower and emit.
 */
#ifndef TP_CHECK_H
#define TP_CHECK_H

#include <tp/arch.h>

#include "model/diag.h"
#include "model/policy.h"

/* A syscall's tracepoints: syscalls/sys_enter_NAME and syscalls/sys_exit_NAME. */
#define TP_SYSCALL_TP_SUBSYS "syscalls"
#define TP_SYSCALL_TP_ENTER  "sys_enter_"
#define TP_SYSCALL_TP_EXIT   "sys_exit_"

/* What the checker needs to know of the target kernel. */
struct tp_target {
	const char *tracefs;	 /* tracefs root, e.g. "/sys/kernel/tracing" */
	const char *arch_prefix; /* syscall symbol prefix, e.g. "__x64_" */
	enum tp_arch arch;	 /* the machine the object is for; 0: x86_64 */
	const char *btf;	 /* kernel BTF file, NULL: /sys/kernel/btf/vmlinux */
	/* a copy of its available_filter_functions, NULL: the one in tracefs */
	const char *ftrace_functions;
};

void tp_target__init_host(struct tp_target *t);
/* Build for arch (enum tp_arch): its syscall prefix. */
void tp_target__set_arch(struct tp_target *t, enum tp_arch arch);

/* Returns the number of errors reported (0 = policy is valid). */
int tp_policy__check(struct tp_policy *p, const struct tp_target *t, struct tp_diag *d);

#endif /* TP_CHECK_H */
