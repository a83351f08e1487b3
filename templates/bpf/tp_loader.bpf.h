/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * loader: true. Tetragon's loader sensor (bpf/process/bpf_loader.c) kprobes
 * perf_event_mmap_output, which kernels without kprobes (and fentry) do not
 * let us reach; the same mappings, made by mmap(2) with PROT_EXEC from a
 * file, are seen here at the mmap syscall's tracepoints. The entry keeps the
 * fd of a candidate call by thread; the exit, when the mapping was made,
 * sends a TP_EV_LOADER record: the fd's file, its path walked from the
 * mapping task's root, and its inode number, by which tprun checks the file
 * it reads the build id from (user space, as Tetragon's perf event would
 * have the kernel do it).
 */
#ifndef TP_LOADER_BPF_H
#define TP_LOADER_BPF_H

#include "tp_syscall.bpf.h"
#include "tp_file.bpf.h"

/* uapi's asm-generic/mman-common.h */
#define TP_PROT_EXEC	 0x4
#define TP_MAP_ANONYMOUS 0x20
/* an error return of a syscall: -4095..-1 */
#define TP_MAX_ERRNO	 4095

/* mmap(2)'s arguments in syscalls/sys_enter_mmap (gen/check/loader.c checks them) */
#define TP_MMAP_PROT  2
#define TP_MMAP_FLAGS 3
#define TP_MMAP_FD    4

/* thread -> the fd of its mmap(2) in progress, kept only for PROT_EXEC file mappings */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __s32);
} tp_loader_fds SEC(".maps");

static __always_inline void tp_loader_enter(struct tp_sys_enter_ctx *ctx)
{
	__u64 prot = ctx->args[TP_MMAP_PROT], flags = ctx->args[TP_MMAP_FLAGS];
	__s32 fd = (__s32)ctx->args[TP_MMAP_FD];
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	if (!(prot & TP_PROT_EXEC) || (flags & TP_MAP_ANONYMOUS) || fd < 0)
		return;
	if (tp_current_tgid() == tp_self_tgid)
		return;
	bpf_map_update_elem(&tp_loader_fds, &tid, &fd, BPF_ANY);
}

static __always_inline void tp_loader_exit(struct tp_sys_exit_ctx *ctx, __u32 hook)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct tp_event_loader *e;
	struct tp_heap *h;
	__s32 *fdp, fd;
	__u64 file;
	__u32 size;

	fdp = bpf_map_lookup_elem(&tp_loader_fds, &tid);
	if (!fdp)
		return;
	fd = *fdp;
	bpf_map_delete_elem(&tp_loader_fds, &tid);
	if ((__u64)ctx->ret >= (__u64)-TP_MAX_ERRNO)
		return; /* no mapping was made */
	file = tp_fd_file(fd);
	h = tp_heap_get();
	if (!file || !h)
		return;
	e = (void *)h->out;
	e->hook = hook;
	e->pad = 0;
	e->ino = BPF_CORE_READ((struct file *)file, f_inode, i_ino);
	size = tp_out_walk(h, sizeof(*e), tp_file_mnt(file), tp_file_dentry(file));
	tp_out_finish(h, TP_EV_LOADER, size);
}

#endif /* TP_LOADER_BPF_H */
