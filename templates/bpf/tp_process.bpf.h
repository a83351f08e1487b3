/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Process tracking: exec, fork and exit keep tp_procs current and send the
 * records tprun's process cache is built from; tp_learn does for a process
 * found in /proc what tp_exec does for a new one, so both take one path.
 *
 * The generated file defines (TP_HIDDEN, declared below; in part 0 of a split file):
 *   tp_policy_bin_bits(bits, path, len, key) set matchBinaries memberships
 *   tp_policy_parent_bits(bits, old)        set matchParentBinaries bits from the
 *                                           memberships old held before an exec
 *   tp_policy_pid_bits(bits, tgid, nstgid) set followForks matchPIDs memberships
 *   tp_bin_follow[TP_BIN_WORDS]            memberships kept across exec (followChildren)
 * A child inherits every followForks membership: only those filters set pid bits.
 *
 * The programs, their maps and variables are compiled only with TP_PROC_PROGS,
 * into an object of their own for each configuration (the macros
 * gen/link/companion.c's proc_names lists), which tpgen keeps in its cache
 * and links with each policy's object: no policy compiles them again. They call the policy's
 * functions above; libbpf has the verifier check those as static functions, in the caller's context
 * (hidden symbols). The hooks' tests of the bits (tp_proc_bin and the others) are the policy's.
 *
 * A process is its executable (tp_exe_path): however it was started, and
 * whether seen at exec, at fork or in /proc. A kernel thread is one too, as
 * Tetragon keeps it: found in /proc, its comm; started since, kthreadd's
 * (which it inherits at fork, as any child). Its parent binary, for
 * matchParentBinaries, is the one it ran before its last exec: the parent's
 * when the exec follows a fork, its own previous one otherwise, as Tetragon's
 * update_parents_map() (bpf/process/bpf_process_event.h) records it.
 */
#ifndef TP_PROCESS_BPF_H
#define TP_PROCESS_BPF_H

#include "tp_common.bpf.h"
#ifdef TP_PROC_PROGS
#include "tp_nscaps.bpf.h"
#include "tp_mem.bpf.h"
#include "tp_path.bpf.h"
#endif

#define TP_PROCF_FORKED	      (1u << 0) /* created by fork, not exec'd since */
#define TP_PROCF_NOEXE	      (1u << 1) /* no executable path: no matchBinaries filter passes */
#define TP_PROCF_PARENT	      (1u << 2) /* exec'd while watched: the parent binary is known */
#define TP_PROCF_PARENT_NOEXE (1u << 3) /* ... and had no path */

TP_HIDDEN void tp_policy_bin_bits(__u64 *bits, const char *path, long len, char *key);
TP_HIDDEN void tp_policy_parent_bits(__u64 *bits, const __u64 *old);
TP_HIDDEN void tp_policy_pid_bits(__u64 *bits, __u32 tgid, __u32 nstgid);
extern TP_HIDDEN const __u64 tp_bin_follow[TP_BIN_WORDS];

#ifdef TP_PROC_PROGS

/*
 * tprun's --enable-process-cred or --enable-process-ns: set before load, and
 * exec and clone records then carry the task's credentials and namespaces.
 * Otherwise the verifier drops the reads and the records say they are unknown.
 */
const volatile __u32 tp_want_creds = 0;

/*
 * 0 when another object in the same tprun sends the exec and clone records
 * (tprun with several objects): this one keeps its own table, and skips the
 * reads and the records (the arguments, the cwd walk) that only they need.
 */
const volatile __u32 tp_proc_records = 1;

/*
 * What matchBinaries and matchParentBinaries need at exec and fork: one slot
 * a CPU, and none for a policy that has neither. The exec record itself is
 * written straight into its ring reservation (tp_exec).
 */
#if defined(TP_BIN_KEY) || defined(TP_BIN_EXE)
#define TP_EXEC_HEAP 1
struct tp_exec_heap {
#ifdef TP_BIN_KEY
	char key[TP_STR_MAX + 16]; /* map lookup keys for large matchBinaries sets */
#endif
#ifdef TP_BIN_EXE
	char exe[TP_PATH_MAX + 16]; /* the executable's path, for matchBinaries */
#endif
	struct tp_path_buf path; /* the executable's path, walked backwards */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tp_exec_heap);
} tp_exec_heap_map SEC(".maps");

