/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Reading the args of class TP_ACL_PATH (include/tp/arg_types.h) into
 * filter slots (tp_slot_T) and records (tp_out_T), T the type's reader:
 * bounded dentry walks (tp_path.bpf.h), a net_device's name and a
 * sockaddr_un's path. Define TP_FOLLOW_FD for the FollowFD, UnfollowFD and
 * CopyFD actions (tp_fd_follow_T, ...).
 *
 * A path blob is the path (" (deleted)" appended for an unlinked file), its
 * info the inode's mode (TP_FILE_MODE_MASK) and TP_BLOB_TRUNCATED |
 * TP_FILE_CUT_FRONT when the walk was cut short or the path kept its last
 * TP_STR_MAX - 1 bytes. An fd is first looked up among the descriptors a
 * FollowFD action recorded, then in current->files.
 */
#ifndef TP_FILE_BPF_H
#define TP_FILE_BPF_H

#include "tp_capture.bpf.h"
#include "tp_path.bpf.h"

/* A path as FollowFD keeps it and as the walk leaves it. */
struct tp_fd_path {
	__u32 len;		   /* bytes of path */
	__u32 info;		   /* mode | TP_BLOB_TRUNCATED | TP_FILE_CUT_FRONT */
	char path[TP_STR_MAX + 8]; /* room for tp_copy_str's extra byte */
};

struct tp_file_scratch {
	struct tp_path_buf walk; /* tp_path_walk's output */
	__u64 end;		 /* where the walked path ends in walk.buf */
	struct tp_fd_path val;	 /* FollowFD's map value, built here */
};

TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tp_file_scratch);
} tp_file_heap SEC(".maps");

static __always_inline struct tp_file_scratch *tp_file_scratch(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&tp_file_heap, &zero);
}

/*
 * Walk (mnt, dentry) into fs->walk; mnt 0 stops at the root of the dentry's
 * filesystem. Returns the path's length, its bytes ending at fs->end
 * (TP_PATH_MAX, or past it by the " (deleted)" suffix); -1 without a dentry.
 * A walk that prepends nothing (a pipe, a socket, an anon inode, the root
 * itself) gives an empty path, " (deleted)" or not, as Tetragon's
 * prepend_path (bpf/lib/bpf_d_path.h) sets the length to 0 then.
 */
static __always_inline long tp_file_walk(struct tp_file_scratch *fs, __u64 mnt, __u64 dentry,
					 __u32 *info)
{
	struct tp_path_buf *pb = &fs->walk;
	__u64 start;

	if (!dentry)
		return -1;
	start = tp_path_walk(pb, mnt, dentry);
	*info = pb->flags ? TP_BLOB_TRUNCATED | TP_FILE_CUT_FRONT : 0;
	*info |= BPF_CORE_READ((struct dentry *)dentry, d_inode, i_mode) & TP_FILE_MODE_MASK;
	fs->end = TP_PATH_MAX;
	if (start >= TP_PATH_MAX - 1) { /* only the "/" the walk writes when it added nothing */
		*info &= TP_FILE_MODE_MASK;
		return 0;
	}
	if (tp_dentry_unlinked((struct dentry *)dentry)) {
		__builtin_memcpy(&pb->buf[TP_PATH_MAX], " (deleted)", 10);
		fs->end += 10;
	}
	TP_CLAMP(start, TP_PATH_MAX - 1);
	return fs->end - start;
}

/*
 * What of the walked path (n bytes ending at the walk's end) is kept: at
 * most TP_STR_MAX - 1 bytes, a longer path its tail, like the walk. Returns
 * their length; *from is where they start in fs->walk.buf.
 */
static __always_inline __u64 tp_file_tail(struct tp_file_scratch *fs, long n, __u32 *info,
					  __u64 *from)
{
	__u64 len = n;

	if (len > TP_STR_MAX - 1) {
		len = TP_STR_MAX - 1;
		*info |= TP_BLOB_TRUNCATED | TP_FILE_CUT_FRONT;
	}
	TP_CLAMP(len, TP_STR_MAX - 1);
	*from = fs->end - len;
	TP_CLAMP(*from, TP_PATH_BUF - 1);
	return len;
}

