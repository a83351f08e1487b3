// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Unit tests for gen/check/: policy YAML -> parser -> checker, against the
 * fake tracefs under tests/unit/fixtures/tracefs, asserting the exact
 * diagnostics (with FILE:LINE:COL) the checker prints.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <tp/nscaps.h>

#include "check/values.h"
#include "corpus.h"
#include "tp_checkrun.h"
#include "tp_test.h"

/* --- policy --------------------------------------------------------------- */

START_TEST(test_policy_name)
{
	struct result r;
	char long_name[300];

	CHECK_YAML("apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n"
		   "  name: \"Block-secret files\"\nspec:\n"
		   "  kprobes:\n  - call: sys_getpid\n",
		   1,
		   "p.yaml:1:1: error: policy name 'Block-secret files' is invalid: use only "
		   "A-Z a-z 0-9 . _ -\n");
	CHECK_OK("apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n"
		 "  name: \"Block-screct_files.v2\"\nspec:\n"
		 "  kprobes:\n  - call: sys_getpid\n");
	CHECK_YAML("apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n"
		   "  name: \"\"\nspec:\n  kprobes:\n  - call: sys_getpid\n",
		   1, "p.yaml:1:1: error: policy name is empty\n");

	memset(long_name, 'a', 254);
	long_name[254] = '\0';
	run(&r, "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n"
		"  name: placeholder\nspec:\n  kprobes:\n  - call: sys_getpid\n");
	free(r.p->name);
	r.p->name = strdup(long_name);
	check_model(&r, tp_test_target());
	ASSERT_OUT(&r, "p.yaml:1:1: error: policy name is longer than 253 characters\n");
	long_name[253] = '\0';
	free(r.p->name);
	r.p->name = strdup(long_name);
	check_model(&r, tp_test_target());
	ASSERT_OUT(&r, "");
	result_free(&r);
}
END_TEST

START_TEST(test_policy_no_hooks)
{
	CHECK_YAML(HDR "  kprobes: []\n", 1, "p.yaml:1:1: error: policy has no hooks\n");
	CHECK_YAML(HDR "  tracepoints: []\n", 1, "p.yaml:1:1: error: policy has no hooks\n");
}
END_TEST

/* --- syscall kprobes ---------------------------------------------------------- */

START_TEST(test_syscall_valid)
{
	struct result r;
	struct tp_hook *h;

	run(&r, HDR "  kprobes:\n"
		    "  - call: \"sys_openat\"\n"
		    "    args:\n"
		    "    - index: 0\n"
		    "      type: int\n"
		    "    - index: 1\n"
		    "      type: string\n"
		    "  - call: \"__x64_sys_write\"\n"
		    "    syscall: true\n");
	ASSERT_OUT(&r, "");
	ck_assert_int_eq(r.errors, 0);
	h = &r.p->hooks[0];
	ck_assert_str_eq(h->function_name, "__x64_sys_openat");
	ck_assert_str_eq(h->syscall_name, "openat");
	h = &r.p->hooks[1];
	ck_assert_str_eq(h->function_name, "__x64_sys_write");
	ck_assert_str_eq(h->syscall_name, "write");

	/* a second check starts afresh and leaks nothing */
	check_model(&r, tp_test_target());
	ASSERT_OUT(&r, "");
	ck_assert_str_eq(r.p->hooks[0].function_name, "__x64_sys_openat");
	result_free(&r);
}
END_TEST

START_TEST(test_syscall_prefix_other_arch)
{
	struct tp_target t = { .tracefs = tp_test_tracefs(), .arch_prefix = "__arm64_" };
	struct result r;

	run_target(&r, HDR "  kprobes:\n  - call: __arm64_sys_openat\n  - call: sys_openat\n", &t);
	ASSERT_OUT(&r, "");
	ck_assert_str_eq(r.p->hooks[0].function_name, "__arm64_sys_openat");
	ck_assert_str_eq(r.p->hooks[1].function_name, "__arm64_sys_openat");
	result_free(&r);

	t.arch_prefix = "";
	run_target(&r, HDR "  kprobes:\n  - call: sys_openat\n", &t);
	ASSERT_OUT(&r, "");
	ck_assert_str_eq(r.p->hooks[0].function_name, "sys_openat");
	result_free(&r);

	CHECK_YAML(HDR "  kprobes:\n  - call: __arm64_sys_openat\n", 1,
		   "p.yaml:7:5: error: kprobe '__arm64_sys_openat': '__arm64_' is not the syscall "
		   "prefix of this machine (write 'sys_openat')\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: __ia32_sys_dup\n", 1,
		   "p.yaml:7:5: error: kprobe '__ia32_sys_dup': '__ia32_' is not the syscall "
		   "prefix of this machine (write 'sys_dup')\n");
}
END_TEST

/*
 * tpgen --target arm64: syscall symbols get arm64's prefix (Tetragon's
 * arch.AddSyscallPrefix), syscall lists arm64's numbers (syscallinfo/arm64);
 * struct pt_regs's registers, which tpgen only knows for x86-64, are refused.
 */
#define SYSCALL_LIST_YAML                                                                   \
	HDR "  lists:\n  - name: sc\n    type: syscalls\n    values: [sys_dup]\n"           \
	    "  tracepoints:\n  - subsystem: raw_syscalls\n    event: sys_enter\n"           \
	    "    args:\n    - index: 4\n      type: syscall64\n"                            \
	    "    selectors:\n    - matchArgs:\n      - index: 4\n        operator: InMap\n" \
	    "        values: [\"list:sc\"]\n"
#define SYSCALL_LIST_X64_YAML                                                               \
	HDR "  lists:\n  - name: sc\n    type: syscalls\n    values: [x64/sys_dup]\n"       \
	    "  tracepoints:\n  - subsystem: raw_syscalls\n    event: sys_enter\n"           \
	    "    args:\n    - index: 4\n      type: syscall64\n"                            \
	    "    selectors:\n    - matchArgs:\n      - index: 4\n        operator: InMap\n" \
	    "        values: [\"list:sc\"]\n"
#define PT_REGS_YAML                                        \
	HDR "  kprobes:\n  - call: sys_openat\n    data:\n" \
	    "    - {source: pt_regs, resolve: rdi, type: uint64}\n"

START_TEST(test_target_arm64)
{
	struct tp_target t = { .tracefs = tp_test_tracefs() };
	struct result r;

	tp_target__set_arch(&t, TP_ARCH_ARM64);
	ck_assert_str_eq(t.arch_prefix, "__arm64_");
	run_target(&r, HDR "  kprobes:\n  - call: sys_openat\n", &t);
	ASSERT_OUT(&r, "");
	ck_assert_str_eq(r.p->hooks[0].function_name, "__arm64_sys_openat");
	result_free(&r);

	/* x86-64 builds both */
	run(&r, SYSCALL_LIST_YAML);
	ASSERT_OUT(&r, "");
	result_free(&r);
	run(&r, PT_REGS_YAML);
	ASSERT_OUT(&r, "");
	result_free(&r);

	/* arm64's numbers: dup is 23 there (x86-64: 32); "x64/" is not its ABI */
	run_target(&r, SYSCALL_LIST_YAML, &t);
	ASSERT_OUT(&r, "");
	ck_assert_uint_eq(r.p->hooks[0].selectors[0].args[0].values[0].num, 23);
	result_free(&r);
	run(&r, SYSCALL_LIST_YAML);
	ck_assert_uint_eq(r.p->hooks[0].selectors[0].args[0].values[0].num, 32);
	result_free(&r);
	run_target(&r, SYSCALL_LIST_X64_YAML, &t);
	ASSERT_OUT(&r, "p.yaml:9:14: error: tracepoint 'raw_syscalls/sys_enter': list 'sc': "
		       "'x64/sys_dup' is not a syscall of this machine's ABIs (arm64)\n");
	result_free(&r);
	/* a function arm64 has but no syscall number calls: Tetragon attaches, never fires */
	t.tracefs = "/nonexistent"; /* the fixture has no sys_open */
	run_target(&r, HDR "  kprobes:\n  - call: sys_open\n", &t);
	ASSERT_OUT(&r,
		   "p.yaml:7:5: warning: kprobe 'sys_open': 'open' is not a syscall of arm64 (its "
		   "table in this machine's uapi headers): nothing calls __arm64_sys_open there\n"
		   "p.yaml: warning: cannot check syscall names: no syscall tracepoints in "
		   "/nonexistent\n");
	t.tracefs = tp_test_tracefs();
	result_free(&r);
	run_target(&r, PT_REGS_YAML, &t);
	ASSERT_OUT(&r, "p.yaml:9:7: error: kprobe 'sys_openat': data 0: source pt_regs for "
		       "--target arm64 is not supported yet\n");
	result_free(&r);
}
END_TEST

START_TEST(test_syscall_bad_names)
{
	CHECK_YAML(HDR "  kprobes:\n  - call: openat\n", 1,
		   "p.yaml:7:5: error: kprobe 'openat': a syscall call must start with 'sys_' "
		   "(e.g. 'sys_openat')\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_\n", 1,
		   "p.yaml:7:5: error: kprobe 'sys_': invalid syscall name\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_../../x\n", 1,
		   "p.yaml:7:5: error: kprobe 'sys_../../x': invalid syscall name\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_nosuchcall\n", 1,
		   "p.yaml:7:5: error: kprobe 'sys_nosuchcall': no such syscall\n");
}
END_TEST

START_TEST(test_syscall_no_tracefs)
{
	struct tp_target t = { .tracefs = "/nonexistent", .arch_prefix = "__x64_" };
	struct result r;

	/* one warning for the whole policy, names accepted */
	run_target(&r,
		   HDR "  kprobes:\n  - call: sys_whatever\n  - call: sys_other\n"
		       "    args:\n    - index: 5\n      type: int\n",
		   &t);
	ASSERT_OUT(&r, "p.yaml: warning: cannot check syscall names: no syscall tracepoints in "
		       "/nonexistent\n");
	ck_assert_int_eq(r.errors, 0);
	ck_assert_int_eq(r.warnings, 1);
	ck_assert_str_eq(r.p->hooks[0].function_name, "__x64_sys_whatever");
	result_free(&r);
}
END_TEST

START_TEST(test_syscall_arg_index)
{
	CHECK_YAML(HDR "  kprobes:\n"
		       "  - call: sys_openat\n"
		       "    args:\n"
		       "    - index: 3\n"
		       "      type: uint16\n"
		       "    - index: 4\n"
		       "      type: int\n"
		       "    - index: 6\n"
		       "      type: int\n",
		   2,
		   "p.yaml:11:7: error: kprobe 'sys_openat': arg 4: index out of range (openat "
		   "takes "
		   "4 arguments)\n"
		   "p.yaml:13:7: error: kprobe 'sys_openat': arg 6: index out of range (syscalls "
		   "have "
		   "at most 6 arguments, 0 to 5)\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_getpid\n    args:\n    - index: 0\n"
		       "      type: int\n",
		   1,
		   "p.yaml:9:7: error: kprobe 'sys_getpid': arg 0: index out of range (getpid "
		   "takes 0 "
		   "arguments)\n");
}
END_TEST

