// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "output/json.h"
#include "records.h"
#include "tp_test.h"

/* The JSON text of one string value written with tp_json__strn. */
static char *str_json(const void *s, size_t n)
{
	struct tp_json *j = tp_json__new();
	char *out;

	ck_assert_ptr_nonnull(j);
	tp_json__strn(j, NULL, s, n);
	ck_assert_int_eq(tp_json__error(j), 0);
	out = strdup(tp_json__text(j, NULL));
	tp_json__free(j);
	return out;
}

#define ASSERT_STR_JSON(in, n, want)                                                              \
	do {                                                                                      \
		char *got_ = str_json(in, n);                                                     \
		ck_assert_msg(!strcmp(got_, want), "escaping %s: got %s, want %s", #in, got_,     \
			      want);                                                              \
		ck_assert_msg(json_lines_valid(got_), "escaping %s: invalid JSON %s", #in, got_); \
		free(got_);                                                                       \
	} while (0)

START_TEST(test_escape_specials)
{
	ASSERT_STR_JSON("plain", 5, "\"plain\"");
	ASSERT_STR_JSON("", 0, "\"\"");
	ASSERT_STR_JSON("a\"b", 3, "\"a\\\"b\"");
	ASSERT_STR_JSON("a\\b", 3, "\"a\\\\b\"");
	ASSERT_STR_JSON("l1\nl2\r\t", 7, "\"l1\\nl2\\r\\t\"");
	ASSERT_STR_JSON("\b\f", 2, "\"\\b\\f\"");
	ASSERT_STR_JSON("/", 1, "\"/\"");
}
END_TEST

START_TEST(test_escape_controls)
{
	ASSERT_STR_JSON("\x01", 1, "\"\\u0001\"");
	ASSERT_STR_JSON("\x1b[0m", 4, "\"\\u001b[0m\"");
	ASSERT_STR_JSON("\x1f", 1, "\"\\u001f\"");
	ASSERT_STR_JSON("a\0b", 3, "\"a\\u0000b\"");
	/* DEL is legal unescaped JSON */
	ASSERT_STR_JSON("\x7f", 1, "\"\x7f\"");
}
END_TEST

START_TEST(test_utf8_valid_kept)
{
	ASSERT_STR_JSON("caf\xc3\xa9", 5, "\"caf\xc3\xa9\"");
	ASSERT_STR_JSON("\xe2\x82\xac", 3, "\"\xe2\x82\xac\"");
	ASSERT_STR_JSON("\xf0\x9f\x9a\x80", 4, "\"\xf0\x9f\x9a\x80\"");
	ASSERT_STR_JSON("\xef\xbf\xbd", 3, "\"\xef\xbf\xbd\"");
	ASSERT_STR_JSON("\xf4\x8f\xbf\xbf", 4, "\"\xf4\x8f\xbf\xbf\"");
}
END_TEST

START_TEST(test_utf8_invalid_replaced)
{
	/* every byte that starts no valid sequence becomes one U+FFFD */
	ASSERT_STR_JSON("\x80", 1, "\"\\ufffd\"");
	ASSERT_STR_JSON("a\xffz", 3, "\"a\\ufffdz\"");
	ASSERT_STR_JSON("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");		 /* overlong '/' */
	ASSERT_STR_JSON("\xe0\x80\xaf", 3, "\"\\ufffd\\ufffd\\ufffd\""); /* overlong */
	ASSERT_STR_JSON("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate */
	ASSERT_STR_JSON("\xf4\x90\x80\x80", 4, "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* > U+10FFFF */
	ASSERT_STR_JSON("\xf5\x80", 2, "\"\\ufffd\\ufffd\"");
	ASSERT_STR_JSON("ab\xe2\x82", 4, "\"ab\\ufffd\\ufffd\""); /* cut short */
	ASSERT_STR_JSON("\xe2\x28\xa1", 3, "\"\\ufffd(\\ufffd\"");
}
END_TEST

/*
 * Plain bytes are scanned 8 at a time: each byte that needs escaping, and a
 * UTF-8 sequence, at every offset in and past a word, among the bytes at the
 * edges of the plain range (' ', '~', DEL).
 */
START_TEST(test_escape_every_offset)
{
	static const char plain[] = " ~a\x7f";
	static const struct {
		const char *in, *out;
	} special[] = {
		{ "\"", "\\\"" },	    { "\\", "\\\\" },	   { "\n", "\\n" },
		{ "\x1f", "\\u001f" },	    { "\x80", "\\ufffd" }, { "\xff", "\\ufffd" },
		{ "\xc3\xa9", "\xc3\xa9" },
	};
	char in[40], want[80], *got;
	size_t i, n, at, k;

	for (i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
		size_t len = strlen(special[i].in);

		for (n = 0; n <= 20; n++)
			for (at = 0; at <= n; at++) {
				for (k = 0; k < n; k++)
					in[k < at ? k : k + len] = plain[k % 4];
				memcpy(in + at, special[i].in, len);
				snprintf(want, sizeof(want), "\"%.*s%s%.*s\"", (int)at, in,
					 special[i].out, (int)(n - at), in + at + len);
				got = str_json(in, n + len);
				ck_assert_msg(
				    !strcmp(got, want),
				    "%zu plain bytes, special %zu at %zu: got %s, want %s", n, i,
				    at, got, want);
				free(got);
			}
	}
}
END_TEST

START_TEST(test_structure)
{
	struct tp_json *j = tp_json__new();
	const char *want = "{\"a\":1,\"b\":-2,\"c\":\"18446744073709551615\",\"d\":\"-9\","
			   "\"e\":[1,{\"x\":\"y\"},[],{}],\"f\":\"\",\"g\":18446744073709551615}";
	size_t len;

	ck_assert_ptr_nonnull(j);
	tp_json__begin_obj(j, NULL);
	tp_json__uint(j, "a", 1);
	tp_json__int(j, "b", -2);
	tp_json__uint_str(j, "c", UINT64_MAX);
	tp_json__int_str(j, "d", -9);
	tp_json__begin_arr(j, "e");
	tp_json__int(j, NULL, 1);
	tp_json__begin_obj(j, NULL);
	tp_json__str(j, "x", "y");
	tp_json__end_obj(j);
	tp_json__begin_arr(j, NULL);
	tp_json__end_arr(j);
	tp_json__begin_obj(j, NULL);
	tp_json__end_obj(j);
	tp_json__end_arr(j);
	tp_json__str(j, "f", NULL);
	tp_json__uint(j, "g", UINT64_MAX);
	tp_json__end_obj(j);
	ck_assert_int_eq(tp_json__error(j), 0);
	ck_assert_str_eq(tp_json__text(j, &len), want);
	ck_assert_uint_eq(len, strlen(want));
	ck_assert_msg(json_lines_valid(tp_json__text(j, NULL)), "structure: valid JSON");

	/* reset starts a fresh document */
	tp_json__reset(j);
	tp_json__begin_obj(j, NULL);
	tp_json__end_obj(j);
	ck_assert_str_eq(tp_json__text(j, NULL), "{}");
	tp_json__free(j);
}
END_TEST

START_TEST(test_depth_and_misuse_latched)
{
	struct tp_json *j = tp_json__new();
	int i;

	for (i = 0; i < TP_JSON_DEPTH; i++)
		tp_json__begin_arr(j, NULL);
	ck_assert_int_eq(tp_json__error(j), 0);
	tp_json__begin_arr(j, NULL);
	ck_assert_int_eq(tp_json__error(j), -E2BIG);
	/* latched: later calls do nothing */
	tp_json__int(j, NULL, 5);
	ck_assert_int_eq(tp_json__error(j), -E2BIG);

	tp_json__reset(j);
	tp_json__end_obj(j);
	ck_assert_int_eq(tp_json__error(j), -EINVAL);
	tp_json__free(j);
}
END_TEST

START_TEST(test_growth)
{
	struct tp_json *j = tp_json__new();
	size_t n = 300000, len;
	char *big = malloc(n);
	const char *text;

	memset(big, 'x', n);
	big[n / 2] = '\n';
	tp_json__strn(j, NULL, big, n);
	ck_assert_int_eq(tp_json__error(j), 0);
	text = tp_json__text(j, &len);
	ck_assert_uint_eq(len, n + 1 + 2);
	ck_assert_int_eq(text[0], '"');
	ck_assert_int_eq(text[len - 1], '"');
	ck_assert_int_eq(text[n / 2 + 1], '\\');
	free(big);
	tp_json__free(j);
}
END_TEST

START_TEST(test_base64_vectors)
{
	/* RFC 4648 section 10 */
	static const char *const in[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const out[] = { "",	       "Zg==",	   "Zm8=",    "Zm9v",
					   "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
	static const uint8_t bin[] = { 0xff, 0xfe, 0x00, 0x3e, 0x3f };
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		ck_assert_uint_eq(tp_base64_len(strlen(in[i])), strlen(out[i]));
		tp_base64_encode(buf, in[i], strlen(in[i]));
		ck_assert_msg(!strcmp(buf, out[i]), "base64(%s): got %s, want %s", in[i], buf,
			      out[i]);
	}
	tp_base64_encode(buf, bin, sizeof(bin));
	ck_assert_str_eq(buf, "//4APj8=");
	/* the exec_id of Tetragon's sample event */
	tp_base64_encode(buf, "minikube:3349766462822:38313", 28);
	ck_assert_str_eq(buf, "bWluaWt1YmU6MzM0OTc2NjQ2MjgyMjozODMxMw==");
}
END_TEST

START_TEST(test_base64_member)
{
	struct tp_json *j = tp_json__new();

	tp_json__begin_obj(j, NULL);
	tp_json__base64(j, "bytes_arg", "hello\n", 6);
	tp_json__base64(j, "empty", "", 0);
	tp_json__end_obj(j);
	ck_assert_str_eq(tp_json__text(j, NULL), "{\"bytes_arg\":\"aGVsbG8K\",\"empty\":\"\"}");
	tp_json__free(j);
}
END_TEST

/* numbers without printf, keys in one copy */
START_TEST(test_integers_by_hand)
{
	struct tp_json *j = tp_json__new();

	tp_json__begin_arr(j, NULL);
	tp_json__int(j, NULL, 0);
	tp_json__int(j, NULL, INT64_MIN);
	tp_json__int(j, NULL, INT64_MAX);
	tp_json__uint(j, NULL, 10);
	tp_json__int_str(j, NULL, -1);
	tp_json__uint_str(j, NULL, 0);
	tp_json__end_arr(j);
	ck_assert_str_eq(tp_json__text(j, NULL),
			 "[0,-9223372036854775808,9223372036854775807,10,\"-1\",\"0\"]");

	/* keys are copied whole when plain, escaped when not */
	tp_json__reset(j);
	tp_json__begin_obj(j, NULL);
	tp_json__uint(j, "a\"b", 1);
	tp_json__uint(j, "", 2);
	tp_json__uint(j, "c", 3);
	tp_json__end_obj(j);
	ck_assert_str_eq(tp_json__text(j, NULL), "{\"a\\\"b\":1,\"\":2,\"c\":3}");
	tp_json__free(j);
}
END_TEST

/* members written by one writer, pasted into another's open object */
START_TEST(test_members_pasted)
{
	struct tp_json *r = tp_json__new(), *j = tp_json__new();
	const char *text;
	size_t len;

	tp_json__begin_obj(r, NULL);
	tp_json__str(r, "k", "v\"");
	tp_json__uint(r, "n", 7);
	text = tp_json__text(r, &len);
	ck_assert_str_eq(text, "{\"k\":\"v\\\"\",\"n\":7");

	tp_json__begin_obj(j, NULL);
	tp_json__members(j, text + 1, len - 1); /* first: no comma */
	tp_json__uint(j, "after", 1);
	tp_json__begin_obj(j, "inner");
	tp_json__uint(j, "before", 0);
	tp_json__members(j, text + 1, len - 1); /* after a member: a comma */
	tp_json__members(j, "", 0);		/* nothing: no comma either */
	tp_json__end_obj(j);
	tp_json__end_obj(j);
	ck_assert_int_eq(tp_json__error(j), 0);
	ck_assert_str_eq(tp_json__text(j, NULL),
			 "{\"k\":\"v\\\"\",\"n\":7,\"after\":1,"
			 "\"inner\":{\"before\":0,\"k\":\"v\\\"\",\"n\":7}}");
	ck_assert_msg(json_lines_valid(tp_json__text(j, NULL)), "pasted members: valid JSON");

	/* at the top level there is no object to paste into */
	tp_json__reset(j);
	tp_json__members(j, "\"a\":1", 5);
	ck_assert_int_eq(tp_json__error(j), -EINVAL);
	tp_json__free(j);
	tp_json__free(r);
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_escape_specials);
	tcase_add_test(tc, test_escape_controls);
	tcase_add_test(tc, test_utf8_valid_kept);
	tcase_add_test(tc, test_utf8_invalid_replaced);
	tcase_add_test(tc, test_escape_every_offset);
	tcase_add_test(tc, test_structure);
	tcase_add_test(tc, test_depth_and_misuse_latched);
	tcase_add_test(tc, test_growth);
	tcase_add_test(tc, test_base64_vectors);
	tcase_add_test(tc, test_base64_member);
	tcase_add_test(tc, test_integers_by_hand);
	tcase_add_test(tc, test_members_pasted);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(json_suite());
}