/* Copy the kept path to dst, which holds TP_STR_MAX bytes. */
static __always_inline long tp_file_copy(char *dst, struct tp_file_scratch *fs, long n, __u32 *info)
{
	__u64 from, len = tp_file_tail(fs, n, info, &from);

	bpf_probe_read_kernel(dst, len, &fs->walk.buf[from]);
	dst[len] = 0;
	return len;
}

/* Fill a filter slot with the path of (mnt, dentry). */
static __always_inline long tp_slot_walk(char *slot, __u64 mnt, __u64 dentry)
{
	struct tp_file_scratch *fs = tp_file_scratch();
	__u32 info = 0;
	long n;

	slot[0] = 0;
	TP_SLOT_INFO(slot) = TP_BLOB_ERROR;
	if (!fs)
		return -1;
	n = tp_file_walk(fs, mnt, dentry, &info);
	if (n < 0)
		return -1;
	n = tp_file_copy(slot, fs, n, &info);
	TP_SLOT_INFO(slot) = info;
	return n;
}

/*
 * Append a path blob: the path of (mnt, dentry). The sizing pass walks it
 * for its length; the writing pass walks it again, and keeps no more than
 * that.
 */
TP_LIBPROG __u32 tp_out_walk(int mode, struct tp_rec *r, __u32 off, __u64 mnt,
			     __u64 dentry) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	struct tp_file_scratch *fs = tp_file_scratch();
	__u64 from, len = 0, most = TP_STR_MAX - 1;
	__u32 info = TP_BLOB_ERROR;
	long n = -1;

	if (mode == TP_WRITE)
		most = (__u32)tp_rec_memo_take(r);
	if (fs) {
		info = 0;
		n = tp_file_walk(fs, mnt, dentry, &info);
	}
	if (n < 0) {
		if (mode == TP_SIZE)
			tp_rec_memo_put(r, 0);
		return tp_out_empty(mode, r, off, TP_BLOB_ERROR);
	}
	len = tp_file_tail(fs, n, &info, &from);
	if (len > most) { /* the path grew since it was sized: its tail */
		from += len - most;
		len = most;
		info |= TP_BLOB_TRUNCATED | TP_FILE_CUT_FRONT;
	}
	if (mode == TP_SIZE) {
		tp_rec_memo_put(r, len);
		return tp_blob_end(off, len);
	}
	TP_CLAMP(from, TP_PATH_BUF - 1);
	TP_CLAMP(len, TP_STR_MAX - 1);
	tp_rec_blob(r, off, len, info);
	tp_rec_put(r, off + sizeof(struct tp_blob), &fs->walk.buf[from], len);
	return tp_blob_end(off, len);
}
#endif

/* --- the types: (mnt, dentry) of each ------------------------------------ */

static __always_inline __u64 tp_file_mnt(__u64 file)
{
	return file ? (__u64)BPF_CORE_READ((struct file *)file, f_path.mnt) : 0;
}

static __always_inline __u64 tp_file_dentry(__u64 file)
{
	return file ? (__u64)BPF_CORE_READ((struct file *)file, f_path.dentry) : 0;
}

static __always_inline __u64 tp_binprm_file(__u64 bprm)
{
	return bprm ? (__u64)BPF_CORE_READ((struct linux_binprm *)bprm, file) : 0;
}

static __always_inline __u64 tp_kiocb_file(__u64 iocb)
{
	return iocb ? (__u64)BPF_CORE_READ((struct kiocb *)iocb, ki_filp) : 0;
}

static __always_inline long tp_slot_file(char *slot, __u64 raw)
{
	return tp_slot_walk(slot, tp_file_mnt(raw), tp_file_dentry(raw));
}

static __always_inline __u32 tp_out_file(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	return tp_out_walk(mode, r, off, tp_file_mnt(raw), tp_file_dentry(raw));
}

static __always_inline long tp_slot_path(char *slot, __u64 raw)
{
	const struct path *p = (const void *)raw;

	if (!p)
		return tp_slot_walk(slot, 0, 0);
	return tp_slot_walk(slot, (__u64)BPF_CORE_READ(p, mnt), (__u64)BPF_CORE_READ(p, dentry));
}

static __always_inline __u32 tp_out_path(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	const struct path *p = (const void *)raw;

	if (!p)
		return tp_out_walk(mode, r, off, 0, 0);
	return tp_out_walk(mode, r, off, (__u64)BPF_CORE_READ(p, mnt),
			   (__u64)BPF_CORE_READ(p, dentry));
}