START_TEST(test_kprobe_lists_and_functions)
{
	CHECK_YAML(HDR "  kprobes:\n  - call: \"list:dups\"\n", 1,
		   "p.yaml:7:5: error: kprobe 'list:dups': no list named 'dups' in spec.lists\n");
	/* kernel functions: checked against this machine's BTF, auto types from it */
	CHECK_OK(HDR "  kprobes:\n  - call: fd_install\n    syscall: false\n"
		     "    args:\n    - index: 0\n      type: auto\n    - index: 1\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: no_such_function_here\n    syscall: false\n", 1,
		   "p.yaml:7:5: error: kprobe 'no_such_function_here': kernel function "
		   "'no_such_function_here' not found in this kernel's BTF\n");
	CHECK_YAML(HDR
		   "  kprobes:\n  - call: fd_install\n    syscall: false\n"
		   "    args:\n    - index: 2\n      type: int\n    - index: 6\n      type: int\n",
		   2,
		   "p.yaml:10:7: error: kprobe 'fd_install': arg 2: index out of range "
		   "(fd_install takes 2 arguments)\n"
		   "p.yaml:12:7: error: kprobe 'fd_install': arg 6: index out of range "
		   "(arguments 0 to 5 are passed in registers and can be read)\n");
	/* lists */
	CHECK_OK(HDR "  lists:\n  - name: dups\n    type: syscalls\n"
		     "    values: [sys_dup, sys_dup2]\n"
		     "  kprobes:\n  - call: \"list:dups\"\n    args:\n    - index: 0\n"
		     "      type: int\n");
	CHECK_OK(HDR "  lists:\n  - name: fns\n    values: [fd_install, do_mkdirat]\n"
		     "  kprobes:\n  - call: \"list:fns\"\n    syscall: false\n");
	CHECK_YAML(HDR "  lists:\n  - name: x\n    type: weird\n    values: [a]\n"
		       "  kprobes:\n  - call: \"list:x\"\n",
		   1,
		   "p.yaml:8:11: error: kprobe 'list:x': list 'x': unknown type 'weird' "
		   "(expected syscalls, generated_syscalls or generated_ftrace)\n");
	/* options: checked once, whatever the number of hooks */
	CHECK_YAML(
	    HDR "  options:\n  - name: policy-mode\n    value: audit\n"
		"  - name: override-method\n    value: kprobe\n  - name: frobnicate\n"
		"  kprobes:\n  - call: fd_install\n    syscall: false\n"
		"  - call: do_mkdirat\n    syscall: false\n",
	    3,
	    "p.yaml:7:5: error: option policy-mode: 'audit' is not enforce or monitor\n"
	    "p.yaml:9:5: error: option override-method: 'kprobe' is not fmod-ret or "
	    "override-return\n"
	    "p.yaml:11:5: error: option 'frobnicate' is not supported (tpgen knows "
	    "disable-kprobe-multi, disable-uprobe-multi, override-method and policy-mode)\n");
	/* fentries: checked as kprobes are, named as fentries; Override through fmod_ret only */
	CHECK_OK(HDR "  fentries:\n  - call: fd_install\n    syscall: false\n"
		     "    args:\n    - index: 1\n      type: file\n"
		     "  - call: sys_openat\n    args:\n    - index: 1\n      type: string\n");
	CHECK_YAML(HDR "  fentries:\n  - call: fd_install\n    syscall: false\n"
		       "    args:\n    - index: 6\n      type: int\n",
		   1,
		   "p.yaml:10:7: error: fentry 'fd_install': arg 6: index out of range "
		   "(arguments 0 to 5 are passed in registers and can be read)\n");
	CHECK_YAML(HDR "  options:\n  - name: override-method\n    value: override-return\n"
		       "  fentries:\n  - call: security_file_open\n    syscall: false\n"
		       "    selectors:\n    - matchActions:\n      - action: Override\n"
		       "        argError: -1\n",
		   1,
		   "p.yaml:7:5: error: fentry 'security_file_open': option override-method: "
		   "override-return is not supported with fentries (a fentries hook overrides "
		   "through fmod_ret only)\n");
	CHECK_OK(HDR "  options:\n  - name: override-method\n    value: fmod-ret\n"
		     "  fentries:\n  - call: security_file_open\n    syscall: false\n"
		     "    selectors:\n    - matchActions:\n      - action: Override\n"
		     "        argError: -1\n");
	/* the multi options read their value as Go's strconv.ParseBool does */
	CHECK_OK(HDR "  options:\n  - name: disable-kprobe-multi\n    value: T\n"
		     "  - name: disable-uprobe-multi\n    value: \"0\"\n"
		     "  kprobes:\n  - call: fd_install\n    syscall: false\n");
	CHECK_YAML(HDR "  options:\n  - name: disable-kprobe-multi\n    value: enabled\n"
		       "  - name: disable-uprobe-multi\n"
		       "  kprobes:\n  - call: fd_install\n    syscall: false\n",
		   2,
		   "p.yaml:7:5: error: option disable-kprobe-multi: 'enabled' is not a boolean "
		   "(true, false, 1, 0, ...)\n"
		   "p.yaml:9:5: error: option disable-uprobe-multi: '' is not a boolean "
		   "(true, false, 1, 0, ...)\n");
	/* Override: any value on a function (security_inode_copy_up_xattr's 1 means
	 * "discard"), 0 or -errno from an LSM hook */
	CHECK_OK(HDR "  kprobes:\n  - call: security_inode_copy_up_xattr\n    syscall: false\n"
		     "    selectors:\n    - matchActions:\n      - action: Override\n"
		     "        argError: 1\n");
	/* only on syscalls and security_ functions: Tetragon's validateOverride
	 * (pkg/sensors/tracing/generickprobe.go) refuses the policy otherwise */
	CHECK_YAML(HDR "  kprobes:\n  - call: fd_install\n    syscall: false\n"
		       "    selectors:\n    - matchActions:\n      - action: Override\n"
		       "        argError: -1\n",
		   1,
		   "p.yaml:11:9: error: kprobe 'fd_install': action 'Override' can be used only "
		   "with syscalls and security_ hooks, as in Tetragon\n");
	/* argError 0 (or none) skips a syscall only through bpf_override_return */
	CHECK_YAML(HDR "  options:\n  - name: override-method\n    value: fmod-ret\n"
		       "  kprobes:\n  - call: sys_openat\n"
		       "    selectors:\n    - matchActions:\n      - action: Override\n",
		   1,
		   "p.yaml:13:9: error: kprobe 'sys_openat': action 'Override' with argError 0 "
		   "skips a syscall only through bpf_override_return, which override-method "
		   "fmod-ret leaves out\n");
	CHECK_YAML(HDR "  lsmhooks:\n  - hook: file_open\n"
		       "    selectors:\n    - matchActions:\n      - action: Override\n"
		       "        argError: 1\n",
		   1,
		   "p.yaml:10:9: error: lsmhook 'file_open': action 'Override': argError 1 is not "
		   "an error number (-4095 to 0), which an LSM hook must return\n");
	/* LSM hooks exist when bpf_lsm_<hook> does */
	CHECK_OK(HDR "  lsmhooks:\n  - hook: file_open\n    args:\n    - index: 0\n"
		     "      type: int\n");
	CHECK_YAML(HDR "  lsmhooks:\n  - hook: no_such_hook\n", 1,
		   "p.yaml:7:5: error: lsmhook 'no_such_hook': no LSM hook 'no_such_hook' in this "
		   "kernel (no bpf_lsm_no_such_hook in its BTF)\n");
}
END_TEST

/* --- arg types ------------------------------------------------------------- */

START_TEST(test_arg_types)
{
	CHECK_YAML(HDR "  kprobes:\n"
		       "  - call: sys_openat\n"
		       "    args:\n"
		       "    - index: 0\n"
		       "      type: \"file\"\n"
		       "    - index: 1\n"
		       "      type: \"filez\"\n"
		       "    - index: 2\n"
		       "    - index: 3\n"
		       "      type: auto\n"
		       "    - index: 2\n"
		       "      type: int\n",
		   5,
		   "p.yaml:10:13: error: kprobe 'sys_openat': arg 0: type 'file' is a kernel "
		   "object: it needs a kernel-function (syscall: false), LSM or raw tracepoint "
		   "hook\n"
		   "p.yaml:12:13: error: kprobe 'sys_openat': arg 1: unknown type 'filez'\n"
		   "p.yaml:13:7: error: kprobe 'sys_openat': arg 2: type is required\n"
		   "p.yaml:15:13: error: kprobe 'sys_openat': arg 3: type is required\n"
		   "p.yaml:16:7: error: kprobe 'sys_openat': arg 2: index 2 is declared twice\n");
}
END_TEST

START_TEST(test_char_buf)
{
	/* Tetragon's write.yaml: sizeArgIndex 3 is function arg 2 */
	CHECK_OK(HDR "  kprobes:\n"
		     "  - call: sys_write\n"
		     "    args:\n"
		     "    - index: 0\n"
		     "      type: int\n"
		     "    - index: 1\n"
		     "      type: char_buf\n"
		     "      sizeArgIndex: 3\n"
		     "    - index: 2\n"
		     "      type: size_t\n");
	CHECK_YAML(HDR "  kprobes:\n"
		       "  - call: sys_write\n"
		       "    args:\n"
		       "    - index: 1\n"
		       "      type: char_buf\n",
		   1,
		   "p.yaml:9:7: error: kprobe 'sys_write': arg 1: type 'char_buf' needs "
		   "sizeArgIndex\n");
	CHECK_YAML(HDR "  kprobes:\n"
		       "  - call: sys_write\n"
		       "    args:\n"
		       "    - index: 1\n"
		       "      type: char_buf\n"
		       "      sizeArgIndex: 3\n",
		   1,
		   "p.yaml:9:7: error: kprobe 'sys_write': arg 1: sizeArgIndex 3 names arg 2, "
		   "which is not declared (sizeArgIndex is 1-based)\n");
	CHECK_YAML(HDR "  kprobes:\n"
		       "  - call: sys_write\n"
		       "    args:\n"
		       "    - index: 0\n"
		       "      type: string\n"
		       "    - index: 1\n"
		       "      type: char_buf\n"
		       "      sizeArgIndex: 1\n"
		       "    - index: 2\n"
		       "      type: char_buf\n"
		       "      sizeArgIndex: 3\n",
		   4,
		   "p.yaml:10:13: error: kprobe 'sys_write': arg 0: type 'string' does not match "
		   "'unsigned int', the type of write's argument 0\n"
		   "p.yaml:11:7: error: kprobe 'sys_write': arg 1: sizeArgIndex 1 names arg 0, "
		   "which is not an integer\n"
		   "p.yaml:15:13: error: kprobe 'sys_write': arg 2: type 'char_buf' does not match "
		   "'size_t', the type of write's argument 2\n"
		   "p.yaml:14:7: error: kprobe 'sys_write': arg 2: sizeArgIndex 3 names this arg "
		   "itself\n");
}
END_TEST

START_TEST(test_const_buf)
{
	CHECK_OK(HDR "  kprobes:\n"
		     "  - call: sys_write\n"
		     "    args:\n"
		     "    - index: 1\n"
		     "      type: const_buf\n"
		     "      sizeArgIndex: 16\n"
		     "    selectors:\n"
		     "    - matchArgs:\n"
		     "      - index: 1\n"
		     "        operator: Prefix\n"
		     "        values: [\"0123456789abcdef\"]\n");
	CHECK_YAML(HDR "  kprobes:\n"
		       "  - call: sys_write\n"
		       "    args:\n"
		       "    - index: 1\n"
		       "      type: const_buf\n"
		       "      sizeArgIndex: 4\n"
		       "    - index: 2\n"
		       "      type: const_buf\n"
		       "    - index: 0\n"
		       "      type: const_buf\n"
		       "      sizeArgIndex: 4097\n"
		       "    selectors:\n"
		       "    - matchArgs:\n"
		       "      - index: 1\n"
		       "        operator: Equal\n"
		       "        values: [\"abcde\"]\n",
		   3,
		   "p.yaml:12:7: error: kprobe 'sys_write': arg 2: type 'const_buf' needs "
		   "sizeArgIndex (its size in bytes)\n"
		   "p.yaml:14:7: error: kprobe 'sys_write': arg 0: const_buf size 4097 is not in "
		   "1..4096\n"
		   "p.yaml:21:18: error: kprobe 'sys_write': arg 1: value is longer than the "
		   "4-byte "
		   "buffer\n");
}
END_TEST

/* Tetragon ignores sizeArgIndex on a type that has no size; tpgen refuses it */
START_TEST(test_size_arg_ignored)
{
	struct result r;

	run(&r, HDR "  kprobes:\n  - call: sys_write\n    args:\n    - index: 0\n"
		    "      type: int\n      sizeArgIndex: 2\n");
	ASSERT_OUT(&r, "p.yaml:9:7: error: kprobe 'sys_write': arg 0: sizeArgIndex is not "
		       "supported for type 'int'\n");
	ck_assert_int_eq(r.errors, 1);
	result_free(&r);
}
END_TEST

START_TEST(test_return_arg)
{
	CHECK_OK(HDR "  kprobes:\n"
		     "  - call: sys_openat\n"
		     "    return: true\n"
		     "    returnArg:\n"
		     "      type: int\n");
	CHECK_YAML(HDR "  kprobes:\n"
		       "  - call: sys_openat\n"
		       "    return: true\n"
		       "    returnArg:\n"
		       "      type: string\n"
		       "  - call: sys_openat\n"
		       "    return: true\n"
		       "    returnArg:\n"
		       "      type: file\n"
		       "  - call: sys_openat\n"
		       "    return: true\n"
		       "    returnArg:\n"
		       "      index: 0\n"
		       "  - call: sys_openat\n"
		       "    return: true\n"
		       "    returnArg:\n"
		       "      type: bogus\n",
		   4,
		   "p.yaml:10:13: error: kprobe 'sys_openat': returnArg: type 'string' is not "
		   "supported (return values are integers or sock)\n"
		   "p.yaml:14:13: error: kprobe 'sys_openat': returnArg: type 'file' is not "
		   "supported (return values are integers or sock)\n"
		   "p.yaml:18:7: error: kprobe 'sys_openat': returnArg: type is required\n"
		   "p.yaml:22:13: error: kprobe 'sys_openat': returnArg: unknown type 'bogus'\n");
}
END_TEST

