// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The object's BTF cut (gen/link/btf_min.c): a type that only a CO-RE access
 * reaches keeps the members on the access path at their offsets, and the
 * access string is renumbered to them; a type the kernel reads (a map's, a
 * global function's) stays whole, a static function's argument keeps its
 * name and size; line info keeps each function's first line.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "link/btf_min.h"
#include "tp_test.h"

/* libbpf's struct btf_ext_header, with CO-RE relocations */
struct ext_hdr {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len, func_off, func_len, line_off, line_len, core_off, core_len;
};

struct fixture {
	struct btf *b;
	int int_id, inner, outer, func;
	uint32_t words[64]; /* .BTF.ext after the header */
	size_t n;
	uint32_t raw_size; /* of the BTF given */
};

/*
 * struct inner { int a; int b; };
 * struct outer { int x; struct inner in; int y; struct inner *p; };
 * int prog(struct inner *) at instruction 0 of "kprobe", lines at 0 and 8;
 * one CO-RE access to outer.in.b ("0:1:1").
 */
static void build(struct fixture *f)
{
	int ptr, proto;

	f->b = btf__new_empty();
	ck_assert_ptr_nonnull(f->b);
	f->int_id = btf__add_int(f->b, "int", 4, BTF_INT_SIGNED);
	f->inner = btf__add_struct(f->b, "inner", 8);
	btf__add_field(f->b, "a", f->int_id, 0, 0);
	btf__add_field(f->b, "b", f->int_id, 32, 0);
	ptr = btf__add_ptr(f->b, f->inner);
	f->outer = btf__add_struct(f->b, "outer", 24);
	btf__add_field(f->b, "x", f->int_id, 0, 0);
	btf__add_field(f->b, "in", f->inner, 32, 0);
	btf__add_field(f->b, "y", f->int_id, 96, 0);
	btf__add_field(f->b, "p", ptr, 128, 0);
	proto = btf__add_func_proto(f->b, f->int_id);
	btf__add_func_param(f->b, "ctx", ptr);
	f->func = btf__add_func(f->b, "prog", BTF_FUNC_GLOBAL, proto);
	ck_assert_int_gt(f->func, 0);
}

static void add(struct fixture *f, uint32_t w)
{
	f->words[f->n++] = w;
}

static void build_ext(struct fixture *f, struct ext_hdr *h)
{
	uint32_t sec = btf__add_str(f->b, "kprobe"), file = btf__add_str(f->b, "p.c");

	memset(h, 0, sizeof(*h));
	h->magic = 0xeB9F;
	h->version = 1;
	h->hdr_len = sizeof(*h);
	add(f, 8), add(f, sec), add(f, 1), add(f, 0), add(f, f->func);
	h->func_len = f->n * 4;
	h->line_off = h->func_len;
	add(f, 16), add(f, sec), add(f, 2);
	add(f, 0), add(f, file), add(f, btf__add_str(f->b, "int prog(struct inner *ctx)"));
	add(f, 1 << 10);
	add(f, 8), add(f, file), add(f, btf__add_str(f->b, "\treturn ctx->b;")), add(f, 2 << 10);
	h->line_len = f->n * 4 - h->line_off;
	h->core_off = f->n * 4;
	add(f, 16), add(f, sec), add(f, 1);
	add(f, 8), add(f, f->outer), add(f, btf__add_str(f->b, "0:1:1")), add(f, 0);
	h->core_len = f->n * 4 - h->core_off;
}

/* The fixture's BTF and .BTF.ext through tp_btf__minimize(); returns its result. */
static int minimize(struct fixture *f, const struct ext_hdr *h, struct tp_blob *out_btf,
		    struct tp_blob *out_ext)
{
	uint8_t ext[sizeof(*h) + sizeof(f->words)];
	struct tp_blob in_btf, in_ext;
	const void *raw;
	uint32_t raw_size;

	memcpy(ext, h, sizeof(*h));
	memcpy(ext + sizeof(*h), f->words, f->n * 4);
	raw = btf__raw_data(f->b, &raw_size);
	ck_assert_ptr_nonnull(raw);
	f->raw_size = raw_size;
	in_btf = (struct tp_blob){ (void *)raw, raw_size };
	in_ext = (struct tp_blob){ ext, sizeof(*h) + f->n * 4 };
	return tp_btf__minimize(&in_btf, &in_ext, out_btf, out_ext);
}

static const struct btf_type *by_name(const struct btf *b, const char *name, int *id)
{
	*id = btf__find_by_name(b, name);
	ck_assert_int_gt(*id, 0);
	return btf__type_by_id(b, *id);
}

START_TEST(test_core_path_keeps_its_members_at_their_offsets)
{
	struct fixture f = { 0 };
	struct ext_hdr h;
	struct tp_blob out_btf, out_ext;
	const struct ext_hdr *nh;
	const struct btf_type *outer, *inner;
	const uint32_t *core, *line;
	struct btf *nb;
	int id, inner_id;

	build(&f);
	build_ext(&f, &h);
	ck_assert_int_eq(minimize(&f, &h, &out_btf, &out_ext), 0);
	ck_assert_uint_lt(out_btf.size, f.raw_size);

	nb = btf__new(out_btf.data, out_btf.size);
	ck_assert_ptr_nonnull(nb);
	/* outer: only "in", still at bit 32, and still 24 bytes */
	outer = by_name(nb, "outer", &id);
	ck_assert_uint_eq(outer->size, 24);
	ck_assert_uint_eq(btf_vlen(outer), 1);
	ck_assert_str_eq(btf__name_by_offset(nb, btf_members(outer)[0].name_off), "in");
	ck_assert_uint_eq(btf_member_bit_offset(outer, 0), 32);
	/* inner is the function's argument's type: whole */
	inner = by_name(nb, "inner", &inner_id);
	ck_assert_uint_eq(btf_vlen(inner), 2);
	ck_assert_int_eq(btf_members(outer)[0].type, inner_id);

	nh = out_ext.data;
	ck_assert_uint_eq(nh->line_len, 4 + 8 + 16); /* the function's first line only */
	line = (const uint32_t *)((const uint8_t *)out_ext.data + nh->hdr_len + nh->line_off);
	ck_assert_str_eq(btf__str_by_offset(nb, line[5]), "int prog(struct inner *ctx)");
	core = (const uint32_t *)((const uint8_t *)out_ext.data + nh->hdr_len + nh->core_off);
	ck_assert_int_eq(core[4], id);
	ck_assert_str_eq(btf__str_by_offset(nb, core[5]), "0:0:1"); /* in is member 0 now */
	ck_assert_str_eq(btf__str_by_offset(nb, core[1]), "kprobe");

	btf__free(nb);
	btf__free(f.b);
	free(out_btf.data);
	free(out_ext.data);
}
END_TEST

START_TEST(test_types_nothing_reaches_are_dropped)
{
	struct fixture f = { 0 };
	struct ext_hdr h;
	struct tp_blob out_btf, out_ext;
	struct btf *nb;

	build(&f);
	btf__add_struct(f.b, "unused", 4);
	btf__add_field(f.b, "u", f.int_id, 0, 0);
	build_ext(&f, &h);
	ck_assert_int_eq(minimize(&f, &h, &out_btf, &out_ext), 0);
	nb = btf__new(out_btf.data, out_btf.size);
	ck_assert_ptr_nonnull(nb);
	ck_assert_int_lt(btf__find_by_name(nb, "unused"), 0);
	ck_assert_int_gt(btf__find_by_name(nb, "prog"), 0);
	btf__free(nb);
	btf__free(f.b);
	free(out_btf.data);
	free(out_ext.data);
}
END_TEST

/*
 * The fixture with "step", a function of the given linkage taking a struct
 * outer * (and with a variable of type outer if var), cut: outer's member
 * count in the result. Its size stays 24 whatever is kept.
 */
static int outer_members(int linkage, bool var)
{
	struct fixture f = { 0 };
	struct ext_hdr h;
	struct tp_blob out_btf, out_ext;
	const struct btf_type *outer;
	struct btf *nb;
	int ptr, proto, id, n;

	build(&f);
	ptr = btf__add_ptr(f.b, f.outer);
	proto = btf__add_func_proto(f.b, f.int_id);
	ck_assert_int_eq(btf__add_func_param(f.b, "o", ptr), 0);
	ck_assert_int_gt(btf__add_func(f.b, "step", linkage, proto), 0);
	if (var)
		ck_assert_int_gt(btf__add_var(f.b, "value", BTF_VAR_GLOBAL_ALLOCATED, f.outer), 0);
	build_ext(&f, &h);
	ck_assert_int_eq(minimize(&f, &h, &out_btf, &out_ext), 0);
	nb = btf__new(out_btf.data, out_btf.size);
	ck_assert_ptr_nonnull(nb);
	outer = by_name(nb, "outer", &id);
	ck_assert_uint_eq(outer->size, 24);
	ck_assert_int_gt(btf__find_by_name(nb, "step"), 0);
	n = btf_vlen(outer);
	btf__free(nb);
	btf__free(f.b);
	free(out_btf.data);
	free(out_ext.data);
	return n;
}

/*
 * A static function's argument (a subprogram the verifier checks with its
 * caller, by the names of what its pointers point to) keeps outer's name,
 * size and the member CO-RE reads; a global one's keeps it whole.
 */
START_TEST(test_static_function_arguments_are_shells)
{
	ck_assert_int_eq(outer_members(BTF_FUNC_STATIC, false), 1);
	ck_assert_int_eq(outer_members(BTF_FUNC_GLOBAL, false), 4);
}
END_TEST

/* outer reached as a static function's shell and as a variable's type: whole */
START_TEST(test_a_shell_reached_whole_elsewhere_is_whole)
{
	ck_assert_int_eq(outer_members(BTF_FUNC_STATIC, true), 4);
}
END_TEST

START_TEST(test_bad_access_string_is_refused)
{
	struct fixture f = { 0 };
	struct ext_hdr h;
	struct tp_blob out_btf, out_ext;

	build(&f);
	build_ext(&f, &h);
	/* "0:1:1" made "0:7": outer has 4 members */
	f.words[f.n - 2] = btf__add_str(f.b, "0:7");
	ck_assert_int_lt(minimize(&f, &h, &out_btf, &out_ext), 0);
	ck_assert_ptr_null(out_btf.data);
	ck_assert_ptr_null(out_ext.data);
	btf__free(f.b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("btf_min");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_core_path_keeps_its_members_at_their_offsets);
	tcase_add_test(tc, test_types_nothing_reaches_are_dropped);
	tcase_add_test(tc, test_static_function_arguments_are_shells);
	tcase_add_test(tc, test_a_shell_reached_whole_elsewhere_is_whole);
	tcase_add_test(tc, test_bad_access_string_is_refused);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
