/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The blobs of kernel-object arguments in hook records: written by the BPF
 * readers (templates/bpf/tp_file.bpf.h, tp_net.bpf.h, tp_kobj.bpf.h),
 * decoded by libtp's JSON printers. A blob's bytes are one fixed struct per
 * type; fields a kernel lacks read as 0.
 */
#ifndef TP_ARG_BLOBS_H
#define TP_ARG_BLOBS_H

#ifndef __bpf__
#include <linux/types.h>
#endif

/*
 * --- syscall64 args ---
 * An integer, not a blob: the syscall number as Tetragon's syscall64 carries
 * it, in the bits below TP_SYSCALL64_I386, that bit set for a 32-bit (i386)
 * syscall.
 */
#define TP_SYSCALL64_I386 0x80000000u

/*
 * --- file, path, dentry, linux_binprm, kiocb and fd args (tp_file.bpf.h) ---
 * Their blob is the path; info's low bits are the inode's mode, and
 * TP_BLOB_TRUNCATED says the path was cut: with TP_FILE_CUT_FRONT its
 * leading components are missing (the walk was cut short: Tetragon's
 * "unresolvedPathComponents"), without it its end is (a name FollowFD took
 * from a string). filename args are strings.
 */
#define TP_FILE_MODE_MASK 0xffffu
#define TP_FILE_CUT_FRONT (1u << 29)

/*
 * --- kernel-object blobs (tp_kobj.bpf.h writes them, runtime/output/json_arg_kobj.c reads) -
 * One fixed struct per type, the blob's bytes; fields a kernel lacks read as 0.
 * kernel_cap_t, cap_inheritable, cap_permitted and cap_effective are a bare
 * __u64 (the set's bits), capability a __s64. iov_iter and char_iovec are
 * byte blobs like char_buf (info: original size | TP_BLOB_TRUNCATED). nop is
 * an empty blob.
 */
#define TP_KOBJ_NAME_LEN    16	/* BPF_OBJ_NAME_LEN */
#define TP_KOBJ_KSYM_LEN    128 /* a perf_event's kprobe function name, NUL included */
#define TP_KOBJ_MODNAME_LEN 64	/* MODULE_NAME_LEN is 56 on 64-bit */
#define TP_KOBJ_IOVEC_MAX   8	/* char_iovec: iovecs read, at most */

struct tp_kobj_user_ns {
	__s32 level; /* nesting level, 0 for the initial namespace */
	__u32 uid;   /* owner */
	__u32 gid;   /* group */
	__u32 inum;  /* ns.inum */
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
	__u32 securebits; /* SECBIT_* */
	__u32 pad;
	__u64 cap_permitted; /* capability sets, bit n = capability n */
	__u64 cap_effective;
	__u64 cap_inheritable;
	struct tp_kobj_user_ns user_ns;
};

/* bpf_attr (BPF_PROG_LOAD's fields) and bpf_prog */
struct tp_kobj_bpf_prog {
	__u32 prog_type; /* enum bpf_prog_type */
	__u32 insn_cnt;
	char name[TP_KOBJ_NAME_LEN];
};

struct tp_kobj_bpf_map {
	__u32 map_type; /* enum bpf_map_type */
	__u32 key_size;
	__u32 value_size;
	__u32 max_entries;
	char name[TP_KOBJ_NAME_LEN];
};

struct tp_kobj_perf_event {
	__u32 type; /* attr.type: PERF_TYPE_* or a dynamic PMU's */
	__u32 pad;
	__u64 config;
	__u64 probe_offset; /* attr.probe_offset (config2) */
	/* dynamic PMUs: the string attr.kprobe_func points to */
	char kprobe_func[TP_KOBJ_KSYM_LEN];
};

/* module and load_info */
struct tp_kobj_module {
	__u64 taints; /* module->taints: 1 << TAINT_* */
	__u32 sig_ok; /* load_info: the signature verified */
	__u32 flags;  /* TP_KMODF_* */
	char name[TP_KOBJ_MODNAME_LEN];
};

#define TP_KMODF_SIG_OK (1u << 0) /* sig_ok was read (load_info on a CONFIG_MODULE_SIG kernel) */

/*
 * --- network arguments ------------------------------------------------------
 * The blobs of sock, socket, skb, sockaddr, net_device and sockaddr_un args
 * (filled by templates/bpf/tp_net.bpf.h and tp_file.bpf.h, printed by
 * runtime/output/json_arg_net.c). The tuple is also what the network filters
 * compare.
 */
/* Address families a tuple holds (AF_*, the same on every architecture). */
#define TP_AF_UNIX  1
#define TP_AF_INET  2
#define TP_AF_INET6 10

struct tp_net_tuple {
	__u8 saddr[16]; /* network order; IPv4 in the first 4 bytes */
	__u8 daddr[16];
	__u16 family;	/* AF_* */
	__u16 protocol; /* IPPROTO_* */
	__u16 sport;	/* host order */
	__u16 dport;	/* host order */
	__u8 state;	/* socks: TCP_* (skc_state) */
	__u8 pad[7];
};

/* sock, and socket (its ->sk) */
struct tp_ev_sock {
	struct tp_net_tuple t;
	__u64 cookie; /* the sock's kernel address, as Tetragon's cookie is */
	__u32 mark;
	__u32 priority;
	__u16 type; /* SOCK_* */
	__u8 pad[6];
};

/* skb: the IP header's addresses and protocol, TCP or UDP ports */
struct tp_ev_skb {
	struct tp_net_tuple t;
	__u32 hash;
	__u32 len;
	__u32 priority;
	__u32 mark;
	__u32 secpath_len;  /* not read yet: 0 */
	__u32 secpath_olen; /* not read yet: 0 */
};

/* sockaddr: t.family, t.saddr (the address) and t.sport (the port) */
struct tp_ev_sockaddr {
	struct tp_net_tuple t;
};

#define TP_IFNAMSIZ 16

struct tp_ev_net_device {
	char name[TP_IFNAMSIZ]; /* NUL terminated */
};

/*
 * sockaddr_un (templates/bpf/tp_file.bpf.h): the blob is the path as the
 * filters compare it, Tetragon's sockaddr_un_type (bpf/process/types/
 * sockaddr_un.h): a filesystem socket's sun_path up to its NUL; an abstract
 * one's (sun_path[0] == 0) TP_SUN_PATH_MAX - 1 bytes after that NUL, NULs and
 * what lies past the address included, read from kernel memory only (from a
 * syscall's user pointer, none). The info's low bits are sun_family,
 * TP_SUN_ABSTRACT marks an abstract name.
 */
#define TP_SUN_PATH_MAX	   108 /* UNIX_PATH_MAX */
#define TP_SUN_FAMILY_MASK 0xffffu
#define TP_SUN_ABSTRACT	   (1u << 16)

#endif /* TP_ARG_BLOBS_H */