/* --- tracepoints ------------------------------------------------------------ */

START_TEST(test_tracepoint_fields)
{
	struct result r;
	struct tp_arg *a;

	run(&r, HDR "  tracepoints:\n"
		    "  - subsystem: sched\n"
		    "    event: sched_process_exec\n"
		    "    args:\n"
		    "    - index: 4\n"
		    "    - index: 5\n"
		    "    - index: 6\n"
		    "      type: uint16\n"
		    "  - subsystem: raw_syscalls\n"
		    "    event: sys_enter\n"
		    "    args:\n"
		    "    - index: 4\n"
		    "      type: syscall64\n"
		    "    - index: 3\n"
		    "      type: uint64\n");
	ck_assert_msg(r.errors == 1, "errors: %d\n%s", r.errors, r.out);
	ASSERT_OUT(&r, "p.yaml:19:7: error: tracepoint 'raw_syscalls/sys_enter': arg 3: field "
		       "'common_pid' is not supported: the kernel gives BPF programs the record "
		       "with its first 8 bytes replaced by a pt_regs pointer, and its verifier "
		       "refuses to read them\n");
	a = &r.p->hooks[0].args[0];
	ck_assert_str_eq(a->field_name, "filename");
	ck_assert_int_eq(a->type, TP_ARG_STRING);
	ck_assert_int_eq(a->field_off, 8);
	ck_assert_int_eq(a->field_size, 4);
	a = &r.p->hooks[0].args[1];
	ck_assert_str_eq(a->field_name, "pid");
	ck_assert_int_eq(a->type, TP_ARG_INT);
	ck_assert_int_eq(a->field_off, 12);
	ck_assert_msg(a->field_signed, "pid is signed");
	a = &r.p->hooks[0].args[2];
	ck_assert_str_eq(a->field_name, "old_pid");
	ck_assert_int_eq(a->type, TP_ARG_UINT16); /* reading less than the field is allowed */
	a = &r.p->hooks[1].args[0];
	ck_assert_str_eq(a->field_name, "id");
	ck_assert_int_eq(a->type, TP_ARG_SYSCALL64);
	ck_assert_int_eq(a->field_off, 8);
	ck_assert_int_eq(a->field_size, 8);
	ck_assert_ptr_null(r.p->hooks[1].function_name);
	result_free(&r);
}
END_TEST

START_TEST(test_tracepoint_auto_types)
{
	static const struct {
		int index;
		enum tp_arg_type type;
	} want[] = {
		{ 4, TP_ARG_UINT8 },  { 5, TP_ARG_SINT16 },  { 6, TP_ARG_UINT32 },
		{ 7, TP_ARG_SINT64 }, { 11, TP_ARG_UINT64 },
	};
	char yaml[2048];
	struct result r;
	size_t i;
	int n;

	n = snprintf(yaml, sizeof(yaml),
		     HDR "  tracepoints:\n  - subsystem: tptest\n"
			 "    event: fields\n    args:\n");
	for (i = 0; i < sizeof(want) / sizeof(*want); i++)
		n += snprintf(yaml + n, sizeof(yaml) - (size_t)n, "    - index: %d\n",
			      want[i].index);
	run(&r, yaml);
	ASSERT_OUT(&r, "");
	for (i = 0; i < sizeof(want) / sizeof(*want); i++)
		ck_assert_msg(r.p->hooks[0].args[i].type == want[i].type, "auto type of field %d",
			      want[i].index);
	result_free(&r);
}
END_TEST

/*
 * The record's common header is not what a BPF program sees (a pt_regs
 * pointer is stored over it) and the verifier refuses to read it.
 */
START_TEST(test_tracepoint_common_fields)
{
	CHECK_YAML(HDR "  tracepoints:\n  - subsystem: tptest\n    event: fields\n    args:\n"
		       "    - index: 0\n    - index: 1\n    - index: 2\n"
		       "    - index: 3\n      type: int\n    - index: 4\n",
		   4,
		   "p.yaml:10:7: error: tracepoint 'tptest/fields': arg 0: field 'common_type' "
		   "is not supported: the kernel gives BPF programs the record with its first 8 "
		   "bytes replaced by a pt_regs pointer, and its verifier refuses to read them\n"
		   "p.yaml:11:7: error: tracepoint 'tptest/fields': arg 1: field 'common_flags' "
		   "is not supported: the kernel gives BPF programs the record with its first 8 "
		   "bytes replaced by a pt_regs pointer, and its verifier refuses to read them\n"
		   "p.yaml:12:7: error: tracepoint 'tptest/fields': arg 2: field "
		   "'common_preempt_count' is not supported: the kernel gives BPF programs the "
		   "record with its first 8 bytes replaced by a pt_regs pointer, and its verifier "
		   "refuses to read them\n"
		   "p.yaml:13:7: error: tracepoint 'tptest/fields': arg 3: field 'common_pid' is "
		   "not supported: the kernel gives BPF programs the record with its first 8 "
		   "bytes replaced by a pt_regs pointer, and its verifier refuses to read them\n");
}
END_TEST

START_TEST(test_tracepoint_field_errors)
{
	CHECK_YAML(HDR "  tracepoints:\n"
		       "  - subsystem: tptest\n"
		       "    event: fields\n"
		       "    args:\n"
		       "    - index: 6\n" /* 10: word, 4 bytes */
		       "      type: uint64\n"
		       "    - index: 6\n" /* 12 */
		       "      type: syscall64\n"
		       "    - index: 8\n" /* 14: blob, 16 bytes */
		       "    - index: 9\n" /* 15: comm[16] */
		       "      type: string\n"
		       "    - index: 10\n" /* 17: __data_loc u32[] */
		       "    - index: 6\n"  /* 18 */
		       "      type: string\n"
		       "    - index: 11\n" /* 20: pointer */
		       "      type: char_buf\n"
		       "      sizeArgIndex: 7\n"
		       "    - index: 12\n" /* 23 */
		       "      type: int\n",
		   10,
		   "p.yaml:11:13: error: tracepoint 'tptest/fields': arg 6: type 'uint64' is "
		   "larger "
		   "than field 'word' (4 bytes)\n"
		   "p.yaml:12:7: error: tracepoint 'tptest/fields': arg 6: index 6 is declared "
		   "twice\n"
		   "p.yaml:13:13: error: tracepoint 'tptest/fields': arg 6: type 'syscall64' is "
		   "larger than field 'word' (4 bytes)\n"
		   "p.yaml:14:7: error: tracepoint 'tptest/fields': arg 8: field 'blob' has 16 "
		   "bytes: give it a type\n"
		   "p.yaml:15:7: error: tracepoint 'tptest/fields': arg 9: field 'comm' is an "
		   "array: "
		   "not supported\n"
		   "p.yaml:17:7: error: tracepoint 'tptest/fields': arg 10: field 'ids' is a "
		   "__data_loc u32[]: not supported\n"
		   "p.yaml:18:7: error: tracepoint 'tptest/fields': arg 6: index 6 is declared "
		   "twice\n"
		   "p.yaml:19:13: error: tracepoint 'tptest/fields': arg 6: type 'string' needs a "
		   "pointer or __data_loc field, and field 'word' has 4 bytes\n"
		   "p.yaml:21:13: error: tracepoint 'tptest/fields': arg 11: type 'char_buf' is "
		   "not "
		   "supported yet on tracepoints\n"
		   "p.yaml:23:7: error: tracepoint 'tptest/fields': arg 12: index out of range "
		   "(the "
		   "event has 12 fields, 0 to 11)\n");
}
END_TEST

START_TEST(test_tracepoint_data_loc_and_arrays)
{
	CHECK_OK(HDR "  tracepoints:\n"
		     "  - subsystem: sched\n"
		     "    event: sched_process_exec\n"
		     "    args:\n"
		     "    - index: 4\n"
		     "      type: string\n"
		     "  - subsystem: tptest\n"
		     "    event: fields\n"
		     "    args:\n"
		     "    - index: 11\n"
		     "      type: string\n"
		     "    - index: 4\n"
		     "      type: uint8\n");
	CHECK_YAML(HDR "  tracepoints:\n"
		       "  - subsystem: sched\n"
		       "    event: sched_process_exec\n"
		       "    args:\n"
		       "    - index: 4\n"
		       "      type: int\n"
		       "  - subsystem: raw_syscalls\n"
		       "    event: sys_enter\n"
		       "    args:\n"
		       "    - index: 5\n",
		   2,
		   "p.yaml:11:13: error: tracepoint 'sched/sched_process_exec': arg 4: field "
		   "'filename' is a __data_loc string: type must be string, not 'int'\n"
		   "p.yaml:15:7: error: tracepoint 'raw_syscalls/sys_enter': arg 5: field 'args' "
		   "is "
		   "an array: not supported\n");
}
END_TEST

START_TEST(test_tracepoint_missing_and_raw)
{
	struct tp_target t = { .tracefs = "/nonexistent", .arch_prefix = "__x64_" };
	char want[512];
	struct result r;

	snprintf(want, sizeof(want),
		 "p.yaml:7:5: error: tracepoint 'sched/nope': not found in %s\n"
		 "p.yaml:9:5: error: tracepoint 'nosub/sys_enter': not found in %s\n"
		 "p.yaml:11:5: error: tracepoint 'a b/c': invalid subsystem or event name\n"
		 "p.yaml:16:7: error: tracepoint 'sched/sched_process_exec': arg 7: index out of "
		 "range (the event has 7 fields, 0 to 6)\n",
		 tp_test_tracefs(), tp_test_tracefs());
	run(&r, HDR "  tracepoints:\n"
		    "  - subsystem: sched\n"
		    "    event: nope\n"
		    "  - subsystem: nosub\n"
		    "    event: sys_enter\n"
		    "  - subsystem: \"a b\"\n"
		    "    event: c\n"
		    "  - subsystem: sched\n"
		    "    event: sched_process_exec\n"
		    "    args:\n"
		    "    - index: 7\n"
		    "      type: int\n");
	ASSERT_OUT(&r, want);
	ck_assert_int_eq(r.errors, 4);
	result_free(&r);

	run_target(&r, HDR "  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n",
		   &t);
	ASSERT_OUT(&r, "p.yaml:7:5: error: tracepoint 'sched/sched_process_exec': not found: no "
		       "events directory in /nonexistent (is tracefs mounted?)\n");
	result_free(&r);

	/* raw: TP_PROTO args, counted by the kernel's BTF: (task, old_pid, bprm) */
	CHECK_YAML(HDR "  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n"
		       "    raw: true\n    args:\n    - index: 1\n      type: int\n",
		   0, "");
	CHECK_YAML(
	    HDR "  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n"
		"    raw: true\n    args:\n    - index: 3\n      type: int\n"
		"    - index: 0\n",
	    2,
	    "p.yaml:11:7: error: tracepoint 'sched/sched_process_exec': arg 3: index out of "
	    "range (the raw tracepoint has 3 arguments)\n"
	    "p.yaml:13:7: error: tracepoint 'sched/sched_process_exec': arg 0: raw tracepoint "
	    "args need a type\n");
}
END_TEST

/* --- message and tags -------------------------------------------------------- */

START_TEST(test_message_tags)
{
	char yaml[4096], big[300];

	CHECK_OK(HDR "  kprobes:\n  - call: sys_getpid\n    message: \"ok\"\n"
		     "    tags: [\"ab\", \"observability.filesystem\"]\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_getpid\n    message: \"x\"\n"
		       "    tags: [\"a\", \"bb\"]\n",
		   2,
		   "p.yaml:7:5: error: kprobe 'sys_getpid': message must be 2 to 256 characters "
		   "long, not 1\n"
		   "p.yaml:7:5: error: kprobe 'sys_getpid': tag 'a' is shorter than 2 "
		   "characters\n");

	memset(big, 'm', 257);
	big[257] = '\0';
	snprintf(yaml, sizeof(yaml),
		 HDR "  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n"
		     "    message: \"%s\"\n"
		     "    tags: [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, ta, tb, tc, td, te, tf, "
		     "tg]\n",
		 big);
	CHECK_YAML(yaml, 2,
		   "p.yaml:7:5: error: tracepoint 'sched/sched_process_exec': message must be 2 to "
		   "256 characters long, not 257\n"
		   "p.yaml:7:5: error: tracepoint 'sched/sched_process_exec': 17 tags, at most 16 "
		   "are allowed\n");
	big[256] = '\0';
	snprintf(yaml, sizeof(yaml),
		 HDR "  kprobes:\n  - call: sys_getpid\n    message: \"%s\"\n"
		     "    tags: [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, ta, tb, tc, td, te, tf]\n",
		 big);
	CHECK_OK(yaml);
}
END_TEST

