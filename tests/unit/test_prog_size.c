// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * gen/link/prog_size.c: a program past the 32767 instructions a BPF jump
 * spans is found in the object, with the hook its name gives. The object is
 * clang's, of straight-line asm (a policy takes hundreds of selectors to get
 * there, and a long compile).
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "link/prog_size.h"
#include "tp_test.h"

static const char source[] = "#define SEC(n) __attribute__((section(n), used))\n"
			     "#define I1 asm volatile(\"r0 = 0\");\n"
			     "#define I8 I1 I1 I1 I1 I1 I1 I1 I1\n"
			     "#define I64 I8 I8 I8 I8 I8 I8 I8 I8\n"
			     "#define I512 I64 I64 I64 I64 I64 I64 I64 I64\n"
			     "#define I4096 I512 I512 I512 I512 I512 I512 I512 I512\n"
			     "#define I32768 I4096 I4096 I4096 I4096 I4096 I4096 I4096 I4096\n"
			     "SEC(\"tracepoint\") int tp_h1_tp(void *ctx) { I512 return 0; }\n"
			     "#ifdef LONG\n"
			     "SEC(\"tracepoint\") int tp_h3_tp(void *ctx) { I32768 return 0; }\n"
			     "#endif\n"
			     "char LICENSE[] SEC(\"license\") = \"GPL\";\n";

/* An object of source, built with -D flags: its path in dir. */
static void build(char *dir, const char *flags, char *obj, size_t len)
{
	char src[PATH_MAX], cmd[3 * PATH_MAX];
	const char *clang = getenv("CLANG") ? getenv("CLANG") : "clang";
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(src, sizeof(src), "%s/x.c", dir);
	snprintf(obj, len, "%s/x.o", dir);
	f = fopen(src, "w");
	ck_assert_ptr_nonnull(f);
	fputs(source, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s -O2 -target bpf %s -c %s -o %s", clang, flags, src, obj);
	ck_assert_int_eq(system(cmd), 0);
	unlink(src);
}

START_TEST(a_program_past_a_jump_span_names_its_hook)
{
	char dir[] = "/tmp/tpgen-unit.XXXXXX", obj[PATH_MAX];
	size_t insns = 0;
	int hook = -2;

	build(dir, "-DLONG", obj, sizeof(obj));
	ck_assert_int_eq(tp_obj__oversized(obj, &hook, &insns), 1);
	ck_assert_int_eq(hook, 3);
	ck_assert_uint_gt(insns, TP_PROG_INSNS_MAX);
	unlink(obj);
	rmdir(dir);
}
END_TEST

START_TEST(programs_within_the_span_pass)
{
	char dir[] = "/tmp/tpgen-unit.XXXXXX", obj[PATH_MAX];
	size_t insns = 1;
	int hook = -2;

	build(dir, "", obj, sizeof(obj));
	ck_assert_int_eq(tp_obj__oversized(obj, &hook, &insns), 0);
	ck_assert_int_eq(hook, -2);
	unlink(obj);
	rmdir(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prog_size");
	TCase *tc = tcase_create("size");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, a_program_past_a_jump_span_names_its_hook);
	tcase_add_test(tc, programs_within_the_span_pass);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
