/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The .tp.meta section: the hook table tpgen writes into every object and
 * tprun reads back. This header is the one definition of the format and of the
 * enums both sides (and the BPF templates) share.
 *
 * Layout, all integers little-endian u32, offsets relative to the section:
 *
 *   tp_meta_header
 *   tp_meta_hook[nhooks]         at hooks_off
 *   tp_meta_arg[...]             at each hook's args_off
 *   u32 tags[...]                at each hook's tags_off (string offsets)
 *   tp_meta_variant[...]         at each hook's variants_off
 *   tp_meta_fill[nfills]         at fills_off
 *   fill data                    at each fill's data_off
 *   string table                 at strtab_off; offset 0 is ""
 *
 * Every offset and count is validated by the reader before use.
 */
#ifndef TP_META_H
#define TP_META_H

#define TP_META_SECTION		".tp.meta"
#define TP_POLICY_SECTION	".tp.policy"
#define TP_META_MAGIC		"TPMETA\0\0"
#define TP_META_VERSION		1

/* Argument types: what BPF captures and how user space prints it. */
enum tp_arg_type {
	TP_ARG_NONE = 0,
	TP_ARG_INT,		/* int, sint32, int32 */
	TP_ARG_SINT8,		/* sint8, int8 */
	TP_ARG_UINT8,		/* uint8 */
	TP_ARG_SINT16,		/* sint16, int16 */
	TP_ARG_UINT16,		/* uint16 */
	TP_ARG_UINT32,		/* uint32 */
	TP_ARG_SINT64,		/* long, sint64, int64 */
	TP_ARG_UINT64,		/* ulong, uint64 */
	TP_ARG_SIZE_T,		/* size_t */
	TP_ARG_FD,		/* fd, captured as an integer */
	TP_ARG_SYSCALL64,	/* syscall id with the 32-bit ABI bit */
	TP_ARG_STRING,		/* NUL-terminated user (or kernel) string */
	TP_ARG_CHAR_BUF,	/* user buffer, length from sizeArgIndex */
	TP_ARG_CONST_BUF,	/* user buffer, length fixed by sizeArgIndex value */
	/* kernel objects, read through BTF (CO-RE); captured as typed blobs */
	TP_ARG_FILE,		/* struct file *: its path */
	TP_ARG_PATH,		/* struct path * */
	TP_ARG_DENTRY,		/* struct dentry * (path within its mount) */
	TP_ARG_FILENAME,	/* struct filename *: ->name */
	TP_ARG_LINUX_BINPRM,	/* struct linux_binprm *: the file's path */
	TP_ARG_KIOCB,		/* struct kiocb *: ki_filp's path */
	TP_ARG_SOCK,		/* struct sock * */
	TP_ARG_SKB,		/* struct sk_buff * */
	TP_ARG_SOCKADDR,	/* struct sockaddr * */
	TP_ARG_SOCKET,		/* struct socket *: its ->sk */
	TP_ARG_NET_DEVICE,	/* struct net_device *: name */
	TP_ARG_CRED,		/* struct cred * */
	TP_ARG_CAPABILITY,	/* int capability number */
	TP_ARG_KERNEL_CAP,	/* kernel_cap_t *: a capability set */
	TP_ARG_CAP_INHERITABLE,	/* kernel_cap_t *: an inheritable set (security_capset's) */
	TP_ARG_CAP_PERMITTED,	/* kernel_cap_t *: a permitted set */
	TP_ARG_CAP_EFFECTIVE,	/* kernel_cap_t *: an effective set */
	TP_ARG_USER_NS,		/* struct user_namespace * */
	TP_ARG_BPF_ATTR,	/* union bpf_attr * (BPF_PROG_LOAD fields) */
	TP_ARG_BPF_MAP,		/* struct bpf_map * */
	TP_ARG_BPF_PROG,	/* struct bpf_prog * */
	TP_ARG_PERF_EVENT,	/* struct perf_event * */
	TP_ARG_MODULE,		/* struct module * */
	TP_ARG_LOAD_INFO,	/* struct load_info * */
	TP_ARG_IOV_ITER,	/* struct iov_iter * */
	TP_ARG_CHAR_IOVEC,	/* const struct iovec *, count from sizeArgIndex */
	TP_ARG_DATA_LOC,	/* a tracepoint __data_loc field */
	TP_ARG_NOP,		/* declared, never read */
	TP_ARG__MAX,
};

enum tp_hook_kind {
	TP_HOOK_KPROBE = 1,	/* kprobes: (syscall or kernel function) */
	TP_HOOK_TRACEPOINT = 2,	/* tracepoints: */
	TP_HOOK_LSM = 3,	/* lsmhooks: */
};

