// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * runtime/attach/pin.c: what tprun --pin records of an object (its SHA-256),
 * the state's size, and which attach variants refuse a pin.
 * tests/e2e/test_pin.sh pins, adopts and unpins on a real kernel.
 */
#include <check.h>
#include <string.h>

#include "attach/pin.h"
#include "tp_test.h"

START_TEST(test_digest_is_sha256)
{
	/* FIPS 180-2's "abc" */
	static const unsigned char abc[TP_PIN_DIGEST] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
		0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
		0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	unsigned char d[TP_PIN_DIGEST], e[TP_PIN_DIGEST];

	ck_assert_int_eq(tp_pin__digest("abc", 3, d), 0);
	ck_assert_mem_eq(d, abc, TP_PIN_DIGEST);
	/* one byte changed: another digest */
	ck_assert_int_eq(tp_pin__digest("abd", 3, e), 0);
	ck_assert(memcmp(d, e, TP_PIN_DIGEST));
}
END_TEST

START_TEST(test_state_size)
{
	ck_assert_uint_eq(tp_pin__state_size(0) % 8, 0);
	ck_assert_uint_ge(tp_pin__state_size(0), sizeof(struct tp_pin_state));
	ck_assert_uint_ge(tp_pin__state_size(5), sizeof(struct tp_pin_state) + 5 * 2);
	ck_assert_uint_eq(tp_pin__state_size(5) % 8, 0);
}
END_TEST

/* a usdt link is libbpf's alone (several uprobes): never a pin with a hole */
START_TEST(test_usdt_refuses_a_pin)
{
	ck_assert_ptr_nonnull(tp_pin__why_not(TP_VAR_USDT));
	ck_assert_ptr_null(tp_pin__why_not(TP_VAR_FENTRY));
	ck_assert_ptr_null(tp_pin__why_not(TP_VAR_TRACEPOINT));
	ck_assert_ptr_null(tp_pin__why_not(TP_VAR_RAW_TP));
	ck_assert_ptr_null(tp_pin__why_not(TP_VAR_KPROBE_MULTI));
	ck_assert_ptr_null(tp_pin__why_not(TP_VAR_LSM));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pin");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_digest_is_sha256);
	tcase_add_test(tc, test_state_size);
	tcase_add_test(tc, test_usdt_refuses_a_pin);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
