// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Hook args decoded from records, each as its TP_ARG_TYPES row says. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "output/arg_val.h"
#include "records.h"
#include "tp_test.h"

#include <tp/actions.h>

static struct tp_meta_arg_view all_args[] = {
	{ .type = TP_ARG_INT, .label = "int" },
	{ .type = TP_ARG_SINT8 },
	{ .type = TP_ARG_UINT8 },
	{ .type = TP_ARG_SINT16 },
	{ .type = TP_ARG_UINT16 },
	{ .type = TP_ARG_UINT32 },
	{ .type = TP_ARG_SINT64 },
	{ .type = TP_ARG_UINT64 },
	{ .type = TP_ARG_SIZE_T },
	{ .type = TP_ARG_FD, .label = "fd" },
	{ .type = TP_ARG_SYSCALL64 },
	{ .type = TP_ARG_STRING, .label = "path" },
	{ .type = TP_ARG_CHAR_BUF },
	{ .type = TP_ARG_CONST_BUF },
};

static struct tp_meta_hook_view hook = {
	.kind = TP_HOOK_KPROBE,
	.args = all_args,
	.nargs = sizeof(all_args) / sizeof(all_args[0]),
};

static size_t all_record(struct rb *b)
{
	rec_hook(b, 1000, 10, 11, 0, TP_ACT_POST, 0);
	rb_u64(b, (uint64_t)-2); /* INT, sign-extended */
	rb_u64(b, 0xff);	 /* SINT8 not extended: still -1 */
	rb_u64(b, 0x1ff);	 /* UINT8: its width only */
	rb_u64(b, (uint64_t)-300);
	rb_u64(b, 65535);
	rb_u64(b, 0xffffffffull);
	rb_u64(b, (uint64_t)INT64_MIN);
	rb_u64(b, UINT64_MAX);
	rb_u64(b, 4096);
	rb_blob(b, "/tmp/x", 6, 0100644); /* fd: the path of its file, the mode */
	rb_u64(b, 0x80000000ull | 11);
	rb_blob(b, "/etc/passwd\0junk", 16, 0); /* a string stops at its NUL */
	rb_blob(b, "\x01\x02\x03", 3, TP_BLOB_TRUNCATED | 65536);
	rb_blob(b, "abcd", 4, 4);
	return rb_done(b);
}

START_TEST(test_all_types)
{
	struct tp_arg_val v[16];
	struct rb b;
	size_t size = all_record(&b);

	ck_assert_int_eq(tp_arg_val__decode_hook(&hook, b.buf, size, v, 16), 14);
	ck_assert_int_eq(v[0].type, TP_ARG_INT);
	ck_assert_str_eq(v[0].label, "int");
	ck_assert_int_eq(v[0].i, -2);
	ck_assert_int_eq(v[1].i, -1);
	ck_assert_uint_eq(v[2].u, 0xff);
	ck_assert_int_eq(v[3].i, -300);
	ck_assert_uint_eq(v[4].u, 65535);
	ck_assert_uint_eq(v[5].u, 0xffffffffull);
	ck_assert_int_eq(v[6].i, INT64_MIN);
	ck_assert_uint_eq(v[7].u, UINT64_MAX);
	ck_assert_uint_eq(v[8].u, 4096);
	ck_assert_uint_eq(v[9].len, 6);
	ck_assert_int_eq(memcmp(v[9].bytes, "/tmp/x", 6), 0);
	ck_assert_uint_eq(v[9].info & TP_FILE_MODE_MASK, 0100644);
	ck_assert_str_eq(v[9].label, "fd");
	ck_assert_uint_eq(v[10].u, 0x8000000bull);

	ck_assert_uint_eq(v[11].len, 11);
	ck_assert_int_eq(memcmp(v[11].bytes, "/etc/passwd", 11), 0);
	ck_assert(!v[11].truncated && !v[11].error);
	ck_assert_str_eq(v[11].label, "path");

	ck_assert_uint_eq(v[12].len, 3);
	ck_assert_uint_eq(v[12].orig_size, 65536);
	ck_assert_msg(v[12].truncated, "char_buf: truncated flag");
	ck_assert_int_eq(memcmp(v[12].bytes, "\x01\x02\x03", 3), 0);

	ck_assert_uint_eq(v[13].len, 4);
	ck_assert_uint_eq(v[13].orig_size, 4);
	ck_assert_msg(!v[13].truncated, "const_buf: complete");
	ck_assert_str_eq(v[13].label, "");
}
END_TEST

START_TEST(test_blob_flags)
{
	struct tp_meta_arg_view a[] = { { .type = TP_ARG_STRING },
					{ .type = TP_ARG_CHAR_BUF },
					{ .type = TP_ARG_CHAR_BUF } };
	struct tp_meta_hook_view h = { .args = a, .nargs = 3 };
	struct tp_arg_val v[3];
	struct rb b;
	size_t size;

	rec_hook(&b, 1, 1, 1, 0, 1, 0);
	rb_blob(&b, "partial", 7, TP_BLOB_TRUNCATED);
	rb_blob(&b, "", 0, TP_BLOB_ERROR | 100);
	rb_blob(&b, "xy", 2, 10); /* original size larger than captured: truncated */
	size = rb_done(&b);
	ck_assert_int_eq(tp_arg_val__decode_hook(&h, b.buf, size, v, 3), 3);
	ck_assert_msg(v[0].truncated && !v[0].error, "string truncated");
	ck_assert_uint_eq(v[0].len, 7);
	ck_assert_msg(v[1].error, "buf error");
	ck_assert_uint_eq(v[1].len, 0);
	ck_assert_uint_eq(v[1].orig_size, 100);
	ck_assert_msg(v[2].truncated, "orig_size > len means truncated");
}
END_TEST