static __always_inline struct tp_exec_heap *tp_exec_heap_get(void)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&tp_exec_heap_map, &cpu);
}
#endif

/* What tp_policy_bin_bits builds its lookup keys in: none when no set needs one. */
#ifdef TP_BIN_KEY
#define TP_EXEC_KEY(x) ((x)->key)
#else
#define TP_EXEC_KEY(x) ((char *)0)
#endif

/*
 * task's executable path into x->exe (tp_exe_path), for matchBinaries and
 * matchParentBinaries: its length, or -1 for none. A policy with neither
 * has nothing to read it, and walks no path (TP_BIN_EXE unset).
 */
#ifdef TP_BIN_EXE
#define TP_EXEC_EXE(x)		 ((x)->exe)
#define TP_EXEC_EXE_LEN(x, task) tp_exe_path(task, &(x)->path, (x)->exe)
#else
#define TP_EXEC_EXE(x)		 ((char *)0)
#define TP_EXEC_EXE_LEN(x, task) (-1L)
#endif

/* tp_learn's scratch: one, for tprun's scan of /proc, not one a CPU. */
struct tp_learn_heap {
	char data[TP_PATH_MAX]; /* the executable's path */
#ifdef TP_BIN_KEY
	char key[TP_STR_MAX + 16]; /* as tp_exec_heap's */
#endif
	char scratch[TP_ARGS_MAX]; /* the context's fields */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tp_learn_heap);
} tp_learn_heap SEC(".maps");

/* Inherit what a child keeps of its parent's memberships; it runs the same executable. */
static __always_inline void tp_proc_inherit(struct tp_proc *child, const struct tp_proc *parent)
{
	int i;

	if (!parent)
		return;
	for (i = 0; i < TP_BIN_WORDS; i++)
		child->bin_bits[i] = parent->bin_bits[i];
	for (i = 0; i < TP_PID_WORDS; i++)
		child->pid_bits[i] = parent->pid_bits[i];
	child->flags |= parent->flags & TP_PROCF_NOEXE;
}

/* Memberships of an executable at path (len < 0: none); followChildren ones are kept. */
static __always_inline void tp_proc_bin_bits(struct tp_proc *p, const char *path, long len,
					     char *key)
{
	int i;

	for (i = 0; i < TP_BIN_WORDS; i++)
		p->bin_bits[i] &= tp_bin_follow[i];
	p->flags &= ~TP_PROCF_NOEXE;
	if (len < 0)
		p->flags |= TP_PROCF_NOEXE;
	else
		tp_policy_bin_bits(p->bin_bits, path, len, key);
}

/*
 * An exec: the binary run so far (the parent's after a fork, or its own)
 * becomes the parent binary, then the new one's memberships are computed.
 * known: p holds what ran so far (else neither the process nor its parent
 * was in the table, and the parent binary stays unknown).
 */
static __always_inline void tp_proc_exec_bits(struct tp_proc *p, bool known, const char *path,
					      long len, char *key)
{
	__u64 old[TP_BIN_WORDS];
	int i;

	for (i = 0; i < TP_BIN_WORDS; i++)
		old[i] = p->bin_bits[i];
	p->flags &= ~(TP_PROCF_FORKED | TP_PROCF_PARENT | TP_PROCF_PARENT_NOEXE);
	if (known)
		p->flags |= TP_PROCF_PARENT;
	if (p->flags & TP_PROCF_NOEXE)
		p->flags |= TP_PROCF_PARENT_NOEXE;
	tp_proc_bin_bits(p, path, len, key);
	tp_policy_parent_bits(p->bin_bits, old);
}

#endif /* TP_PROC_PROGS */

/*
 * matchBinaries filter bit passes (negate: NotIn, NotPrefix, NotPostfix).
 * Like Tetragon's match_binaries() (bpf/process/types/basic.h), a process
 * without an executable path passes none, negated or not; so does one missing
 * from the table (Tetragon would read its exe_file then; the table is full).
 */
