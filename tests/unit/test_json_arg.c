// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Args to JSON through the TP_ARG_TYPES table: each type's member and printer; integers, strings
 * and buffers. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "records.h"
#include "tp_argjson.h"
#include "vocab.h"
#include "tp_test.h"

#define ASSERT_JSON(got, want) TP_ASSERT_JSON("", got, want)

static char *int_json(enum tp_arg_type type, uint64_t raw)
{
	struct tp_arg_val a = { .label = "" };

	tp_arg_val__from_int(&a, type, raw);
	return tp_test_arg_json(&a);
}

/*
 * The KprobeArgument member each type prints as (tetragon.proto), written out
 * here rather than read from TP_ARG_TYPES; nop prints nothing.
 */
static const struct {
	enum tp_arg_type type;
	const char *member;
} members[] = {
	{ TP_ARG_INT, "int_arg" },
	{ TP_ARG_SINT8, "int_arg" },
	{ TP_ARG_UINT8, "uint_arg" },
	{ TP_ARG_SINT16, "int_arg" },
	{ TP_ARG_UINT16, "uint_arg" },
	{ TP_ARG_UINT32, "uint_arg" },
	{ TP_ARG_SINT64, "long_arg" },
	{ TP_ARG_UINT64, "size_arg" },
	{ TP_ARG_SIZE_T, "size_arg" },
	{ TP_ARG_FD, "file_arg" },
	{ TP_ARG_SYSCALL64, "syscall_id" },
	{ TP_ARG_STRING, "string_arg" },
	{ TP_ARG_CHAR_BUF, "bytes_arg" },
	{ TP_ARG_CONST_BUF, "bytes_arg" },
	{ TP_ARG_FILE, "file_arg" },
	{ TP_ARG_PATH, "path_arg" },
	{ TP_ARG_DENTRY, "path_arg" },
	{ TP_ARG_FILENAME, "string_arg" },
	{ TP_ARG_LINUX_BINPRM, "linux_binprm_arg" },
	{ TP_ARG_KIOCB, "file_arg" },
	{ TP_ARG_SOCK, "sock_arg" },
	{ TP_ARG_SKB, "skb_arg" },
	{ TP_ARG_SOCKADDR, "sockaddr_arg" },
	{ TP_ARG_SOCKET, "sock_arg" },
	{ TP_ARG_NET_DEVICE, "net_dev_arg" },
	{ TP_ARG_CRED, "process_credentials_arg" },
	{ TP_ARG_CAPABILITY, "capability_arg" },
	{ TP_ARG_KERNEL_CAP, "kernel_cap_t_arg" },
	{ TP_ARG_CAP_INHERITABLE, "cap_inheritable_arg" },
	{ TP_ARG_CAP_PERMITTED, "cap_permitted_arg" },
	{ TP_ARG_CAP_EFFECTIVE, "cap_effective_arg" },
	{ TP_ARG_USER_NS, "user_ns_arg" },
	{ TP_ARG_BPF_ATTR, "bpf_attr_arg" },
	{ TP_ARG_BPF_MAP, "bpf_map_arg" },
	{ TP_ARG_BPF_PROG, "bpf_prog_arg" },
	{ TP_ARG_PERF_EVENT, "perf_event_arg" },
	{ TP_ARG_MODULE, "module_arg" },
	{ TP_ARG_LOAD_INFO, "module_arg" },
	{ TP_ARG_IOV_ITER, "bytes_arg" },
	{ TP_ARG_CHAR_IOVEC, "bytes_arg" },
	{ TP_ARG_DATA_LOC, "string_arg" },
	{ TP_ARG_NOP, NULL },
	{ TP_ARG_SOCKADDR_UN, "sockaddrun_arg" },
	{ TP_ARG_BPF_CMD, "bpf_cmd_arg" },
};