/* --- selectors ----------------------------------------------------------------- */

/* A syscall hook with an int arg 0, a string arg 1 and a uint16 arg 3; selectors from line 15. */
#define OPENAT                       \
	HDR "  kprobes:\n"           \
	    "  - call: sys_openat\n" \
	    "    args:\n"            \
	    "    - index: 0\n"       \
	    "      type: int\n"      \
	    "    - index: 1\n"       \
	    "      type: string\n"   \
	    "    - index: 3\n"       \
	    "      type: uint16\n"   \
	    "    selectors:\n"

START_TEST(test_changes_errors)
{
	CHECK_YAML(
	    OPENAT "    - matchNamespaceChanges:\n"
		   "      - operator: In\n"
		   "        values: [Pid, Nett]\n"
		   "      - operator: In\n"
		   "        values: [Mnt]\n"
		   "      matchCapabilityChanges:\n"
		   "      - type: Effective\n"
		   "        operator: NotIn\n"
		   "        values: [CAP_SYS_ADMINN]\n"
		   "      - type: Effective\n"
		   "        operator: NotIn\n"
		   "        values: [CAP_SYS_ADMIN]\n",
	    4,
	    "p.yaml:18:23: error: kprobe 'sys_openat': matchNamespaceChanges: unknown "
	    "namespace 'Nett'\n"
	    "p.yaml:24:18: error: kprobe 'sys_openat': matchCapabilityChanges: unknown "
	    "capability 'CAP_SYS_ADMINN'\n"
	    "p.yaml:19:9: error: kprobe 'sys_openat': matchNamespaceChanges: a second filter "
	    "is not supported (Tetragon checks only the first)\n"
	    "p.yaml:25:9: error: kprobe 'sys_openat': matchCapabilityChanges: a second filter "
	    "is not supported (Tetragon checks only the first)\n");
}
END_TEST

/* Namespace kinds and capability sets in any case, host_ns, names with or without CAP_. */
START_TEST(test_nscaps_valid)
{
	struct result r;
	const struct tp_selector *s;

	run(&r, OPENAT "    - matchNamespaces:\n"
		       "      - namespace: pidforchildren\n"
		       "        operator: NotIn\n"
		       "        values: [\"4026531836\", host_ns]\n"
		       "      matchCapabilities:\n"
		       "      - operator: In\n"
		       "        values: [\" cap_sys_admin \", DAC_OVERRIDE]\n"
		       "    - matchCapabilities:\n"
		       "      - type: PERMITTED\n"
		       "        operator: NotIn\n"
		       "        isNamespaceCapability: true\n"
		       "        values: [CAP_CHOWN]\n"
		       "    - matchNamespaceChanges:\n"
		       "      - operator: NotIn\n"
		       "        values: [Pid, net]\n"
		       "      matchCapabilityChanges:\n"
		       "      - type: Inheritable\n"
		       "        operator: In\n"
		       "        values: [CAP_SYS_ADMIN]\n");
	ck_assert_msg(r.errors == 0, "no errors:\n%s", r.out);
	s = &r.p->hooks[0].selectors[0];
	ck_assert_msg(s->nns == 1 && s->ns[0].kind == TP_NS_PID_FOR_CHILDREN, "PidForChildren");
	ck_assert_msg(s->ns[0].op == TP_OP_NOT_IN && s->ns[0].values[0].num == 4026531836u,
		      "NotIn 4026531836");
	ck_assert_msg(s->ns[0].host == 2, "the second value is host_ns");
	ck_assert_msg(s->ncaps == 1 && s->caps[0].set == TP_CAPSET_EFFECTIVE, "Effective default");
	ck_assert_msg(s->caps[0].mask == ((1ull << 21) | (1ull << 1)), "sys_admin, dac_override");
	ck_assert_msg(!s->caps[0].is_ns, "not a namespace capability");
	s = &r.p->hooks[0].selectors[1];
	ck_assert_msg(s->caps[0].set == TP_CAPSET_PERMITTED && s->caps[0].mask == 1 &&
			  s->caps[0].is_ns,
		      "Permitted NotIn CAP_CHOWN isNamespaceCapability");
	s = &r.p->hooks[0].selectors[2];
	ck_assert_msg(s->nns_changes == 1 && s->ns_changes[0].op == TP_OP_NOT_IN, "NotIn");
	ck_assert_msg(s->ns_changes[0].kinds == ((1u << TP_NS_PID) | (1u << TP_NS_NET)),
		      "Pid and Net");
	ck_assert_msg(s->ncap_changes == 1 && s->cap_changes[0].set == TP_CAPSET_INHERITABLE &&
			  s->cap_changes[0].mask == 1ull << 21,
		      "Inheritable CAP_SYS_ADMIN");
	result_free(&r);
}
END_TEST

START_TEST(test_nscaps_errors)
{
	CHECK_YAML(OPENAT "    - matchNamespaces:\n"
			  "      - namespace: Netw\n"
			  "        operator: In\n"
			  "        values: [\"12\", host, \"4294967296\", \"0x10\"]\n"
			  "      - namespace: mnt\n"
			  "        operator: NotIn\n"
			  "        values: [\"1\", \"2\", \"3\", \"4\", \"5\"]\n"
			  "      matchCapabilities:\n"
			  "      - type: Efective\n"
			  "        operator: In\n"
			  "        values: [CAP_SYS_ADMIN, CAP_NOPE, NET_RAW]\n"
			  "      - operator: NotIn\n"
			  "        values: []\n",
		   10,
		   "p.yaml:17:20: error: kprobe 'sys_openat': matchNamespaces: unknown namespace "
		   "'Netw', expected one of Uts, Ipc, Mnt, "
		   "Pid, PidForChildren, Net, Time, TimeForChildren, Cgroup, User\n"
		   "p.yaml:19:24: error: kprobe 'sys_openat': matchNamespaces: value 'host' is "
		   "neither a namespace inode number nor "
		   "host_ns\n"
		   "p.yaml:19:30: error: kprobe 'sys_openat': matchNamespaces: value '4294967296' "
		   "is neither a namespace inode "
		   "number nor host_ns\n"
		   "p.yaml:19:44: error: kprobe 'sys_openat': matchNamespaces: value '0x10' is "
		   "neither a namespace inode number nor "
		   "host_ns\n"
		   "p.yaml:21:19: error: kprobe 'sys_openat': matchNamespaces: at most 4 values "
		   "per filter, as in Tetragon\n"
		   "p.yaml:24:15: error: kprobe 'sys_openat': matchCapabilities: unknown type "
		   "'Efective', expected Effective, "
		   "Inheritable or Permitted\n"
		   "p.yaml:26:33: error: kprobe 'sys_openat': matchCapabilities: unknown "
		   "capability 'CAP_NOPE'\n"
		   "p.yaml:26:43: error: kprobe 'sys_openat': matchCapabilities: unknown "
		   "capability 'NET_RAW'\n"
		   "p.yaml:27:19: error: kprobe 'sys_openat': matchCapabilities: operator 'NotIn' "
		   "needs at least one value\n"
		   "p.yaml:27:9: error: kprobe 'sys_openat': matchCapabilities: a second filter is "
		   "not supported (Tetragon checks only the first)\n");
}
END_TEST

START_TEST(test_match_args_valid)
{
	struct result r;
	struct tp_selector *s;

	run(&r, OPENAT "    - matchArgs:\n"
		       "      - index: 1\n"
		       "        operator: Equal\n"
		       "        values: [\"/etc/passwd\", \"/etc/shadow\"]\n"
		       "      - index: 0\n"
		       "        operator: \"NotEqual\"\n"
		       "        values: [\"-100\", \"0x10\", \"010\"]\n"
		       "      - index: 3\n"
		       "        operator: Mask\n"
		       "        values: [\"255\"]\n"
		       "      - index: 1\n"
		       "        operator: Prefix\n"
		       "        values: [\"\"]\n"
		       "      - index: 1\n"
		       "        operator: NotPostfix\n"
		       "        values: [\".so\"]\n"
		       "      - index: 0\n"
		       "        operator: GT\n"
		       "        values: [\"2\"]\n"
		       "      - index: 0\n"
		       "        operator: LessThan\n"
		       "        values: [\"-2147483648\"]\n");
	ASSERT_OUT(&r, "");
	s = &r.p->hooks[0].selectors[0];
	ck_assert_int_eq(s->args[0].arg_pos, 1);
	ck_assert_int_eq(s->args[1].arg_pos, 0);
	ck_assert_int_eq(s->args[2].arg_pos, 2);
	ck_assert_uint_eq(s->args[1].values[0].num, (uint64_t)(int64_t)-100);
	ck_assert_uint_eq(s->args[1].values[1].num, 16);
	ck_assert_uint_eq(s->args[1].values[2].num, 8);
	ck_assert_uint_eq(s->args[2].values[0].num, 255);
	ck_assert_uint_eq(s->args[6].values[0].num, (uint64_t)(int64_t)INT32_MIN);
	result_free(&r);
}
END_TEST

START_TEST(test_match_args_index)
{
	CHECK_YAML(OPENAT "    - matchArgs:\n"
			  "      - index: 2\n"
			  "        operator: Equal\n"
			  "        values: [\"1\"]\n",
		   1,
		   "p.yaml:17:9: error: kprobe 'sys_openat': matchArgs index 2 does not name an "
		   "arg "
		   "of this hook\n");
}
END_TEST

/* Tetragon: a tracepoint's matchArgs index is the position in args, not the field. */
START_TEST(test_match_args_tracepoint_position)
{
	struct result r;

	/* index 0 is a position (no arg has format index 0); index 4 the field of arg 0 */
	run(&r, HDR "  tracepoints:\n"
		    "  - subsystem: raw_syscalls\n"
		    "    event: sys_enter\n"
		    "    args:\n"
		    "    - index: 4\n"
		    "      type: syscall64\n"
		    "    selectors:\n"
		    "    - matchArgs:\n"
		    "      - index: 0\n"
		    "        operator: Equal\n"
		    "        values: [\"59\", \"0x80000003\"]\n"
		    "      - index: 4\n"
		    "        operator: Equal\n"
		    "        values: [\"60\"]\n"
		    "      - index: 1\n"
		    "        operator: Equal\n"
		    "        values: [\"61\"]\n");
	ASSERT_OUT(&r, "p.yaml:20:9: error: tracepoint 'raw_syscalls/sys_enter': matchArgs index "
		       "1 does not name an arg of this hook\n");
	ck_assert_int_eq(r.p->hooks[0].selectors[0].args[0].arg_pos, 0);
	ck_assert_uint_eq(r.p->hooks[0].selectors[0].args[0].values[1].num, 0x80000003u);
	ck_assert_int_eq(r.p->hooks[0].selectors[0].args[1].arg_pos, 0);
	result_free(&r);

	CHECK_YAML(HDR "  tracepoints:\n"
		       "  - subsystem: raw_syscalls\n"
		       "    event: sys_enter\n"
		       "    args:\n"
		       "    - index: 4\n"
		       "      type: syscall64\n"
		       "    selectors:\n"
		       "    - matchArgs:\n"
		       "      - index: 0\n"
		       "        operator: Equal\n"
		       "        values: [\"sys_dup\"]\n",
		   1,
		   "p.yaml:16:18: error: tracepoint 'raw_syscalls/sys_enter': arg 0: value "
		   "'sys_dup' is not an integer (syscall64 values are syscall numbers)\n");
}
END_TEST

/*
 * Tetragon's rewrite (genericTracepoint.InitKernelSelectors): args in order,
 * an index equal to an arg's format index becomes that arg's position, and a
 * later arg may rewrite it again. Fields: 4 small, 5 half, 6 word, 7 big.
 */