static __always_inline bool tp_proc_bin(const struct tp_proc *p, __u32 bit, bool negate)
{
	if (!p || (p->flags & TP_PROCF_NOEXE))
		return false;
	return tp_bits_has(p->bin_bits, bit) != negate;
}

/*
 * matchParentBinaries: bit is the parent binary's membership. Tetragon's
 * selector_process_filter() (bpf/process/pfilter.h) skips the filter when
 * tg_parents_bin has no entry, i.e. the process has not exec'd since the
 * agent started (learned from /proc, or forked and not exec'd): so do we.
 */
static __always_inline bool tp_proc_pbin(const struct tp_proc *p, __u32 bit, bool negate)
{
	if (!p || !(p->flags & TP_PROCF_PARENT))
		return true;
	if (p->flags & TP_PROCF_PARENT_NOEXE)
		return false;
	return tp_bits_has(p->bin_bits, bit) != negate;
}

/* The process is known and it, or an ancestor, had a pid of followForks filter bit. */
static __always_inline bool tp_proc_pid(const struct tp_proc *p, __u32 bit)
{
	return p && tp_bits_has(p->pid_bits, bit);
}

#ifdef TP_PROC_PROGS
static __always_inline void tp_proc_store(__u32 tgid, struct tp_proc *p)
{
	if (bpf_map_update_elem(&tp_procs, &tgid, p, BPF_ANY))
		tp_count(TP_CNT_PROC_FULL);
}

SEC("raw_tp/sched_process_fork")
int BPF_PROG(tp_fork, struct task_struct *parent, struct task_struct *child)
{
	struct tp_event_clone ev = {};
	struct tp_proc np = {};
	struct tp_proc *pp;
	__u32 tgid, ptgid;
	bool kthread = BPF_CORE_READ(child, flags) & TP_PF_KTHREAD;

	/* a kernel thread too: Tetragon's event_wake_up_new_task (bpf/process/
	 * bpf_fork.c) tests no PF_KTHREAD; it copies kthreadd's binary, and the
	 * clone record sends it */
	tgid = BPF_CORE_READ(child, tgid);
	if (tgid != BPF_CORE_READ(child, pid))
		return 0; /* a thread */
	ptgid = BPF_CORE_READ(parent, tgid);
	pp = bpf_map_lookup_elem(&tp_procs, &ptgid);
	np.flags = TP_PROCF_FORKED;
	tp_proc_inherit(&np, pp);
	if (!pp) {
		/* a parent the table missed (forked while tprun read /proc): ask the kernel */
#ifdef TP_EXEC_HEAP
		struct tp_exec_heap *x = tp_exec_heap_get();

		if (!x)
			return 0;
#endif
		tp_proc_bin_bits(&np, TP_EXEC_EXE(x), TP_EXEC_EXE_LEN(x, child), TP_EXEC_KEY(x));
	}
	np.ktime = bpf_ktime_get_boot_ns();
	np.ppid = ptgid;
	tp_policy_pid_bits(np.pid_bits, tgid, tp_task_ns_tgid(child));
#ifdef TP_PROC_CREDS
	tp_proc_ns_record(&np, child);
	tp_proc_caps_record(&np, child);
#endif
	tp_proc_store(tgid, &np);
	if (!tp_proc_records)
		return 0;

	ev.hdr.type = TP_EV_CLONE;
	ev.hdr.size = sizeof(ev);
	ev.hdr.ktime = np.ktime;
	ev.hdr.pid = tgid;
	ev.hdr.tid = tgid;
	ev.ppid = ptgid;
	/* a kernel thread's are kthreadd's, all zero, as Tetragon's clone copies them */
	if (tp_want_creds && !kthread)
		tp_creds_read(&ev.creds, child, TP_CREDS_RECORDED(&np));
	tp_output_process(&ev, sizeof(ev), false);
	return 0;
}

/*
 * A blob of len bytes from src (TP_MEM_USER or TP_MEM_KERNEL memory) at off
 * in d's record; where the next one goes. A read that fails leaves an empty
 * blob that says so (TP_BLOB_ERROR), and the record shorter than reserved:
 * told by the error's sign, without a branch (tp_mem_copy_chunk).
 */
