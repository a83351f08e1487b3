/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The ring-buffer record format, included by the BPF templates and by libtp.
 * The typed blobs of kernel-object arguments are in arg_blobs.h.
 *
 * Every record starts with struct tp_event_hdr; hdr.size covers the whole
 * record, so a reader can skip what it does not know. Records are 8-byte
 * aligned and their variable parts are encoded as "blobs": a u32 length, a
 * u32 of flags or original size, then the bytes, padded to 8.
 */
#ifndef TP_EVENT_H
#define TP_EVENT_H

#ifndef __bpf__
#include <linux/types.h>
#endif

#include "nscaps.h"

enum tp_event_type {
	TP_EV_EXEC = 1,	    /* tp_event_exec: a process called execve */
	TP_EV_CLONE = 2,    /* tp_event_clone: a new process (not a thread) */
	TP_EV_EXIT = 3,	    /* tp_event_exit: the last thread of a process exited */
	TP_EV_HOOK = 4,	    /* tp_event_hook: a policy hook matched */
	TP_EV_HOOK_RET = 5, /* tp_event_hook_ret: the return half of a hook */
	TP_EV_LOADER = 6,   /* tp_event_loader: a file mapped executable (loader: true) */
};

#define TP_STR_MAX  4096 /* bytes a string arg is read into, NUL included */
#define TP_BUF_MAX  4096 /* bytes of a char_buf/const_buf captured */
#define TP_PATH_MAX 4096 /* exec filename */
#define TP_ARGS_MAX 1024 /* exec arguments */
#define TP_CWD_MAX  1024 /* exec cwd */
#define TP_OBJ_MAX  256	 /* bytes of a kernel object's typed blob (not paths), at most */

/* maxData: bytes of a char_buf captured, as Tetragon's data events (10 reads of 32736) */
#define TP_MAX_DATA 327360

struct tp_event_hdr {
	__u32 type;  /* enum tp_event_type */
	__u32 size;  /* bytes, header included */
	__u64 ktime; /* CLOCK_BOOTTIME ns */
	__u32 pid;   /* tgid */
	__u32 tid;
};

/* Blob flags (the u32 after a blob's length). */
#define TP_BLOB_TRUNCATED (1u << 31) /* more bytes existed than were captured */
#define TP_BLOB_ERROR	  (1u << 30) /* the read failed; no bytes */

struct tp_blob {
	__u32 len;  /* bytes that follow */
	__u32 info; /* TP_BLOB_* flags | low bits: original size (bufs) */
};

#define TP_BLOB_SIZE_MASK ((1u << 30) - 1) /* info's low bits: the original size */

#define TP_BLOB_SIZE(len) (sizeof(struct tp_blob) + (((len) + 7) & ~7u))

/*
 * A process's credentials and namespaces (tprun's --enable-process-cred and
 * --enable-process-ns), as Tetragon's exec event carries them (msg_cred and
 * msg_ns, read by get_current_subj_creds() and get_namespaces() in
 * bpf/lib/bpf_cred.h, bpf/process/bpf_process_event.h). known is 0 when
 * tprun did not ask for them (every field is then 0).
 */
struct tp_creds {
	__u32 uid, gid, euid, egid, suid, sgid, fsuid, fsgid;
	__u32 securebits;
	__u32 known;
	__u64 caps[TP_CAPSET__N]; /* enum tp_cap_set */
	__u32 ns[TP_NS__N];	  /* enum tp_ns_kind: inode numbers, 0 none */
};

struct tp_event_exec {
	struct tp_event_hdr hdr;
	__u32 ppid; /* parent tgid */
	__u32 uid;
	__u32 auid;
	__u32 flags;	    /* TP_EXECF_* */
	__u64 parent_ktime; /* parent's start, 0 when unknown */
	struct tp_creds creds;
	/* blobs: filename, arguments (NUL separated, argv[0] excluded), cwd */
};

#define TP_EXECF_CLONE		(1u << 0) /* the exec follows a clone (not the first exec) */
#define TP_EXECF_TRUNC_FILENAME (1u << 1)
#define TP_EXECF_TRUNC_ARGS	(1u << 2)
#define TP_EXECF_PROCFS		(1u << 3) /* learned from /proc, not seen exec */

struct tp_event_clone {
	struct tp_event_hdr hdr;
	__u32 ppid;
	__u32 pad;
	struct tp_creds creds; /* the child's, as fork left them */
};

struct tp_event_exit {
	struct tp_event_hdr hdr;
	__u32 exit_code; /* task->exit_code: status << 8 | signal */
	__u32 pad;
};

struct tp_event_hook {
	struct tp_event_hdr hdr;
	__u32 hook;	/* index into .tp.meta hooks */
	__u32 action;	/* enum tp_action of the matching selector */
	__u32 selector; /* matching selector, 0-based */
	__u32 flags;	/* TP_HOOKEV_* */
	__u32 func;	/* list hooks: index of the function in the list */
	__u32 caller;	/* TP_HOOKEV_SOCK_OWNER: the tid that ran the hook, else 0 */
	/* args in .tp.meta order: integers as __s64/__u64, strings and bufs as blobs */
};

#define TP_HOOKEV_RETURN_PENDING (1u << 0) /* a TP_EV_HOOK_RET for this tid/hook follows */
#define TP_HOOKEV_KERNEL_STACK	 (1u << 1) /* a kernel stack blob follows the args */
#define TP_HOOKEV_USER_STACK	 (1u << 2) /* a user stack blob follows (the kernel one first) */
#define TP_HOOKEV_IMA_HASH	 (1u << 3) /* a struct tp_ima_hash blob ends the record */
#define TP_HOOKEV_SOCK_OWNER	 (1u << 4) /* hdr names a tracked sock's owner (caller: the tid) */
#define TP_HOOKEV_AUDIT		 (1u << 5) /* its selector enforces: sent on tp_audit */

