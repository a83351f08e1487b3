// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Post's imaHash in process_lsm: the record's last blob printed as Tetragon
 * prints it (pkg/grpc/tracing/tracing.go, GetProcessLsm), "algo:hex" after
 * the tags, and left out for an error or an algorithm Tetragon does not name.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <tp/actions.h>

#include "link/meta_write.h"
#include "meta.h"
#include "output.h"
#include "output/ima.h"
#include "records.h"
#include "tp_test.h"

static struct tp_meta_arg_view args[] = {
	{ .index = 0, .type = TP_ARG_FILE },
};
static struct tp_meta_variant_view var = { TP_VAR_LSM, "file_open", "", "tp_h0_lsm", "tp_h0_ima" };

static void *meta_data;
static struct tp_meta *meta;
static struct tp_proc_cache *cache;
static struct tp_output *out;
static FILE *mem;
static char *mem_buf;
static size_t mem_len;

static void setup(void)
{
	struct tp_meta_writer *w = tp_meta_writer__new("ima");
	struct tp_meta_hook_view h = {
		.kind = TP_HOOK_LSM,
		.flags = TP_HOOKF_IMA_HASH,
		.call = "file_open",
		.function_name = "file_open",
		.subsys = "",
		.event = "",
		.message = "",
		.args = args,
		.nargs = 1,
		.variants = &var,
		.nvariants = 1,
	};
	char err[128];
	size_t size;

	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h), 0);
	ck_assert_int_eq(tp_meta_writer__finish(w, &meta_data, &size), 0);
	tp_meta_writer__free(w);
	meta = tp_meta__parse(meta_data, size, err, sizeof(err));
	ck_assert_msg(meta != NULL, "meta: %s", err);
	cache = tp_proc_cache__new("node1");
	mem = open_memstream(&mem_buf, &mem_len);
	out = tp_output__new(mem, TP_OUT_JSON, "node1", meta, cache);
	ck_assert_ptr_nonnull(out);
}

static void teardown(void)
{
	tp_output__free(out);
	tp_proc_cache__free(cache);
	fclose(mem);
	free(mem_buf);
	tp_meta__free(meta);
	free(meta_data);
}

/* A file_open record of /etc/passwd; with an imaHash blob of algo and 0x00, 0x01, ... */
static size_t record(struct rb *b, bool hashed, int32_t algo)
{
	struct tp_ima_hash ih = { .algo = algo };
	uint32_t mode = 0100644;
	size_t i;

	for (i = 0; i < sizeof(ih.value); i++)
		ih.value[i] = i;
	rec_hook(b, 1000, 42, 42, 0, TP_ACT_POST, hashed ? TP_HOOKEV_IMA_HASH : 0);
	rb_blob(b, "/etc/passwd", 11, mode);
	if (hashed)
		rb_blob(b, &ih, sizeof(ih), 0);
	return rb_done(b);
}

/* The JSON printed for one record, from its action on: what imaHash adds is last. */
static char *printed(struct rb *b, size_t n)
{
	size_t from;
	char *s;

	fflush(mem);
	from = mem_len;
	ck_assert_int_eq(tp_output__record(out, b->buf, n), 0);
	fflush(mem);
	s = strstr(mem_buf + from, "\"action\"");
	ck_assert_msg(s != NULL, "an event: %s", mem_buf + from);
	return strndup(s, strcspn(s, "\n"));
}

#define HEX32 "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define HEX64 HEX32 "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"

#define ASSERT_PRINTS(hashed, algo, want)                                                         \
	do {                                                                                      \
		struct rb b_;                                                                     \
		char *got_ = printed(&b_, record(&b_, hashed, algo));                             \
		ck_assert_msg(strstr(got_, want) == got_, "algo %d\ngot:  %s\nwant: %s...", algo, \
			      got_, want);                                                        \
		free(got_);                                                                       \
	} while (0)

#define ACTION "\"action\":\"KPROBE_ACTION_POST\""

START_TEST(test_algorithms)
{
	/* enum hash_algo: md5 1, sha1 2, sha256 4, sha512 6, wp512 13, sm3 17 */
	ASSERT_PRINTS(true, 4, ACTION ",\"ima_hash\":\"sha256:" HEX32 "\"}");
	ASSERT_PRINTS(true, 1, ACTION ",\"ima_hash\":\"md5:000102030405060708090a0b0c0d0e0f\"}");
	ASSERT_PRINTS(true, 2,
		      ACTION ",\"ima_hash\":\"sha1:000102030405060708090a0b0c0d0e0f10111213\"}");
	ASSERT_PRINTS(true, 6, ACTION ",\"ima_hash\":\"sha512:" HEX64 "\"}");
	ASSERT_PRINTS(true, 13, ACTION ",\"ima_hash\":\"wp512:" HEX64 "\"}");
	ASSERT_PRINTS(true, 17, ACTION ",\"ima_hash\":\"sm3:" HEX32 "\"}");
}
END_TEST

START_TEST(test_no_hash)
{
	struct tp_output_stats st;
	struct rb b;
	size_t n;

	/* the kernel computed none (-EOPNOTSUPP), or one Tetragon does not name (sha384) */
	ASSERT_PRINTS(true, -95, ACTION "}");
	ASSERT_PRINTS(true, 5, ACTION "}");
	/* no imaHash asked */
	ASSERT_PRINTS(false, 0, ACTION "}");
	/* the flag without the blob: malformed, not printed */
	n = record(&b, false, 0);
	((struct tp_event_hook *)b.buf)->flags |= TP_HOOKEV_IMA_HASH;
	ck_assert_int_eq(tp_output__record(out, b.buf, n), -EINVAL);
	tp_output__stats(out, &st);
	ck_assert_int_eq(st.malformed, 1);
	ck_assert_int_eq(st.hook, 3);
}
END_TEST

START_TEST(test_format)
{
	char buf[TP_IMA_STR_MAX];
	int32_t algo;
	struct rb b;
	size_t n = record(&b, true, 4);

	ck_assert_int_eq(tp_ima__format(b.buf, n, TP_HOOKEV_IMA_HASH, buf, sizeof(buf), &algo), 0);
	ck_assert_str_eq(buf, "sha256:" HEX32);
	ck_assert_int_eq(algo, 4);
	/* the longest fits */
	n = record(&b, true, 6);
	ck_assert_int_eq(tp_ima__format(b.buf, n, TP_HOOKEV_IMA_HASH, buf, sizeof(buf), &algo), 0);
	ck_assert_str_eq(buf, "sha512:" HEX64);
	/* the error is said */
	n = record(&b, true, -95);
	ck_assert_int_eq(tp_ima__format(b.buf, n, TP_HOOKEV_IMA_HASH, buf, sizeof(buf), &algo), 0);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(algo, -95);
	/* a record cut before its blob's end */
	ck_assert_int_eq(tp_ima__format(b.buf, n - 8, TP_HOOKEV_IMA_HASH, buf, sizeof(buf), &algo),
			 -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("output_ima");
	TCase *tc = tcase_create("json");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_algorithms);
	tcase_add_test(tc, test_no_hash);
	tcase_add_test(tc, test_format);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
