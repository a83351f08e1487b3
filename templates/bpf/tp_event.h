/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The ring-buffer record format, included by the BPF templates and by libtp.
 *
 * Every record starts with struct tp_event_hdr; hdr.size covers the whole
 * record, so a reader can skip what it does not know. Records are 8-byte
 * aligned and their variable parts are encoded as "blobs": a u32 length, a
 * u32 of flags or original size, then the bytes, padded to 8.
 */
#ifndef TP_EVENT_H
#define TP_EVENT_H

#include "tp_meta.h"

#ifndef __bpf__
#include <linux/types.h>
#endif

enum tp_event_type {
	TP_EV_EXEC = 1,		/* tp_event_exec: a process called execve */
	TP_EV_CLONE = 2,	/* tp_event_clone: a new process (not a thread) */
	TP_EV_EXIT = 3,		/* tp_event_exit: the last thread of a process exited */
	TP_EV_HOOK = 4,		/* tp_event_hook: a policy hook matched */
	TP_EV_HOOK_RET = 5,	/* tp_event_hook_ret: the return half of a hook */
};

#define TP_STR_MAX	4096	/* bytes a string arg is read into, NUL included */
#define TP_BUF_MAX	4096	/* bytes of a char_buf/const_buf captured */
#define TP_PATH_MAX	4096	/* exec filename */
#define TP_ARGS_MAX	1024	/* exec arguments */
#define TP_CWD_MAX	1024	/* exec cwd */
#define TP_OBJ_MAX	256	/* bytes of a kernel object's typed blob (not paths), at most */

struct tp_event_hdr {
	__u32 type;		/* enum tp_event_type */
	__u32 size;		/* bytes, header included */
	__u64 ktime;		/* CLOCK_BOOTTIME ns */
	__u32 pid;		/* tgid */
	__u32 tid;
};

/* Blob flags (the u32 after a blob's length). */
#define TP_BLOB_TRUNCATED	(1u << 31)	/* more bytes existed than were captured */
#define TP_BLOB_ERROR		(1u << 30)	/* the read failed; no bytes */

struct tp_blob {
	__u32 len;		/* bytes that follow */
	__u32 info;		/* TP_BLOB_* flags | low bits: original size (bufs) */
};

#define TP_BLOB_SIZE(len)	(sizeof(struct tp_blob) + (((len) + 7) & ~7u))

/*
 * --- file, path, dentry, linux_binprm, kiocb and fd args (tp_file.bpf.h) ---
 * Their blob is the path; info's low bits are the inode's mode, and
 * TP_BLOB_TRUNCATED says path components are missing (the walk was cut
 * short: Tetragon's "unresolvedPathComponents"). filename args are strings.
 */
#define TP_FILE_MODE_MASK	0xffffu

struct tp_event_exec {
	struct tp_event_hdr hdr;
	__u32 ppid;		/* parent tgid */
	__u32 uid;
	__u32 auid;
	__u32 flags;		/* TP_EXECF_* */
	__u64 parent_ktime;	/* parent's start, 0 when unknown */
	/* blobs: filename, arguments (NUL separated, argv[0] excluded), cwd */
};

#define TP_EXECF_CLONE		(1u << 0)	/* the exec follows a clone (not the first exec) */
#define TP_EXECF_TRUNC_FILENAME	(1u << 1)
#define TP_EXECF_TRUNC_ARGS	(1u << 2)
#define TP_EXECF_PROCFS		(1u << 3)	/* learned from /proc, not seen exec */

struct tp_event_clone {
	struct tp_event_hdr hdr;
	__u32 ppid;
	__u32 pad;
};

struct tp_event_exit {
	struct tp_event_hdr hdr;
	__u32 exit_code;	/* task->exit_code: status << 8 | signal */
	__u32 pad;
};

struct tp_event_hook {
	struct tp_event_hdr hdr;
	__u32 hook;		/* index into .tp.meta hooks */
	__u32 action;		/* enum tp_action of the matching selector */
	__u32 selector;		/* matching selector, 0-based */
	__u32 flags;		/* TP_HOOKEV_* */
	__u32 func;		/* list hooks: index of the function in the list */
	__u32 pad;
	/* args in .tp.meta order: integers as __s64/__u64, strings and bufs as blobs */
};

#define TP_HOOKEV_RETURN_PENDING (1u << 0)	/* a TP_EV_HOOK_RET for this tid/hook follows */

struct tp_event_hook_ret {
	struct tp_event_hdr hdr;
	__u32 hook;
	__u32 action;		/* enum tp_action from matchReturnActions, 0 none */
	__s64 retval;
	__u32 post;		/* 0: drop the pending entry half, 1: print it */
	__u32 pad;
};

/* The process table the BPF side keeps, keyed by tgid. */
struct tp_proc_key {
	__u32 tgid;
};

/*
 * Policy-dependent widths: the generated code defines TP_BIN_WORDS and
 * TP_PID_WORDS before including this header; user space never reads the bits.
 */
#ifdef TP_BIN_WORDS
struct tp_proc {
	__u64 ktime;			/* exec (or fork) time, CLOCK_BOOTTIME ns */
	__u32 ppid;
	__u32 flags;
	__u64 bin_bits[TP_BIN_WORDS];	/* matchBinaries memberships */
	__u64 pid_bits[TP_PID_WORDS];	/* matchPIDs followForks memberships */
};
#endif

