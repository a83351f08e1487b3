/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * loader: true. Tetragon's loader sensor (bpf/process/bpf_loader.c) kprobes
 * perf_event_mmap_output, which kernels without kprobes (and fentry) do not
 * let us reach; the same mappings, a file mapped executable by mmap(2) or
 * made executable by mprotect(2) (whose mprotect_fixup() tells perf), are
 * seen here at the two syscalls' tracepoints. The entry keeps, by thread, the
 * fd (mmap) or the address (mprotect) of a call that asks for PROT_EXEC; the
 * exit, when the call succeeded, sends a TP_EV_LOADER record: the file, its
 * path walked from the mapping task's root, its inode number and the
 * mapping's range, by which tprun finds and checks the file it reads the
 * build id from (user space, as Tetragon's perf event would have the kernel
 * do it).
 */
#ifndef TP_LOADER_BPF_H
#define TP_LOADER_BPF_H

#include "tp_syscall.bpf.h"
#include "tp_file.bpf.h"

/* uapi's asm-generic/mman-common.h; the kernel's VM_EXEC */
#define TP_PROT_EXEC	 0x4
#define TP_MAP_ANONYMOUS 0x20
#define TP_VM_EXEC	 0x4
/* an error return of a syscall: -4095..-1; bpf_find_vma's when the lock is taken */
#define TP_MAX_ERRNO	 4095
#define TP_EBUSY	 16

/* the arguments read, by position (gen/check/loader.c checks the target's formats) */
#define TP_MMAP_PROT	  2
#define TP_MMAP_FLAGS	  3
#define TP_MMAP_FD	  4
#define TP_MPROTECT_START 0
#define TP_MPROTECT_PROT  2

/* thread -> its call in progress: mmap's fd or mprotect's start, only when PROT_EXEC */
TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u64);
} tp_loader_calls SEC(".maps");

static __always_inline void tp_loader_keep(__u64 v)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	if (tp_current_tgid() != tp_self_tgid)
		bpf_map_update_elem(&tp_loader_calls, &tid, &v, BPF_ANY);
}

/* The value the thread's call kept, if the call succeeded. */
static __always_inline bool tp_loader_take(struct tp_sys_exit_ctx *ctx, __u64 *v)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 *p = bpf_map_lookup_elem(&tp_loader_calls, &tid);

	if (!p)
		return false;
	*v = *p;
	bpf_map_delete_elem(&tp_loader_calls, &tid);
	return (__u64)ctx->ret < (__u64)-TP_MAX_ERRNO;
}

/*
 * A file with no place in a tree (a memfd, alloc_file_pseudo()): its dentry
 * is its own parent, not its mount's root. d_path() names it with
 * simple_dname() (fs/d_path.c): "/NAME (deleted)".
 */
static __always_inline __u32 tp_loader_pseudo(int mode, struct tp_rec *r, __u32 off, __u64 file)
{
	struct dentry *d = (struct dentry *)tp_file_dentry(file);
	struct qstr name = BPF_CORE_READ(d, d_name);
	__u32 len = name.len & 255;

	if (mode == TP_SIZE) /* its length now, which the writing pass keeps to */
		tp_rec_memo_put(r, len);
	else if (len > tp_rec_memo_take(r))
		len = 0;
	if (mode == TP_WRITE) {
		tp_rec_blob(r, off, 1 + len + 10, 0);
		tp_rec_put(r, off + sizeof(struct tp_blob), "/", 1);
		tp_mem_copy(&r->d, off + sizeof(struct tp_blob) + 1, name.name, len, TP_MEM_KERNEL);
		tp_rec_put(r, off + sizeof(struct tp_blob) + 1 + len, " (deleted)", 10);
	}
	return tp_blob_end(off, 1 + len + 10);
}

/* A mapping: its file (0: none, or not executable) and its range. */
struct tp_loader_vma {
	__u64 file;
	__u64 start, end;
};

/* The record's path: the pseudo file's name, or the walked path. */
static __always_inline __u32 tp_loader_path(int mode, struct tp_rec *r, __u32 off, __u64 file,
					    bool pseudo)
{
	if (pseudo)
		return tp_loader_pseudo(mode, r, off, file);
	return tp_out_walk(mode, r, off, tp_file_mnt(file), tp_file_dentry(file));
}

