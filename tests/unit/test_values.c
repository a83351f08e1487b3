// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Unit tests for gen/check/values.c: integers as policies write them. */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/values.h"
#include "tp_test.h"

static struct tp_value val(const char *s)
{
	struct tp_value v = { .str = (char *)s, .len = strlen(s) };

	return v;
}

/* Parse s as type t, expecting success with the given result. */
#define ASSERT_INT(s, t, want)                                                                     \
	do {                                                                                       \
		struct tp_value v_ = val(s);                                                       \
		uint64_t got_ = 0xdeadbeef;                                                        \
		char err_[128];                                                                    \
		int r_ = tp_value__parse_int(&v_, t, &got_, err_, sizeof(err_));                   \
		ck_assert_msg(r_ == 0, "parse '%s' as %s: returned %d (%s)", s,                    \
			      tp_arg_type__name(t), r_, err_);                                     \
		ck_assert_msg(got_ == (uint64_t)(want), "parse '%s' as %s: got %#llx, want %#llx", \
			      s, tp_arg_type__name(t), (unsigned long long)got_,                   \
			      (unsigned long long)(uint64_t)(want));                               \
	} while (0)

/* Parse s as type t, expecting failure ret with message msg. */
#define ASSERT_BAD(s, t, ret, msg)                                                                \
	do {                                                                                      \
		struct tp_value v_ = val(s);                                                      \
		uint64_t got_ = 0x5a5a;                                                           \
		char err_[256];                                                                   \
		int r_ = tp_value__parse_int(&v_, t, &got_, err_, sizeof(err_));                  \
		ck_assert_msg(r_ == (ret), "parse '%s' as %s: returned %d, want %d", s,           \
			      tp_arg_type__name(t), r_, ret);                                     \
		ck_assert_msg(got_ == 0x5a5a, "parse '%s': output written on failure", s);        \
		ck_assert_msg(!strcmp(err_, msg), "parse '%s' as %s: message '%s', want '%s'", s, \
			      tp_arg_type__name(t), err_, msg);                                   \
	} while (0)

START_TEST(test_decimal)
{
	ASSERT_INT("0", TP_ARG_INT, 0);
	ASSERT_INT("1", TP_ARG_INT, 1);
	ASSERT_INT("12345", TP_ARG_UINT32, 12345);
	ASSERT_INT("-1", TP_ARG_INT, UINT64_MAX);
	ASSERT_INT("-0", TP_ARG_UINT8, 0);
	ASSERT_INT("-0", TP_ARG_INT, 0);
	ASSERT_INT("18446744073709551615", TP_ARG_UINT64, UINT64_MAX);
	ASSERT_INT("18446744073709551615", TP_ARG_SIZE_T, UINT64_MAX);
	ASSERT_INT("59", TP_ARG_SYSCALL64, 59);
}
END_TEST

START_TEST(test_hex_octal)
{
	ASSERT_INT("0x10", TP_ARG_INT, 16);
	ASSERT_INT("0X1f", TP_ARG_INT, 31);
	ASSERT_INT("0xFF", TP_ARG_UINT8, 255);
	ASSERT_INT("0xffffffffffffffff", TP_ARG_UINT64, UINT64_MAX);
	ASSERT_INT("-0x80", TP_ARG_SINT8, (uint64_t)(int64_t)-128);
	ASSERT_INT("010", TP_ARG_INT, 8);
	ASSERT_INT("0777", TP_ARG_UINT32, 511);
	ASSERT_INT("00", TP_ARG_INT, 0);
	ASSERT_INT("-010", TP_ARG_INT, (uint64_t)(int64_t)-8);
	ASSERT_INT("01777777777777777777777", TP_ARG_UINT64, UINT64_MAX);
}
END_TEST

