/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A bounded d_path: walk dentries and mounts up to the task's root, writing
 * the path backwards into a buffer. bpf_d_path is allowed only in a few
 * hooks, so we do our own walk (as Tetragon does).
 */
#ifndef TP_PATH_BPF_H
#define TP_PATH_BPF_H

#include "tp_common.bpf.h"

/* steps at most: components and mount crossings (PROBE_CWD_READ_ITERATIONS, bpf_d_path.h, 6.1+) */
#define TP_PATH_DEPTH  2048
#define TP_PATHF_TRUNC (1u << 0) /* the walk was cut short */

#ifndef TP_PROC_PROGS
/*
 * The process table's object defines it (below, with TP_PROC_PROGS): compiled
 * once, not by each policy; its programs walk a path at every exec.
 */
extern int tp_path_walk(struct tp_path_buf *pb, __u64 mnt_ptr, __u64 dentry_ptr);
#else
/* The walk's state between bpf_loop steps. */
struct tp_walk {
	struct tp_path_buf *pb;
	struct dentry *d;      /* the dentry whose name comes next */
	struct vfsmount *vm;   /* its mount; 0: stay in d's filesystem */
	struct mount *mnt;     /* the struct mount around vm */
	struct dentry *root_d; /* the task's root */
	struct vfsmount *root_m;
	__u32 off;  /* where the path starts in pb->buf */
	__u32 done; /* the walk reached a root */
};

/* One step: prepend d's name, or cross from a mount's root to its mountpoint. */
static long tp_path_step(__u64 i, void *arg)
{
	struct tp_walk *w = arg;
	struct dentry *d = w->d, *parent = BPF_CORE_READ(d, d_parent);
	struct tp_path_buf *pb = w->pb;
	struct vfsmount *vm = w->vm;
	struct mount *mnt = w->mnt;
	struct qstr name;
	__u32 off = w->off, len;

	if (!pb || (d == w->root_d && vm == w->root_m))
		goto done;
	if (!vm) {
		if (d == parent)
			goto done;
	} else if (d == BPF_CORE_READ(vm, mnt_root) || d == parent) {
		struct mount *up = BPF_CORE_READ(mnt, mnt_parent);

		if (up == mnt)
			goto done; /* the global root */
		w->d = BPF_CORE_READ(mnt, mnt_mountpoint);
		w->mnt = up;
		w->vm = (struct vfsmount *)((char *)up + bpf_core_field_offset(struct mount, mnt));
		return 0;
	}
	name = BPF_CORE_READ(d, d_name);
	len = name.len & 255;
	if (off < len + 1) {
		pb->flags |= TP_PATHF_TRUNC;
		goto done;
	}
	off -= len + 1;
	off &= TP_PATH_MAX - 1;
	bpf_probe_read_kernel(pb->buf + off + 1, len, name.name);
	pb->buf[off] = '/';
	w->off = off;
	w->d = parent;
	return 0;
done:
	w->done = 1;
	return 1;
}

/*
 * Write the path of (mnt, dentry) into pb and return where it starts: the
 * path is pb->buf[start..TP_PATH_MAX). With mnt 0 the walk stays in the
 * dentry's filesystem and stops at its root. A walk that adds nothing (the
 * root itself, a pipe's or socket's dentry) writes "/" and returns
 * TP_PATH_MAX - 1: a cwd shows it (Tetragon's getcwd: EVENT_ROOT_CWD), a file
 * arg takes it as empty (tp_file_walk). The steps run under bpf_loop,
 * so the verifier checks one step, not every iteration; and this is a
 * global function, checked once per program rather than at each call.
 */
__noinline int tp_path_walk(struct tp_path_buf *pb, __u64 mnt_ptr, __u64 dentry_ptr)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct tp_walk w = {
		.pb = pb,
		.d = (struct dentry *)dentry_ptr,
		.vm = (struct vfsmount *)mnt_ptr,
		.mnt = container_of((struct vfsmount *)mnt_ptr, struct mount, mnt),
		.root_d = BPF_CORE_READ(task, fs, root.dentry),
		.root_m = BPF_CORE_READ(task, fs, root.mnt),
		.off = TP_PATH_MAX,
	};

	if (!pb)
		return 0;
	pb->flags = 0;
	bpf_loop(TP_PATH_DEPTH, tp_path_step, &w, 0);
	if (!w.done)
		pb->flags |= TP_PATHF_TRUNC;
	if (w.off >= TP_PATH_MAX) {
		pb->buf[TP_PATH_MAX - 1] = '/';
		return TP_PATH_MAX - 1;
	}
	return w.off;
}
#endif /* TP_PROC_PROGS */

/* d_unlinked(): unhashed and not a root */
static __always_inline bool tp_dentry_unlinked(struct dentry *d)
{
	return !BPF_CORE_READ(d, d_hash.pprev) && BPF_CORE_READ(d, d_parent) != d;
}

/*
 * The path of task's executable, as Tetragon's matchBinaries takes it:
 * read_exe() (bpf/lib/process.h) walks mm->exe_file's f_path, so a binary
 * started as ./tool, dir/tool or through a symlink is /abs/tool, and a
 * script's is its interpreter's. " (deleted)" follows an unlinked file, as
 * d_path writes it. The path goes to dst (TP_PATH_MAX bytes), NUL ended;
 * returns its length, or -1 when there is none to match: no mm or exe_file
 * (copy_exe_to_bin() in bpf/process/bpf_process_event.h then fails every
 * matchBinaries filter), or a walk cut short (a cut path must match nothing).
 */
static __always_inline long tp_exe_path(struct task_struct *task, struct tp_path_buf *pb, char *dst)
{
	struct file *f = BPF_CORE_READ(task, mm, exe_file);
	struct dentry *d;
	__u64 start, end = TP_PATH_MAX, len;

	if (!f)
		return -1;
	d = BPF_CORE_READ(f, f_path.dentry);
	start = tp_path_walk(pb, (__u64)BPF_CORE_READ(f, f_path.mnt), (__u64)d);
	if (pb->flags)
		return -1;
	if (tp_dentry_unlinked(d)) {
		__builtin_memcpy(&pb->buf[TP_PATH_MAX], " (deleted)", 10);
		end += 10;
	}
	len = end - start;
	if (len > TP_PATH_MAX - 1)
		return -1;
	TP_CLAMP(len, TP_PATH_MAX - 1);
	TP_CLAMP(start, TP_PATH_MAX - 1);
	if (bpf_probe_read_kernel(dst, len, &pb->buf[start]))
		return -1;
	dst[len] = 0;
	return len;
}

#endif /* TP_PATH_BPF_H */