/* a dentry alone: its path within its filesystem (no mount to cross) */
static __always_inline long tp_slot_dentry(char *slot, __u64 raw)
{
	return tp_slot_walk(slot, 0, raw);
}

static __always_inline __u32 tp_out_dentry(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	return tp_out_walk(mode, r, off, 0, raw);
}

static __always_inline long tp_slot_linux_binprm(char *slot, __u64 raw)
{
	return tp_slot_file(slot, tp_binprm_file(raw));
}

static __always_inline __u32 tp_out_linux_binprm(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	return tp_out_file(mode, r, off, tp_binprm_file(raw));
}

static __always_inline long tp_slot_kiocb(char *slot, __u64 raw)
{
	return tp_slot_file(slot, tp_kiocb_file(raw));
}

static __always_inline __u32 tp_out_kiocb(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	return tp_out_file(mode, r, off, tp_kiocb_file(raw));
}

/* struct filename: the name as the caller gave it (kernel memory) */
static __always_inline long tp_slot_filename(char *slot, __u64 raw)
{
	return tp_slot_str(slot, raw ? BPF_CORE_READ((struct filename *)raw, name) : 0,
			   TP_MEM_KERNEL);
}

static __always_inline __u32 tp_out_filename(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	return tp_out_str(mode, r, off, raw ? BPF_CORE_READ((struct filename *)raw, name) : 0,
			  TP_MEM_KERNEL);
}

/* --- net_device: its name, as Tetragon filters it ------------------------- */

static __always_inline long tp_slot_net_device(char *slot, __u64 raw)
{
	long n = -1;

	slot[0] = 0;
	if (raw)
		n = bpf_core_read_str(slot, TP_IFNAMSIZ, &((struct net_device *)raw)->name);
	TP_SLOT_INFO(slot) = n > 0 ? 0 : TP_BLOB_ERROR;
	return n > 0 ? n - 1 : -1;
}

static __always_inline __u32 tp_out_net_device(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	char name[TP_IFNAMSIZ] = {};
	long n = -1;

	if (mode == TP_SIZE) /* short: sized at its most, not read twice */
		return tp_blob_end(off, TP_IFNAMSIZ - 1);
	if (raw)
		n = bpf_core_read_str(name, sizeof(name), &((struct net_device *)raw)->name);
	if (n <= 0)
		return tp_out_empty(mode, r, off, TP_BLOB_ERROR);
	n -= 1;
	TP_CLAMP(n, TP_IFNAMSIZ - 1);
	tp_rec_blob(r, off, n, 0);
	tp_rec_put(r, off + sizeof(struct tp_blob), name, n);
	return tp_blob_end(off, n);
}

/* --- sockaddr_un: its path, as Tetragon filters it ------------------------ */

/*
 * Read a sockaddr_un's path into dst (TP_SUN_PATH_MAX bytes) as Tetragon's
 * set_event_from_sockaddr_un does (bpf/process/types/sockaddr_un.h): a
 * filesystem name up to its NUL; an abstract one's TP_SUN_PATH_MAX - 1 bytes
 * after its leading NUL, read from kernel memory (Tetragon's
 * probe_read_kernel), so none from a syscall's user pointer. Returns the
 * bytes, or -1 when the family or the path could not be read; *info is the
 * blob's (include/tp/arg_blobs.h).
 */
static __always_inline long tp_sun_read(char *dst, __u64 raw, int user, __u32 *info)
{
	const char *path = (const char *)raw + 2; /* sun_path, after sun_family */
	__u16 family = 0;
	char first = 0;
	long n;

	*info = TP_BLOB_ERROR;
	dst[0] = 0;
	if (!raw || tp_read_mem(&family, sizeof(family), (const void *)raw, user) ||
	    tp_read_mem(&first, 1, path, user))
		return -1;
	if (first) {
		n = tp_read_str(dst, TP_SUN_PATH_MAX, path, user);
		if (n <= 0)
			return -1;
		n--;
		*info = family;
	} else if (user == TP_MEM_USER) {
		n = 0;
		*info = family | TP_SUN_ABSTRACT;
	} else {
		if (bpf_probe_read_kernel(dst, TP_SUN_PATH_MAX - 1, path + 1))
			return -1;
		n = TP_SUN_PATH_MAX - 1;
		*info = family | TP_SUN_ABSTRACT;
	}
	return n;
}