/* Every type prints its member, and the list above names every type. */
START_TEST(test_every_type_prints_its_member)
{
	static const uint8_t zeros[TP_OBJ_MAX];
	size_t i, printed = 0;

	ck_assert_int_eq(sizeof(members) / sizeof(members[0]), TP_ARG__MAX - 1);
	for (i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
		enum tp_arg_type t = members[i].type;
		const char *want = members[i].member;
		struct tp_arg_val a = { .label = "" };
		char *got, prefix[64];

		ck_assert_msg(want ? tp_json_arg__key(t) && !strcmp(tp_json_arg__key(t), want)
				   : !tp_json_arg__key(t),
			      "%s: member %s, want %s", tp_arg_type__name(t),
			      tp_json_arg__key(t) ? tp_json_arg__key(t) : "(none)",
			      want ? want : "(none)");
		if (!want)
			continue;
		if (tp_arg_type__info(t)->capture == TP_CAPT_U64)
			tp_arg_val__from_int(&a, t, 0);
		else
			tp_arg_val__from_blob(&a, t, zeros, sizeof(zeros), sizeof(zeros));
		got = tp_test_arg_json(&a);
		snprintf(prefix, sizeof(prefix), "{\"%s\":", want);
		ck_assert_msg(!strncmp(got, prefix, strlen(prefix)), "%s: %s", want, got);
		ck_assert_msg(json_lines_valid(got), "%s: invalid JSON %s", want, got);
		free(got);
		printed++;
	}
	ck_assert_uint_eq(printed, TP_ARG__MAX - 2); /* all but nop */
}
END_TEST

START_TEST(test_types_without_a_member)
{
	struct tp_arg_val a = { .label = "" };
	struct tp_json *j = tp_json__new();

	ck_assert_ptr_null(tp_json_arg__key(TP_ARG_NONE));
	ck_assert_ptr_null(tp_json_arg__key(TP_ARG__MAX));
	ck_assert_ptr_null(tp_json_arg__key((enum tp_arg_type) - 1));
	tp_json__begin_obj(j, NULL);
	a.type = TP_ARG_NONE;
	ck_assert_int_eq(tp_json_arg__put(j, &a), -EINVAL);
	a.type = TP_ARG__MAX;
	ck_assert_int_eq(tp_json_arg__put(j, &a), -EINVAL);
	tp_json__end_obj(j);
	ck_assert_str_eq(tp_json__text(j, NULL), "{}");
	tp_json__free(j);
}
END_TEST

/* Integers print at their type's width; 64-bit ones in a string, as protojson prints them. */
START_TEST(test_integers)
{
	ASSERT_JSON(int_json(TP_ARG_INT, 0xfffffffeull), "{\"int_arg\":-2}");
	ASSERT_JSON(int_json(TP_ARG_SINT8, 0xff), "{\"int_arg\":-1}");
	ASSERT_JSON(int_json(TP_ARG_SINT16, 0x18000), "{\"int_arg\":-32768}");
	ASSERT_JSON(int_json(TP_ARG_UINT8, 0x1ff), "{\"uint_arg\":255}");
	ASSERT_JSON(int_json(TP_ARG_UINT16, 65535), "{\"uint_arg\":65535}");
	ASSERT_JSON(int_json(TP_ARG_UINT32, (uint64_t)-1), "{\"uint_arg\":4294967295}");
	ASSERT_JSON(int_json(TP_ARG_SINT64, (uint64_t)INT64_MIN),
		    "{\"long_arg\":\"-9223372036854775808\"}");
	ASSERT_JSON(int_json(TP_ARG_UINT64, UINT64_MAX), "{\"size_arg\":\"18446744073709551615\"}");
	ASSERT_JSON(int_json(TP_ARG_SIZE_T, 4096), "{\"size_arg\":\"4096\"}");
	/* a syscall number: the ABI bit apart, a zero id left out */
	ASSERT_JSON(int_json(TP_ARG_SYSCALL64, 0x80000000ull | 11),
		    "{\"syscall_id\":{\"id\":11,\"abi\":\"i386\"}}");
	ASSERT_JSON(int_json(TP_ARG_SYSCALL64, 0), "{\"syscall_id\":{\"abi\":\"x64\"}}");
	/* on an arm64 machine, Tetragon's names there (enforcer_32bit_test.go) */
	ck_assert_str_eq(tp_arch__syscall_abi(TP_ARCH_ARM64, false), "arm64");
	ck_assert_str_eq(tp_arch__syscall_abi(TP_ARCH_ARM64, true), "arm32");
	ck_assert_ptr_null(tp_arch__syscall_abi(TP_ARCH_NONE, false));
}
END_TEST

