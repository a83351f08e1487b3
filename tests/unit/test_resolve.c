// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Unit tests for resolve and btfType: the BTF walk of gen/check/kbtf_path.c
 * against this machine's BTF (/sys/kernel/btf/vmlinux), its errors at their
 * FILE:LINE:COL through the checker (gen/check/resolve.c), and the resolver
 * gen/emit/resolve.c writes. Tetragon's semantics: ResolveBTFPath
 * (pkg/btf/btf.go), resolveBTFArg and formatBTFPath
 * (pkg/sensors/tracing/generic.go), extract_arg_depth (bpf/process/generic_arg.h).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/kbtf.h"
#include "tp_checkrun.h"
#include "tp_test.h"

/* Step i of p: its member (NULL for an index) and whether it reads. */
static void ck_step(const struct tp_kbtf_path *p, size_t i, const char *member, uint32_t index,
		    bool read)
{
	const struct tp_resolve_step *s = &p->res->steps[i];

	ck_assert_msg(i < p->res->nsteps, "step %zu of %zu", i, p->res->nsteps);
	if (member)
		ck_assert_msg(s->member && !strcmp(s->member, member), "step %zu: '%s', want '%s'",
			      i, s->member ? s->member : "(index)", member);
	else
		ck_assert_msg(!s->member && s->index == index, "step %zu: index %u, want %u", i,
			      s->index, index);
	ck_assert_msg(s->read == read, "step %zu reads: %d, want %d", i, s->read, read);
}

static void resolve_ok(const char *fn, bool raw, int param, const char *bt, const char *path,
		       struct tp_kbtf_path *p)
{
	int e = tp_kbtf__resolve(fn, raw, param, bt, path, p);

	ck_assert_msg(e == 0, "%s arg %d '%s': %d (%s)", fn, param, path, e, p->err);
}

START_TEST(test_walk)
{
	struct tp_kbtf_path p;

	/* security_file_open(struct file *): a pointer, then an unsigned long */
	resolve_ok("security_file_open", false, 0, NULL, "f_inode.i_ino", &p);
	ck_assert_str_eq(p.res->root, "struct file *");
	ck_assert_int_eq(p.res->nsteps, 2);
	ck_step(&p, 0, "f_inode", 0, true);
	ck_step(&p, 1, "i_ino", 0, true);
	ck_assert_msg(p.scalar && p.as == TP_ARG_NONE, "i_ino: a scalar Tetragon has no name for");
	ck_assert_str_eq(p.ktypes[0], "long unsigned int");
	tp_resolve__free(p.res);

	/* embedded structs add their offsets; pointers are read */
	resolve_ok("security_file_open", false, 0, NULL, "f_path.dentry.d_name.name", &p);
	ck_assert_int_eq(p.res->nsteps, 4);
	ck_step(&p, 0, "f_path", 0, false);
	ck_step(&p, 1, "dentry", 0, true);
	ck_step(&p, 2, "d_name", 0, false);
	ck_step(&p, 3, "name", 0, true);
	ck_assert_str_eq(p.ktypes[0], "unsigned char *");
	ck_assert_str_eq(p.ktypes[1], "char *");
	ck_assert_int_eq(p.as, TP_ARG_NONE);
	tp_resolve__free(p.res);

	/* the end an embedded struct: its address, typed by Tetragon's name for it */
	resolve_ok("security_file_open", false, 0, NULL, "f_path", &p);
	ck_step(&p, 0, "f_path", 0, false);
	ck_assert_int_eq(p.as, TP_ARG_PATH);
	ck_assert_str_eq(p.ktypes[0], "struct path *");
	tp_resolve__free(p.res);

	/* an LSM hook's prototype; pid_t is int to Tetragon */
	resolve_ok("bpf_lsm_bprm_check_security", false, 0, NULL, "mm.owner.real_parent.pid", &p);
	ck_assert_str_eq(p.res->root, "struct linux_binprm *");
	ck_assert_int_eq(p.as, TP_ARG_INT);
	ck_assert_str_eq(p.ktypes[0], "pid_t");
	tp_resolve__free(p.res);

	/* a char array: its address, a string */
	resolve_ok("bpf_lsm_bprm_check_security", false, 0, NULL, "mm.owner.comm", &p);
	ck_step(&p, 1, "owner", 0, true);
	ck_step(&p, 2, "comm", 0, false);
	ck_assert_str_eq(p.ktypes[0], "char *");
	ck_assert_int_eq(p.as, TP_ARG_NONE);
	tp_resolve__free(p.res);

	/* a raw tracepoint's TP_PROTO args, after the private data: bprm is arg 2 */
	resolve_ok("sched_process_exec", true, 2, NULL, "file", &p);
	ck_assert_str_eq(p.res->root, "struct linux_binprm *");
	ck_assert_int_eq(p.as, TP_ARG_FILE);
	tp_resolve__free(p.res);

	/* btfType: the arg is the struct's address */
	resolve_ok("security_socket_connect", false, 1, "sockaddr_in", "sin_port", &p);
	ck_assert_str_eq(p.res->root, "struct sockaddr_in *");
	ck_step(&p, 0, "sin_port", 0, true);
	ck_assert_str_eq(p.ktypes[0], "__be16");
	tp_resolve__free(p.res);

	/* an array index in bounds; the last byte of comm */
	resolve_ok("sched_process_exec", true, 0, NULL, "comm[15]", &p);
	ck_step(&p, 0, "comm", 0, false);
	ck_step(&p, 1, NULL, 15, true);
	tp_resolve__free(p.res);

	/* a pointer to pointers (struct file **fd): indexed, each element read */
	resolve_ok("sched_process_exec", true, 0, NULL, "files.fdt.fd[2].f_flags", &p);
	ck_step(&p, 2, "fd", 0, true);
	ck_step(&p, 3, NULL, 2, true);
	ck_step(&p, 4, "f_flags", 0, true);
	tp_resolve__free(p.res);
}
END_TEST

