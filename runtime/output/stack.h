/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Stack traces of Post's kernelStackTrace and userStackTrace: the frames as
 * Tetragon's StackTraceEntry has them, the two symbolisers (kallsyms; the
 * mapped ELF files of a process, through elfutils' libdwfl) and the decoding
 * of the record's stack blobs (include/tp/event.h).
 */
#ifndef TP_STACK_H
#define TP_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One StackTraceEntry. Strings belong to the symboliser that made them. */
struct tp_stack_frame {
	uint64_t address;   /* 0 unless tprun --expose-stack-addresses */
	uint64_t offset;    /* kernel: into the symbol; user: into the module's file */
	const char *symbol; /* "" when unknown */
	const char *module; /* user: the mapped file; kernel: a loadable module's name, or "" */
};

/* --- stack_kernel.c: /proc/kallsyms, read once, sorted, searched ----------------------- */

struct tp_ksyms;

/* Read a kallsyms file (path NULL: /proc/kallsyms). NULL with errno set. */
struct tp_ksyms *tp_ksyms__load(const char *path);
void tp_ksyms__free(struct tp_ksyms *k);
/*
 * The function addr is in: f's symbol, offset and module. -ENOENT when addr
 * is before every symbol or its nearest symbol is not a function, -EPERM when
 * kallsyms hides addresses (kptr_restrict).
 */
int tp_ksyms__resolve(const struct tp_ksyms *k, uint64_t addr, struct tp_stack_frame *f);

/* --- stack_user.c: a process's mapped ELF files, through libdwfl ------------------------ */

struct tp_usyms;

struct tp_usyms *tp_usyms__new(void);
void tp_usyms__free(struct tp_usyms *u);
/*
 * The frames of addrs (n of them) in process pid started at ktime, into out:
 * the module, the address's offset in its file, the function holding it.
 * Reads /proc/pid/maps the first time, and once more when an address is in
 * no module it knows. Returns the frames written: addresses in no module,
 * or all when the process has gone and was never seen, are left out.
 */
size_t tp_usyms__resolve(struct tp_usyms *u, uint32_t pid, uint64_t ktime, const uint64_t *addr,
			 size_t n, struct tp_stack_frame *out);
/* The process has exited: its pid may come back as another. */
void tp_usyms__forget(struct tp_usyms *u, uint32_t pid);

/* --- stack.c: a record's stacks, symbolised ---------------------------------------------- */

/* The raw stacks after a hook record's args: __u64 return addresses, innermost first. */
struct tp_stack_raw {
	const uint8_t *kernel; /* NULL: not asked for, or the walk failed */
	uint32_t nkernel;      /* addresses */
	const uint8_t *user;
	uint32_t nuser;
};

/* The blobs flags (TP_HOOKEV_*_STACK) announce, from off on. 0 or -EINVAL. */
int tp_stack_raw__decode(const void *rec, size_t size, size_t off, uint32_t flags,
			 struct tp_stack_raw *raw);

struct tp_stacks;

struct tp_stacks *tp_stacks__new(bool addresses);
void tp_stacks__free(struct tp_stacks *s);
/*
 * Symbolise raw (of process pid started at ktime) as Tetragon does
 * (pkg/grpc/tracing/tracing.go kernelStack, userStack): frames that resolve
 * to nothing are left out. The frames stay valid until the next call.
 */
void tp_stacks__symbolise(struct tp_stacks *s, const struct tp_stack_raw *raw, uint32_t pid,
			  uint64_t ktime, const struct tp_stack_frame **kernel, size_t *nkernel,
			  const struct tp_stack_frame **user, size_t *nuser);
void tp_stacks__forget(struct tp_stacks *s, uint32_t pid);

#endif /* TP_STACK_H */