START_TEST(test_strings_and_buffers)
{
	ASSERT_JSON(tp_test_blob_json(TP_ARG_STRING, "/etc/passwd\0junk", 16, 0),
		    "{\"string_arg\":\"/etc/passwd\"}");
	ASSERT_JSON(tp_test_blob_json(TP_ARG_DATA_LOC, "/bin/true", 9, 0),
		    "{\"string_arg\":\"/bin/true\"}");
	/* a read that failed: Tetragon's error_arg for strings (getArgStatus) */
	ASSERT_JSON(tp_test_blob_json(TP_ARG_STRING, "", 0, TP_BLOB_ERROR),
		    "{\"error_arg\":{\"Message\":\"Bad address for basic type\"}}");
	ASSERT_JSON(tp_test_blob_json(TP_ARG_FILENAME, "", 0, TP_BLOB_ERROR),
		    "{\"error_arg\":{\"Message\":\"Bad address for basic type\"}}");
	ASSERT_JSON(tp_test_blob_json(TP_ARG_DATA_LOC, "", 0, TP_BLOB_ERROR),
		    "{\"error_arg\":{\"Message\":\"Bad address for basic type\"}}");
	ASSERT_JSON(tp_test_blob_json(TP_ARG_NET_DEVICE, "", 0, TP_BLOB_ERROR),
		    "{\"error_arg\":{\"Message\":\"Bad address for basic type\"}}");
	/* a string cut short prints what was kept, as Tetragon's does */
	ASSERT_JSON(tp_test_blob_json(TP_ARG_STRING, "abc", 3, TP_BLOB_TRUNCATED),
		    "{\"string_arg\":\"abc\"}");
	ASSERT_JSON(tp_test_blob_json(TP_ARG_CHAR_BUF, "abc", 3, 3), "{\"bytes_arg\":\"YWJj\"}");
	ASSERT_JSON(tp_test_blob_json(TP_ARG_CONST_BUF, "", 0, 0), "{\"bytes_arg\":\"\"}");
	/* fewer bytes than the call passed: Tetragon's other member, with the size */
	ASSERT_JSON(tp_test_blob_json(TP_ARG_CHAR_BUF, "abc", 3, TP_BLOB_TRUNCATED | 100),
		    "{\"truncated_bytes_arg\":{\"bytes_arg\":\"YWJj\",\"orig_size\":\"100\"}}");
	/* a fault: the bytes are Tetragon's error name, "CharBufErrorPageFault" */
	ASSERT_JSON(tp_test_blob_json(TP_ARG_CHAR_BUF, "", 0, TP_BLOB_ERROR | 100),
		    "{\"bytes_arg\":\"Q2hhckJ1ZkVycm9yUGFnZUZhdWx0\"}");
	ASSERT_JSON(tp_test_blob_json(TP_ARG_CHAR_IOVEC, "", 0, TP_BLOB_ERROR | 7),
		    "{\"bytes_arg\":\"Q2hhckJ1ZkVycm9yUGFnZUZhdWx0\"}");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("json_arg");
	TCase *tc = tcase_create("table");

	tcase_set_timeout(tc, 60); /* each JSON check runs python3 once */
	tcase_add_test(tc, test_every_type_prints_its_member);
	tcase_add_test(tc, test_types_without_a_member);
	tcase_add_test(tc, test_integers);
	tcase_add_test(tc, test_strings_and_buffers);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