/* Context of the "learn" syscall program tprun runs for each /proc process. */
struct tp_learn_ctx {
	__u32 tgid;
	__u32 ppid;
	__u32 nspid;		/* pid in its own pid namespace */
	__u32 len;		/* bytes of path, NUL excluded */
	__u64 ktime;		/* start time, CLOCK_BOOTTIME ns */
	char path[TP_PATH_MAX];	/* binary, NUL terminated */
};

/*
 * --- kernel-object blobs (tp_kobj.bpf.h writes them, output_arg_kobj.c reads) ---
 * One fixed struct per type, the blob's bytes; fields a kernel lacks read as 0.
 * kernel_cap_t, cap_inheritable, cap_permitted and cap_effective are a bare
 * __u64 (the set's bits), capability a __s64. iov_iter and char_iovec are
 * byte blobs like char_buf (info: original size | TP_BLOB_TRUNCATED). nop is
 * an empty blob.
 */
#define TP_KOBJ_NAME_LEN	16	/* BPF_OBJ_NAME_LEN */
#define TP_KOBJ_KSYM_LEN	128	/* a perf_event's kprobe function name, NUL included */
#define TP_KOBJ_MODNAME_LEN	64	/* MODULE_NAME_LEN is 56 on 64-bit */
#define TP_KOBJ_IOVEC_MAX	8	/* char_iovec: iovecs read, at most */

struct tp_kobj_user_ns {
	__s32 level;		/* nesting level, 0 for the initial namespace */
	__u32 uid;		/* owner */
	__u32 gid;		/* group */
	__u32 inum;		/* ns.inum */
};

struct tp_kobj_cred {
	__u32 uid;
	__u32 gid;
	__u32 euid;
	__u32 egid;
	__u32 suid;
	__u32 sgid;
	__u32 fsuid;
	__u32 fsgid;
	__u32 securebits;	/* SECBIT_* */
	__u32 pad;
	__u64 cap_permitted;	/* capability sets, bit n = capability n */
	__u64 cap_effective;
	__u64 cap_inheritable;
	struct tp_kobj_user_ns user_ns;
};

/* bpf_attr (BPF_PROG_LOAD's fields) and bpf_prog */
struct tp_kobj_bpf_prog {
	__u32 prog_type;	/* enum bpf_prog_type */
	__u32 insn_cnt;
	char name[TP_KOBJ_NAME_LEN];
};

struct tp_kobj_bpf_map {
	__u32 map_type;		/* enum bpf_map_type */
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	char name[TP_KOBJ_NAME_LEN];
};

struct tp_kobj_perf_event {
	__u32 type;		/* attr.type: PERF_TYPE_* or a dynamic PMU's */
	__u32 pad;
	__u64 config;
	__u64 probe_offset;	/* attr.probe_offset (config2) */
	char kprobe_func[TP_KOBJ_KSYM_LEN];	/* dynamic PMUs: the string attr.kprobe_func points to */
};

/* module and load_info */
struct tp_kobj_module {
	__u64 taints;		/* module->taints: 1 << TAINT_* */
	__u32 sig_ok;		/* load_info: the signature verified */
	__u32 flags;		/* TP_KMODF_* */
	char name[TP_KOBJ_MODNAME_LEN];
};

#define TP_KMODF_SIG_OK	(1u << 0)	/* sig_ok was read (load_info on a CONFIG_MODULE_SIG kernel) */

/*
 * --- network arguments ------------------------------------------------------
 * The blobs of sock, socket, skb, sockaddr and net_device args (filled by
 * templates/bpf/tp_net.bpf.h, printed by runtime/output_arg_net.c). The
 * tuple is also what the network filters compare.
 */
struct tp_net_tuple {
	__u8 saddr[16];		/* network order; IPv4 in the first 4 bytes */
	__u8 daddr[16];
	__u16 family;		/* AF_* */
	__u16 protocol;		/* IPPROTO_* */
	__u16 sport;		/* host order */
	__u16 dport;		/* host order */
	__u8 state;		/* socks: TCP_* (skc_state) */
	__u8 pad[7];
};

/* sock, and socket (its ->sk) */
struct tp_ev_sock {
	struct tp_net_tuple t;
	__u64 cookie;		/* the sock's kernel address, as Tetragon's cookie is */
	__u32 mark;
	__u32 priority;
	__u16 type;		/* SOCK_* */
	__u8 pad[6];
};

/* skb: the IP header's addresses and protocol, TCP or UDP ports */
struct tp_ev_skb {
	struct tp_net_tuple t;
	__u32 hash;
	__u32 len;
	__u32 priority;
	__u32 mark;
	__u32 secpath_len;	/* not read yet: 0 */
	__u32 secpath_olen;	/* not read yet: 0 */
};

/* sockaddr: t.family, t.saddr (the address) and t.sport (the port) */
struct tp_ev_sockaddr {
	struct tp_net_tuple t;
};

#define TP_IFNAMSIZ	16

struct tp_ev_net_device {
	char name[TP_IFNAMSIZ];	/* NUL terminated */
};

#endif /* TP_EVENT_H */