/* Go's strconv.ParseInt/ParseUint with base 0, as Tetragon reads matchArgs values: no blanks */
START_TEST(test_whitespace)
{
	ASSERT_BAD(" 42", TP_ARG_INT, -EINVAL, "value ' 42' is not an integer");
	ASSERT_BAD("42 ", TP_ARG_INT, -EINVAL, "value '42 ' is not an integer");
	ASSERT_BAD("\t 0x2a \n", TP_ARG_INT, -EINVAL, "value '\\x09 0x2a \\x0a' is not an integer");
	ASSERT_BAD("4 2", TP_ARG_INT, -EINVAL, "value '4 2' is not an integer");
	ASSERT_BAD("- 5", TP_ARG_INT, -EINVAL, "value '- 5' is not an integer");
	ASSERT_BAD("   ", TP_ARG_INT, -EINVAL, "value '   ' is not an integer");
}
END_TEST

/* Go's base-0 forms (tests/unit/test_number.c has the grammar), by type: ParseUint takes no sign */
START_TEST(test_go_forms)
{
	ASSERT_INT("0b101", TP_ARG_INT, 5);
	ASSERT_INT("0o17", TP_ARG_UINT32, 15);
	ASSERT_INT("1_000", TP_ARG_UINT64, 1000);
	ASSERT_INT("+5", TP_ARG_INT, 5);
	ASSERT_INT("-0b1", TP_ARG_SINT8, (uint64_t)(int64_t)-1);
	ASSERT_BAD("1__000", TP_ARG_INT, -EINVAL, "value '1__000' is not an integer");
	ASSERT_BAD("+1", TP_ARG_UINT8, -EINVAL, "value '+1' is not an integer");
	ASSERT_BAD("-1", TP_ARG_UINT64, -ERANGE, "value '-1' does not fit uint64");
	ASSERT_BAD("0b100000000", TP_ARG_UINT8, -ERANGE, "value '0b100000000' does not fit uint8");
}
END_TEST

START_TEST(test_garbage)
{
	ASSERT_BAD("", TP_ARG_INT, -EINVAL, "value '' is not an integer");
	ASSERT_BAD("abc", TP_ARG_INT, -EINVAL, "value 'abc' is not an integer");
	ASSERT_BAD("12abc", TP_ARG_INT, -EINVAL, "value '12abc' is not an integer");
	ASSERT_BAD("0x", TP_ARG_INT, -EINVAL, "value '0x' is not an integer");
	ASSERT_BAD("0xg", TP_ARG_INT, -EINVAL, "value '0xg' is not an integer");
	ASSERT_BAD("08", TP_ARG_INT, -EINVAL, "value '08' is not an integer");
	ASSERT_BAD("-", TP_ARG_INT, -EINVAL, "value '-' is not an integer");
	ASSERT_BAD("--1", TP_ARG_INT, -EINVAL, "value '--1' is not an integer");
	ASSERT_BAD("1.5", TP_ARG_INT, -EINVAL, "value '1.5' is not an integer");
	ASSERT_BAD("1e3", TP_ARG_INT, -EINVAL, "value '1e3' is not an integer");
	ASSERT_BAD("true", TP_ARG_UINT8, -EINVAL, "value 'true' is not an integer");
	ASSERT_BAD("sys_dup", TP_ARG_SYSCALL64, -EINVAL,
		   "value 'sys_dup' is not an integer (syscall64 values are syscall numbers)");
}
END_TEST

