/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A bounded d_path: walk dentries and mounts up to the task's root, writing
 * the path backwards into a buffer. bpf_d_path is allowed only in a few
 * hooks, so we do our own walk (as Tetragon does).
 */
#ifndef TP_PATH_BPF_H
#define TP_PATH_BPF_H

#include "tp_common.bpf.h"
#include "tp_mem.bpf.h"

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
/* Where a walk up the dentries is. */
struct tp_walk_pos {
	struct dentry *d;      /* the dentry whose name comes next */
	struct vfsmount *vm;   /* its mount; 0: stay in d's filesystem */
	struct mount *mnt;     /* the struct mount around vm */
	struct dentry *root_d; /* the task's root */
	struct vfsmount *root_m;
};

/* A walk from (mnt, dentry) up to the current task's root; mnt 0: to the dentry's fs root. */
static __always_inline void tp_walk_start(struct tp_walk_pos *p, __u64 mnt_ptr, __u64 dentry_ptr)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	p->d = (struct dentry *)dentry_ptr;
	p->vm = (struct vfsmount *)mnt_ptr;
	p->mnt = container_of((struct vfsmount *)mnt_ptr, struct mount, mnt);
	p->root_d = BPF_CORE_READ(task, fs, root.dentry);
	p->root_m = BPF_CORE_READ(task, fs, root.mnt);
}

/*
 * One step of a walk, the one every path walk takes: 0 when it passed a
 * component, whose name is then in *name (p->d is its parent now); 1 when
 * it crossed from a mount's root to its mountpoint (no name); -1 at a root.
 */
static __always_inline int tp_walk_up(struct tp_walk_pos *p, struct qstr *name)
{
	struct dentry *d = p->d, *parent = BPF_CORE_READ(d, d_parent);
	struct vfsmount *vm = p->vm;
	struct mount *mnt = p->mnt;

	if (d == p->root_d && vm == p->root_m)
		return -1;
	if (!vm) {
		if (d == parent)
			return -1;
	} else if (d == BPF_CORE_READ(vm, mnt_root) || d == parent) {
		struct mount *up = BPF_CORE_READ(mnt, mnt_parent);

		if (up == mnt)
			return -1; /* the global root */
		p->d = BPF_CORE_READ(mnt, mnt_mountpoint);
		p->mnt = up;
		p->vm = (struct vfsmount *)((char *)up + bpf_core_field_offset(struct mount, mnt));
		return 1;
	}
	*name = BPF_CORE_READ(d, d_name);
	p->d = parent;
	return 0;
}

/* The walk's state between bpf_loop steps. */
struct tp_walk {
	struct tp_walk_pos pos;
	struct tp_path_buf *pb;
	__u32 off;  /* where the path starts in pb->buf */
	__u32 done; /* the walk reached a root */
};