/* Tetragon's [0] for each further pointer level of the arg (addPaddingOnNestedPtr). */
START_TEST(test_nested_pointer_arg)
{
	struct tp_kbtf_path p;

	/* security_inode_copy_up(struct dentry *src, struct cred **new), Tetragon's doc */
	resolve_ok("security_inode_copy_up", false, 1, NULL, "user.uid.val", &p);
	ck_assert_str_eq(p.res->root, "struct cred **");
	ck_assert_int_eq(p.res->nsteps, 4);
	ck_step(&p, 0, NULL, 0, true);
	ck_step(&p, 1, "user", 0, true);
	ck_step(&p, 2, "uid", 0, false);
	ck_step(&p, 3, "val", 0, true);
	tp_resolve__free(p.res);
}
END_TEST

static void resolve_err(const char *fn, bool raw, int param, const char *bt, const char *path,
			int want, const char *err, int col)
{
	struct tp_kbtf_path p;
	int e = tp_kbtf__resolve(fn, raw, param, bt, path, &p);

	ck_assert_msg(e == want, "'%s': %d, want %d (%s)", path, e, want, p.err);
	ck_assert_msg(!strcmp(p.err, err), "'%s': '%s', want '%s'", path, p.err, err);
	ck_assert_msg(p.err_col == col, "'%s': column %d, want %d", path, p.err_col, col);
	tp_resolve__free(p.res);
}