static __always_inline __u32 tp_exec_blob(struct bpf_dynptr *d, __u32 off, const void *src,
					  __u32 len, int user)
{
	__u64 failed = (__u64)tp_mem_copy(d, off + sizeof(struct tp_blob), src, len, user) >> 63;
	struct tp_blob b;

	b.len = len & (failed - 1);
	b.info = failed * TP_BLOB_ERROR;
	bpf_dynptr_write(d, off, &b, sizeof(b), 0);
	return off + TP_BLOB_SIZE(b.len);
}

/*
 * argv[0]'s bytes with its NUL, which the arguments skip, or <= 0 when it
 * cannot be read: up to 4 KiB, as Tetragon's read_args (bpf_execve_event.h)
 * skips it with a 4096-byte probe_read_str, so that a longer argv[0] (exec -a)
 * does not pass for arguments (past its read, its arguments start there too).
 */
#define TP_ARGV0_SKIP 4096 /* Tetragon's probe_read_str of argv[0] */
_Static_assert(TP_ARGV0_SKIP <= TP_STR_MAX, "argv[0] is measured by tp_str_scan");

static __always_inline long tp_exec_argv0_len(unsigned long arg_start)
{
	long n = tp_str_scan(arg_start, TP_MEM_USER);

	if (n < 0)
		return n;
	return n + 1 < TP_ARGV0_SKIP ? n + 1 : TP_ARGV0_SKIP;
}

/*
 * The credentials and namespaces of an exec record (tp_creds_read). A global
 * function: the verifier checks their reads once, not once for each way the
 * reservation and the copies around them can end (Linux 6.1's verifier
 * prunes none of those).
 */
__noinline int tp_exec_creds(struct tp_creds *c, __u64 task)
{
	if (c)
		tp_creds_read(c, (struct task_struct *)task, NULL);
	return 0;
}

/* the filename is measured as a string arg is, up to TP_STR_MAX (tp_str_scan) */
_Static_assert(TP_PATH_MAX <= TP_STR_MAX, "an exec filename is measured by tp_str_scan");

/*
 * The exec record, reserved in the ring at its exact size and written there:
 * the lengths of the filename, the arguments and the cwd first, then their
 * bytes. Each piece is capped at what was measured, so the record may end
 * before the reservation (a string that shrank, a read that failed), never
 * after; its header says where.
 */
