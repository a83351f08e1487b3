/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The policy model: what tpgen's parser builds from TracingPolicy YAML and its
 * checker validates. Every node keeps the line and column it came from.
 *
 * Ownership: a tp_policy owns everything reachable from it; all strings are
 * heap copies; arrays are (pointer, count) pairs grown by the parser.
 */
#ifndef TP_POLICY_H
#define TP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tp/actions.h>
#include <tp/meta.h>

#include "vocab.h"

#include "action_params.h"
#include "ops.h"
#include "regs.h"

struct tp_loc {
	int line; /* 1-based; 0 when unknown */
	int col;  /* 1-based */
};

/* A scalar as written in YAML, before the checker gives it a type. */
struct tp_value {
	char *str;  /* bytes, NUL terminated for convenience */
	size_t len; /* bytes, may contain NULs ("\0" escapes) */
	struct tp_loc loc;
	/* filled by the checker */
	uint64_t num;	 /* integer operators: the value (two's complement) */
	uint64_t num_hi; /* InMap, InRange: a range's end (num: its start) */
};

/*
 * A checked resolve path: the steps Tetragon's ResolveBTFPath makes
 * (pkg/btf/btf.go), one per path element, numbered as its btf_arg depths.
 * Names come from the kernel's BTF, never from the policy's text.
 */
struct tp_resolve_step {
	char *member;	/* a field, by its BTF name; NULL for an [index] */
	uint32_t index; /* [index]: the element */
	bool read;	/* read the pointer (or, last, the integer) the step reaches */
	uint32_t off;	/* user BTF (btfPath): the bytes the step adds to the address */
	uint32_t size;	/* user BTF: the bytes it reads (read only) */
};

struct tp_resolve {
	char *root; /* the C type the arg value is cast to: "struct linux_binprm *" */
	struct tp_resolve_step *steps;
	size_t nsteps;
	bool user; /* uprobes, usdts: user memory, offsets from btfPath's BTF, not CO-RE */
};

/* Data entry i is arg TP_DATA_INDEX + i: no function arg has that index. */
#define TP_DATA_INDEX	     32
/* Tetragon's EventConfigMaxArgs: args and data together (generickprobe.go) */
#define TP_ARGS_AND_DATA_MAX 5

struct tp_arg {
	int index;	       /* kprobe: function arg; tracepoint: format field */
	enum tp_arg_type type; /* TP_ARG_NONE when the type is unknown to us */
	char *type_name;       /* as written, for messages */
	int size_arg_index;    /* sizeArgIndex, 1-based; 0 when absent */
	struct tp_loc size_arg_loc;
	char *label; /* label, NULL when absent */
	struct tp_loc label_loc;
	struct tp_loc loc;

	/* how the arg is read: returnCopy, maxData (where written, for messages) */
	bool return_copy; /* the buffer is read when the call returns */
	bool max_data;	  /* a char_buf captures up to TP_MAX_DATA bytes */
	struct tp_loc return_copy_loc;
	struct tp_loc max_data_loc;

	struct tp_loc type_loc;
	/* resolve, btfType: a path of struct fields from the arg (see struct tp_resolve) */
	char *resolve;		   /* as written, NULL when absent */
	struct tp_loc resolve_loc; /* its first character: an element's column adds to it */
	char *btf_type;		   /* btfType: the struct the arg points to, NULL when absent */
	struct tp_loc btf_type_loc;
	struct tp_loc btf_module_loc; /* btfTypeModule: vmlinux (line 0 when absent) */
	struct tp_resolve *res;	      /* filled by the checker: the path as BTF spells it */
	/*
	 * A data entry (kprobes' and uprobes' data): source current_task (Tetragon's
	 * hasCurrentTaskSource), resolve walks from the current task; or source pt_regs
	 * (hasPtRegsSource), resolve names a register, reg. It follows the args in
	 * tp_hook.args, with index TP_DATA_INDEX + its position in data.
	 */
	bool data;
	bool pt_regs;	 /* source: pt_regs (a data entry) */
	enum tp_reg reg; /* source pt_regs: the register; TP_REG_NONE when unknown (reported) */
	int reg_size;	 /* the bytes of it read: 8, 4, 2 or 1 (rax, eax, ax, al) */
	struct tp_loc source_loc; /* where source: is written (data entries) */
	/* filled by the checker for tracepoints */
	char *field_name; /* format field name */
	int field_off;	  /* offset in the tracepoint record */
	int field_size;	  /* size in the tracepoint record */
	bool field_signed;
};