START_TEST(test_match_args_tracepoint_field_index)
{
	static const struct {
		int index, pos;
	} want[] = {
		{ 7, 0 },  /* big's field index: arg 0 */
		{ 6, 2 },  /* 6 -> arg 1 (word), then 1 is small's index: arg 2 */
		{ 1, 2 },  /* small's field index */
		{ 0, 0 },  /* no field 0 among the args: the position */
		{ 2, 2 },  /* no field 2: position 2 */
		{ 4, -1 }, /* no field 4 (common_pid is not declared), no position 4 */
	};
	char yaml[2048];
	struct result r;
	size_t i;
	int n;

	n = snprintf(yaml, sizeof(yaml),
		     HDR "  tracepoints:\n  - subsystem: tptest\n    event: fields\n    args:\n"
			 "    - index: 7\n    - index: 6\n    - index: 1\n      type: uint8\n"
			 "    selectors:\n    - matchArgs:\n");
	for (i = 0; i < sizeof(want) / sizeof(*want); i++)
		n += snprintf(
		    yaml + n, sizeof(yaml) - (size_t)n,
		    "      - index: %d\n        operator: Equal\n        values: [\"1\"]\n",
		    want[i].index);
	run(&r, yaml);
	ASSERT_OUT(&r, "p.yaml:12:7: error: tracepoint 'tptest/fields': arg 1: field "
		       "'common_flags' is not supported: the kernel gives BPF programs the record "
		       "with its first 8 bytes replaced by a pt_regs pointer, and its verifier "
		       "refuses to read them\n"
		       "p.yaml:31:9: error: tracepoint 'tptest/fields': matchArgs index 4 does not "
		       "name an arg of this hook\n");
	for (i = 0; i < sizeof(want) / sizeof(*want); i++)
		ck_assert_msg(r.p->hooks[0].selectors[0].args[i].arg_pos == want[i].pos,
			      "matchArgs index %d: position %d, want %d", want[i].index,
			      r.p->hooks[0].selectors[0].args[i].arg_pos, want[i].pos);
	result_free(&r);
}

/*
 * InMap/InRange values into num..num_hi; InMap is base 10, turns a reversed range round
 * (writeRangeInMap) and looks an int up zero-extended (filter_32ty_map): its keys are
 * 0..2^32-1
 */
START_TEST(test_in_map_ranges)
{
	struct result r;
	struct tp_selector *s;

	run(&r, OPENAT "    - matchArgs:\n"
		       "      - index: 0\n"
		       "        operator: InMap\n"
		       "        values: [\"5\", \"10:3\", \"016\", \"4294967295\"]\n"
		       "      - index: 3\n"
		       "        operator: NotInRange\n"
		       "        values: [\"2:9\", \"65535:65535\"]\n");
	ASSERT_OUT(&r, "");
	s = &r.p->hooks[0].selectors[0];
	ck_assert_uint_eq(s->args[0].values[0].num, 5);
	ck_assert_uint_eq(s->args[0].values[0].num_hi, 5);
	ck_assert_uint_eq(s->args[0].values[1].num, 3);
	ck_assert_uint_eq(s->args[0].values[1].num_hi, 10);
	ck_assert_uint_eq(s->args[0].values[3].num, UINT32_MAX);
	ck_assert_uint_eq(s->args[0].values[2].num_hi, 16);
	ck_assert_uint_eq(s->args[1].values[0].num, 2);
	ck_assert_uint_eq(s->args[1].values[0].num_hi, 9);
	ck_assert_uint_eq(s->args[1].values[1].num, 65535);
	result_free(&r);
	CHECK_YAML(
	    OPENAT "    - matchArgs:\n"
		   "      - index: 3\n"
		   "        operator: InRange\n"
		   "        values: [\"1\", \"1:2:3\", \"-1:2\", \"list:x\"]\n"
		   "      - index: 3\n"
		   "        operator: InMap\n"
		   "        values: [\"list:x\"]\n",
	    5,
	    "p.yaml:19:18: error: kprobe 'sys_openat': arg 3: value '1' is not a range "
	    "(write 'min:max')\n"
	    "p.yaml:19:23: error: kprobe 'sys_openat': arg 3: value '1:2:3' is not a range "
	    "(write 'min:max')\n"
	    "p.yaml:19:32: error: kprobe 'sys_openat': arg 3: range '-1:2' starts past its "
	    "end (4294967295:2 on the uint16 arg, as Tetragon compares it), and Tetragon does not "
	    "turn it round: no value is in it (write 'min:max')\n"
	    "p.yaml:19:40: error: kprobe 'sys_openat': arg 3: list:NAME values are for InMap "
	    "and NotInMap\n"
	    "p.yaml:22:18: error: kprobe 'sys_openat': arg 3: there is no list 'x' in "
	    "spec.lists\n");
}
END_TEST

/*
 * writeMatchValuesRange keeps a reversed range as written, so InRange never matches it and
 * NotInRange always passes: refused at the value (InMap's is turned round, above)
 */
START_TEST(test_reversed_in_range)
{
	CHECK_YAML(
	    OPENAT "    - matchArgs:\n"
		   "      - index: 0\n"
		   "        operator: InRange\n"
		   "        values: [\"1:2\", \"10:-5\"]\n"
		   "      - index: 3\n"
		   "        operator: NotInRange\n"
		   "        values: [\"7:7\", \"9:2\"]\n",
	    2,
	    "p.yaml:19:25: error: kprobe 'sys_openat': arg 0: range '10:-5' starts past its "
	    "end (10:-5 on the int arg, as Tetragon compares it), and Tetragon does not turn "
	    "it round: no value is in it (write 'min:max')\n"
	    "p.yaml:22:25: error: kprobe 'sys_openat': arg 3: range '9:2' starts past its "
	    "end (9:2 on the uint16 arg, as Tetragon compares it), and Tetragon does not turn "
	    "it round: no value is in it (write 'min:max')\n");
}
END_TEST

/*
 * InRange bounds are ParseInt(v, 0, 64) whatever the type (writeMatchValuesRange): a
 * uint64's past 2^63 - 1 is refused; an int's past 4294967295 too
 */
START_TEST(test_in_range_bounds)
{
	CHECK_YAML(
	    HDR "  kprobes:\n  - call: sys_openat\n    args:\n"
		"    - {index: 0, type: int}\n    - {index: 2, type: uint64}\n"
		"    selectors:\n    - matchArgs:\n"
		"      - {index: 2, operator: InRange, values: [\"0:18446744073709551615\"]}\n"
		"      - {index: 0, operator: InRange, values: [\"0:4294967296\"]}\n",
	    2,
	    "p.yaml:10:24: warning: kprobe 'sys_openat': arg 2: type 'uint64' does not match "
	    "'int', the type of openat's argument 2\n"
	    "p.yaml:13:48: error: kprobe 'sys_openat': arg 2: range bound "
	    "'18446744073709551615' does not fit a 64-bit int (Tetragon reads InRange bounds "
	    "with ParseInt(v, 0, 64))\n"
	    "p.yaml:14:48: error: kprobe 'sys_openat': arg 0: range bound '4294967296' is past "
	    "4294967295, the most Tetragon takes for the int arg\n");
}
END_TEST

/* FileType takes file and path args only (Tetragon's parseMatchArg), with fileTypeTable's names */
START_TEST(test_file_type_values)
{
	CHECK_YAML(
	    OPENAT "    - matchArgs:\n"
		   "      - index: 1\n"
		   "        operator: NotFileType\n"
		   "        values: [\"reg\"]\n",
	    1,
	    "p.yaml:18:19: error: kprobe 'sys_openat': arg 1: operator 'NotFileType' needs a "
	    "file or path argument, not string\n");
	CHECK_YAML(
	    HDR "  kprobes:\n"
		"  - call: security_file_open\n"
		"    syscall: false\n"
		"    args:\n"
		"    - {index: 0, type: file}\n"
		"    selectors:\n"
		"    - matchArgs:\n"
		"      - {index: 0, operator: FileType, values: [\"fifo\", \"Reg\"]}\n",
	    1,
	    "p.yaml:13:57: error: kprobe 'security_file_open': arg 0: unknown file type 'Reg' "
	    "(sock, socket, lnk, link, reg, regular, blk, block, dir, chr, char, fifo or "
	    "pipe)\n");
}
END_TEST

START_TEST(test_match_args_operators)
{
	CHECK_YAML(
	    OPENAT "    - matchArgs:\n"
		   "      - index: 1\n"
		   "        operator: Mask\n"
		   "        values: [\"1\"]\n"
		   "      - index: 0\n"
		   "        operator: Prefix\n"
		   "        values: [\"1\"]\n"
		   "      - index: 1\n"
		   "        operator: DPort\n"
		   "        values: [\"80\"]\n"
		   "      - index: 1\n"
		   "        operator: InMap\n"
		   "        values: [\"x\"]\n"
		   "      - index: 0\n"
		   "        operator: Equal\n"
		   "      - index: 0\n"
		   "        operator: In\n"
		   "        values: [\"1\"]\n"
		   "      - index: 1\n"
		   "        operator: GT\n"
		   "        values: [\"1\"]\n"
		   "      - index: 3\n"
		   "        operator: NotPostfix\n"
		   "        values: [\"1\"]\n"
		   "      - index: 1\n"
		   "        operator: notdport\n"
		   "        values: [\"1\"]\n",
	    9,
	    "p.yaml:18:19: error: kprobe 'sys_openat': arg 1: operator 'Mask' needs an "
	    "integer argument\n"
	    "p.yaml:21:19: error: kprobe 'sys_openat': arg 0: operator 'Prefix' needs a "
	    "string or buffer argument\n"
	    "p.yaml:24:19: error: kprobe 'sys_openat': arg 1: operator 'DPort' needs a sock, "
	    "skb, sockaddr or socket argument, not string\n"
	    "p.yaml:27:19: error: kprobe 'sys_openat': arg 1: operator 'InMap' needs an "
	    "integer argument\n"
	    "p.yaml:30:19: error: kprobe 'sys_openat': arg 0: operator 'Equal' needs at "
	    "least "
	    "one value\n"
	    "p.yaml:32:19: error: kprobe 'sys_openat': arg 0: operator 'In' is for "
	    "matchPIDs "
	    "and matchBinaries\n"
	    "p.yaml:35:19: error: kprobe 'sys_openat': arg 1: operator 'GT' needs an "
	    "integer "
	    "argument\n"
	    "p.yaml:38:19: error: kprobe 'sys_openat': arg 3: operator 'NotPostfix' needs a "
	    "string or buffer argument\n"
	    "p.yaml:41:19: error: kprobe 'sys_openat': arg 1: operator 'notdport' needs a "
	    "sock, skb, sockaddr or socket argument, not string\n");
}
END_TEST

/* Network args take the network operators, and each operator checks its values. */
#define RAW_EXEC                              \
	HDR "  tracepoints:\n"                \
	    "  - subsystem: sched\n"          \
	    "    event: sched_process_exec\n" \
	    "    raw: true\n"                 \
	    "    args:\n"                     \
	    "    - index: 0\n"                \
	    "      type: sock\n"              \
	    "    - index: 1\n"                \
	    "      type: int\n"               \
	    "    - index: 2\n"                \
	    "      type: skb\n"               \
	    "    selectors:\n"                \
	    "    - matchArgs:\n"

