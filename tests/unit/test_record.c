// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Ring-buffer record framing: the header's size checks and the blob reader. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "records.h"
#include "tp_test.h"

START_TEST(test_header)
{
	struct tp_event_hdr h;
	struct rb b;
	size_t n;

	rb_hdr(&b, TP_EV_EXIT, 5, 10, 11);
	rb_u64(&b, 0);
	n = rb_done(&b);
	ck_assert_uint_eq(tp_record__hdr(b.buf, n, sizeof(h), &h), n);
	ck_assert_uint_eq(h.type, TP_EV_EXIT);
	ck_assert_uint_eq(h.pid, 10);
	/* more bytes than the record: its own size counts */
	ck_assert_uint_eq(tp_record__hdr(b.buf, n + 100, sizeof(h), &h), n);
	/* fewer bytes than it says it has */
	ck_assert_uint_eq(tp_record__hdr(b.buf, n - 1, sizeof(h), &h), 0);
	/* shorter than its type needs */
	ck_assert_uint_eq(tp_record__hdr(b.buf, n, n + 1, &h), 0);
	/* no whole header, or none at all */
	ck_assert_uint_eq(tp_record__hdr(b.buf, sizeof(h) - 1, 0, &h), 0);
	ck_assert_uint_eq(tp_record__hdr(NULL, n, 0, &h), 0);
	/* a size field below the header's own size */
	((struct tp_event_hdr *)b.buf)->size = 4;
	ck_assert_uint_eq(tp_record__hdr(b.buf, n, 0, &h), 0);
}
END_TEST

START_TEST(test_blob_reader)
{
	struct rb b;
	const uint8_t *bytes;
	uint32_t len, info;
	size_t off = 0;

	b.len = 0;
	rb_blob(&b, "abc", 3, 7);
	rb_blob(&b, "0123456789", 10, 0);
	ck_assert_int_eq(tp_record__blob(b.buf, b.len, &off, &bytes, &len, &info), 0);
	ck_assert_uint_eq(len, 3);
	ck_assert_uint_eq(info, 7);
	ck_assert_uint_eq(off, 16);
	ck_assert_int_eq(tp_record__blob(b.buf, b.len, &off, &bytes, &len, &info), 0);
	ck_assert_uint_eq(off, 16 + 8 + 16);
	ck_assert_int_eq(memcmp(bytes, "0123456789", 10), 0);
	/* nothing left */
	ck_assert_int_eq(tp_record__blob(b.buf, b.len, &off, &bytes, &len, &info), -EINVAL);
	/* the last blob's padding may be missing */
	off = 16;
	ck_assert_int_eq(tp_record__blob(b.buf, 16 + 8 + 10, &off, &bytes, &len, &info), 0);
	ck_assert_uint_eq(off, 16 + 8 + 10);
	/* but not its bytes */
	off = 16;
	ck_assert_int_eq(tp_record__blob(b.buf, 16 + 8 + 9, &off, &bytes, &len, &info), -EINVAL);
	ck_assert_uint_eq(off, 16);
	/* an offset past the end */
	off = 1000;
	ck_assert_int_eq(tp_record__blob(b.buf, b.len, &off, &bytes, &len, &info), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_header);
	tcase_add_test(tc, test_blob_reader);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