#define TP_HOOKF_SYSCALL	(1u << 0)	/* kprobe with syscall: true */
#define TP_HOOKF_RETURN		(1u << 1)	/* return: true, events carry a return value */
#define TP_HOOKF_RAW		(1u << 2)	/* raw tracepoint */
#define TP_HOOKF_LIST		(1u << 3)	/* call: "list:NAME": one program, many functions */
#define TP_HOOKF_OVERRIDE	(1u << 4)	/* a selector overrides the return value */
#define TP_HOOKF_IGNORE_MISSING	(1u << 5)	/* ignore.callNotFound: skipped where the function is missing */
#define TP_HOOKF_ALL		((1u << 6) - 1)

/* How a hook is attached. Best first within a hook's variant list. */
enum tp_variant_kind {
	TP_VAR_FENTRY = 1,	/* fentry (+ fexit) on the target function */
	TP_VAR_KPROBE = 2,	/* kprobe (+ kretprobe) */
	TP_VAR_TRACEPOINT = 3,	/* tracepoint subsys/event (+ exit tracepoint) */
	TP_VAR_RAW_TP = 4,	/* raw tracepoint */
	TP_VAR_LSM = 5,		/* BPF LSM program on the hook */
	TP_VAR_FMOD_RET = 6,	/* fmod_ret (+ fexit): fentry that can set the return value */
	TP_VAR_KPROBE_MULTI = 7,	/* one kprobe.multi link for a list's functions */
};

/* Action numbers are Tetragon's KprobeAction values, so they print as-is. */
enum tp_action {
	TP_ACT_UNKNOWN = 0,
	TP_ACT_POST = 1,
	TP_ACT_FOLLOWFD = 2,
	TP_ACT_SIGKILL = 3,
	TP_ACT_UNFOLLOWFD = 4,
	TP_ACT_OVERRIDE = 5,
	TP_ACT_COPYFD = 6,
	TP_ACT_NOPOST = 9,
	TP_ACT_SIGNAL = 10,
};

#ifndef __bpf__
#include <stdint.h>

struct tp_meta_header {
	char magic[8];		/* TP_META_MAGIC */
	uint32_t version;	/* TP_META_VERSION */
	uint32_t size;		/* whole section, bytes */
	uint32_t policy_name;	/* string offset */
	uint32_t nhooks;
	uint32_t hooks_off;
	uint32_t nfills;
	uint32_t fills_off;
	uint32_t strtab_off;
	uint32_t strtab_size;
	uint32_t reserved;
};

struct tp_meta_arg {
	uint32_t index;		/* function arg index / tracepoint field index */
	uint32_t type;		/* enum tp_arg_type */
	uint32_t label;		/* string offset, "" when none */
	uint32_t size_arg;	/* char_buf/const_buf: 1-based arg index of the size, 0 none */
	uint32_t max_len;	/* strings and buffers: bytes captured at most */
	uint32_t field_name;	/* tracepoint: format field name, "" otherwise */
	uint32_t field_off;	/* tracepoint: offset in the record */
	uint32_t field_size;	/* tracepoint: size in the record */
};

struct tp_meta_variant {
	uint32_t kind;		/* enum tp_variant_kind */
	uint32_t target;	/* function name or "subsys/event" */
	uint32_t target_exit;	/* "subsys/event" of the exit tracepoint, "" otherwise */
	uint32_t prog;		/* entry program name */
	uint32_t prog_exit;	/* exit program name, "" when the hook has no return */
};

struct tp_meta_hook {
	uint32_t kind;		/* enum tp_hook_kind */
	uint32_t flags;		/* TP_HOOKF_* */
	uint32_t call;		/* as written in the policy: "sys_openat", "sched/x" */
	uint32_t function_name;	/* printed name: "__x64_sys_openat" */
	uint32_t subsys;	/* tracepoints */
	uint32_t event;		/* tracepoints */
	uint32_t message;	/* string offset */
	uint32_t ntags;
	uint32_t tags_off;	/* u32 string offsets */
	uint32_t nargs;
	uint32_t args_off;	/* tp_meta_arg[nargs] */
	struct tp_meta_arg ret;	/* returnArg; type TP_ARG_NONE when none */
	uint32_t nvariants;
	uint32_t variants_off;	/* tp_meta_variant[nvariants], best first */
	uint32_t line;		/* where the hook is in the policy, for messages */
};

/* A map tprun fills from the object after load, then freezes. */
struct tp_meta_fill {
	uint32_t map_name;	/* string offset */
	uint32_t key_size;
	uint32_t value_size;
	uint32_t count;		/* entries */
	uint32_t data_off;	/* count * (key_size + value_size) bytes */
};
#endif /* !__bpf__ */

#endif /* TP_META_H */
