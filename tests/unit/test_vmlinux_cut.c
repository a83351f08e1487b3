// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * vmlinux.h cut to the structs a policy reaches (gen/link/vmlinux_cut.c): the
 * names come from "struct X" in C and from clang's errors about incomplete
 * structs; a named struct and what it holds by value are written in full, any
 * other struct is a forward declaration, except a tag another kind shares and
 * a typedef's struct.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "file.h"
#include "link/vmlinux_cut.h"
#include "tp_test.h"

static struct tp_cut_names names;

static void add_text(const char *text)
{
	ck_assert_int_eq(tp_cut_names__add_text(&names, text, strlen(text)), 0);
}

START_TEST(test_names_come_from_struct_and_union_tags)
{
	add_text("struct task_struct *t = 0; union bpf_attr a;\n"
		 "mystruct x; xstruct y; struct\nnot_a_tag; sizeof(struct pt_regs)");
	ck_assert_uint_eq(names.n, 3);
	ck_assert_str_eq(names.name[0], "bpf_attr");
	ck_assert_str_eq(names.name[1], "pt_regs");
	ck_assert_str_eq(names.name[2], "task_struct");
	/* each once */
	add_text("struct task_struct");
	ck_assert_uint_eq(names.n, 3);
	tp_cut_names__free(&names);
}
END_TEST

START_TEST(test_clang_errors_name_the_structs_they_lack)
{
	const char *log = "In file included from p.c:9:\n"
			  "t.h:3:9: error: incomplete definition of type 'struct mm_struct'\n"
			  "v.h:7:8: note: forward declaration of 'struct mm_struct'\n"
			  "t.h:5:2: error: variable has incomplete type 'x_t' (aka 'struct upid')\n"
			  "2 errors generated.\n";
	const char *other = "p.c:1:1: error: use of undeclared identifier 'foo'\n";
	const char *fatal = "p.c:1:1: fatal error: file 'v.h' has been modified since the "
			    "precompiled header 'p.pch' was built\n";

	ck_assert_int_eq(tp_cut_names__add_errors(&names, log, strlen(log)), 2);
	ck_assert(tp_cut_names__has(&names, "mm_struct"));
	ck_assert(tp_cut_names__has(&names, "upid"));
	/* asked again: nothing new, so another round would not help */
	ck_assert_int_eq(tp_cut_names__add_errors(&names, log, strlen(log)), 0);
	/* an error the cut did not cause, and a refused prelude: the whole header then */
	ck_assert_int_eq(tp_cut_names__add_errors(&names, other, strlen(other)), -EINVAL);
	ck_assert_int_eq(tp_cut_names__add_errors(&names, fatal, strlen(fatal)), 0);
	tp_cut_names__free(&names);
}
END_TEST

/*
 * struct inner { int a; };  struct far { int z; };  struct lone { int q; };
 * struct outer { int x; struct inner in; struct far *p; };
 * typedef struct { int v; } anon_t;  enum clash { CLASH_A };  struct clash { int c; };
 * struct tgt { int t; };  typedef struct tgt tgt_t;
 */
static struct btf *build(void)
{
	struct btf *b = btf__new_empty();
	int i, inner, far, outer, anon, clash, tgt;

	ck_assert_ptr_nonnull(b);
	i = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	inner = btf__add_struct(b, "inner", 4);
	btf__add_field(b, "a", i, 0, 0);
	far = btf__add_struct(b, "far", 4);
	btf__add_field(b, "z", i, 0, 0);
	btf__add_struct(b, "lone", 4);
	btf__add_field(b, "q", i, 0, 0);
	outer = btf__add_struct(b, "outer", 16);
	btf__add_field(b, "x", i, 0, 0);
	btf__add_field(b, "in", inner, 32, 0);
	btf__add_field(b, "p", btf__add_ptr(b, far), 64, 0);
	ck_assert_int_gt(outer, 0);
	anon = btf__add_struct(b, NULL, 4);
	btf__add_field(b, "v", i, 0, 0);
	btf__add_typedef(b, "anon_t", anon);
	btf__add_enum(b, "clash", 4);
	btf__add_enum_value(b, "CLASH_A", 0);
	clash = btf__add_struct(b, "clash", 4);
	btf__add_field(b, "c", i, 0, 0);
	ck_assert_int_gt(clash, 0);
	tgt = btf__add_struct(b, "tgt", 4);
	btf__add_field(b, "t", i, 0, 0);
	ck_assert_int_gt(btf__add_typedef(b, "tgt_t", tgt), 0);
	return b;
}

START_TEST(test_named_structs_are_whole_the_rest_forward)
{
	char path[] = "/tmp/tp-test-cut.XXXXXX", *text;
	struct btf *b = build();
	size_t len;
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	add_text("struct outer *o;");
	ck_assert_int_eq(tp_vmlinux_cut__write(b, &names, path), 0);
	ck_assert_int_eq(tp_file__read(path, 1 << 20, &text, &len), 0);
	unlink(path);
	/* named, and held by value */
	ck_assert_ptr_nonnull(strstr(text, "struct outer {"));
	ck_assert_ptr_nonnull(strstr(text, "struct inner {"));
	/* pointed to, and not reached */
	ck_assert_ptr_nonnull(strstr(text, "struct far;"));
	ck_assert_ptr_null(strstr(text, "struct far {"));
	ck_assert_ptr_nonnull(strstr(text, "struct lone;"));
	ck_assert_ptr_null(strstr(text, "struct lone {"));
	/* no name to forward-declare it by */
	ck_assert_ptr_nonnull(strstr(text, "int v;\n} anon_t;"));
	/* bpf_core_type_size(tgt_t) would take a declaration */
	ck_assert_ptr_nonnull(strstr(text, "struct tgt {"));
	/* "struct clash;" would clash with the enum: btf_dump names it clash___2 */
	ck_assert_ptr_nonnull(strstr(text, "struct clash___2 {"));
	free(text);
	tp_cut_names__free(&names);
	btf__free(b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("vmlinux_cut");
	TCase *tc = tcase_create("cut");

	tcase_add_test(tc, test_names_come_from_struct_and_union_tags);
	tcase_add_test(tc, test_clang_errors_name_the_structs_they_lack);
	tcase_add_test(tc, test_named_structs_are_whole_the_rest_forward);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