/*
 * Post's kernelStackTrace and userStackTrace: bpf_get_stack() straight into
 * the record, as a blob of __u64 return addresses, innermost first (info:
 * TP_BLOB_ERROR when the walk failed). At most this many frames, Tetragon's
 * PERF_MAX_STACK_DEPTH (bpf/process/types/basic.h, stack_trace_map).
 */
#define TP_STACK_DEPTH 127

/*
 * Post's imaHash on an lsmhook: what bpf_ima_file_hash() gave for the hook's
 * file (or bprm->file), as the record's last blob. algo is the kernel's
 * enum hash_algo, or a negative errno when the kernel computed no hash (no
 * IMA policy, or the file could not be read). value holds as many bytes as
 * the algorithm's digest, at most TP_IMA_HASH_MAX: Tetragon's
 * MAX_IMA_HASH_SIZE (bpf/process/bpf_lsm_ima.h).
 */
#define TP_IMA_HASH_MAX 64

struct tp_ima_hash {
	__s32 algo;
	__u32 pad;
	__u8 value[TP_IMA_HASH_MAX];
};

struct tp_event_hook_ret {
	struct tp_event_hdr hdr;
	__u32 hook;
	__u32 action; /* enum tp_action from matchReturnActions, 0 none */
	__s64 retval;
	__u32 post;  /* 0: drop the pending entry half, 1: print it */
	__u32 flags; /* TP_HOOKEV_AUDIT as its entry half had it */
};

/*
 * loader: true. A file mapped executable by mmap(2) or mprotect(2): a path
 * blob follows (as a file arg's, include/tp/arg_blobs.h), the path as the
 * mapping task's root sees it. tprun reads the build id from the file, whose
 * inode number is ino, by its path or by the mapping (/proc/PID/map_files).
 */
struct tp_event_loader {
	struct tp_event_hdr hdr;
	__u32 hook; /* index into .tp.meta hooks */
	__u32 pad;
	__u64 ino;	  /* the file's inode number */
	__u64 start, end; /* the mapping's range; 0, 0 when unknown */
};

/* Counters (the map tp_counters, one word each), read by tprun. */
enum tp_counter {
	TP_CNT_LOST = 0,       /* records the ring buffer refused */
	TP_CNT_PROC_FULL = 1,  /* process-table insertions that failed */
	TP_CNT_OVERSIZE = 2,   /* records past the policy's record bound (a tpgen bug) */
	TP_CNT_LOADER = 3,     /* loader: executable mappings whose file was not found */
	TP_CNT_LOST_HOOK = 4,  /* of TP_CNT_LOST, the hook events (TP_EV_HOOK) */
	TP_CNT_LOST_AUDIT = 5, /* hook records the audit ring refused (not in TP_CNT_LOST) */
	TP_CNT_ACT_FULL = 6,   /* selector actions tp_actions had no room to count */
	TP_CNT__MAX = 7,
};

/*
 * The key of the map tp_actions (a hash, each value a __u64 count): the
 * actions a selector of a hook (.tp.meta's index) took in the kernel.
 */
struct tp_act_key {
	__u32 hook;
	__u16 selector; /* 0-based, of the hook's selectors */
	__u16 stat;	/* enum tp_act_stat (tp/actions.h) */
};

#define TP_ACT_KEYS_MAX 4096 /* tp_actions' max_entries where tpgen did not count its keys */

/*
 * The audit ring (tp_audit): the records of hooks whose matched selector
 * enforces (TP_HOOKEV_AUDIT), apart from tp_events, so that a flood of other
 * records cannot crowd them out. Exec, clone and exit records that tp_events
 * refused may fill its first half (the kill's process is then known). Its
 * size in the object and its least: tprun makes it a quarter of tp_events
 * when that is more (tp_bpf_obj__size_maps) and tells the programs
 * (tp_audit_bytes). A power of two and a multiple of any page size.
 */
#define TP_AUDIT_RING_SIZE (256u << 10)

/*
 * Policy-dependent widths: the generated code defines TP_BIN_WORDS and
 * TP_PID_WORDS before including this header; user space never reads the bits.
 */
#ifdef TP_BIN_WORDS
struct tp_proc {
	__u64 ktime; /* exec (or fork) time, CLOCK_BOOTTIME ns */
	__u32 ppid;
	__u32 flags;
	__u64 bin_bits[TP_BIN_WORDS]; /* matchBinaries, matchParentBinaries memberships */
	__u64 pid_bits[TP_PID_WORDS]; /* matchPIDs followForks memberships */
#ifdef TP_PROC_CREDS	    /* matchNamespaceChanges, matchCapabilityChanges: as at exec or fork */
	__u32 ns[TP_NS__N]; /* namespace inode numbers, 0 unknown */
	__u64 caps[TP_CAPSET__N]; /* capability sets */
#endif
};
#endif

/*
 * A kernel thread: task_struct.flags's PF_KTHREAD (include/linux/sched.h), the
 * flags field of /proc/PID/stat too.
 */
#define TP_PF_KTHREAD 0x00200000

/* Context of the "learn" syscall program tprun runs for each /proc process. */
struct tp_learn_ctx {
	__u32 tgid;
	__u32 ppid;
	__u32 nspid;		/* pid in its own pid namespace */
	__u32 len;		/* bytes of path, NUL excluded */
	__u64 ktime;		/* start time, CLOCK_BOOTTIME ns */
	char path[TP_PATH_MAX]; /* /proc/PID/exe, a kernel thread's comm; NUL ended; "": none */
};

#endif /* TP_EVENT_H */