/*
 * What a blob means follows its type's row: buffers carry an original size, C strings end at a NUL.
 */
START_TEST(test_blob_rules_from_the_table)
{
	struct tp_arg_val v = { .label = "kept" };

	tp_arg_val__from_blob(&v, TP_ARG_CHAR_IOVEC, (const uint8_t *)"hello", 5,
			      TP_BLOB_TRUNCATED | 70000);
	ck_assert_uint_eq(v.orig_size, 70000);
	ck_assert_msg(v.truncated, "char_iovec: truncated");
	ck_assert_uint_eq(v.len, 5);
	ck_assert_str_eq(v.label, "kept");
	tp_arg_val__from_blob(&v, TP_ARG_IOV_ITER, (const uint8_t *)"hello", 5, 9);
	ck_assert_msg(v.truncated && v.orig_size == 9, "iov_iter: 9 bytes existed, 5 captured");
	tp_arg_val__from_blob(&v, TP_ARG_DATA_LOC, (const uint8_t *)"ab\0c", 4, 0);
	ck_assert_uint_eq(v.len, 2);
	tp_arg_val__from_blob(&v, TP_ARG_CHAR_BUF, (const uint8_t *)"ab\0c", 4, 4);
	ck_assert_uint_eq(v.len, 4);
	ck_assert_msg(!v.truncated, "char_buf: whole");
	tp_arg_val__from_blob(&v, TP_ARG_CRED, (const uint8_t *)"ab\0c", 4, 0);
	ck_assert_uint_eq(v.len, 4);
	ck_assert_uint_eq(v.orig_size, 0);
	tp_arg_val__from_blob(&v, TP_ARG_FILE, (const uint8_t *)"/x", 2, TP_BLOB_ERROR);
	ck_assert_msg(v.error && v.len == 0, "a failed read has no bytes");
	/* integers: the type's width and sign */
	tp_arg_val__from_int(&v, TP_ARG_SINT16, 0xffff8000ull);
	ck_assert_int_eq(v.i, -32768);
	ck_assert_uint_eq(v.u, 0x8000);
	tp_arg_val__from_int(&v, TP_ARG_UINT8, 0x1ff);
	ck_assert_uint_eq(v.u, 0xff);
	ck_assert_int_eq(v.i, 0xff);
}
END_TEST

START_TEST(test_malformed)
{
	struct tp_meta_arg_view bad[] = { { .type = TP_ARG_NONE } };
	struct tp_meta_hook_view h = { .args = bad, .nargs = 1 };
	struct tp_arg_val v[16];
	struct rb b;
	size_t size = all_record(&b);
	uint32_t huge = 0xfffffff0;

	/* shorter than the hook header */
	ck_assert_int_eq(tp_arg_val__decode_hook(&hook, b.buf, 20, v, 16), -EINVAL);
	/* too few slots */
	ck_assert_int_eq(tp_arg_val__decode_hook(&hook, b.buf, size, v, 3), -E2BIG);
	/* an arg type the reader cannot decode */
	ck_assert_int_eq(tp_arg_val__decode_hook(&h, b.buf, size, v, 16), -EINVAL);
	/* an integer cut off */
	ck_assert_int_eq(
	    tp_arg_val__decode_hook(&hook, b.buf, sizeof(struct tp_event_hook) + 4, v, 16),
	    -EINVAL);
	/* a blob claiming more bytes than the record has (nine ints, the fd's blob, one int) */
	memcpy(b.buf + sizeof(struct tp_event_hook) + 12 * 8, &huge, 4);
	ck_assert_int_eq(tp_arg_val__decode_hook(&hook, b.buf, size, v, 16), -EINVAL);
}
END_TEST

START_TEST(test_every_truncation)
{
	struct tp_arg_val v[16];
	struct rb b;
	size_t size = all_record(&b), n;

	for (n = 0; n <= size; n++) {
		/* exact-size copy: valgrind sees any read past n */
		uint8_t *copy = malloc(n ? n : 1);
		int rc;

		memcpy(copy, b.buf, n);
		rc = tp_arg_val__decode_hook(&hook, copy, n, v, 16);
		/* the last blob's padding is optional */
		if (n >= size - 4)
			ck_assert_msg(rc == 14, "size %zu of %zu: rc %d", n, size, rc);
		else
			ck_assert_msg(rc == -EINVAL, "size %zu of %zu: rc %d", n, size, rc);
		free(copy);
	}
}
END_TEST

static Suite *arg_val_suite(void)
{
	Suite *s = suite_create("arg_val");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_all_types);
	tcase_add_test(tc, test_blob_flags);
	tcase_add_test(tc, test_blob_rules_from_the_table);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_every_truncation);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(arg_val_suite());
}