START_TEST(test_match_args_sock_arg)
{
	/* lines 16+: every operator with good values, names, ranges, CIDRs */
	CHECK_OK(RAW_EXEC
		 "      - {index: 0, operator: DPort, values: [\"443\", \"8000:8080\", \"0\"]}\n"
		 "      - {index: 0, operator: NotSPort, values: [\"65535\", \"9:1\"]}\n"
		 "      - {index: 0, operator: SPortPriv}\n"
		 "      - {index: 0, operator: NotDPortPriv}\n"
		 "      - {index: 0, operator: DAddr, values: [\"127.0.0.1\", \"10.0.0.0/8\", "
		 "\"::1\", \"2001:db8::/32\", \"::ffff:1.2.3.4\", \"0.0.0.0/0\"]}\n"
		 "      - {index: 0, operator: NotSAddr, values: [\"fe80::1/128\"]}\n"
		 "      - {index: 0, operator: Protocol, values: [\"IPPROTO_TCP\", \"17\", "
		 "\"IPPROTO_MPTCP\"]}\n"
		 "      - {index: 0, operator: Family, values: [\"AF_INET\", \"10\", \"0:3\"]}\n"
		 "      - {index: 0, operator: State, values: [\"TCP_SYN_SENT\", \"1\", "
		 "\"TCP_NEW_SYN_RECV\"]}\n"
		 "      - {index: 2, operator: SAddr, values: [\"192.168.0.0/16\"]}\n"
		 "      - {index: 2, operator: Protocol, values: [\"IPPROTO_UDP\"]}\n");
	CHECK_YAML(
	    RAW_EXEC "      - {index: 0, operator: DPort, values: [\"65536\", \"x\", \"1:\", "
		     "\"-1\", \"0x10\"]}\n"
		     "      - {index: 0, operator: DAddr, values: [\"1.2.3\", \"10.0.0.0/33\", "
		     "\"::1/129\", \"01.2.3.4\", \"1.2.3.4/08\", \"fe80::1%eth0\", \"::1/\"]}\n"
		     "      - {index: 0, operator: Protocol, values: [\"IPPROTO_FOO\", \"tcp\", "
		     "\"65536\"]}\n"
		     "      - {index: 0, operator: Family, values: [\"AF_INET9\"]}\n"
		     "      - {index: 0, operator: State, values: [\"256\", \"TCP_OPEN\"]}\n"
		     "      - {index: 0, operator: SPort}\n"
		     "      - {index: 0, operator: DPortPriv, values: [\"1\"]}\n"
		     "      - {index: 0, operator: Equal, values: [\"1\"]}\n"
		     "      - {index: 1, operator: DPort, values: [\"1\"]}\n"
		     "      - {index: 2, operator: State, values: [\"1\"]}\n"
		     "      - {index: 1, operator: GT, values: [\"1\"]}\n",
	    23,
	    "p.yaml:19:46: error: tracepoint 'sched/sched_process_exec': arg 0: port '65536' is "
	    "out of range 0 to 65535\n"
	    "p.yaml:19:55: error: tracepoint 'sched/sched_process_exec': arg 0: port 'x' is not "
	    "a number or a min:max range\n"
	    "p.yaml:19:60: error: tracepoint 'sched/sched_process_exec': arg 0: port '1:' is not "
	    "a number or a min:max range\n"
	    "p.yaml:19:66: error: tracepoint 'sched/sched_process_exec': arg 0: port '-1' is not "
	    "a number or a min:max range\n"
	    "p.yaml:19:72: error: tracepoint 'sched/sched_process_exec': arg 0: port '0x10' is "
	    "not a number or a min:max range\n"
	    "p.yaml:20:46: error: tracepoint 'sched/sched_process_exec': arg 0: '1.2.3' is not "
	    "an IPv4 or IPv6 address\n"
	    "p.yaml:20:55: error: tracepoint 'sched/sched_process_exec': arg 0: CIDR "
	    "'10.0.0.0/33' has an invalid prefix length (0 to 32)\n"
	    "p.yaml:20:70: error: tracepoint 'sched/sched_process_exec': arg 0: CIDR '::1/129' "
	    "has an invalid prefix length (0 to 128)\n"
	    "p.yaml:20:81: error: tracepoint 'sched/sched_process_exec': arg 0: '01.2.3.4' is "
	    "not an IPv4 or IPv6 address\n"
	    "p.yaml:20:93: error: tracepoint 'sched/sched_process_exec': arg 0: CIDR "
	    "'1.2.3.4/08' has an invalid prefix length (0 to 32)\n"
	    "p.yaml:20:107: error: tracepoint 'sched/sched_process_exec': arg 0: 'fe80::1%eth0' "
	    "is not an IPv4 or IPv6 address\n"
	    "p.yaml:20:123: error: tracepoint 'sched/sched_process_exec': arg 0: CIDR '::1/' has "
	    "an invalid prefix length (0 to 128)\n"
	    "p.yaml:21:49: error: tracepoint 'sched/sched_process_exec': arg 0: protocol "
	    "'IPPROTO_FOO' is not a number, a min:max range or an IPPROTO_ name\n"
	    "p.yaml:21:64: error: tracepoint 'sched/sched_process_exec': arg 0: protocol 'tcp' "
	    "is not a number, a min:max range or an IPPROTO_ name\n"
	    "p.yaml:21:71: error: tracepoint 'sched/sched_process_exec': arg 0: protocol '65536' "
	    "is out of range 0 to 65535\n"
	    "p.yaml:22:47: error: tracepoint 'sched/sched_process_exec': arg 0: family "
	    "'AF_INET9' is not a number, a min:max range or an AF_ name\n"
	    "p.yaml:23:46: error: tracepoint 'sched/sched_process_exec': arg 0: state '256' is "
	    "out of range 0 to 255\n"
	    "p.yaml:23:53: error: tracepoint 'sched/sched_process_exec': arg 0: state 'TCP_OPEN' "
	    "is not a number, a min:max range or a TCP_ name\n"
	    "p.yaml:24:30: error: tracepoint 'sched/sched_process_exec': arg 0: operator 'SPort' "
	    "needs at least one value\n"
	    "p.yaml:25:30: error: tracepoint 'sched/sched_process_exec': arg 0: operator "
	    "'DPortPriv' takes no values: they are not supported\n"
	    "p.yaml:26:30: error: tracepoint 'sched/sched_process_exec': arg 0: operator 'Equal' "
	    "does not apply to a sock argument (use SPort, DPort, SAddr, DAddr, Protocol, "
	    "Family, State and their Not forms)\n"
	    "p.yaml:27:30: error: tracepoint 'sched/sched_process_exec': arg 1: operator 'DPort' "
	    "needs a sock, skb, sockaddr or socket argument, not int\n"
	    "p.yaml:28:30: error: tracepoint 'sched/sched_process_exec': arg 2: operator 'State' "
	    "needs a sock or socket argument (a packet has no TCP state)\n");
	/* a sockaddr has one address and one port: Tetragon's SAddr, SPort, Family */
	CHECK_YAML(
	    HDR "  tracepoints:\n"
		"  - subsystem: sched\n"
		"    event: sched_process_exec\n"
		"    raw: true\n"
		"    args:\n"
		"    - index: 2\n"
		"      type: sockaddr\n"
		"    selectors:\n"
		"    - matchArgs:\n"
		"      - {index: 0, operator: SAddr, values: [\"10.0.0.0/8\"]}\n"
		"      - {index: 0, operator: NotSPortPriv}\n"
		"      - {index: 0, operator: Family, values: [\"AF_INET6\"]}\n"
		"      - {index: 0, operator: DPort, values: [\"80\"]}\n"
		"      - {index: 0, operator: Protocol, values: [\"6\"]}\n",
	    2,
	    "p.yaml:18:30: error: tracepoint 'sched/sched_process_exec': arg 0: operator "
	    "'DPort' does not apply to a sockaddr argument (it has one address and port: use "
	    "SAddr, NotSAddr, SPort, NotSPort, SPortPriv, NotSPortPriv or Family)\n"
	    "p.yaml:19:30: error: tracepoint 'sched/sched_process_exec': arg 0: operator "
	    "'Protocol' does not apply to a sockaddr argument (it has one address and port: "
	    "use SAddr, NotSAddr, SPort, NotSPort, SPortPriv, NotSPortPriv or Family)\n");
	/* network args are kernel pointers: not on syscall hooks */
	CHECK_YAML(
	    HDR "  kprobes:\n"
		"  - call: sys_openat\n"
		"    args:\n"
		"    - index: 1\n"
		"      type: sockaddr\n",
	    1,
	    "p.yaml:10:13: error: kprobe 'sys_openat': arg 1: type 'sockaddr' is a kernel "
	    "object: it needs a kernel-function (syscall: false), LSM or raw tracepoint hook\n");
}
END_TEST

START_TEST(test_match_args_int_values)
{
	CHECK_YAML(
	    OPENAT "    - matchArgs:\n"
		   "      - index: 0\n"
		   "        operator: Equal\n"
		   "        values:\n"
		   "        - \"abc\"\n"
		   "        - \"2147483648\"\n"
		   "        - \"7\"\n"
		   "      - index: 3\n"
		   "        operator: Mask\n"
		   "        values: [\"65536\", \"-1\"]\n",
	    4,
	    "p.yaml:20:11: error: kprobe 'sys_openat': arg 0: value 'abc' is not an "
	    "integer\n"
	    "p.yaml:21:11: error: kprobe 'sys_openat': arg 0: value '2147483648' does not "
	    "fit int (Tetragon reads its values as 32-bit ints, -2147483648..2147483647)\n"
	    "p.yaml:25:18: error: kprobe 'sys_openat': arg 3: value '65536' is 0x10000 to "
	    "Tetragon, past the 16 bits it compares of a uint16 arg (zero-extended): Mask "
	    "would never match\n"
	    "p.yaml:25:27: error: kprobe 'sys_openat': arg 3: value '-1' does not fit uint16 "
	    "(Tetragon reads its values as 32-bit unsigned ints, 0..4294967295)\n");
}
END_TEST

START_TEST(test_match_args_string_values)
{
	char *yaml, *big;
	size_t n = 16384;

	big = malloc(4097);
	yaml = malloc(n);
	ck_assert_ptr_nonnull(big);
	ck_assert_ptr_nonnull(yaml);
	memset(big, 'p', 4096);
	big[4096] = '\0';
	snprintf(yaml, n,
		 OPENAT "    - matchArgs:\n"
			"      - index: 1\n"
			"        operator: Equal\n"
			"        values:\n"
			"        - \"%s\"\n"
			/* a trailing \0 as in Tetragon's cve-2023-2640 policy */
			"        - \"security.capability\\0\"\n"
			"      - index: 1\n"
			"        operator: Postfix\n"
			"        values: [\"%s\"]\n",
		 big, big);
	CHECK_YAML(yaml, 2,
		   "p.yaml:20:11: error: kprobe 'sys_openat': arg 1: value is longer than the 4095 "
		   "bytes a string can be captured with\n"
		   "p.yaml:24:18: error: kprobe 'sys_openat': arg 1: value is longer than the 4095 "
		   "bytes a string can be captured with\n");
	big[4095] = '\0';
	snprintf(yaml, n,
		 OPENAT "    - matchArgs:\n      - index: 1\n        operator: NotPrefix\n"
			"        values: [\"%s\"]\n",
		 big);
	CHECK_OK(yaml);
	free(big);
	free(yaml);
}
END_TEST

/*
 * Trailing NULs: Equal drops them on a string only, Postfix on every type but char_buf,
 * Prefix never (pkg/selectors/kernel.go); Tetragon's loader fails on a value they are all
 * of, and on an empty Postfix it would trim; a string or a path never holds a NUL, and
 * never is "" (filter_file_buf): values that could never match are refused.
 */
START_TEST(test_match_args_nul_values)
{
	CHECK_YAML(OPENAT
		   "    - matchArgs:\n"
		   "      - {index: 1, operator: Equal, values: [\"\\0\", \"a\\0b\", "
		   "\"ok\\0\", \"\"]}\n"
		   "      - {index: 1, operator: Prefix, values: [\"x\\0\", \"\"]}\n"
		   "      - {index: 1, operator: Postfix, values: [\"\", \"\\0\\0\", \"y\\0\"]}\n",
		   5,
		   "p.yaml:17:46: error: kprobe 'sys_openat': arg 1: a value of only NUL bytes is "
		   "not supported (Tetragon's loader fails on it while it trims them)\n"
		   "p.yaml:17:52: error: kprobe 'sys_openat': arg 1: value has a NUL byte, which "
		   "string args never hold: Tetragon would never match it\n"
		   "p.yaml:18:47: error: kprobe 'sys_openat': arg 1: value has a NUL byte, which "
		   "string args never hold: Tetragon would never match it\n"
		   "p.yaml:19:48: error: kprobe 'sys_openat': arg 1: an empty Postfix value on "
		   "string is not supported (Tetragon's loader fails on it)\n"
		   "p.yaml:19:52: error: kprobe 'sys_openat': arg 1: a value of only NUL bytes is "
		   "not supported (Tetragon's loader fails on it while it trims them)\n");
	CHECK_YAML(HDR "  kprobes:\n"
		       "  - call: sys_write\n"
		       "    args:\n"
		       "    - index: 0\n"
		       "      type: fd\n"
		       "    - index: 1\n"
		       "      type: char_buf\n"
		       "      sizeArgIndex: 3\n"
		       "    - index: 2\n"
		       "      type: size_t\n"
		       "    selectors:\n"
		       "    - matchArgs:\n"
		       "      - {index: 0, operator: Postfix, values: [\"/null\\0\"]}\n"
		       "      - {index: 0, operator: Equal, values: [\"\", \"/dev/null\\0\"]}\n"
		       "      - {index: 1, operator: Postfix, values: [\"\", \"\\0\"]}\n"
		       "      - {index: 1, operator: Equal, values: [\"x\\0\"]}\n",
		   2,
		   "p.yaml:19:46: error: kprobe 'sys_write': arg 0: an empty value never equals a "
		   "path: Tetragon fails every filter on an empty one\n"
		   "p.yaml:19:50: error: kprobe 'sys_write': arg 0: value has a NUL byte, which fd "
		   "args never hold: Tetragon would never match it\n");
	/* NotEqual "" on a path: "the file has one" (an empty path fails before the negation) */
	CHECK_OK(HDR "  kprobes:\n"
		     "  - call: sys_write\n"
		     "    args:\n"
		     "    - index: 0\n"
		     "      type: fd\n"
		     "    selectors:\n"
		     "    - matchArgs:\n"
		     "      - {index: 0, operator: NotEqual, values: [\"\"]}\n");
}
END_TEST