static __always_inline long tp_slot_sockaddr_un(char *slot, __u64 raw, int user)
{
	__u32 info;
	long n = tp_sun_read(slot, raw, user, &info);

	TP_SLOT_INFO(slot) = info;
	return n;
}

static __always_inline __u32 tp_out_sockaddr_un(int mode, struct tp_rec *r, __u32 off, __u64 raw,
						int user)
{
	char *path;
	__u32 info;
	long n;

	if (mode == TP_SIZE) /* short: sized at its most, so that a window of the most fits */
		return tp_blob_end(off, TP_SUN_PATH_MAX);
	path = bpf_dynptr_data(&r->d, off + sizeof(struct tp_blob), TP_SUN_PATH_MAX);
	if (!path)
		return tp_out_empty(mode, r, off, TP_BLOB_ERROR);
	n = tp_sun_read(path, raw, user, &info);
	if (n < 0)
		n = 0;
	TP_CLAMP(n, TP_SUN_PATH_MAX);
	tp_rec_blob(r, off, n, info);
	return tp_blob_end(off, n);
}

/* --- fd: a followed path, else current->files ----------------------------- */

#ifdef TP_FOLLOW_FD
/* FollowFD, UnfollowFD, CopyFD: (tgid, fd) -> path. Allocated as entries come. */
struct tp_fd_key {
	__u32 tgid;
	__u32 fd;
};

TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct tp_fd_key);
	__type(value, struct tp_fd_path);
} tp_fd_follow SEC(".maps");

static __always_inline struct tp_fd_path *tp_fd_followed(__u64 raw)
{
	struct tp_fd_key k = { tp_current_tgid(), (__u32)raw };

	return bpf_map_lookup_elem(&tp_fd_follow, &k);
}

#else
/* no FollowFD action in the policy: an fd is always its file's path */
static __always_inline struct tp_fd_path *tp_fd_followed(__u64 raw)
{
	return 0;
}
#endif

static __always_inline __u64 tp_fd_file(__u64 raw)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds;
	struct file *f = 0;
	__u32 fd = raw;

	if ((int)fd < 0 || !fdt || fd >= BPF_CORE_READ(fdt, max_fds))
		return 0;
	fds = BPF_CORE_READ(fdt, fd);
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return (__u64)f;
}

static __always_inline long tp_slot_fd(char *slot, __u64 raw)
{
	struct tp_fd_path *v = tp_fd_followed(raw);
	__u64 len;

	if (!v)
		return tp_slot_file(slot, tp_fd_file(raw));
	len = v->len;
	TP_CLAMP(len, TP_STR_MAX - 1);
	bpf_probe_read_kernel(slot, len, v->path);
	slot[len] = 0;
	TP_SLOT_INFO(slot) = v->info;
	return len;
}

static __always_inline __u32 tp_out_fd(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	struct tp_fd_path *v = tp_fd_followed(raw);
	__u64 len;

	if (!v)
		return tp_out_file(mode, r, off, tp_fd_file(raw));
	len = v->len;
	TP_CLAMP(len, TP_STR_MAX - 1);
	/* one memo, as tp_out_walk's: the path may be followed or not by the writing pass */
	if (mode == TP_SIZE) {
		tp_rec_memo_put(r, len);
		return tp_blob_end(off, len);
	}
	if (len > (__u32)tp_rec_memo_take(r))
		return tp_out_empty(mode, r, off, TP_BLOB_ERROR);
	tp_rec_blob(r, off, len, v->info);
	tp_rec_put(r, off + sizeof(struct tp_blob), v->path, len);
	return tp_blob_end(off, len);
}

#ifdef TP_FOLLOW_FD
/* --- FollowFD, UnfollowFD, CopyFD ----------------------------------------- */