/*
 * What every filter entry of a selector has (matchArgs, matchReturnArgs,
 * matchPIDs, matchBinaries, matchParentBinaries): its operator and its values, where written.
 */
#define TP_FILTER_ENTRY                                                   \
	enum tp_op op;		 /* TP_OP_NONE when unknown (reported) */ \
	char *op_name;		 /* as written, for messages */           \
	struct tp_value *values; /* the checker fills num for integers */ \
	size_t nvalues;                                                   \
	struct tp_loc loc;                                                \
	struct tp_loc op_loc

struct tp_match_arg {
	TP_FILTER_ENTRY;
	int index;	       /* which arg (see tp_hook) */
	bool has_index;	       /* index: is written */
	int pos_list[2];       /* args: positions in the hook's args list (Tetragon's */
	size_t npos;	       /* ArgSelector.Args); npos 0 when absent */
	struct tp_loc pos_loc; /* where args: is */
	bool data;	       /* a matchData entry (the checker moves it to matchArgs) */
	/* filled by the checker */
	int arg_pos;  /* position in tp_hook.args; -1 for matchReturnArgs */
	int arg2_pos; /* CapabilitiesGained: the new set's position (args[1]); -1 none */
};

struct tp_match_pid {
	TP_FILTER_ENTRY;   /* In or NotIn */
	bool follow_forks; /* followForks */
	bool is_ns_pid;	   /* isNamespacePID */
};

struct tp_match_binary {
	TP_FILTER_ENTRY;      /* In, NotIn, Prefix, NotPrefix, Postfix, NotPostfix */
	bool follow_children; /* followChildren */
};

/* matchNamespaces: the current task's namespace of one kind, by inode number or host_ns. */
struct tp_match_ns {
	TP_FILTER_ENTRY;      /* In or NotIn */
	char *ns_name;	      /* namespace: as written */
	struct tp_loc ns_loc; /* where */
	int kind;	      /* filled by the checker: enum tp_ns_kind */
	unsigned int host;    /* filled by the checker: bit i, values[i] is host_ns */
};

/* matchCapabilities: a capability set of the current task's credentials. */
struct tp_match_cap {
	TP_FILTER_ENTRY;	/* In or NotIn */
	char *type;		/* type: as written, NULL when absent (Effective) */
	struct tp_loc type_loc; /* where */
	bool is_ns;		/* isNamespaceCapability */
	int set;		/* filled by the checker: enum tp_cap_set */
	uint64_t mask;		/* filled by the checker: the capabilities' bits */
};

/* matchNamespaceChanges: namespaces that changed since exec (values: kinds). */
struct tp_match_ns_change {
	TP_FILTER_ENTRY;    /* In or NotIn */
	unsigned int kinds; /* filled by the checker: bit enum tp_ns_kind, the values */
};