START_TEST(test_walk_errors)
{
	resolve_err("security_file_open", false, 0, NULL, "f_inode.i_nope", -EINVAL,
		    "no field 'i_nope' in 'struct inode'", 8);
	resolve_err("security_file_open", false, 0, NULL, "f_inode.i_ino.x", -EINVAL,
		    "'i_ino' is 'long unsigned int', not a struct or union: it has no field 'x'",
		    14);
	resolve_err("sched_process_exec", true, 0, NULL, "comm[16]", -EINVAL,
		    "index 16 is out of range: 'comm' has 16 elements", 4);
	resolve_err("sched_process_exec", true, 0, NULL, "comm.x", -EINVAL,
		    "'comm' is an array (char[16]): index it with [N]", 5);
	resolve_err("sched_process_exec", true, 0, NULL, "pid[1]", -EINVAL,
		    "'pid' is 'pid_t', not an array or pointer: [1] cannot index it", 3);
	resolve_err("sched_process_exec", true, 0, NULL, "mm[1].owner", -EINVAL,
		    "indexing 'mm' (struct mm_struct *) is not supported: only pointers to "
		    "pointers or integers can be (Tetragon reads the element's first bytes as "
		    "a pointer)",
		    2);
	resolve_err("sched_process_exec", true, 0, NULL, "files.fdt.fd.f_flags", -EINVAL,
		    "'fd' is a pointer to a pointer (struct file **): follow it with [0]", 13);
	resolve_err("sched_process_exec", true, 1, NULL, "x", -EINVAL,
		    "the arg is 'pid_t', not a struct or union: it has no field 'x'", 0);
	resolve_err("security_socket_connect", false, 1, "no_such_struct_x", "a", -ENOENT,
		    "no struct 'no_such_struct_x' in the kernel's BTF", -1);
	resolve_err("security_file_open", false, 3, NULL, "a", -ENOENT,
		    "'security_file_open' has no argument 3", -1);
	/* formatBTFPath's errors */
	resolve_err("security_file_open", false, 0, NULL, "f_path..dentry", -EINVAL,
		    "invalid path: '.' after '.'", 7);
	resolve_err("security_file_open", false, 0, NULL, "f_path[0", -EINVAL,
		    "invalid path: '[' without ']'", 6);
	resolve_err("security_file_open", false, 0, NULL, "f_path[x]", -EINVAL,
		    "'[x]' is not an index: write [N]", 6);
	resolve_err("security_file_open", false, 0, NULL, "f-path", -EINVAL,
		    "'f-path' is not a field name", 0);
	/* MaxBTFArgDepth */
	resolve_err("sched_process_exec", true, 0, NULL,
		    "real_parent.real_parent.real_parent.real_parent.real_parent.real_parent."
		    "real_parent.real_parent.real_parent.real_parent.pid",
		    -EINVAL, "11 steps, at most 10 (Tetragon's MaxBTFArgDepth)", -1);
}
END_TEST

#define EXEC_RAW                                                                                   \
	HDR "  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n    raw: true\n" \
	    "    args:\n"