/* FollowFD: remember fd's path, walked from a PATH-class argument's (mnt, dentry). */
static __always_inline void tp_fd_follow_walk(__u64 fd, __u64 mnt, __u64 dentry)
{
	struct tp_file_scratch *fs = tp_file_scratch();
	struct tp_fd_key k = { tp_current_tgid(), (__u32)fd };
	__u32 info = 0;
	long n;

	if (!fs)
		return;
	n = tp_file_walk(fs, mnt, dentry, &info);
	if (n < 0)
		return;
	fs->val.len = tp_file_copy(fs->val.path, fs, n, &info);
	fs->val.info = info;
	bpf_map_update_elem(&tp_fd_follow, &k, &fs->val, BPF_ANY);
}

/* FollowFD with a string argument as the name (a user or kernel pointer). */
static __always_inline void tp_fd_follow_str(__u64 fd, __u64 str, int user)
{
	struct tp_file_scratch *fs = tp_file_scratch();
	struct tp_fd_key k = { tp_current_tgid(), (__u32)fd };
	long n;

	if (!fs)
		return;
	n = tp_copy_str(fs->val.path, (const void *)str, user, &fs->val.info);
	if (n < 0)
		return;
	fs->val.len = n;
	bpf_map_update_elem(&tp_fd_follow, &k, &fs->val, BPF_ANY);
}

/*
 * FollowFD with a name a filter already read into a slot (n the tp_slot_T
 * result): its bytes and info, without a second walk or read.
 */
static __always_inline void tp_fd_follow_slot(__u64 fd, const char *slot, long n)
{
	struct tp_file_scratch *fs = tp_file_scratch();
	struct tp_fd_key k = { tp_current_tgid(), (__u32)fd };
	__u64 len = n;

	if (!fs || n < 0)
		return;
	if (len > TP_STR_MAX - 1)
		len = TP_STR_MAX - 1;
	bpf_probe_read_kernel(fs->val.path, len, slot);
	fs->val.path[len] = 0;
	fs->val.len = len;
	fs->val.info = TP_SLOT_INFO(slot);
	bpf_map_update_elem(&tp_fd_follow, &k, &fs->val, BPF_ANY);
}

static __always_inline void tp_fd_follow_file(__u64 fd, __u64 file)
{
	tp_fd_follow_walk(fd, tp_file_mnt(file), tp_file_dentry(file));
}

static __always_inline void tp_fd_follow_path(__u64 fd, __u64 path)
{
	const struct path *p = (const void *)path;

	if (p)
		tp_fd_follow_walk(fd, (__u64)BPF_CORE_READ(p, mnt),
				  (__u64)BPF_CORE_READ(p, dentry));
}

static __always_inline void tp_fd_follow_dentry(__u64 fd, __u64 dentry)
{
	tp_fd_follow_walk(fd, 0, dentry);
}

static __always_inline void tp_fd_follow_linux_binprm(__u64 fd, __u64 bprm)
{
	tp_fd_follow_file(fd, tp_binprm_file(bprm));
}

static __always_inline void tp_fd_follow_kiocb(__u64 fd, __u64 iocb)
{
	tp_fd_follow_file(fd, tp_kiocb_file(iocb));
}

static __always_inline void tp_fd_follow_filename(__u64 fd, __u64 name)
{
	if (name)
		tp_fd_follow_str(fd, (__u64)BPF_CORE_READ((struct filename *)name, name), 0);
}

/* CopyFD: newfd names what oldfd names, when oldfd is followed (the return value). */
static __always_inline bool tp_fd_copy(__u64 oldfd, __u64 newfd)
{
	struct tp_fd_key k = { tp_current_tgid(), (__u32)oldfd };
	struct tp_fd_path *v = bpf_map_lookup_elem(&tp_fd_follow, &k);

	if (!v)
		return false;
	k.fd = newfd;
	bpf_map_update_elem(&tp_fd_follow, &k, v, BPF_ANY);
	return true;
}

/* an fd argument as the name: what it names if followed, else its file's path now */
static __always_inline void tp_fd_follow_fd(__u64 fd, __u64 other)
{
	if (!tp_fd_copy(other, fd))
		tp_fd_follow_file(fd, tp_fd_file(other));
}

static __always_inline void tp_fd_unfollow(__u64 fd)
{
	struct tp_fd_key k = { tp_current_tgid(), (__u32)fd };

	bpf_map_delete_elem(&tp_fd_follow, &k);
}

#endif /* TP_FOLLOW_FD */

#endif /* TP_FILE_BPF_H */
