/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the build machine's kernel BTF says about kernel functions, LSM hooks
 * and raw tracepoints: whether they exist, how many arguments they take, and
 * the argument type a policy's `type: auto` stands for.
 */
#ifndef TP_KBTF_H
#define TP_KBTF_H

#include <stdbool.h>

#include "model/policy.h"

#define TP_KBTF_MAX_ARGS 12

struct tp_kfunc_proto {
	int nargs;
	enum tp_arg_type args[TP_KBTF_MAX_ARGS]; /* TP_ARG_NONE: no type of ours fits */
	enum tp_arg_type ret;			 /* TP_ARG_NONE for void or unknown */
	char arg_names[TP_KBTF_MAX_ARGS][32];	 /* C parameter names, "" when unnamed */
	char arg_ktypes[TP_KBTF_MAX_ARGS][64];	 /* the types as Tetragon spells them */
	char ret_ktype[64];			 /* ("struct file *", "unsigned int") */
};

/*
 * Check against the kernel BTF in file path (a copy of the target's
 * /sys/kernel/btf/vmlinux, or a vmlinux ELF with a .BTF section) instead of this
 * machine's (path NULL: this machine's again): 0 or -errno.
 */
int tp_kbtf__use_file(const char *path);

/*
 * Check as if no kernel BTF were at hand (kernel functions unchecked, resolve
 * refused), until tp_kbtf__use_file: the fuzzer's answers then do not depend
 * on the machine it runs on.
 */
void tp_kbtf__use_none(void);

/* The file tp_kbtf__use_file named, NULL when the BTF is this machine's. */
const char *tp_kbtf__file(void);

/* The prototype of function name: 0, -ENOENT (no such function) or -ENODATA (no BTF). */
int tp_kbtf__func(const char *name, struct tp_kfunc_proto *out);

/*
 * The parameter types of a syscall as its source declares them, from the
 * BTF of __do_sys_NAME ("long int" spelled "long"): 0, -ENOENT or -ENODATA.
 */
int tp_kbtf__syscall(const char *name, struct tp_kfunc_proto *out);

/* Number of TP_PROTO arguments of raw tracepoint event, or -1 when BTF cannot say. */
int tp_kbtf__raw_tp_arity(const char *event);

/* What a resolve path reaches: tp_kbtf__resolve's answer. */
#define TP_KBTF_KTYPES	 4
#define TP_KBTF_MAX_PATH 10 /* Tetragon's MaxBTFArgDepth (pkg/api/tracingapi) */

struct tp_kbtf_path {
	struct tp_resolve *res; /* the steps, allocated (tp_resolve__free) */
	enum tp_arg_type as;	/* what Tetragon reads the end as (GenericTypeFromBTF), else NONE */
	bool scalar;		/* the end is an integer, read by the last step */
	/* the end's kernel type spelled as a parameter's ("struct path *", "pid_t"), then
	 * what its typedefs stand for ("int"); "" after the last */
	char ktypes[TP_KBTF_KTYPES][64];
	char err[256]; /* why not, when the answer is -ENOENT or -EINVAL */
	int err_col;   /* where in the path the error is, -1 when nowhere in it */
};

/*
 * Resolve path (Tetragon's syntax: "mm.owner.pid", "fdt.fd[3].f_flags") from
 * an arg: parameter param of kernel function fn, or of raw tracepoint fn
 * (raw_tp, its btf_trace_ prototype after the private data), or struct
 * btf_type at the arg's value when btf_type is not NULL. 0; -ENODATA (no
 * BTF); -ENOENT (no such function or struct) or -EINVAL (a bad path), with
 * out->err; -ENOMEM.
 */
int tp_kbtf__resolve(const char *fn, bool raw_tp, int param, const char *btf_type, const char *path,
		     struct tp_kbtf_path *out);
/*
 * The same for a uprobe's or usdt's arg: struct btf_type (required) of the
 * BTF in file btf_path (btfPath: raw BTF, or an ELF file with a .BTF
 * section), in user memory at the arg's value; the steps carry offsets and
 * sizes from that BTF. -ENODATA with out->err when the file cannot be read.
 */
int tp_kbtf__resolve_user(const char *btf_path, const char *btf_type, const char *path,
			  struct tp_kbtf_path *out);

#endif /* TP_KBTF_H */