static __noinline void tp_exec_send(struct task_struct *task, struct linux_binprm *bprm,
				    __u64 ktime, __u32 ppid, __u32 flags)
{
	const char *fname = BPF_CORE_READ(bprm, filename);
	unsigned long arg_start = BPF_CORE_READ(task, mm, arg_start);
	unsigned long arg_end = BPF_CORE_READ(task, mm, arg_end);
	__u64 pwd_mnt = (__u64)BPF_CORE_READ(task, fs, pwd.mnt);
	__u64 pwd_dentry = (__u64)BPF_CORE_READ(task, fs, pwd.dentry);
	struct tp_cwd cwd = {};
	struct tp_event_exec *ev;
	struct tp_blob cb;
	struct bpf_dynptr d;
	long fn_len, a0, wake;
	__u32 args_len = 0, cwd_len, size, off;

	fn_len = tp_str_scan((__u64)fname, TP_MEM_KERNEL);
	if (fn_len < 0)
		fn_len = 0;
	if (fn_len >= TP_PATH_MAX - 1) {
		fn_len = TP_PATH_MAX - 1;
		flags |= TP_EXECF_TRUNC_FILENAME;
	}

	/* arguments after argv[0], NUL separated */
	a0 = tp_exec_argv0_len(arg_start);
	if (a0 > 0 && arg_end > arg_start + a0) {
		unsigned long rest = arg_end - arg_start - a0;

		if (rest > TP_ARGS_MAX - 1) {
			rest = TP_ARGS_MAX - 1;
			flags |= TP_EXECF_TRUNC_ARGS;
		}
		args_len = rest;
	}

	/* cwd, walked here: the process may be gone before user space could look */
	tp_cwd_measure(&cwd, pwd_mnt, pwd_dentry);
	cwd_len = cwd.total ? cwd.total : 1;
	if (cwd_len > TP_CWD_MAX - 1)
		cwd_len = TP_CWD_MAX - 1;

	size = sizeof(*ev) + TP_BLOB_SIZE(fn_len) + TP_BLOB_SIZE(args_len) + TP_BLOB_SIZE(cwd_len) +
	       tp_cwd_slack(&cwd, cwd_len);
	wake = tp_reserve_process(&d, size, false);
	if (wake < 0)
		return;
	ev = bpf_dynptr_data(&d, 0, sizeof(*ev));
	if (!ev) {
		bpf_ringbuf_discard_dynptr(&d, 0);
		return;
	}
	__builtin_memset(ev, 0, sizeof(*ev));
	tp_hdr_fill(&ev->hdr, TP_EV_EXEC, size);
	ev->hdr.ktime = ktime;
	ev->ppid = ppid;
	/* the effective uid, as ps shows it: Tetragon's execve_send (bpf_execve_event.h) */
	ev->uid = BPF_CORE_READ(task, cred, euid.val);
	ev->auid = BPF_CORE_READ(task, loginuid.val);
	ev->flags = flags;
	if (tp_want_creds)
		tp_exec_creds(&ev->creds, (__u64)task);

	off = tp_exec_blob(&d, sizeof(*ev), fname, fn_len, TP_MEM_KERNEL);
	off = tp_exec_blob(&d, off, (void *)(arg_start + (a0 > 0 ? a0 : 0)), args_len, TP_MEM_USER);
	cb.len = cwd_len;
	cb.info = cwd.flags ? TP_BLOB_TRUNCATED : 0;
	if (!tp_cwd_put(&cwd, &d, off + sizeof(cb), cwd_len, pwd_mnt, pwd_dentry)) {
		/* the cwd changed between the walks: user space asks /proc */
		cb.len = 0;
		cb.info = TP_BLOB_ERROR;
	}
	bpf_dynptr_write(&d, off, &cb, sizeof(cb), 0);
	/* the record's real end: before the reservation's when a piece came out shorter */
	off += TP_BLOB_SIZE(cb.len);
	bpf_dynptr_write(&d, __builtin_offsetof(struct tp_event_exec, hdr.size), &off, sizeof(off),
			 0);
	bpf_ringbuf_submit_dynptr(&d, wake);
}

/*
 * The process table's entry of an exec: the binary run so far becomes the
 * parent binary, the new one's memberships are computed. p: the entry the
 * table held, if any; ppid: its parent's tgid.
 */
static __noinline void tp_exec_table(struct task_struct *task, __u32 tgid, __u32 ppid, __u64 ktime,
				     const struct tp_proc *p)
{
#ifdef TP_EXEC_HEAP
	struct tp_exec_heap *x = tp_exec_heap_get();
#endif
	struct tp_proc *pp = NULL;
	struct tp_proc np = {};

#ifdef TP_EXEC_HEAP
	if (!x)
		return;
#endif
	if (p) {
		np = *p;
	} else {
		pp = bpf_map_lookup_elem(&tp_procs, &ppid);
		tp_proc_inherit(&np, pp);
		np.ppid = ppid;
		tp_policy_pid_bits(np.pid_bits, tgid, tp_task_ns_tgid(task));
	}
	np.ktime = ktime;
	tp_proc_exec_bits(&np, p || pp, TP_EXEC_EXE(x), TP_EXEC_EXE_LEN(x, task), TP_EXEC_KEY(x));
#ifdef TP_PROC_CREDS
	tp_proc_ns_record(&np, task);
	tp_proc_caps_record(&np, task);
#endif
	tp_proc_store(tgid, &np);
}

/*
 * The record first, from what the table held, then the table's entry. Each
 * in a function of its own (not inlined): each has its own stack frame, so
 * neither's is under the other's callbacks and walks (the three frames of a
 * call chain have 512 bytes in all); and the record's code is checked with
 * the few states of these lines, not with each of the many the memberships
 * make (Linux 6.1's verifier prunes few of those).
 */