START_TEST(test_match_return_args)
{
	struct result r;

	run(&r, HDR "  kprobes:\n"
		    "  - call: sys_openat\n"
		    "    return: true\n"
		    "    returnArg:\n"
		    "      type: int\n"
		    "    selectors:\n"
		    "    - matchReturnArgs:\n"
		    "      - operator: Equal\n"
		    "        values: [\"-2\", \"0\"]\n"
		    "      matchReturnActions:\n"
		    "      - action: Post\n");
	ASSERT_OUT(&r, "");
	ck_assert_int_eq(r.p->hooks[0].selectors[0].ret_args[0].arg_pos, -1);
	ck_assert_uint_eq(r.p->hooks[0].selectors[0].ret_args[0].values[0].num,
			  (uint64_t)(int64_t)-2);
	result_free(&r);

	CHECK_YAML(HDR "  kprobes:\n"
		       "  - call: sys_openat\n"
		       "    return: true\n"
		       "    returnArg:\n"
		       "      type: int\n"
		       "    selectors:\n"
		       "    - matchReturnArgs:\n"
		       "      - operator: Prefix\n"
		       "        values: [\"x\"]\n"
		       "      - operator: LT\n"
		       "        values: [\"x\"]\n"
		       "  - call: sys_openat\n"
		       "    selectors:\n"
		       "    - matchReturnArgs:\n"
		       "      - operator: Equal\n"
		       "        values: [\"0\"]\n"
		       "      matchReturnActions:\n"
		       "      - action: Post\n",
		   4,
		   "p.yaml:13:19: error: kprobe 'sys_openat': returnArg: operator 'Prefix' needs a "
		   "string or buffer argument\n"
		   "p.yaml:16:18: error: kprobe 'sys_openat': returnArg: value 'x' is not an "
		   "integer\n"
		   "p.yaml:20:9: error: kprobe 'sys_openat': matchReturnArgs needs return: true\n"
		   "p.yaml:23:9: error: kprobe 'sys_openat': matchReturnActions needs return: "
		   "true\n");
}
END_TEST

START_TEST(test_match_pids)
{
	struct result r;

	run(&r, OPENAT "    - matchPIDs:\n"
		       "      - operator: In\n"
		       "        followForks: true\n"
		       "        values: [\"0\", \"1\", \"4294967295\"]\n"
		       "      - operator: NotIn\n"
		       "        values: [\"4294967296\", \"pid\", \"-1\"]\n"
		       "      - operator: In\n"
		       "        values: []\n");
	ASSERT_OUT(&r, "p.yaml:21:18: error: kprobe 'sys_openat': matchPIDs: value '4294967296' "
		       "does not fit uint32\n"
		       "p.yaml:21:32: error: kprobe 'sys_openat': matchPIDs: value 'pid' is not an "
		       "integer\n"
		       "p.yaml:21:39: error: kprobe 'sys_openat': matchPIDs: value '-1' does not "
		       "fit "
		       "uint32\n"
		       "p.yaml:22:19: error: kprobe 'sys_openat': matchPIDs: operator 'In' needs "
		       "at "
		       "least one value\n");
	ck_assert_uint_eq(r.p->hooks[0].selectors[0].pids[0].values[2].num, UINT32_MAX);
	result_free(&r);
}
END_TEST

START_TEST(test_match_binaries)
{
	char *yaml, *big;
	size_t n = 16384;

	CHECK_OK(OPENAT "    - matchBinaries:\n"
			"      - operator: In\n"
			"        values: [\"/usr/bin/cat\"]\n"
			"      - operator: NotPostfix\n"
			"        values: [\"sh\"]\n");
	big = malloc(4097);
	yaml = malloc(n);
	ck_assert_ptr_nonnull(big);
	ck_assert_ptr_nonnull(yaml);
	memset(big, 'b', 4096);
	big[4096] = '\0';
	snprintf(yaml, n,
		 OPENAT "    - matchBinaries:\n"
			"      - operator: In\n"
			"        values: [\"\", \"%s\"]\n"
			"      - operator: Prefix\n"
			"        values: []\n",
		 big);
	CHECK_YAML(yaml, 2,
		   "p.yaml:19:9: warning: kprobe 'sys_openat': matchBinaries without values is "
		   "skipped (as Tetragon does)\n"
		   "p.yaml:18:18: error: kprobe 'sys_openat': matchBinaries: empty value\n"
		   "p.yaml:18:22: error: kprobe 'sys_openat': matchBinaries: value is longer than "
		   "4095 bytes\n");
	free(big);
	free(yaml);
}
END_TEST

/* matchParentBinaries takes matchBinaries' operators; followChildren only with In/NotIn */
START_TEST(test_match_parent_binaries)
{
	CHECK_OK(OPENAT "    - matchParentBinaries:\n"
			"      - operator: In\n"
			"        followChildren: true\n"
			"        values: [\"/usr/bin/bash\"]\n"
			"      - operator: NotPostfix\n"
			"        values: [\"sh\"]\n"
			"      - operator: NotIn\n"
			"        followChildren: true\n"
			"        values: [\"/bin/a\"]\n");
	CHECK_YAML(OPENAT "    - matchParentBinaries:\n"
			  "      - operator: Prefix\n"
			  "        followChildren: true\n"
			  "        values: [\"/usr/\"]\n"
			  "      - operator: In\n"
			  "        values: [\"\"]\n"
			  "      matchBinaries:\n"
			  "      - operator: NotPostfix\n"
			  "        followChildren: true\n"
			  "        values: [\"sh\"]\n",
		   3,
		   "p.yaml:23:19: error: kprobe 'sys_openat': matchBinaries: followChildren with "
		   "operator 'NotPostfix' is not supported (In and NotIn only, as in Tetragon)\n"
		   "p.yaml:17:19: error: kprobe 'sys_openat': matchParentBinaries: followChildren "
		   "with operator 'Prefix' is not supported (In and NotIn only, as in Tetragon)\n"
		   "p.yaml:21:18: error: kprobe 'sys_openat': matchParentBinaries: empty value\n");
}
END_TEST

/* Tetragon's ParseMatchBinary returns before writing an entry without values: no filter */
START_TEST(test_match_binaries_empty_skipped)
{
	struct result r;

	run(&r, OPENAT "    - matchBinaries:\n"
		       "      - operator: NotIn\n"
		       "        values: []\n"
		       "      - operator: In\n"
		       "        values: [\"/usr/bin/cat\"]\n"
		       "      - operator: Prefix\n"
		       "        followChildren: true\n");
	ASSERT_OUT(&r, "p.yaml:17:9: warning: kprobe 'sys_openat': matchBinaries without values is "
		       "skipped (as Tetragon does)\n"
		       "p.yaml:21:9: warning: kprobe 'sys_openat': matchBinaries without values is "
		       "skipped (as Tetragon does)\n");
	ck_assert_int_eq(r.errors, 0);
	ck_assert_int_eq(r.p->hooks[0].selectors[0].nbinaries, 1);
	ck_assert_int_eq(r.p->hooks[0].selectors[0].binaries[0].op, TP_OP_IN);
	result_free(&r);
}
END_TEST

START_TEST(test_actions)
{
	CHECK_OK(OPENAT "    - matchActions:\n"
			"      - action: Sigkill\n"
			"      - action: Post\n"
			"      - action: NoPost\n"
			"      - action: Signal\n"
			"        argSig: 9\n");
	CHECK_YAML(OPENAT "    - matchActions:\n"
			  "      - action: FollowFD\n"
			  "        argFd: 0\n"
			  "      - action: Override\n"
			  "        argError: -1\n"
			  "      - action: Signal\n"
			  "      - action: Signal\n"
			  "        argSig: 65\n"
			  "      - action: Signal\n"
			  "        argSig: 0\n",
		   4,
		   "p.yaml:17:9: error: kprobe 'sys_openat': action 'FollowFD' needs argName\n"
		   "p.yaml:21:9: error: kprobe 'sys_openat': action 'Signal' needs argSig\n"
		   "p.yaml:22:9: error: kprobe 'sys_openat': action 'Signal': argSig 65 is not a "
		   "signal number (1 to 64)\n"
		   "p.yaml:24:9: error: kprobe 'sys_openat': action 'Signal': argSig 0 is not a "
		   "signal number (1 to 64)\n");
	CHECK_YAML(HDR "  tracepoints:\n"
		       "  - subsystem: sched\n"
		       "    event: sched_process_exec\n"
		       "    selectors:\n"
		       "    - matchActions:\n"
		       "      - action: Override\n"
		       "        argError: -1\n"
		       "      - action: Sigkill\n",
		   1,
		   "p.yaml:11:9: error: tracepoint 'sched/sched_process_exec': action 'Override' "
		   "cannot be used on tracepoints\n");
}
END_TEST

/*
 * kernelStackTrace, userStackTrace: Post on kprobes (Tetragon's generickprobe.go
 * refuses another action, genericlsm.go any LSM hook); where Tetragon's event
 * has no field for them (tracepoints, the return half) they are refused too.
 */
START_TEST(test_stack_traces)
{
	struct result r;

	run(&r, OPENAT "    - matchActions:\n"
		       "      - action: Post\n"
		       "        imaHash: false\n"
		       "        kernelStackTrace: true\n"
		       "        userStackTrace: true\n");
	ck_assert_msg(r.errors == 0, "Post with both stacks checks:\n%s", r.out);
	ck_assert_msg(r.p->hooks[0].selectors[0].actions[0].kernel_stack &&
			  r.p->hooks[0].selectors[0].actions[0].user_stack,
		      "both stack flags set");
	ck_assert_int_eq(r.p->hooks[0].selectors[0].actions[0].stack_loc.line, 19);
	result_free(&r);
	CHECK_YAML(OPENAT "    - matchActions:\n"
			  "      - action: Sigkill\n"
			  "        kernelStackTrace: true\n"
			  "      - action: NoPost\n"
			  "        userStackTrace: true\n",
		   2,
		   "p.yaml:18:9: error: kprobe 'sys_openat': action 'Sigkill': kernelStackTrace or "
		   "userStackTrace can only be used along Post action\n"
		   "p.yaml:20:9: error: kprobe 'sys_openat': action 'NoPost': kernelStackTrace or "
		   "userStackTrace can only be used along Post action\n");
	CHECK_YAML(HDR "  kprobes:\n"
		       "  - call: sys_openat\n"
		       "    return: true\n"
		       "    returnArg:\n"
		       "      index: 0\n"
		       "      type: int\n"
		       "    selectors:\n"
		       "    - matchReturnActions:\n"
		       "      - action: Post\n"
		       "        userStackTrace: true\n",
		   1,
		   "p.yaml:15:9: error: kprobe 'sys_openat': userStackTrace is not supported in "
		   "matchReturnActions (Tetragon's event keeps the entry's stack)\n");
	CHECK_YAML(HDR "  tracepoints:\n"
		       "  - subsystem: sched\n"
		       "    event: sched_process_exec\n"
		       "    selectors:\n"
		       "    - matchActions:\n"
		       "      - action: Post\n"
		       "        kernelStackTrace: true\n",
		   1,
		   "p.yaml:12:9: error: tracepoint 'sched/sched_process_exec': kernelStackTrace is "
		   "not supported on tracepoints (Tetragon's tracepoint events carry no stack "
		   "trace)\n");
	CHECK_YAML(
	    HDR "  lsmhooks:\n"
		"  - hook: file_open\n"
		"    selectors:\n"
		"    - matchActions:\n"
		"      - action: Post\n"
		"        kernelStackTrace: true\n",
	    1, "p.yaml:11:9: error: lsmhook 'file_open': stacktrace actions are not supported\n");
}
END_TEST

