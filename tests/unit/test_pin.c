// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * runtime/attach/pin.c: the size of the state tprun --pin records of an object,
 * and which attach variants refuse a pin.
 * tests/e2e/test_pin.sh pins, adopts and unpins on a real kernel.
 */
#include <check.h>
#include <string.h>

#include "attach/pin.h"
#include "tp_test.h"

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

	tcase_add_test(tc, test_state_size);
	tcase_add_test(tc, test_usdt_refuses_a_pin);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
