/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The argument types of a policy: the one table every stage derives its
 * per-type decisions from (parser, checker, lowering, emitter, BPF readers,
 * event decoder, JSON and compact printers). Included by the BPF templates
 * (for the enum), tpgen and libtp.
 *
 * X(ID, NAME, CLASS, SIZE, SIGNED, FLAGS, CAPTURE, KTYPE, READER, JSON, PRINT, COMPACT)
 *   ID       TP_ARG_<ID>; the number is the row's position (stored in .tp.meta)
 *   NAME     the policy's name for the type (aliases: TP_ARG_ALIASES)
 *   CLASS    TP_ACL_<CLASS>: how filters read it and which operators apply
 *   SIZE     bytes of the integer events carry (and filters compare, unless
 *            TP_ARG_FILTER_INTS says otherwise), 0 if none
 *   SIGNED   that integer is signed
 *   FLAGS    TP_ARGF_* rules about where the type may be used
 *   CAPTURE  TP_CAPT_<CAPTURE>: the most bytes an event holds of it
 *   KTYPE    the kernel type a pointer argument points to (BTF name), for
 *            `type: auto`; NULL when no kernel type stands for it
 *   READER   T in the BPF helpers that read it: tp_out_T appends it to an
 *            event; per class also tp_slot_T (PATH, BYTES: read into a filter
 *            slot), tp_val_T (CAPS: the integer filters compare), tp_net_tuple_T
 *            (NET), tp_fd_follow_T (PATH and string: FollowFD's name);
 *            NULL for integers, which are read and cast inline
 *   JSON     Tetragon's KprobeArgument field for it; NULL: left out of events
 *   PRINT    P in libtp's JSON printer tp_json_arg__P
 *   COMPACT  TP_COMPACT_<COMPACT>: what `-o compact` shows of it
 */
#ifndef TP_ARG_TYPES_H
#define TP_ARG_TYPES_H

/* clang-format off */
#define TP_ARG_TYPES(X)								\
	X(INT,		"int",		INT,	4, 1, 0,			\
	  U64,	NULL,		NULL,		"int_arg",		int,	INT)	\
	X(SINT8,	"sint8",	INT,	1, 1, 0,			\
	  U64,	NULL,		NULL,		"int_arg",		int,	INT)	\
	X(UINT8,	"uint8",	INT,	1, 0, 0,			\
	  U64,	NULL,		NULL,		"uint_arg",		uint,	INT)	\
	X(SINT16,	"sint16",	INT,	2, 1, 0,			\
	  U64,	NULL,		NULL,		"int_arg",		int,	INT)	\
	X(UINT16,	"uint16",	INT,	2, 0, 0,			\
	  U64,	NULL,		NULL,		"uint_arg",		uint,	INT)	\
	X(UINT32,	"uint32",	INT,	4, 0, 0,			\
	  U64,	NULL,		NULL,		"uint_arg",		uint,	INT)	\
	X(SINT64,	"sint64",	INT,	8, 1, 0,			\
	  U64,	NULL,		NULL,		"long_arg",		long,	INT)	\
	X(UINT64,	"uint64",	INT,	8, 0, 0,			\
	  U64,	NULL,		NULL,		"size_arg",		size,	INT)	\
	X(SIZE_T,	"size_t",	INT,	8, 0, 0,			\
	  U64,	NULL,		NULL,		"size_arg",		size,	INT)	\
	X(FD,		"fd",		PATH,	4, 1, TP_ARGF_FILE | TP_ARGF_WALK,		\
	  STR,	NULL,		"fd",		"file_arg",		path,	TEXT)	\
	X(SYSCALL64,	"syscall64",	INT,	8, 0, 0,			\
	  U64,	NULL,		NULL,		"syscall_id",		syscall, SYSCALL) \
	X(STRING,	"string",	BYTES,	0, 0, TP_ARGF_FILE,		\
	  STR,	NULL,		"str",		"string_arg",		string,	TEXT)	\
	X(CHAR_BUF,	"char_buf",	BYTES,	0, 0,					\
	  TP_ARGF_SIZE_ARG | TP_ARGF_NO_TP | TP_ARGF_MAX_DATA,			\
	  BUF,	NULL,		"buf",		"bytes_arg",		bytes,	NONE)	\
	X(CONST_BUF,	"const_buf",	BYTES,	0, 0, TP_ARGF_SIZE_FIXED | TP_ARGF_NO_TP, \
	  BUF,	NULL,		"buf",		"bytes_arg",		bytes,	NONE)	\
	X(FILE,		"file",		PATH,	0, 0,					\
	  TP_ARGF_KERNEL | TP_ARGF_FILE | TP_ARGF_WALK,			\
	  STR,	"file",		"file",		"file_arg",		path,	TEXT)	\
	X(PATH,		"path",		PATH,	0, 0,					\
	  TP_ARGF_KERNEL | TP_ARGF_FILE | TP_ARGF_WALK,			\
	  STR,	"path",		"path",		"path_arg",		path,	TEXT)	\
	X(DENTRY,	"dentry",	PATH,	0, 0,					\
	  TP_ARGF_KERNEL | TP_ARGF_FILE | TP_ARGF_WALK,			\
	  STR,	"dentry",	"dentry",	"path_arg",		path,	TEXT)	\
	X(FILENAME,	"filename",	PATH,	0, 0, TP_ARGF_KERNEL | TP_ARGF_FILE,		\
	  STR,	"filename",	"filename",	"string_arg",		string,	TEXT)	\
	X(LINUX_BINPRM,	"linux_binprm",	PATH,	0, 0,					\
	  TP_ARGF_KERNEL | TP_ARGF_FILE | TP_ARGF_WALK,			\
	  STR,	"linux_binprm",	"linux_binprm",	"linux_binprm_arg",	path,	TEXT)	\
	X(KIOCB,	"kiocb",	PATH,	0, 0,					\
	  TP_ARGF_KERNEL | TP_ARGF_FILE | TP_ARGF_WALK,			\
	  STR,	"kiocb",	"kiocb",	"file_arg",		path,	TEXT)	\
	X(SOCK,		"sock",		NET,	0, 0, TP_ARGF_KERNEL,		\
	  OBJ,	"sock",		"sock",		"sock_arg",		sock,	NONE)	\
	X(SKB,		"skb",		NET,	0, 0, TP_ARGF_KERNEL | TP_ARGF_NO_STATE, \
	  OBJ,	"sk_buff",	"skb",		"skb_arg",		skb,	NONE)	\
	X(SOCKADDR,	"sockaddr",	NET,	0, 0, TP_ARGF_KERNEL | TP_ARGF_ONE_ADDR, \
	  OBJ,	"sockaddr",	"sockaddr",	"sockaddr_arg",		sockaddr, NONE)	\
	X(SOCKET,	"socket",	NET,	0, 0, TP_ARGF_KERNEL,		\
	  OBJ,	"socket",	"socket",	"sock_arg",		sock,	NONE)	\
	X(NET_DEVICE,	"net_device",	PATH,	0, 0, TP_ARGF_KERNEL,		\
	  OBJ,	"net_device",	"net_device",	"net_dev_arg",		net_dev, NONE)	\
	X(CRED,		"cred",		OBJECT,	0, 0, TP_ARGF_KERNEL,		\
	  OBJ,	"cred",		"cred",		"process_credentials_arg", cred, NONE)	\
	X(CAPABILITY,	"capability",	CAPS,	4, 1, TP_ARGF_KERNEL,		\
	  OBJ,	NULL,		"capability",	"capability_arg",	capability, NONE) \
	X(KERNEL_CAP,	"kernel_cap_t",	CAPS,	8, 0, TP_ARGF_KERNEL,		\
	  OBJ,	"kernel_cap_t",	"caps",		"kernel_cap_t_arg",	capset,	NONE)	\
	X(CAP_INHERITABLE, "cap_inheritable", CAPS, 8, 0, TP_ARGF_KERNEL,	\
	  OBJ,	NULL,		"caps",		"cap_inheritable_arg",	capset,	NONE)	\
	X(CAP_PERMITTED, "cap_permitted", CAPS,	8, 0, TP_ARGF_KERNEL,		\
	  OBJ,	NULL,		"caps",		"cap_permitted_arg",	capset,	NONE)	\
	X(CAP_EFFECTIVE, "cap_effective", CAPS,	8, 0, TP_ARGF_KERNEL,		\
	  OBJ,	NULL,		"caps",		"cap_effective_arg",	capset,	NONE)	\
	X(USER_NS,	"user_namespace", OBJECT, 0, 0, TP_ARGF_KERNEL,		\
	  OBJ,	"user_namespace", "user_namespace", "user_ns_arg",	user_ns, NONE)	\
	X(BPF_ATTR,	"bpf_attr",	OBJECT,	0, 0, TP_ARGF_KERNEL,		\
	  OBJ,	"bpf_attr",	"bpf_attr",	"bpf_attr_arg",		bpf_prog, NONE)	\
	X(BPF_MAP,	"bpf_map",	OBJECT,	0, 0, TP_ARGF_KERNEL,		\
	  OBJ,	"bpf_map",	"bpf_map",	"bpf_map_arg",		bpf_map, NONE)	\
	X(BPF_PROG,	"bpf_prog",	OBJECT,	0, 0, TP_ARGF_KERNEL,		\
	  OBJ,	"bpf_prog",	"bpf_prog",	"bpf_prog_arg",		bpf_prog, NONE)	\
	X(PERF_EVENT,	"perf_event",	OBJECT,	0, 0, TP_ARGF_KERNEL,		\
	  OBJ,	"perf_event",	"perf_event",	"perf_event_arg",	perf_event, NONE) \
	X(MODULE,	"module",	OBJECT,	0, 0, TP_ARGF_KERNEL,		\
	  OBJ,	"module",	"module",	"module_arg",		module,	NONE)	\
	X(LOAD_INFO,	"load_info",	OBJECT,	0, 0, TP_ARGF_KERNEL,		\
	  OBJ,	"load_info",	"load_info",	"module_arg",		load_info, NONE) \
	X(IOV_ITER,	"iov_iter",	OBJECT,	0, 0, TP_ARGF_KERNEL | TP_ARGF_MAX_DATA, \
	  BUF,	"iov_iter",	"iov_iter",	"bytes_arg",		bytes,	NONE)	\
	X(CHAR_IOVEC,	"char_iovec",	OBJECT,	0, 0, TP_ARGF_SIZE_ARG | TP_ARGF_NO_TP, \
	  BUF,	NULL,		"char_iovec",	"bytes_arg",		bytes,	NONE)	\
	X(DATA_LOC,	"data_loc",	BYTES,	0, 0, TP_ARGF_DATA_LOC,		\
	  STR,	NULL,		"str",		"string_arg",		string,	TEXT)	\
	X(NOP,		"nop",		OBJECT,	0, 0, TP_ARGF_KERNEL,		\
	  OBJ,	NULL,		"nop",		NULL,			nop,	NONE)	\
	X(SOCKADDR_UN,	"sockaddr_un",	PATH,	0, 0, TP_ARGF_MEM | TP_ARGF_NO_POSTFIX,	\
	  OBJ,	"sockaddr_un",	"sockaddr_un",	"sockaddrun_arg",	sockaddr_un, NONE) \
	X(BPF_CMD,	"bpf_cmd",	INT,	4, 1, TP_ARGF_KPROBE_ARG,	\
	  U64,	NULL,		NULL,		"bpf_cmd_arg",		bpf_cmd, INT)

/*
 * The integers Tetragon filters otherwise than SIZE and SIGNED say:
 * X(ID, BYTES, SIGNED, PARSE_SIGNED): its filters compare the arg's low BYTES
 * bytes, signed or zero-extended (Equal, GT, LT, Mask, InRange; InMap and
 * NotInMap look up any arg narrower than 8 bytes zero-extended), and its
 * values are read as signed numbers (strconv.ParseInt) or not (ParseUint).
 * Tetragon's filter_arg_1 (bpf/process/types/basic.h) reads a size_t, stored
 * as a u64, with filter_32ty's *(u32 *), unsigned (is_signed_type);
 * writeMatchValues (pkg/selectors/kernel.go) reads its values with
 * ParseInt(v, 0, 32). is_signed_type leaves s8 and s16 out too: filter_8ty and
 * filter_16ty compare *(u8 *) and *(u16 *) with the 32-bit value, so "-1" is
 * 0xffffffff to them, which no byte equals.
 */
#define TP_ARG_FILTER_INTS(X)							\
	X(SINT8,	1, 0, 1)						\
	X(SINT16,	2, 0, 1)						\
	X(SIZE_T,	4, 0, 1)

/* Other names policies use for a type: X(NAME, ID). "auto" is TP_ARG_NONE. */
#define TP_ARG_ALIASES(X)							\
	X("sint32", INT)							\
	X("int32", INT)								\
	X("int8", SINT8)							\
	X("int16", SINT16)							\
	X("long", SINT64)							\
	X("int64", SINT64)							\
	X("ulong", UINT64)							\
	X("unsigned long", UINT64)

/*
 * The kernel types a declared type may stand for: X(ID, KERNEL_TYPE), one row
 * per pair, spelled as Tetragon's typesCompatible (pkg/btf/validation.go)
 * spells them: BTF's names for a kernel function's parameters, the syscall's
 * source declaration (its tracepoint format) for syscalls. Tetragon keys its
 * table by the name written; rows here are the union over a type's names
 * ("int", "int32" and "sint32" are INT). A type without rows is not checked
 * (nop, const_buf, syscall64, data_loc: Tetragon has no row for them either).
 * kiocb and iov_iter have rows Tetragon's table lacks.
 */
#define TP_ARG_KERNEL_TYPES(X)							\
	X(UINT64, "u64")   X(UINT64, "void *")						\
	X(UINT64, "long unsigned int")   X(UINT64, "unsigned long")			\
	X(SINT64, "s64")   X(SINT64, "long")						\
	X(UINT32, "unsigned int")   X(UINT32, "u32")					\
	X(INT, "unsigned int")   X(INT, "int")   X(INT, "unsigned long")		\
	X(INT, "long")   X(INT, "uid_t")   X(INT, "gid_t")   X(INT, "u32")		\
	X(INT, "s32")									\
	X(SINT16, "s16")   X(SINT16, "short int")						\
	X(UINT16, "u16")   X(UINT16, "short unsigned int")   X(UINT16, "umode_t")	\
	X(UINT8, "u8")   X(UINT8, "unsigned char")					\
	X(SINT8, "const char *")   X(SINT8, "char *")   X(SINT8, "char")		\
	X(SIZE_T, "size_t")								\
	X(STRING, "const char *")   X(STRING, "char *")   X(STRING, "char")		\
	X(CHAR_BUF, "const char *")   X(CHAR_BUF, "char *")   X(CHAR_BUF, "void *")	\
	X(CHAR_IOVEC, "const struct iovec *")   X(CHAR_IOVEC, "struct iovec *")	\
	X(FD, "unsigned int")   X(FD, "int")   X(FD, "unsigned long")   X(FD, "long")	\
	X(FILENAME, "struct filename *")						\
	X(FILE, "struct file *")							\
	X(PATH, "struct path *")							\
	X(DENTRY, "struct dentry *")							\
	X(LINUX_BINPRM, "struct linux_binprm *")					\
	X(KIOCB, "struct kiocb *")							\
	X(IOV_ITER, "struct iov_iter *")						\
	X(SOCK, "struct sock *")							\
	X(SKB, "struct sk_buff *")							\
	X(SOCKADDR, "struct sockaddr *")						\
	X(SOCKET, "struct socket *")							\
	X(SOCKADDR_UN, "struct sockaddr_un *")   X(SOCKADDR_UN, "struct sockaddr *")	\
	X(BPF_CMD, "int")								\
	X(NET_DEVICE, "struct net_device *")						\
	X(CRED, "struct cred *")							\
	X(CAPABILITY, "int")								\
	X(KERNEL_CAP, "kernel_cap_t *")   X(CAP_INHERITABLE, "kernel_cap_t *")		\
	X(CAP_PERMITTED, "kernel_cap_t *")   X(CAP_EFFECTIVE, "kernel_cap_t *")	\
	X(USER_NS, "struct user_namespace *")						\
	X(BPF_ATTR, "union bpf_attr *")							\
	X(BPF_MAP, "struct bpf_map *")							\
	X(BPF_PROG, "struct bpf_prog *")						\
	X(PERF_EVENT, "struct perf_event *")						\
	X(MODULE, "struct module *")							\
	X(LOAD_INFO, "struct load_info *")
/* clang-format on */

enum tp_arg_type {
	TP_ARG_NONE = 0, /* `type: auto`, or not known yet */
			 /* clang-format off */
#define TP_ARG_ENUM(id, ...) TP_ARG_##id,
	TP_ARG_TYPES(TP_ARG_ENUM)
#undef TP_ARG_ENUM
	TP_ARG__MAX,
			 /* clang-format on */
};

/* How a type is read, filtered and captured. */
enum tp_arg_class {
	TP_ACL_NONE = 0,
	TP_ACL_INT,    /* an integer: compared and captured as a u64 */
	TP_ACL_BYTES,  /* string, buffers: read into a slot, byte operators */
	TP_ACL_PATH,   /* a kernel object's path or name: read into a slot, byte operators */
	TP_ACL_NET,    /* a socket or packet: port, address, protocol operators */
	TP_ACL_CAPS,   /* a capability or set: integer operators on tp_val_T, captured as a blob */
	TP_ACL_OBJECT, /* another kernel object: captured, not filtered */
};

/* Rules about where a type may stand. */
#define TP_ARGF_KERNEL                                                             \
	(1u << 0) /* a kernel object: kernel-function, LSM or raw tracepoint hooks \
		   */
#define TP_ARGF_SIZE_ARG   (1u << 1) /* sizeArgIndex names the (1-based) arg holding its size */
#define TP_ARGF_SIZE_FIXED (1u << 2) /* sizeArgIndex is its size in bytes */
#define TP_ARGF_DATA_LOC   (1u << 3) /* a tracepoint's __data_loc field, read as a string */
#define TP_ARGF_NO_TP	   (1u << 4) /* not on tracepoints */
#define TP_ARGF_NO_STATE   (1u << 5) /* NET: a packet, without a TCP state */
#define TP_ARGF_ONE_ADDR   (1u << 6) /* NET: one address and port, in the tuple's source fields */
#define TP_ARGF_FILE	   (1u << 7) /* names a file: FollowFD's argName (tp_fd_follow_T) */
/* PATH: tp_slot_T and tp_out_T take where the pointer points (TP_MEM_*): a syscall's is user's */
#define TP_ARGF_MEM	   (1u << 8)
#define TP_ARGF_NO_POSTFIX (1u << 9) /* PATH: no Postfix, NotPostfix (sockaddr_un) */
/* kprobe args only: a Tetragon user-space type, unknown to its LSM, tracepoint and return args */
#define TP_ARGF_KPROBE_ARG (1u << 10)
/* maxData reads up to TP_MAX_DATA bytes (tp_out_data, or tp_out_T_data for an object) */
#define TP_ARGF_MAX_DATA   (1u << 11)
/* PATH: a dentry walk's path, empty when the walk added nothing (a pipe, a socket, the root) */
#define TP_ARGF_WALK	   (1u << 12)

/* The most an event holds of one argument. */
enum tp_arg_capture {
	TP_CAPT_U64 = 1, /* the integer, 8 bytes */
	TP_CAPT_STR,	 /* a blob of up to TP_STR_MAX bytes */
	TP_CAPT_BUF,	 /* a blob of up to TP_BUF_MAX bytes */
	TP_CAPT_OBJ,	 /* a blob of up to TP_OBJ_MAX bytes (a typed kernel object) */
};

/* What `-o compact` shows of an argument. */
enum tp_arg_compact {
	TP_COMPACT_NONE = 0,
	TP_COMPACT_INT,	    /* the number */
	TP_COMPACT_SYSCALL, /* the syscall number, ABI bit cleared */
	TP_COMPACT_TEXT,    /* the string or path */
};

#endif /* TP_ARG_TYPES_H */
