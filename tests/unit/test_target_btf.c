// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Unit tests for building for another kernel (tpgen --btf, --ftrace-functions):
 * the checker looks hooks up in the target's BTF file instead of this machine's,
 * gen/link/vmlinux_h.c writes the target's types for the generated C, and
 * generated_ftrace reads the target's function list from a file. The target is
 * a small BTF written here with libbpf, holding what no real kernel has.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "check/kbtf.h"
#include "file.h"
#include "link/vmlinux_h.h"
#include "tp_checkrun.h"
#include "tp_test.h"

static char btf_path[] = "/tmp/tp-test-btf.XXXXXX";
static char fns_path[] = "/tmp/tp-test-fns.XXXXXX";

/* int tp_target_only(int fd); struct tp_target_struct { int only_here; }; */
static void write_btf(void)
{
	struct btf *btf = btf__new_empty();
	const void *raw;
	__u32 size;
	int i, proto, fd;
	FILE *f;

	ck_assert_ptr_nonnull(btf);
	i = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	proto = btf__add_func_proto(btf, i);
	ck_assert_int_eq(btf__add_func_param(btf, "fd", i), 0);
	ck_assert_int_gt(btf__add_func(btf, "tp_target_only", BTF_FUNC_GLOBAL, proto), 0);
	ck_assert_int_gt(btf__add_struct(btf, "tp_target_struct", 4), 0);
	ck_assert_int_eq(btf__add_field(btf, "only_here", i, 0, 0), 0);
	raw = btf__raw_data(btf, &size);
	ck_assert_ptr_nonnull(raw);
	fd = mkstemp(btf_path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, raw, size), (ssize_t)size);
	close(fd);
	btf__free(btf);

	fd = mkstemp(fns_path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs("tp_target_only\nnot_a_match [some_module]\n", f);
	fclose(f);
}

static void setup(void)
{
	write_btf();
}

static void teardown(void)
{
	unlink(btf_path);
	unlink(fns_path);
}

#define KPROBE                                                                      \
	HDR "  kprobes:\n  - call: tp_target_only\n    syscall: false\n    args:\n" \
	    "    - {index: 0, type: int}\n"

START_TEST(test_hook_in_target_btf)
{
	struct tp_target t = *tp_test_target();
	struct result r;

	/* this machine's kernel has no tp_target_only */
	run_target(&r, KPROBE, &t);
	ck_assert_int_eq(r.errors, 1);
	ck_assert_str_eq(r.out, "p.yaml:7:5: error: kprobe 'tp_target_only': kernel function "
				"'tp_target_only' not found in this kernel's BTF\n");
	result_free(&r);

	/* the target's has, and its prototype types the arg */
	t.btf = btf_path;
	run_target(&r, KPROBE, &t);
	ck_assert_msg(r.errors == 0, "%s", r.out);
	result_free(&r);

	/* and one of this machine's functions is missing there, said so by name */
	run_target(&r, HDR "  kprobes:\n  - call: fd_install\n    syscall: false\n", &t);
	ck_assert_int_eq(r.errors, 1);
	ck_assert_ptr_nonnull(
	    strstr(r.out, "'fd_install' not found in the BTF in /tmp/tp-test-btf."));
	result_free(&r);

	/* without --btf, this machine's BTF again */
	t.btf = NULL;
	run_target(&r, HDR "  kprobes:\n  - call: fd_install\n    syscall: false\n", &t);
	ck_assert_msg(r.errors == 0, "%s", r.out);
	result_free(&r);
}
END_TEST

/* tp_kbtf__use_none (the fuzzer's): no BTF, whatever the machine has, until a file is named */
START_TEST(test_no_btf)
{
	struct tp_target t = *tp_test_target();
	struct tp_kfunc_proto pr;
	struct result r;

	tp_kbtf__use_none();
	ck_assert_int_eq(tp_kbtf__func("fd_install", &pr), -ENODATA);
	run_target(&r, KPROBE, &t);
	ck_assert_int_eq(r.errors, 0);
	ck_assert_str_eq(r.out, "p.yaml:7:5: warning: kprobe 'tp_target_only': cannot check the "
				"function: no kernel BTF on this machine\n");
	result_free(&r);

	t.btf = btf_path;
	run_target(&r, KPROBE, &t);
	ck_assert_msg(r.errors == 0 && !*r.out, "%s", r.out);
	result_free(&r);
	ck_assert_int_eq(tp_kbtf__func("fd_install", &pr), -ENOENT);
}
END_TEST

START_TEST(test_bad_btf_file)
{
	struct tp_target t = *tp_test_target();
	struct result r;

	t.btf = "/nonexistent/vmlinux";
	run_target(&r, KPROBE, &t);
	ck_assert_int_eq(r.errors, 1);
	ck_assert_str_eq(r.out, "p.yaml:1:1: error: cannot read the kernel BTF in "
				"/nonexistent/vmlinux: No such file or directory\n");
	result_free(&r);
	t.btf = fns_path; /* not BTF */
	run_target(&r, KPROBE, &t);
	ck_assert_int_eq(r.errors, 1);
	ck_assert_ptr_nonnull(
	    strstr(r.out, "error: cannot read the kernel BTF in /tmp/tp-test-fns."));
	result_free(&r);
}
END_TEST

START_TEST(test_vmlinux_h)
{
	char out[] = "/tmp/tp-test-vmlinux.XXXXXX", *text = NULL;
	size_t len;
	int fd = mkstemp(out);

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_int_eq(tp_vmlinux_h__write(btf_path, out), 0);
	ck_assert_int_eq(tp_file__read(out, 1 << 16, &text, &len), 0);
	unlink(out);
	ck_assert_ptr_nonnull(strstr(text, "preserve_access_index"));
	ck_assert_ptr_nonnull(strstr(text, "struct tp_target_struct {\n\tint only_here;\n};"));
	free(text);
	ck_assert_int_lt(tp_vmlinux_h__write("/nonexistent/vmlinux", out), 0);
}
END_TEST

#define FTRACE                                                                             \
	HDR "  lists:\n  - name: fns\n    type: generated_ftrace\n    pattern: \"^tp_\"\n" \
	    "  kprobes:\n  - call: list:fns\n"

START_TEST(test_ftrace_functions_file)
{
	struct tp_target t = *tp_test_target();
	struct result r;

	t.btf = btf_path;
	t.ftrace_functions = fns_path;
	run_target(&r, FTRACE, &t);
	ck_assert_msg(r.errors == 0, "%s", r.out);
	ck_assert_int_eq(r.p->hooks[0].nfuncs, 1);
	ck_assert_str_eq(r.p->hooks[0].funcs[0], "tp_target_only");
	result_free(&r);

	t.ftrace_functions = "/nonexistent/available_filter_functions";
	run_target(&r, FTRACE, &t);
	ck_assert_int_eq(r.errors, 1);
	ck_assert_ptr_nonnull(strstr(r.out, "generated_ftrace needs "
					    "/nonexistent/available_filter_functions: No such file "
					    "or directory (give the target's list with "
					    "--ftrace-functions FILE)"));
	result_free(&r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("target_btf");
	TCase *tc = tcase_create("target_btf");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hook_in_target_btf);
	tcase_add_test(tc, test_no_btf);
	tcase_add_test(tc, test_bad_btf_file);
	tcase_add_test(tc, test_vmlinux_h);
	tcase_add_test(tc, test_ftrace_functions_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(suite());
}