struct tp_action_spec {
	enum tp_action action; /* TP_ACT_UNKNOWN for actions we do not support */
	char *name;	       /* as written */
	int arg_sig;	       /* Signal: argSig */
	bool has_arg_sig;
	struct tp_loc loc;
	int arg_error;	    /* Override: argError, the errno-style return value */
	bool has_arg_error; /* added by the parser: argError was given */
	int arg_fd;	    /* FollowFD, UnfollowFD, CopyFD: argFd, index of the fd arg */
	bool has_arg_fd;
	int arg_name; /* FollowFD: argName, the arg naming the file; CopyFD: new fd */
	bool has_arg_name;
	int arg_sock; /* TrackSock, UntrackSock: argSock, index of the sock or socket arg */
	bool has_arg_sock;
	char *arg_str;	    /* GetUrl: argUrl; DnsLookup: argFqdn; NULL when absent */
	int fd_pos;	    /* filled by the checker: argFd's position in args, or -1 */
	int name_pos;	    /* filled by the checker: argName's position in args, or -1 */
	int sock_pos;	    /* filled by the checker: argSock's position in args, or -1 */
	int arg_index;	    /* Set: argIndex, a position in args (0 when absent, as Tetragon) */
	uint32_t arg_value; /* Set: argValue, the 32 bits written (0 when absent) */
	int set_pos;	    /* filled by the checker: argIndex's arg, or -1 */
	char *rate_limit;   /* Post: rateLimit as written, NULL when absent */
	struct tp_loc rate_limit_loc;
	char *rate_limit_scope; /* rateLimitScope as written, NULL when absent */
	struct tp_loc rate_limit_scope_loc;
	uint32_t rate_limit_ms;	 /* filled by the checker: the window, 0 none */
	int rate_limit_scope_id; /* filled by the checker: enum tp_rl_scope */
	/* Post: kernelStackTrace, userStackTrace, and the first of them set */
	bool kernel_stack;
	bool user_stack;
	struct tp_loc stack_loc;
	unsigned int params; /* bit TP_AP_*: the parameter keys written */
	struct tp_loc param_loc[TP_AP__N];
	bool ima_hash;		    /* imaHash: true (Post on lsmhooks of a file or bprm) */
	struct tp_loc ima_hash_loc; /* where imaHash: true is written */
};

/* A key of the policy (a static name) and where it stands. */
struct tp_key_at {
	const char *key;
	struct tp_loc loc;
};

struct tp_selector {
	struct tp_match_arg *args; /* matchArgs */
	size_t nargs;
	struct tp_match_arg *ret_args; /* matchReturnArgs */
	size_t nret_args;
	struct tp_match_arg *data; /* matchData: index is a position in the hook's data */
	size_t ndata;
	struct tp_match_pid *pids; /* matchPIDs */
	size_t npids;
	struct tp_match_binary *binaries; /* matchBinaries */
	size_t nbinaries;
	struct tp_match_binary *parent_binaries; /* matchParentBinaries */
	size_t nparent_binaries;
	struct tp_match_ns *ns; /* matchNamespaces */
	size_t nns;
	struct tp_match_cap *caps; /* matchCapabilities */
	size_t ncaps;
	struct tp_match_ns_change *ns_changes; /* matchNamespaceChanges */
	size_t nns_changes;
	struct tp_match_cap *cap_changes; /* matchCapabilityChanges */
	size_t ncap_changes;
	struct tp_action_spec *actions; /* matchActions */
	size_t nactions;
	struct tp_action_spec *ret_actions; /* matchReturnActions */
	size_t nret_actions;
	struct tp_key_at *unsupported; /* filter keys we know but do not implement yet */
	size_t nunsupported;
	struct tp_loc loc;
};

enum tp_override_method {
	TP_OVERRIDE_ANY = 0,  /* the best the kernel has */
	TP_OVERRIDE_FMOD_RET, /* fmod_ret (or the LSM return value) only */
	TP_OVERRIDE_RETURN,   /* kprobe + bpf_override_return only */
};

/* imaHash: the file an lsmhook's Post hashes, the hook's first arg or its bprm->file */
enum tp_ima_of {
	TP_IMA_NONE = 0,
	TP_IMA_FILE, /* file_open(struct file *, ...) and the like */
	TP_IMA_BPRM, /* bprm_check_security(struct linux_binprm *) and the like */
};