START_TEST(test_embedded_nul)
{
	struct tp_value v = { .str = "1\0002", .len = 3 };
	char err[128];
	uint64_t out;

	ck_assert_int_eq(tp_value__parse_int(&v, TP_ARG_INT, &out, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "value '1\\x002' is not an integer");
}
END_TEST

/* Each type's range: min and max fit, one past either end does not. */
START_TEST(test_boundaries)
{
	ASSERT_INT("-128", TP_ARG_SINT8, (uint64_t)(int64_t)-128);
	ASSERT_INT("127", TP_ARG_SINT8, 127);
	ASSERT_BAD("-129", TP_ARG_SINT8, -ERANGE, "value '-129' does not fit sint8");
	ASSERT_BAD("128", TP_ARG_SINT8, -ERANGE, "value '128' does not fit sint8");

	ASSERT_INT("0", TP_ARG_UINT8, 0);
	ASSERT_INT("255", TP_ARG_UINT8, 255);
	ASSERT_BAD("256", TP_ARG_UINT8, -ERANGE, "value '256' does not fit uint8");
	ASSERT_BAD("300", TP_ARG_UINT8, -ERANGE, "value '300' does not fit uint8");

	ASSERT_INT("-32768", TP_ARG_SINT16, (uint64_t)(int64_t)-32768);
	ASSERT_INT("32767", TP_ARG_SINT16, 32767);
	ASSERT_BAD("-32769", TP_ARG_SINT16, -ERANGE, "value '-32769' does not fit sint16");
	ASSERT_BAD("32768", TP_ARG_SINT16, -ERANGE, "value '32768' does not fit sint16");

	ASSERT_INT("65535", TP_ARG_UINT16, 65535);
	ASSERT_BAD("65536", TP_ARG_UINT16, -ERANGE, "value '65536' does not fit uint16");

	ASSERT_INT("-2147483648", TP_ARG_INT, (uint64_t)(int64_t)INT32_MIN);
	ASSERT_INT("2147483647", TP_ARG_INT, INT32_MAX);
	ASSERT_BAD("-2147483649", TP_ARG_INT, -ERANGE, "value '-2147483649' does not fit int");
	ASSERT_BAD("2147483648", TP_ARG_INT, -ERANGE, "value '2147483648' does not fit int");
	ASSERT_BAD("0xffffffff", TP_ARG_INT, -ERANGE, "value '0xffffffff' does not fit int");

	ASSERT_INT("-2147483648", TP_ARG_FD, (uint64_t)(int64_t)INT32_MIN);
	ASSERT_BAD("2147483648", TP_ARG_FD, -ERANGE, "value '2147483648' does not fit fd");

	ASSERT_INT("4294967295", TP_ARG_UINT32, UINT32_MAX);
	ASSERT_BAD("4294967296", TP_ARG_UINT32, -ERANGE, "value '4294967296' does not fit uint32");

	ASSERT_INT("-9223372036854775808", TP_ARG_SINT64, (uint64_t)INT64_MIN);
	ASSERT_INT("9223372036854775807", TP_ARG_SINT64, INT64_MAX);
	ASSERT_BAD("-9223372036854775809", TP_ARG_SINT64, -ERANGE,
		   "value '-9223372036854775809' does not fit sint64");
	ASSERT_BAD("9223372036854775808", TP_ARG_SINT64, -ERANGE,
		   "value '9223372036854775808' does not fit sint64");

	ASSERT_BAD("18446744073709551616", TP_ARG_UINT64, -ERANGE,
		   "value '18446744073709551616' does not fit uint64");
	ASSERT_BAD("0x10000000000000000", TP_ARG_SIZE_T, -ERANGE,
		   "value '0x10000000000000000' does not fit size_t");
	ASSERT_BAD("99999999999999999999999999", TP_ARG_SYSCALL64, -ERANGE,
		   "value '99999999999999999999999999' does not fit syscall64");
}
END_TEST

START_TEST(test_negative_unsigned)
{
	ASSERT_BAD("-1", TP_ARG_UINT8, -ERANGE, "value '-1' does not fit uint8");
	ASSERT_BAD("-1", TP_ARG_UINT16, -ERANGE, "value '-1' does not fit uint16");
	ASSERT_BAD("-1", TP_ARG_UINT32, -ERANGE, "value '-1' does not fit uint32");
	ASSERT_BAD("-1", TP_ARG_UINT64, -ERANGE, "value '-1' does not fit uint64");
	ASSERT_BAD("-0x1", TP_ARG_SIZE_T, -ERANGE, "value '-0x1' does not fit size_t");
	ASSERT_BAD("-2", TP_ARG_SYSCALL64, -ERANGE, "value '-2' does not fit syscall64");
}
END_TEST

START_TEST(test_not_integer_type)
{
	struct tp_value v = val("1");
	char err[128];
	uint64_t out;

	ck_assert_int_eq(tp_value__parse_int(&v, TP_ARG_STRING, &out, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "type 'string' is not an integer type");
	ck_assert_int_eq(tp_value__parse_int(&v, TP_ARG_NONE, &out, NULL, 0), -EINVAL);
}
END_TEST

START_TEST(test_type_facts)
{
	static const struct {
		enum tp_arg_type t;
		int size;
		bool is_signed;
	} tab[] = {
		{ TP_ARG_INT, 4, true },	{ TP_ARG_SINT8, 1, true },
		{ TP_ARG_UINT8, 1, false },	{ TP_ARG_SINT16, 2, true },
		{ TP_ARG_UINT16, 2, false },	{ TP_ARG_UINT32, 4, false },
		{ TP_ARG_SINT64, 8, true },	{ TP_ARG_UINT64, 8, false },
		{ TP_ARG_SIZE_T, 8, false },	{ TP_ARG_FD, 4, true },
		{ TP_ARG_SYSCALL64, 8, false }, { TP_ARG_STRING, 0, false },
		{ TP_ARG_CHAR_BUF, 0, false },	{ TP_ARG_CONST_BUF, 0, false },
		{ TP_ARG_NONE, 0, false },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(*tab); i++) {
		const char *n = tp_arg_type__name(tab[i].t);

		ck_assert_msg(tp_arg_type__size(tab[i].t) == tab[i].size, "size of %s", n);
		ck_assert_msg(tp_arg_type__is_signed(tab[i].t) == tab[i].is_signed, "sign of %s",
			      n);
		ck_assert_msg(tp_arg_type__is_int(tab[i].t) ==
				  (tab[i].size > 0 && tab[i].t != TP_ARG_FD),
			      "is_int %s", n);
	}
	/* an fd is read as an int, filtered and shown as its file's path */
	ck_assert_msg(tp_arg_type__class(TP_ARG_FD) == TP_ACL_PATH, "fd is a path");
	ck_assert_msg(tp_arg_type__is_bytes(TP_ARG_STRING), "string is bytes");
	ck_assert_msg(tp_arg_type__is_bytes(TP_ARG_CHAR_BUF), "char_buf is bytes");
	ck_assert_msg(tp_arg_type__is_bytes(TP_ARG_CONST_BUF), "const_buf is bytes");
	ck_assert_msg(!tp_arg_type__is_bytes(TP_ARG_UINT64), "uint64 is not bytes");
}
END_TEST

/* Equal..Mask values as Tetragon's filter compares them (tp_value__parse_filter_int) */
static int filter_int(const char *s, enum tp_arg_type t, enum tp_op op, uint64_t *out)
{
	struct tp_value v = val(s);
	char err[320];

	return tp_value__parse_filter_int(&v, t, op, out, err, sizeof(err));
}

/* a size_t: ParseInt(v, 0, 32), compared as the u32 of its low bits (filter_32ty) */
START_TEST(test_filter_size_t)
{
	uint64_t x = 0;

	ck_assert_int_eq(filter_int("-1", TP_ARG_SIZE_T, TP_OP_EQUAL, &x), 0);
	ck_assert_uint_eq(x, 0xffffffff);
	ck_assert_int_eq(filter_int("0x7fffffff", TP_ARG_SIZE_T, TP_OP_GT, &x), 0);
	ck_assert_uint_eq(x, 0x7fffffff);
	ck_assert_int_eq(filter_int("0x80000000", TP_ARG_SIZE_T, TP_OP_EQUAL, &x), -ERANGE);
	ck_assert_int_eq(filter_int("4294967296", TP_ARG_SIZE_T, TP_OP_LT, &x), -ERANGE);
	/* an int keeps its sign; a uint64 its 64 bits */
	ck_assert_int_eq(filter_int("-1", TP_ARG_INT, TP_OP_LT, &x), 0);
	ck_assert_uint_eq(x, UINT64_MAX);
	ck_assert_int_eq(filter_int("0x100000000", TP_ARG_UINT64, TP_OP_EQUAL, &x), 0);
	ck_assert_uint_eq(x, 0x100000000);
}
END_TEST

/* what the filters compare: size_t 4 bytes unsigned, an int InMap zero-extended */
START_TEST(test_filter_views)
{
	struct tp_int_view w = tp_value__view(TP_ARG_SIZE_T, TP_OP_GT);

	ck_assert_int_eq(w.bytes, 4);
	ck_assert(!w.is_signed);
	ck_assert_int_eq(tp_arg_type__size(TP_ARG_SIZE_T), 8); /* events carry all 64 bits */
	w = tp_value__view(TP_ARG_INT, TP_OP_GT);
	ck_assert(w.is_signed);
	w = tp_value__view(TP_ARG_INT, TP_OP_IN_MAP);
	ck_assert(!w.is_signed);
	ck_assert_uint_eq(tp_int_view__max(w), UINT32_MAX);
	w = tp_value__view(TP_ARG_SINT64, TP_OP_NOT_IN_MAP);
	ck_assert(w.is_signed);
	ck_assert_int_eq(w.bytes, 8);
}
END_TEST

/* sint8 and sint16: filter_8ty and filter_16ty compare the zero-extended low bits, unsigned */
START_TEST(test_filter_narrow_signed)
{
	uint64_t x = 0;

	ck_assert_int_eq(filter_int("255", TP_ARG_SINT8, TP_OP_EQUAL, &x), 0);
	ck_assert_uint_eq(x, 255);
	ck_assert_int_eq(filter_int("-1", TP_ARG_SINT8, TP_OP_EQUAL, &x), -EDOM);
	ck_assert_int_eq(filter_int("-1", TP_ARG_SINT16, TP_OP_NOT_EQUAL, &x), -EDOM);
	ck_assert_int_eq(filter_int("-1", TP_ARG_SINT16, TP_OP_LT, &x), -EDOM);
	ck_assert_int_eq(filter_int("65536", TP_ARG_SINT16, TP_OP_GT, &x), -EDOM);
	/* Mask keeps the bits it has within the width */
	ck_assert_int_eq(filter_int("-1", TP_ARG_SINT8, TP_OP_MASK, &x), 0);
	ck_assert_uint_eq(x, 0xffffffff);
	ck_assert_int_eq(filter_int("0x100", TP_ARG_SINT8, TP_OP_MASK, &x), -EDOM);
	ck_assert(!tp_value__view(TP_ARG_SINT16, TP_OP_GT).is_signed);
	ck_assert_int_eq(tp_value__view(TP_ARG_SINT16, TP_OP_GT).bytes, 2);
}
END_TEST

START_TEST(test_quote)
{
	char big[200], buf[128];
	struct tp_value v;

	v = val("a\tb\\c");
	tp_value__quote(&v, buf, sizeof(buf));
	ck_assert_str_eq(buf, "a\\x09b\\\\c");

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	v = val(big);
	tp_value__quote(&v, buf, sizeof(buf));
	ck_assert_uint_eq(strlen(buf), 64 + 3);
	ck_assert_str_eq(buf + 64, "...");

	/* a tiny buffer is cut, never overrun */
	tp_value__quote(&v, buf, 5);
	ck_assert_str_eq(buf, "xxxx");

	v.str = NULL;
	v.len = 0;
	tp_value__quote(&v, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
}
END_TEST

static Suite *values_suite(void)
{
	Suite *s = suite_create("values");
	TCase *tc = tcase_create("parse_int");

	tcase_add_test(tc, test_decimal);
	tcase_add_test(tc, test_hex_octal);
	tcase_add_test(tc, test_whitespace);
	tcase_add_test(tc, test_go_forms);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_embedded_nul);
	tcase_add_test(tc, test_boundaries);
	tcase_add_test(tc, test_negative_unsigned);
	tcase_add_test(tc, test_not_integer_type);
	tcase_add_test(tc, test_type_facts);
	tcase_add_test(tc, test_quote);
	tcase_add_test(tc, test_filter_size_t);
	tcase_add_test(tc, test_filter_views);
	tcase_add_test(tc, test_filter_narrow_signed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(values_suite());
}
