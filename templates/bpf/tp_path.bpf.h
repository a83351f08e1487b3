/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A bounded d_path: walk dentries and mounts up to the task's root, writing
 * the path backwards into a buffer. bpf_d_path is allowed only in a few
 * hooks, so we do our own walk (as Tetragon does).
 */
#ifndef TP_PATH_BPF_H
#define TP_PATH_BPF_H

#include "tp_common.bpf.h"

#define TP_PATH_DEPTH		64	/* components walked at most */
#define TP_PATHF_TRUNC		(1u << 0)	/* the walk was cut short */

/*
 * Write the path of (mnt, dentry) into pb and return where it starts.
 * A global function: the verifier checks it once, on its own, rather than
 * inside every program path that calls it (tp_exec with a large
 * matchBinaries set would otherwise pass the instruction limit).
 */
__noinline int tp_path_walk(struct tp_path_buf *pb, __u64 mnt_ptr, __u64 dentry_ptr)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct dentry *root_d = BPF_CORE_READ(task, fs, root.dentry);
	struct vfsmount *root_m = BPF_CORE_READ(task, fs, root.mnt);
	struct vfsmount *vm = (struct vfsmount *)mnt_ptr;
	struct dentry *d = (struct dentry *)dentry_ptr;
	struct mount *mnt = container_of(vm, struct mount, mnt);
	__u32 off = TP_PATH_MAX, len;
	int i;

	if (!pb)
		return 0;
	pb->flags = 0;
	for (i = 0; i < TP_PATH_DEPTH; i++) {
		struct dentry *parent = BPF_CORE_READ(d, d_parent);
		struct qstr name;

		if (d == root_d && vm == root_m)
			break;
		if (d == BPF_CORE_READ(vm, mnt_root) || d == parent) {
			struct mount *up = BPF_CORE_READ(mnt, mnt_parent);

			if (up == mnt)
				break;	/* the global root */
			d = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = up;
			vm = (struct vfsmount *)((char *)up + bpf_core_field_offset(struct mount, mnt));
			continue;
		}
		name = BPF_CORE_READ(d, d_name);
		len = name.len & 255;
		if (off < len + 1) {
			pb->flags |= TP_PATHF_TRUNC;
			break;
		}
		off -= len + 1;
		off &= TP_PATH_MAX - 1;
		bpf_probe_read_kernel(pb->buf + off + 1, len, name.name);
		pb->buf[off] = '/';
		d = parent;
	}
	if (i == TP_PATH_DEPTH)
		pb->flags |= TP_PATHF_TRUNC;
	if (off == TP_PATH_MAX) {
		off = TP_PATH_MAX - 1;
		pb->buf[off] = '/';
	}
	return off;
}

#endif /* TP_PATH_BPF_H */