struct tp_hook {
	enum tp_hook_kind kind;
	int policy; /* a set's (tpgen a.yaml b.yaml): the index of the policy it is from; 0 alone */
	/* kprobes; lsmhooks: hook */
	char *call;		    /* as written */
	bool syscall;		    /* syscall:, defaults to true */
	bool fentry;		    /* spec.fentries: BPF trampolines only, never a kprobe */
	bool syscall_written;	    /* syscall: is in the policy */
	struct tp_loc syscall_loc;  /* where */
	bool ret;		    /* return: */
	bool ignore_call_not_found; /* ignore.callNotFound: a missing function is skipped */
	struct tp_arg ret_arg;	    /* returnArg; type TP_ARG_NONE when absent */
	bool has_ret_arg;
	enum tp_action ret_arg_action; /* returnArgAction: TrackSock, UntrackSock; 0 none */
	/* tracepoints (loader: event is the syscall it takes, "mmap" or "mprotect") */
	char *subsystem;
	char *event;
	bool raw; /* raw: */
	/* uprobes: call is path:, the targets are symbols:, offsets: or addrs: */
	char **symbols;
	size_t nsymbols;
	uint64_t *offsets;
	size_t noffsets;
	uint64_t *addrs; /* addrs: virtual addresses in the binary */
	size_t naddrs;
	uint64_t *ref_ctr_offsets; /* refCtrOffsets: one per symbol, offset or address */
	size_t nref_ctr_offsets;
	/* uprobes, usdts: btfPath, the binary's BTF that resolve walks; NULL when absent */
	char *btf_path;
	struct tp_loc btf_path_loc;
	/* all */
	struct tp_arg *args;
	size_t nargs;
	char *message; /* NULL when absent */
	char **tags;
	size_t ntags;
	struct tp_selector *selectors;
	size_t nselectors;
	struct tp_loc loc;
	/* filled by the checker */
	char *function_name; /* kprobe target: "__x64_sys_openat"; lsm: the hook */
	char *syscall_name;  /* syscall hooks: "openat" */
	char **funcs;	     /* list hooks: the functions, as attached ("__x64_sys_dup") */
	size_t nfuncs;
	bool override;	      /* a selector overrides the return value */
	bool override_zero;   /* ... of a syscall with 0: only bpf_override_return skips it */
	bool no_kprobe_multi; /* options: disable-kprobe-multi */
	enum tp_override_method override_method; /* options: override-method */
	bool monitor;		 /* options: policy-mode: monitor (no Sigkill, Signal, Override) */
	enum tp_ima_of ima_hash; /* filled by the checker: a Post's imaHash, of which file */
	bool signal_only;	 /* enforcers: every NotifyEnforcer of the policy only signals */
};

/* spec.lists: a named set of functions, used as call: "list:NAME". */
struct tp_list {
	char *name;
	char *type; /* NULL, "syscalls", "generated_syscalls", "generated_ftrace" */
	struct tp_value *values;
	size_t nvalues;
	char *pattern; /* generated_ftrace */
	struct tp_loc pattern_loc;
	struct tp_loc loc;
	struct tp_loc type_loc;
};

/* spec.options: name/value pairs. */
struct tp_option {
	char *name;
	char *value; /* NULL when absent */
	struct tp_loc loc;
};

struct tp_policy {
	char *path;   /* file name, for messages */
	char *source; /* the YAML text, as read */
	size_t source_len;
	char *api_version;
	char *kind;		/* TracingPolicy or TracingPolicyNamespaced */
	char *name;		/* metadata.name */
	struct tp_loc name_loc; /* where its value is */
	struct tp_hook *hooks;	/* kprobes, tracepoints, lsmhooks, then uprobes, as written */
	size_t nhooks;
	struct tp_list *lists;
	size_t nlists;
	struct tp_option *options;
	size_t noptions;
	struct tp_loc loc;
	/*
	 * A set (gen/model/set.c): the checked policies it was merged from, in
	 * order, each without its hooks (they are here, tp_hook.policy naming
	 * theirs); NULL for a policy alone.
	 */
	struct tp_policy **members;
	size_t nmembers;
};

void tp_policy__free(struct tp_policy *p);
/* What a hook or an arg owns (the struct itself stays, to be zeroed or reused). */
void tp_hook__free(struct tp_hook *h);
/* What a selector owns (the struct itself stays). */
void tp_selector__free(struct tp_selector *s);
/* The position of the arg read at return (returnCopy), -1 when none. */
int tp_hook__return_copy_pos(const struct tp_hook *h);
/* Does the hook run at return: return: true, or an arg read then (returnCopy)? */
bool tp_hook__has_exit(const struct tp_hook *h);
/* The first data entry that reads a register (source: pt_regs), NULL when none. */
const struct tp_arg *tp_hook__reg_arg(const struct tp_hook *h);
void tp_arg__free(struct tp_arg *a);
void tp_resolve__free(struct tp_resolve *r);

/* Free n values and their array. */
void tp_values__free(struct tp_value *v, size_t n);

#endif /* TP_POLICY_H */