/* The checker: hook kinds, types, and where each error points. */
START_TEST(test_check)
{
	struct result r;

	/* the end's BTF type Tetragon names is what the arg is read as */
	run(&r, EXEC_RAW "    - {index: 2, resolve: file}\n"
			 "    - {index: 0, type: int, resolve: \"real_parent.tgid\"}\n");
	ck_assert_msg(!r.errors, "%s", r.out);
	ck_assert_int_eq(r.p->hooks[0].args[0].type, TP_ARG_FILE);
	ck_assert_int_eq(r.p->hooks[0].args[1].type, TP_ARG_INT);
	ck_assert_msg(r.p->hooks[0].args[0].res && r.p->hooks[0].args[0].res->nsteps == 1,
		      "the path kept");
	result_free(&r);
	CHECK_YAML(EXEC_RAW "    - {index: 0, type: uint32, resolve: \"real_parent.tgid\"}\n", 0,
		   "p.yaml:11:24: warning: tracepoint 'sched/sched_process_exec': arg 0: read as "
		   "'int', the type resolve 'real_parent.tgid' ends at, not as 'uint32' (as "
		   "Tetragon does)\n");
	/* an element that is not there: its column */
	CHECK_YAML(EXEC_RAW "    - index: 0\n      type: int\n      resolve: \"mm.ownr.pid\"\n", 1,
		   "p.yaml:13:20: error: tracepoint 'sched/sched_process_exec': arg 0: resolve "
		   "'mm.ownr.pid': no field 'ownr' in 'struct mm_struct'\n");
	/* a declared type that does not fit the end: refused; an integer: a warning */
	CHECK_YAML(
	    EXEC_RAW "    - index: 0\n      type: string\n      resolve: files\n", 1,
	    "p.yaml:12:13: error: tracepoint 'sched/sched_process_exec': arg 0: type "
	    "'string' does not match 'struct files_struct *', what resolve 'files' ends at\n");
	CHECK_YAML(
	    EXEC_RAW "    - index: 0\n      type: uint8\n      resolve: files\n", 0,
	    "p.yaml:12:13: warning: tracepoint 'sched/sched_process_exec': arg 0: type "
	    "'uint8' does not match 'struct files_struct *', what resolve 'files' ends at\n");
	/* Tetragon's BTF type wins: pid_t is read as int, whatever was declared */
	CHECK_YAML(EXEC_RAW "    - index: 0\n      type: string\n      resolve: pid\n", 0,
		   "p.yaml:12:13: warning: tracepoint 'sched/sched_process_exec': arg 0: read as "
		   "'int', the type resolve 'pid' ends at, not as 'string' (as Tetragon does)\n");
	CHECK_YAML(EXEC_RAW "    - index: 0\n      resolve: comm\n", 1,
		   "p.yaml:11:7: error: tracepoint 'sched/sched_process_exec': arg 0: type is "
		   "required (resolve 'comm' ends at 'char *')\n");
	/* hook kinds Tetragon does not resolve */
	CHECK_YAML(HDR "  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n"
		       "    args:\n    - {index: 5, type: int, resolve: pid}\n",
		   1,
		   "p.yaml:10:38: error: tracepoint 'sched/sched_process_exec': arg 5: resolve "
		   "is not supported without raw: true (Tetragon resolves the arguments of raw "
		   "tracepoints only)\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_openat\n    args:\n"
		       "    - {index: 1, type: int, resolve: flags}\n",
		   1,
		   "p.yaml:9:38: error: kprobe 'sys_openat': arg 1: resolve is not supported on a "
		   "syscall's arguments (they are user memory); hook a kernel function with "
		   "syscall: false\n");
	/* btfType without resolve, btfTypeModule without btfType: Tetragon ignores them */
	CHECK_YAML(HDR "  kprobes:\n  - call: security_socket_connect\n    syscall: false\n"
		       "    args:\n    - index: 1\n      type: uint16\n      btfType: sockaddr_in\n"
		       "    - index: 2\n      type: int\n      btfTypeModule: vmlinux\n",
		   2,
		   "p.yaml:12:16: error: kprobe 'security_socket_connect': arg 1: btfType needs "
		   "resolve (Tetragon ignores it without one)\n"
		   "p.yaml:15:7: error: kprobe 'security_socket_connect': arg 2: btfTypeModule "
		   "needs btfType\n");
	CHECK_OK(HDR "  kprobes:\n  - call: security_socket_connect\n    syscall: false\n"
		     "    args:\n    - index: 1\n      type: uint16\n      btfType: sockaddr_in\n"
		     "      btfTypeModule: vmlinux\n      resolve: sin_port\n");
	CHECK_YAML(HDR "  lsmhooks:\n  - hook: file_open\n    args:\n"
		       "    - {index: 0, type: file, btfType: nosuchstruct_x, resolve: a}\n",
		   1,
		   "p.yaml:9:39: error: lsmhook 'file_open': arg 0: no struct 'nosuchstruct_x' "
		   "in the kernel's BTF\n");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("resolve");
	TCase *tc = tcase_create("resolve");

	tcase_add_test(tc, test_walk);
	tcase_add_test(tc, test_nested_pointer_arg);
	tcase_add_test(tc, test_walk_errors);
	tcase_add_test(tc, test_check);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(suite());
}