/* Post's rateLimit as Tetragon's parseRateLimit reads it (pkg/selectors/kernel.go). */
START_TEST(test_rate_limit)
{
	CHECK_OK(OPENAT "    - matchActions:\n"
			"      - action: Post\n"
			"        rateLimit: 5\n"
			"      - action: Post\n"
			"        rateLimit: 007S\n"
			"        rateLimitScope: process\n"
			"      - action: Post\n"
			"        rateLimit: 2m\n"
			"        rateLimitScope: global\n"
			"      - action: Post\n"
			"        rateLimit: 4294967295H\n"
			"        rateLimitScope: thread\n"
			"      - action: Sigkill\n"
			"        rateLimit: \"\"\n");
	CHECK_YAML(
	    OPENAT "    - matchActions:\n"
		   "      - action: Post\n"
		   "        rateLimit: 1x\n"
		   "        rateLimitScope: Thread\n"
		   "      - action: Sigkill\n"
		   "        rateLimit: 1m\n"
		   "      - action: Post\n"
		   "        rateLimit: 4294967296\n"
		   "      - action: Post\n"
		   "        rateLimit: s\n"
		   "      - action: Post\n"
		   "        rateLimit: -1\n"
		   "      - action: Post\n"
		   "        rateLimit: 1_0\n"
		   "      - action: NoPost\n"
		   "        rateLimitScope: process\n",
	    8,
	    "p.yaml:18:20: error: kprobe 'sys_openat': action 'Post': rateLimit '1x' is not "
	    "a duration (a whole number of seconds, or of s, m or h)\n"
	    "p.yaml:19:25: error: kprobe 'sys_openat': action 'Post': rateLimitScope "
	    "'Thread' is not thread, process or global\n"
	    "p.yaml:21:20: error: kprobe 'sys_openat': action 'Sigkill': rateLimit applies "
	    "to Post only\n"
	    "p.yaml:23:20: error: kprobe 'sys_openat': action 'Post': rateLimit '4294967296' "
	    "is not a duration (a whole number of seconds, or of s, m or h)\n"
	    "p.yaml:25:20: error: kprobe 'sys_openat': action 'Post': rateLimit 's' is not "
	    "a duration (a whole number of seconds, or of s, m or h)\n"
	    "p.yaml:27:20: error: kprobe 'sys_openat': action 'Post': rateLimit '-1' is not "
	    "a duration (a whole number of seconds, or of s, m or h)\n"
	    "p.yaml:29:20: error: kprobe 'sys_openat': action 'Post': rateLimit '1_0' is not "
	    "a duration (a whole number of seconds, or of s, m or h)\n"
	    "p.yaml:31:25: error: kprobe 'sys_openat': action 'NoPost': rateLimitScope "
	    "is not supported without rateLimit\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_openat\n    return: true\n    returnArg:\n"
		       "      index: 0\n      type: int\n    selectors:\n"
		       "    - matchReturnActions:\n      - action: Post\n        rateLimit: 1m\n",
		   1,
		   "p.yaml:15:20: error: kprobe 'sys_openat': action 'Post': rateLimit is not "
		   "supported in matchReturnActions\n");
}
END_TEST

/* Many problems in one policy: every one is reported, in order. */
START_TEST(test_keeps_going)
{
	struct result r;

	run(&r, HDR "  kprobes:\n"
		    "  - call: sys_nosuch\n"
		    "    args:\n"
		    "    - index: 0\n"
		    "      type: file\n"
		    "    selectors:\n"
		    "    - matchArgs:\n"
		    "      - index: 1\n"
		    "        operator: Equal\n"
		    "        values: [\"1\"]\n"
		    "      matchActions:\n"
		    "      - action: GetUrl\n"
		    "  tracepoints:\n"
		    "  - subsystem: sched\n"
		    "    event: nope\n");
	ck_assert_int_eq(r.errors, 5);
	ck_assert_msg(strstr(r.out, "p.yaml:7:5: error: kprobe 'sys_nosuch': no such syscall\n") ==
			  r.out,
		      "first error first:\n%s", r.out);
	ck_assert_msg(strstr(r.out, "tracepoint 'sched/nope': not found"), "last error:\n%s",
		      r.out);
	result_free(&r);
}
END_TEST

/* A hand-built model with the holes a failed parse leaves must not crash the checker. */
START_TEST(test_incomplete_model)
{
	struct result r = { 0 };

	r.p = calloc(1, sizeof(*r.p));
	ck_assert_ptr_nonnull(r.p);
	r.p->nhooks = 2;
	r.p->hooks = calloc(2, sizeof(*r.p->hooks));
	ck_assert_ptr_nonnull(r.p->hooks);
	r.p->hooks[0].kind = TP_HOOK_KPROBE;
	r.p->hooks[0].syscall = true;
	r.p->hooks[0].loc = (struct tp_loc){ 3, 1 };
	r.p->hooks[1].kind = TP_HOOK_TRACEPOINT;
	check_model(&r, tp_test_target());
	ASSERT_OUT(&r, "");
	result_free(&r);
}
END_TEST

START_TEST(test_init_host)
{
	struct tp_target t = { 0 };
	struct utsname u;

	tp_target__init_host(&t);
	ck_assert_ptr_nonnull(t.tracefs);
	ck_assert_msg(!strcmp(t.tracefs, "/sys/kernel/tracing") ||
			  !strcmp(t.tracefs, "/sys/kernel/debug/tracing"),
		      "tracefs '%s'", t.tracefs);
	ck_assert_int_eq(uname(&u), 0);
	if (!strcmp(u.machine, "x86_64"))
		ck_assert_str_eq(t.arch_prefix, "__x64_");
	else if (!strcmp(u.machine, "aarch64"))
		ck_assert_str_eq(t.arch_prefix, "__arm64_");
	else
		ck_assert_str_eq(t.arch_prefix, "");
}
END_TEST

/* Tetragon's own policies: the checker never crashes on them. */
static int check_corpus_dir(const char *dir)
{
	const struct tp_target *t = tp_test_target();
	struct dirent *e;
	int checked = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[1024], *out = NULL;
		struct tp_policy *p;
		struct tp_diag diag;
		size_t len = 0;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (!strstr(e->d_name, ".y")) {
			checked += check_corpus_dir(path);
			continue;
		}
		f = open_memstream(&out, &len);
		ck_assert_ptr_nonnull(f);
		tp_diag__init(&diag, path, f);
		p = tp_policy__load_file(path, &diag);
		if (p) {
			tp_policy__check(p, t, &diag);
			checked++;
		}
		fclose(f);
		free(out);
		tp_policy__free(p);
	}
	closedir(d);
	return checked;
}

START_TEST(test_corpus_smoke)
{
	int n = check_corpus_dir(tp_test_corpus());

	/* 82 policies today: a missing or emptied corpus fails */
	ck_assert_msg(n >= 80, "checked %d corpus policies under %s", n, tp_test_corpus());
}
END_TEST

/* Corpus policies within what we support check cleanly. */
START_TEST(test_corpus_valid)
{
	static const char *const files[] = {
		"tetragon/tracingpolicy/write.yaml",
		"tetragon/tracingpolicy/raw_syscalls.yaml",
	};
	char path[1024];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(*files); i++) {
		struct result r = { 0 };
		struct tp_diag d;
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", tp_test_corpus(), files[i]);
		ck_assert_msg(!access(path, R_OK), "%s: %m", path);
		f = open_memstream(&r.out, &r.len);
		ck_assert_ptr_nonnull(f);
		tp_diag__init(&d, path, f);
		r.p = tp_policy__load_file(path, &d);
		fclose(f);
		ck_assert_msg(r.p && d.errors == 0, "%s parses:\n%s", path, r.out);
		check_model(&r, tp_test_target());
		ck_assert_msg(r.errors == 0, "%s checks cleanly:\n%s", path, r.out);
		result_free(&r);
	}
}
END_TEST

/* matchArgs args: positions in the args list; matchData: positions in data (lines 16+). */
START_TEST(test_match_positions_and_data)
{
	CHECK_OK(OPENAT "    - matchArgs:\n"
			"      - {args: [2], operator: Equal, values: [\"7\"]}\n"
			"      - {args: [1], index: 1, operator: Prefix, values: [\"/tmp\"]}\n");
	/* a data entry's synthetic index (32) names no arg: argFd 32 is refused */
	CHECK_YAML(OPENAT "    - matchArgs:\n"
			  "      - {args: [3], operator: Equal, values: [\"7\"]}\n"
			  "      - {args: [1], index: 3, operator: Equal, values: [\"7\"]}\n"
			  "      - {args: [0, 2], operator: CapabilitiesGained}\n"
			  "      matchData:\n"
			  "      - {index: 1, operator: Equal, values: [\"1\"]}\n"
			  "      matchActions:\n"
			  "      - {action: FollowFD, argFd: 32, argName: 1}\n"
			  "    data:\n"
			  "    - {source: current_task, resolve: pid}\n",
		   6,
		   "p.yaml:21:9: error: kprobe 'sys_openat': matchData: 1 does not name a data "
		   "entry of this hook (it has 1)\n"
		   "p.yaml:17:10: error: kprobe 'sys_openat': matchArgs args: 3 is not a position "
		   "in this hook's args (it has 3)\n"
		   "p.yaml:18:9: error: kprobe 'sys_openat': matchArgs: index 3 and args name "
		   "different args: index is not supported with args (Tetragon reads args)\n"
		   "p.yaml:19:10: error: kprobe 'sys_openat': args [0, ...]: CapabilitiesGained "
		   "needs capability sets (kernel_cap_t, cap_inheritable, cap_permitted, "
		   "cap_effective), arg 0 is int\n"
		   "p.yaml:19:10: error: kprobe 'sys_openat': args [0, ...]: CapabilitiesGained "
		   "needs capability sets (kernel_cap_t, cap_inheritable, cap_permitted, "
		   "cap_effective), arg 3 is uint16\n"
		   "p.yaml:23:9: error: kprobe 'sys_openat': action 'FollowFD': argFd 32 does not "
		   "name an arg of this hook\n");
}
END_TEST

static Suite *check_suite(void)
{
	Suite *s = suite_create("check");
	TCase *tc;

	tc = tcase_create("policy");
	tcase_add_test(tc, test_policy_name);
	tcase_add_test(tc, test_policy_no_hooks);
	tcase_add_test(tc, test_keeps_going);
	tcase_add_test(tc, test_incomplete_model);
	tcase_add_test(tc, test_init_host);
	suite_add_tcase(s, tc);

	tc = tcase_create("kprobe");
	tcase_add_test(tc, test_syscall_valid);
	tcase_add_test(tc, test_syscall_prefix_other_arch);
	tcase_add_test(tc, test_syscall_bad_names);
	tcase_add_test(tc, test_target_arm64);
	tcase_add_test(tc, test_syscall_no_tracefs);
	tcase_add_test(tc, test_syscall_arg_index);
	tcase_add_test(tc, test_kprobe_lists_and_functions);
	tcase_add_test(tc, test_arg_types);
	tcase_add_test(tc, test_char_buf);
	tcase_add_test(tc, test_const_buf);
	tcase_add_test(tc, test_size_arg_ignored);
	tcase_add_test(tc, test_return_arg);
	tcase_add_test(tc, test_message_tags);
	suite_add_tcase(s, tc);

	tc = tcase_create("tracepoint");
	tcase_add_test(tc, test_tracepoint_fields);
	tcase_add_test(tc, test_tracepoint_auto_types);
	tcase_add_test(tc, test_tracepoint_common_fields);
	tcase_add_test(tc, test_tracepoint_field_errors);
	tcase_add_test(tc, test_tracepoint_data_loc_and_arrays);
	tcase_add_test(tc, test_tracepoint_missing_and_raw);
	suite_add_tcase(s, tc);

	tc = tcase_create("selectors");
	tcase_add_test(tc, test_changes_errors);
	tcase_add_test(tc, test_nscaps_valid);
	tcase_add_test(tc, test_nscaps_errors);
	tcase_add_test(tc, test_match_args_valid);
	tcase_add_test(tc, test_match_args_index);
	tcase_add_test(tc, test_match_args_tracepoint_position);
	tcase_add_test(tc, test_match_args_tracepoint_field_index);
	tcase_add_test(tc, test_match_args_operators);
	tcase_add_test(tc, test_in_map_ranges);
	tcase_add_test(tc, test_reversed_in_range);
	tcase_add_test(tc, test_in_range_bounds);
	tcase_add_test(tc, test_file_type_values);
	tcase_add_test(tc, test_match_args_sock_arg);
	tcase_add_test(tc, test_match_args_int_values);
	tcase_add_test(tc, test_match_args_string_values);
	tcase_add_test(tc, test_match_args_nul_values);
	tcase_add_test(tc, test_match_return_args);
	tcase_add_test(tc, test_match_pids);
	tcase_add_test(tc, test_match_binaries);
	tcase_add_test(tc, test_match_parent_binaries);
	tcase_add_test(tc, test_match_binaries_empty_skipped);
	tcase_add_test(tc, test_actions);
	tcase_add_test(tc, test_stack_traces);
	tcase_add_test(tc, test_rate_limit);
	tcase_add_test(tc, test_match_positions_and_data);
	suite_add_tcase(s, tc);

	tc = tcase_create("corpus");
	tcase_add_test(tc, test_corpus_smoke);
	tcase_add_test(tc, test_corpus_valid);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(check_suite());
}