static __always_inline void tp_loader_send(const struct tp_loader_vma *v, __u32 hook)
{
	__u64 file = v->file;
	struct tp_event_loader *e;
	struct tp_rec r;
	struct dentry *d;
	bool pseudo;
	__u32 off;

	if (!file)
		return;
	d = (struct dentry *)tp_file_dentry(file);
	pseudo = d && BPF_CORE_READ(d, d_parent) == d &&
		 d != BPF_CORE_READ((struct file *)file, f_path.mnt, mnt_root);
	tp_rec_start(&r);
	off = tp_loader_path(TP_SIZE, &r, sizeof(*e), file, pseudo);
	tp_rec_reserve(&r, off, 0, false);
	/* written in place: the walk's frames leave no stack for a copy */
	e = bpf_dynptr_data(&r.d, 0, sizeof(*e));
	if (e) {
		e->hook = hook;
		e->pad = 0;
		e->ino = BPF_CORE_READ((struct file *)file, f_inode, i_ino);
		e->start = v->start;
		e->end = v->end;
	}
	off = tp_loader_path(TP_WRITE, &r, sizeof(*e), file, pseudo);
	tp_out_finish(&r, TP_EV_LOADER, off);
}

static __always_inline void tp_loader_mmap_enter(struct tp_sys_enter_ctx *ctx)
{
	__u64 prot = ctx->args[TP_MMAP_PROT], flags = ctx->args[TP_MMAP_FLAGS];
	__s32 fd = (__s32)ctx->args[TP_MMAP_FD];

	if ((prot & TP_PROT_EXEC) && !(flags & TP_MAP_ANONYMOUS) && fd >= 0)
		tp_loader_keep((__u32)fd);
}

/* bpf_find_vma's callback: an executable mapping's file, and the range */
static long tp_loader_vma_of(struct task_struct *task, struct vm_area_struct *vma, void *data)
{
	struct tp_loader_vma *v = data;

	if (BPF_CORE_READ(vma, vm_flags) & TP_VM_EXEC)
		v->file = (__u64)BPF_CORE_READ(vma, vm_file);
	v->start = BPF_CORE_READ(vma, vm_start);
	v->end = BPF_CORE_READ(vma, vm_end);
	return 0;
}

/*
 * The mapping at addr, as the current task has it now. bpf_find_vma takes
 * the address space's lock only if it is free: -TP_EBUSY otherwise.
 */
static __always_inline long tp_loader_find(__u64 addr, struct tp_loader_vma *v)
{
	return bpf_find_vma(bpf_get_current_task_btf(), addr, tp_loader_vma_of, v, 0);
}

static __always_inline void tp_loader_mmap_exit(struct tp_sys_exit_ctx *ctx, __u32 hook)
{
	struct tp_loader_vma v = {};
	__u64 fd;

	if (!tp_loader_take(ctx, &fd))
		return;
	/* the mapping made; the fd's file when it cannot be looked at, with no range */
	if (tp_loader_find(ctx->ret, &v)) {
		v.file = tp_fd_file(fd);
		v.start = v.end = 0;
		if (!v.file) /* and another thread closed the fd meanwhile */
			tp_count(TP_CNT_LOADER);
	}
	tp_loader_send(&v, hook);
}

static __always_inline void tp_loader_mprotect_enter(struct tp_sys_enter_ctx *ctx)
{
	if (ctx->args[TP_MPROTECT_PROT] & TP_PROT_EXEC)
		tp_loader_keep(ctx->args[TP_MPROTECT_START]);
}

static __always_inline void tp_loader_mprotect_exit(struct tp_sys_exit_ctx *ctx, __u32 hook)
{
	struct tp_loader_vma v = {};
	__u64 start;

	if (!tp_loader_take(ctx, &start))
		return;
	/* the mapping at start, now executable; a file's, or anonymous memory */
	if (tp_loader_find(start, &v) == -TP_EBUSY)
		tp_count(TP_CNT_LOADER);
	tp_loader_send(&v, hook);
}

#endif /* TP_LOADER_BPF_H */
