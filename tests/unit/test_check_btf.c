// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Unit tests for gen/check/arg_btf.c and the kernel-type spelling of
 * gen/check/kbtf.c: declared arg types against a kernel function's BTF
 * prototype (this machine's BTF) and a syscall's declaration (the fake
 * tracefs), as Tetragon's ValidateKprobeSpec (pkg/btf/validation.go) does,
 * with Tetragon's own test cases (pkg/btf/validation_test.go, its
 * testdata/specs, copied to tests/unit/fixtures/specs).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/kbtf.h"
#include "file.h"
#include "tp_checkrun.h"
#include "tp_test.h"

#define SPECS TP_SRC_TEMPLATES "/../../tests/unit/fixtures/specs/"

/* Parse and check fixtures/specs/NAME.yaml: the number of errors, *out what was printed. */
static int check_spec(const char *name, char **out)
{
	char path[512], *text = NULL;
	struct result r;
	size_t len;
	int e;

	snprintf(path, sizeof(path), SPECS "%s.yaml", name);
	ck_assert_msg(tp_file__read(path, 1 << 16, &text, &len) == 0, "read %s", path);
	run(&r, text);
	free(text);
	e = r.errors;
	*out = strdup(r.out);
	result_free(&r);
	return e;
}

/* Tetragon's validation_test.go verdicts: expectError for six, expectOK for two. */
START_TEST(test_tetragon_specs)
{
	static const struct {
		const char *name;
		const char *want; /* a substring of the one error; NULL: accepted */
	} cases[] = {
		{ "nosuchcall", "p.yaml:7:5: error: kprobe 'thiscalldoesnotexist': " },
		{ "notasyscall", "p.yaml:7:5: error: kprobe 'vfs_llseek': " },
		{ "syswrongargindex",
		  "p.yaml:10:7: error: kprobe 'sys_lseek': arg 100: index out of "
		  "range" },
		{ "syswrongargtype",
		  "p.yaml:11:13: error: kprobe 'sys_lseek': arg 0: type 'string' "
		  "does not match 'unsigned int', the type of lseek's argument 0\n" },
		{ "wrongargindex", "p.yaml:10:7: error: kprobe 'vfs_llseek': arg 100: index out of "
				   "range" },
		{ "wrongargtype", "p.yaml:11:13: error: kprobe 'vfs_llseek': arg 0: type 'string' "
				  "does not match 'struct file *', the type of vfs_llseek's "
				  "parameter 'file'\n" },
		{ "lseek", NULL },
		{ "syslseek", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *out;
		int e = check_spec(cases[i].name, &out);

		if (!cases[i].want) {
			ck_assert_msg(e == 0 && !*out, "%s: accepted silently, got:\n%s",
				      cases[i].name, out);
		} else {
			ck_assert_msg(e == 1, "%s: one error, got %d:\n%s", cases[i].name, e, out);
			ck_assert_msg(strstr(out, cases[i].want) == out, "%s: got:\n%s\nwant:\n%s",
				      cases[i].name, out, cases[i].want);
		}
		free(out);
	}
}
END_TEST

/* A kernel function's parameters as Tetragon's getKernelType spells them. */
START_TEST(test_kernel_type_names)
{
	struct tp_kfunc_proto pr;

	ck_assert_int_eq(tp_kbtf__func("vfs_llseek", &pr), 0);
	ck_assert_int_eq(pr.nargs, 3);
	ck_assert_str_eq(pr.arg_ktypes[0], "struct file *");
	ck_assert_str_eq(pr.arg_ktypes[1], "loff_t"); /* a typedef by its name */
	ck_assert_str_eq(pr.arg_ktypes[2], "int");
	ck_assert_str_eq(pr.ret_ktype, "loff_t");
	/* const dropped behind a pointer: const struct cred *new */
	ck_assert_int_eq(tp_kbtf__func("security_capset", &pr), 0);
	ck_assert_str_eq(pr.arg_ktypes[0], "struct cred *");
	ck_assert_str_eq(pr.arg_ktypes[2], "kernel_cap_t *");
	/* unsigned int fd, a union pointer */
	ck_assert_int_eq(tp_kbtf__func("fd_install", &pr), 0);
	ck_assert_str_eq(pr.arg_ktypes[0], "unsigned int");
	ck_assert_int_eq(tp_kbtf__func("security_bpf", &pr), 0);
	ck_assert_str_eq(pr.arg_ktypes[1], "union bpf_attr *");
}
END_TEST

START_TEST(test_kfunc_pairs)
{
	/* the pairs Tetragon's typesCompatible lists */
	CHECK_OK(HDR "  kprobes:\n  - call: fd_install\n    syscall: false\n    args:\n"
		     "    - {index: 0, type: int}\n    - {index: 1, type: file}\n");
	CHECK_OK(HDR "  kprobes:\n  - call: fd_install\n    syscall: false\n    args:\n"
		     "    - {index: 0, type: fd}\n    - {index: 1, type: nop}\n");
	CHECK_OK(HDR "  kprobes:\n  - call: security_capset\n    syscall: false\n    args:\n"
		     "    - {index: 0, type: cred}\n    - {index: 2, type: cap_effective}\n");
	/* type: auto is what BTF says: nothing to compare */
	CHECK_OK(HDR "  kprobes:\n  - call: vfs_llseek\n    syscall: false\n    args:\n"
		     "    - {index: 0, type: auto}\n");
	/* a string on a struct file *: refused at the type */
	CHECK_YAML(HDR "  kprobes:\n  - call: fd_install\n    syscall: false\n    args:\n"
		       "    - {index: 0, type: string}\n    - {index: 1, type: dentry}\n",
		   2,
		   "p.yaml:10:24: error: kprobe 'fd_install': arg 0: type 'string' does not "
		   "match 'unsigned int', the type of fd_install's parameter 'fd'\n"
		   "p.yaml:11:24: error: kprobe 'fd_install': arg 1: type 'dentry' does not "
		   "match 'struct file *', the type of fd_install's parameter 'file'\n");
	/* an integer that does not fit: a warning, as Tetragon's load gives */
	CHECK_YAML(HDR "  kprobes:\n  - call: vfs_llseek\n    syscall: false\n    args:\n"
		       "    - {index: 2, type: uint64}\n",
		   0,
		   "p.yaml:10:24: warning: kprobe 'vfs_llseek': arg 2: type 'uint64' does not "
		   "match 'int', the type of vfs_llseek's parameter 'whence'\n");
	/* return types: warnings */
	CHECK_YAML(HDR "  kprobes:\n  - call: fd_install\n    syscall: false\n    return: true\n"
		       "    returnArg: {index: 0, type: int}\n",
		   0,
		   "p.yaml:10:33: warning: kprobe 'fd_install': returnArg: type 'int' does not "
		   "match 'void' returned by fd_install\n");
}
END_TEST

START_TEST(test_syscall_pairs)
{
	/* lseek(unsigned int fd, off_t offset, unsigned int whence) per its format */
	CHECK_OK(HDR "  kprobes:\n  - call: sys_lseek\n    args:\n"
		     "    - {index: 0, type: fd}\n    - {index: 2, type: uint32}\n");
	CHECK_OK(HDR "  kprobes:\n  - call: sys_openat\n    args:\n"
		     "    - {index: 1, type: string}\n    - {index: 3, type: uint16}\n");
	CHECK_OK(HDR "  kprobes:\n  - call: sys_write\n    args:\n"
		     "    - {index: 1, type: char_buf, sizeArgIndex: 3}\n"
		     "    - {index: 2, type: size_t}\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_lseek\n    args:\n"
		       "    - {index: 0, type: string}\n    - {index: 1, type: fd}\n",
		   2,
		   "p.yaml:9:24: error: kprobe 'sys_lseek': arg 0: type 'string' does not match "
		   "'unsigned int', the type of lseek's argument 0\n"
		   "p.yaml:10:24: error: kprobe 'sys_lseek': arg 1: type 'fd' does not "
		   "match 'off_t', the type of lseek's argument 1\n");
	/* validateSycall: a syscall returns a long */
	CHECK_OK(HDR "  kprobes:\n  - call: sys_lseek\n    return: true\n"
		     "    returnArg: {index: 0, type: int64}\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_lseek\n    return: true\n"
		       "    returnArg: {index: 0, type: uint32}\n",
		   0,
		   "p.yaml:9:33: warning: kprobe 'sys_lseek': returnArg: type 'uint32' does not "
		   "match 'long' returned by lseek\n");
}
END_TEST

/* A list hook: call list:fns over spec.lists' fns, of type TYPE with values VALS; ARGS its args */
#define LIST(type, vals, args)                                                    \
	HDR "  lists:\n  - name: fns\n    type: " type "\n    values: " vals "\n" \
	    "  kprobes:\n  - call: list:fns\n    args:\n" args

/* Tetragon validates each function of a list (preValidateKprobe) */
START_TEST(test_list_pairs)
{
	/* fd_install(unsigned int fd, struct file *file), vfs_llseek(struct file *, loff_t, int) */
	CHECK_OK(LIST("\"\"", "[fd_install, vfs_llseek]", "    - {index: 2, type: nop}\n"));
	CHECK_OK(LIST("\"\"", "[fd_install]", "    - {index: 0, type: fd}\n"));
	CHECK_YAML(LIST("\"\"", "[fd_install, vfs_llseek, vfs_read]",
			"    - {index: 0, type: int}\n    - {index: 1, type: file}\n"),
		   1,
		   "p.yaml:13:24: warning: kprobe 'list:fns': arg 0: type 'int' does not match "
		   "'struct file *', the type of vfs_llseek's parameter 'file' (and 1 more of the "
		   "list's functions)\n"
		   "p.yaml:14:24: error: kprobe 'list:fns': arg 1: type 'file' does not match "
		   "'loff_t', the type of vfs_llseek's parameter 'offset' (and 1 more of the "
		   "list's functions)\n");
	/* sys_write(unsigned int fd, const char *buf, size_t count), sys_lseek(fd, off_t, whence)
	 */
	CHECK_OK(LIST("syscalls", "[sys_write, sys_lseek]", "    - {index: 0, type: fd}\n"));
	CHECK_YAML(LIST("syscalls", "[sys_write, sys_lseek]",
			"    - {index: 1, type: string}\n    - {index: 2, type: uint32}\n"),
		   1,
		   "p.yaml:13:24: error: kprobe 'list:fns': arg 1: type 'string' does not match "
		   "'off_t', the type of lseek's argument 1\n"
		   "p.yaml:14:24: warning: kprobe 'list:fns': arg 2: type 'uint32' does not match "
		   "'size_t', the type of write's argument 2\n");
	/* the return types of each, too */
	CHECK_YAML(HDR "  lists:\n  - name: fns\n    values: [fd_install]\n"
		       "  kprobes:\n  - call: list:fns\n    return: true\n"
		       "    returnArg: {index: 0, type: int}\n",
		   0,
		   "p.yaml:12:33: warning: kprobe 'list:fns': returnArg: type 'int' does not "
		   "match 'void' returned by fd_install\n");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("check_btf");
	TCase *tc = tcase_create("check_btf");

	tcase_add_test(tc, test_tetragon_specs);
	tcase_add_test(tc, test_kernel_type_names);
	tcase_add_test(tc, test_kfunc_pairs);
	tcase_add_test(tc, test_syscall_pairs);
	tcase_add_test(tc, test_list_pairs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(suite());
}
