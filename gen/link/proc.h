/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The process table's programs: one object a configuration, linked with a policy's (proc.c). */
#ifndef TP_PROC_H
#define TP_PROC_H

/* Write to out the process table's source for the generated file src: 0 or -errno. */
int tp_proc__source(const char *src, const char *out);

#endif /* TP_PROC_H */