/* One step: prepend a component's name, or cross from a mount's root to its mountpoint. */
static long tp_path_step(__u64 i, void *arg)
{
	struct tp_walk *w = arg;
	struct tp_path_buf *pb = w->pb;
	struct qstr name;
	__u32 off = w->off, len;
	int up;

	if (!pb)
		goto done;
	up = tp_walk_up(&w->pos, &name);
	if (up > 0)
		return 0;
	if (up < 0)
		goto done;
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
	struct tp_walk w = { .pb = pb, .off = TP_PATH_MAX };

	if (!pb)
		return 0;
	tp_walk_start(&w.pos, mnt_ptr, dentry_ptr);
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

/* Steps whose names tp_cwd_measure keeps, so that tp_cwd_put need not walk again. */
#define TP_CWD_NAMES   8
#define TP_CWD_CROSSED 0xffff /* a name_len: the step crossed a mount, no name */

/*
 * The cwd written straight into a ring record, without tp_path_walk's 4 KiB
 * buffer: a first walk measures (tp_cwd_measure), then tp_cwd_put writes,
 * from the names the first walk kept or, for a deeper path, walking again.
 * The path is what tp_path_walk would write: the components that fit in
 * TP_PATH_MAX bytes, from the leaf up. What the first walk found: scalars
 * only, as a global function's argument must be.
 */
struct tp_cwd {
	__u64 name[TP_CWD_NAMES];     /* the first steps' names (const unsigned char *) */
	__u16 name_len[TP_CWD_NAMES]; /* their bytes, or TP_CWD_CROSSED */
	__u32 total;		      /* the path's bytes: 0 for "/" */
	__u32 flags;		      /* TP_PATHF_* */
	__u32 steps;		      /* steps the walk took (a name or a crossing each) */
};

/* A cwd walk's state between bpf_loop steps. */
struct tp_cwd_walk {
	struct tp_walk_pos pos;
	struct tp_cwd *cwd;
	struct bpf_dynptr *d; /* the record tp_cwd_put writes into */
	__u32 at;	      /* where the path goes in it */
	__u32 len;	      /* the path's first bytes that go there */
	__u32 sum;	      /* bytes of the components walked so far */
	__u32 done;	      /* the walk ended: a root, or the path found */
};

/*
 * The first walk's step: a component's bytes, while they fit as
 * tp_path_step's would. The first steps' names are kept by step (i), not by
 * a count carried from step to step: the verifier knows nothing of i, so
 * each step's state is the same.
 */
static long tp_cwd_len_step(__u64 i, void *arg)
{
	struct tp_cwd_walk *w = arg;
	struct tp_cwd *c = w->cwd;
	struct qstr name;
	__u32 len;
	int up;

	if (!c)
		return 1;
	up = tp_walk_up(&w->pos, &name);
	if (up > 0) {
		if (i < TP_CWD_NAMES)
			c->name_len[i] = TP_CWD_CROSSED;
		return 0;
	}
	if (!up) {
		len = name.len & 255;
		if (w->sum + len + 1 <= TP_PATH_MAX) {
			w->sum += len + 1;
			if (i < TP_CWD_NAMES) {
				c->name[i] = (__u64)name.name;
				c->name_len[i] = len;
			}
			return 0;
		}
		c->flags |= TP_PATHF_TRUNC;
	}
	c->steps = i;
	w->done = 1;
	return 1;
}

/*
 * The bytes of the cwd's path (mnt, dentry) into c. A global function: the
 * verifier checks it once, and its caller goes on with one state, whatever
 * the walk's steps found (Linux 6.1's verifier would go on from each of its
 * exits otherwise, and prune none).
 */
__noinline int tp_cwd_measure(struct tp_cwd *c, __u64 mnt_ptr, __u64 dentry_ptr)
{
	struct tp_cwd_walk w = { .cwd = c };

	if (!c)
		return 0;
	tp_walk_start(&w.pos, mnt_ptr, dentry_ptr);
	c->flags = 0;
	c->steps = TP_PATH_DEPTH;
	bpf_loop(TP_PATH_DEPTH, tp_cwd_len_step, &w, 0);
	if (!w.done)
		c->flags |= TP_PATHF_TRUNC;
	c->total = w.sum;
	return 0;
}

/*
 * The bytes a record reserves past the cwd's first len bytes: a component
 * that starts in them is written whole (tp_cwd_write), so a path cut there
 * runs up to a name's bytes past. The record ends at len all the same (its
 * header's size).
 */
static __always_inline __u32 tp_cwd_slack(const struct tp_cwd *c, __u32 len)
{
	return c->total > len ? 256 : 0;
}

/*
 * "/" and the name of the next component (leaf first) where the first walk
 * put it, when it starts in the path's first w->len bytes; in two pieces, as
 * a name has up to 255 bytes. A piece is written whole, not cut at w->len:
 * its length is the name's alone, so the verifier keeps no bounds of the
 * walk's sums, which differ from step to step.
 */
static __always_inline void tp_cwd_write(struct tp_cwd_walk *w, __u32 total,
					 const unsigned char *name, __u64 len)
{
	char buf[TP_MEM_CHUNK];
	__u64 pos, n;

	w->sum += len + 1;
	pos = total - w->sum;
	if (pos < w->len) {
		n = len;
		TP_CLAMP(n, TP_MEM_CHUNK - 1);
		buf[0] = '/';
		bpf_probe_read_kernel(buf + 1, n, name);
		bpf_dynptr_write(w->d, w->at + pos, buf, n + 1, 0);
	}
	if (len >= TP_MEM_CHUNK && pos + TP_MEM_CHUNK < w->len) {
		n = len - (TP_MEM_CHUNK - 1);
		TP_CLAMP(n, TP_MEM_CHUNK);
		bpf_probe_read_kernel(buf, n, name + TP_MEM_CHUNK - 1);
		bpf_dynptr_write(w->d, w->at + pos + TP_MEM_CHUNK, buf, n, 0);
	}
}

/* A step through the names the first walk kept. */
static long tp_cwd_kept_step(__u64 i, void *arg)
{
	struct tp_cwd_walk *w = arg;
	struct tp_cwd *c = w->cwd;
	__u32 k = i & (TP_CWD_NAMES - 1), len = c->name_len[k];

	if (len != TP_CWD_CROSSED)
		tp_cwd_write(w, c->total, (const unsigned char *)c->name[k], len & 255);
	return 0;
}

/*
 * The second walk's step. 1 when done: the first walk's last component
 * written (w->done), or another path found.
 */
static long tp_cwd_put_step(__u64 i, void *arg)
{
	struct tp_cwd_walk *w = arg;
	__u32 total = w->cwd->total;
	struct qstr name;
	__u64 len;
	int up = tp_walk_up(&w->pos, &name);

	if (up > 0)
		return 0;
	len = name.len & 255;
	if (up < 0 || w->sum + len + 1 > total)
		return 1; /* a shorter path, or a longer one, than the first walk's */
	tp_cwd_write(w, total, name.name, len);
	w->done = w->sum == total;
	return w->done;
}

/*
 * The first len bytes of the path tp_cwd_measure measured into c, written
 * into d at at. False when a path deeper than the names kept changed
 * between the walks (a rename, a move): what was written is not it.
 */
static __always_inline bool tp_cwd_put(struct tp_cwd *c, struct bpf_dynptr *d, __u32 at, __u32 len,
				       __u64 mnt_ptr, __u64 dentry_ptr)
{
	struct tp_cwd_walk w = { .cwd = c, .d = d, .at = at, .len = len };
	char root = '/';

	if (!c->total)
		return !bpf_dynptr_write(d, at, &root, 1, 0);
	if (c->steps <= TP_CWD_NAMES) {
		bpf_loop(c->steps, tp_cwd_kept_step, &w, 0);
		return true;
	}
	tp_walk_start(&w.pos, mnt_ptr, dentry_ptr);
	bpf_loop(TP_PATH_DEPTH, tp_cwd_put_step, &w, 0);
	return w.done;
}
#endif			      /* TP_PROC_PROGS */

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