SEC("raw_tp/sched_process_exec")
int BPF_PROG(tp_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	__u32 tgid = tp_current_tgid(), ppid;
	__u64 ktime = bpf_ktime_get_boot_ns();
	struct tp_proc *p;

	p = bpf_map_lookup_elem(&tp_procs, &tgid);
	ppid = p ? p->ppid : BPF_CORE_READ(task, real_parent, tgid);
	if (tp_proc_records)
		tp_exec_send(task, bprm, ktime, ppid,
			     p && (p->flags & TP_PROCF_FORKED) ? TP_EXECF_CLONE : 0);
	tp_exec_table(task, tgid, ppid, ktime, p);
	return 0;
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(tp_exit, struct task_struct *task)
{
	struct tp_event_exit ev = {};
	__u32 tgid;

	if (BPF_CORE_READ(task, signal, live.counter) != 0)
		return 0; /* not the last thread */
	/* a kernel thread's too: Tetragon's acct_process hook runs in its do_exit */
	tgid = BPF_CORE_READ(task, tgid);
	ev.hdr.type = TP_EV_EXIT;
	ev.hdr.size = sizeof(ev);
	ev.hdr.ktime = bpf_ktime_get_boot_ns();
	ev.hdr.pid = tgid;
	ev.hdr.tid = BPF_CORE_READ(task, pid);
	ev.exit_code = BPF_CORE_READ(task, exit_code);
	bpf_map_delete_elem(&tp_procs, &tgid);
	/* ended by a signal: the exit follows the kill's record on the audit ring */
	tp_output_process(&ev, sizeof(ev), ev.exit_code & 0x7f);
	return 0;
}

/*
 * Run by tprun (BPF_PROG_TEST_RUN) for each process it finds in /proc; ctx[0]
 * is a pointer to its struct tp_learn_ctx. A raw tracepoint program rather
 * than a "syscall" one: those are sleepable, and sleepable programs may not
 * use the LPM tries large Prefix/Postfix binary sets become.
 */
SEC("raw_tp")
int tp_learn(__u64 *ctx)
{
	const struct tp_learn_ctx *uc = (const void *)ctx[0];
	const struct tp_learn_ctx *c;
	struct tp_learn_heap *x;
	struct tp_proc np = {};
	__u32 zero = 0, tgid, ppid, len;

	x = bpf_map_lookup_elem(&tp_learn_heap, &zero);
	if (!x)
		return -1;
	/* the fields before path, into scratch; path itself into data */
	if (bpf_probe_read_user(x->scratch, __builtin_offsetof(struct tp_learn_ctx, path), uc))
		return -2;
	c = (const void *)x->scratch;
	tgid = c->tgid;
	ppid = c->ppid;
	len = c->len;
	if (len > TP_PATH_MAX - 1)
		len = TP_PATH_MAX - 1;
	if (bpf_probe_read_user(x->data, len, uc->path))
		return -2;
	x->data[len & (TP_PATH_MAX - 1)] = 0;
	tp_proc_inherit(&np, bpf_map_lookup_elem(&tp_procs, &ppid));
	np.ppid = ppid;
	np.ktime = c->ktime;
	tp_policy_pid_bits(np.pid_bits, tgid, c->nspid);
	/* /proc/PID/exe, as Tetragon's procfs reader takes it; "": none. Not an
	 * exec: the parent binary stays unknown, as Tetragon records none either */
	tp_proc_bin_bits(&np, x->data, len ? (long)len : -1, TP_EXEC_KEY(x));
#ifdef TP_PROC_CREDS
	np.flags |= TP_PROCF_NOCREDS; /* and no namespaces: tprun runs this, not the process */
#endif
	/* exec and fork run since before the scan: what they recorded is newer */
	if (bpf_map_update_elem(&tp_procs, &tgid, &np, BPF_NOEXIST) &&
	    !bpf_map_lookup_elem(&tp_procs, &tgid))
		return -3;
	return 0;
}

#endif /* TP_PROC_PROGS */

#endif /* TP_PROCESS_BPF_H */
