// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The sockaddr_un and bpf_cmd arg types: their JSON (Tetragon's
 * KprobeSockaddrUn and BpfCmd), and the checker's rules for them (the
 * operators Tetragon has for sockaddr_un, where bpf_cmd may stand), with the
 * exact diagnostics, against the fake tracefs and this machine's BTF.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tp_argjson.h"
#include "tp_checkrun.h"
#include "tp_test.h"

#define ASSERT_ARG(what, a, want) TP_ASSERT_JSON(what, tp_test_arg_json(a), want)

static struct tp_arg_val sun_val(const void *path, uint32_t len, uint32_t info)
{
	struct tp_arg_val a = { .label = "" };

	tp_arg_val__from_blob(&a, TP_ARG_SOCKADDR_UN, path, len, info);
	return a;
}

/* decodeSockaddrUnPath and familyString (pkg/sensors/tracing, pkg/grpc/tracing) */
START_TEST(test_sockaddr_un_json)
{
	static const char abs_raw[] = "abs\0name\0\0\0";
	char full[108];
	struct tp_arg_val a;

	a = sun_val("/run/x.sock", 11, 1);
	ASSERT_ARG("path", &a,
		   "{\"sockaddrun_arg\":{\"family\":\"AF_UNIX\",\"path\":\"/run/x.sock\"}}");
	/* the filters' bytes may run past a NUL: the path ends at it */
	a = sun_val("/a\0b", 4, 1);
	ASSERT_ARG("nul", &a, "{\"sockaddrun_arg\":{\"family\":\"AF_UNIX\",\"path\":\"/a\"}}");
	/* abstract: '@', then its bytes without their NULs */
	a = sun_val(abs_raw, sizeof(abs_raw) - 1, 1 | TP_SUN_ABSTRACT);
	ASSERT_ARG("abstract", &a,
		   "{\"sockaddrun_arg\":{\"family\":\"AF_UNIX\",\"path\":\"@absname\"}}");
	/* an abstract name of NULs only, or none read (a syscall's user pointer): no path */
	a = sun_val("\0\0", 2, 1 | TP_SUN_ABSTRACT);
	ASSERT_ARG("abstract empty", &a, "{\"sockaddrun_arg\":{\"family\":\"AF_UNIX\"}}");
	a = sun_val("", 0, 1 | TP_SUN_ABSTRACT);
	ASSERT_ARG("abstract none", &a, "{\"sockaddrun_arg\":{\"family\":\"AF_UNIX\"}}");
	/* familyString names AF_INET, AF_INET6 and AF_UNIX only */
	a = sun_val("p", 1, 10);
	ASSERT_ARG("inet6", &a, "{\"sockaddrun_arg\":{\"family\":\"AF_INET6\",\"path\":\"p\"}}");
	a = sun_val("p", 1, 16);
	ASSERT_ARG("netlink", &a, "{\"sockaddrun_arg\":{\"path\":\"p\"}}");
	/* a full sun_path without a NUL; an abstract one of 107 bytes */
	memset(full, 'x', sizeof(full));
	a = sun_val(full, 108, 1);
	ck_assert_int_eq(strlen(strstr(tp_test_arg_json(&a), "\"path\":\"")), 8 + 108 + 3);
	a = sun_val(full, 107, 1 | TP_SUN_ABSTRACT);
	ck_assert_int_eq(strlen(strstr(tp_test_arg_json(&a), "\"path\":\"")), 8 + 108 + 3);
	/* unreadable: the empty object of Tetragon's zeroed sockaddr_un_type */
	a = sun_val("", 0, TP_BLOB_ERROR);
	ASSERT_ARG("error", &a, "{\"sockaddrun_arg\":{}}");
}
END_TEST

START_TEST(test_bpf_cmd_json)
{
	struct tp_arg_val a = { .label = "" };

	tp_arg_val__from_int(&a, TP_ARG_BPF_CMD, 5);
	ASSERT_ARG("prog load", &a, "{\"bpf_cmd_arg\":\"BPF_PROG_LOAD\"}");
	/* the enum's zero is printed: a oneof member is present */
	tp_arg_val__from_int(&a, TP_ARG_BPF_CMD, 0);
	ASSERT_ARG("map create", &a, "{\"bpf_cmd_arg\":\"BPF_MAP_CREATE\"}");
	tp_arg_val__from_int(&a, TP_ARG_BPF_CMD, 36);
	ASSERT_ARG("token", &a, "{\"bpf_cmd_arg\":\"BPF_TOKEN_CREATE\"}");
	/* protojson prints a number the enum has no name for as the number */
	tp_arg_val__from_int(&a, TP_ARG_BPF_CMD, 37);
	ASSERT_ARG("unnamed", &a, "{\"bpf_cmd_arg\":37}");
	tp_arg_val__from_int(&a, TP_ARG_BPF_CMD, 0xffffffffu);
	ASSERT_ARG("negative", &a, "{\"bpf_cmd_arg\":-1}");
}
END_TEST

/* sys_connect(fd, uservaddr, addrlen) with arg 1 sockaddr_un and one matchArgs on it */
#define CONNECT(op, vals)                                                                     \
	HDR "  kprobes:\n  - call: sys_connect\n    args:\n    - index: 0\n      type: int\n" \
	    "    - index: 1\n      type: sockaddr_un\n"                                       \
	    "    selectors:\n    - matchArgs:\n      - index: 1\n        operator: " op "\n"  \
	    "        values: " vals "\n"

/* pkg/selectors/kernel.go: Equal, NotEqual, Prefix, NotPrefix (and Family) */
START_TEST(test_sockaddr_un_operators)
{
	CHECK_OK(CONNECT("Equal", "[\"/run/a.sock\", \"/run/b.sock\"]"));
	CHECK_OK(CONNECT("NotEqual", "[\"/run/a.sock\"]"));
	CHECK_OK(CONNECT("Prefix", "[\"/run/\"]"));
	CHECK_OK(CONNECT("NotPrefix", "[\"/run/\"]"));
	CHECK_YAML(CONNECT("Postfix", "[\".sock\"]"), 1,
		   "p.yaml:16:19: error: kprobe 'sys_connect': arg 1: operator 'Postfix' is not "
		   "supported on a sockaddr_un argument (Tetragon never matches it: use Equal, "
		   "NotEqual, Prefix or NotPrefix)\n");
	CHECK_YAML(CONNECT("NotPostfix", "[\".sock\"]"), 1,
		   "p.yaml:16:19: error: kprobe 'sys_connect': arg 1: operator 'NotPostfix' is "
		   "not supported on a sockaddr_un argument (Tetragon never matches it: use "
		   "Equal, NotEqual, Prefix or NotPrefix)\n");
	CHECK_YAML(CONNECT("Family", "[\"AF_UNIX\"]"), 1,
		   "p.yaml:16:19: error: kprobe 'sys_connect': arg 1: operator 'Family' on a "
		   "sockaddr_un argument is not supported yet\n");
	CHECK_YAML(CONNECT("DPort", "[\"80\"]"), 1,
		   "p.yaml:16:19: error: kprobe 'sys_connect': arg 1: operator 'DPort' needs a "
		   "sock, skb, sockaddr or socket argument, not sockaddr_un\n");
	CHECK_YAML(CONNECT("GT", "[\"1\"]"), 1,
		   "p.yaml:16:19: error: kprobe 'sys_connect': arg 1: operator 'GT' needs an "
		   "integer argument\n");
}
END_TEST

/* Where sockaddr_un stands: kernel functions, syscalls, tracepoints' pointer fields */
START_TEST(test_sockaddr_un_hooks)
{
	/* unix_stream_connect(sock, uaddr, addr_len, flags): a struct sockaddr * */
	CHECK_OK(HDR "  kprobes:\n  - call: unix_stream_connect\n    syscall: false\n"
		     "    args:\n    - index: 1\n      type: sockaddr_un\n");
	/* not on what is no sockaddr */
	CHECK_YAML(HDR "  kprobes:\n  - call: unix_stream_connect\n    syscall: false\n"
		       "    args:\n    - index: 0\n      type: sockaddr_un\n",
		   1,
		   "p.yaml:11:13: error: kprobe 'unix_stream_connect': arg 0: type 'sockaddr_un' "
		   "does not match 'struct socket *', the type of unix_stream_connect's "
		   "parameter 'sock'\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_connect\n    args:\n"
		       "    - index: 0\n      type: sockaddr_un\n",
		   1,
		   "p.yaml:10:13: error: kprobe 'sys_connect': arg 0: type 'sockaddr_un' does not "
		   "match 'int', the type of connect's argument 0\n");
	CHECK_OK(HDR "  tracepoints:\n  - subsystem: syscalls\n    event: sys_enter_connect\n"
		     "    args:\n    - index: 6\n      type: sockaddr_un\n");
	CHECK_YAML(HDR "  tracepoints:\n  - subsystem: syscalls\n    event: sys_enter_connect\n"
		       "    args:\n    - index: 4\n      type: sockaddr_un\n",
		   1,
		   "p.yaml:11:13: error: tracepoint 'syscalls/sys_enter_connect': arg 4: type "
		   "'sockaddr_un' needs a pointer field, and field '__syscall_nr' has 4 bytes\n");
}
END_TEST

/* bpf_cmd: an int, in kprobe args only (generickprobe.go's GenericUserTypeFromString) */
START_TEST(test_bpf_cmd_hooks)
{
	CHECK_OK(HDR "  kprobes:\n  - call: sys_bpf\n    args:\n    - index: 0\n"
		     "      type: bpf_cmd\n    selectors:\n    - matchArgs:\n      - index: 0\n"
		     "        operator: Equal\n        values: [\"5\", \"0x0\"]\n");
	/* Tetragon parses its values as integers, not names */
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_bpf\n    args:\n    - index: 0\n"
		       "      type: bpf_cmd\n    selectors:\n    - matchArgs:\n      - index: 0\n"
		       "        operator: Equal\n        values: [\"BPF_PROG_LOAD\"]\n",
		   1,
		   "p.yaml:15:18: error: kprobe 'sys_bpf': arg 0: value 'BPF_PROG_LOAD' is not "
		   "an integer\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_bpf\n    return: true\n    args:\n"
		       "    - index: 0\n      type: int\n    returnArg:\n      type: bpf_cmd\n",
		   1,
		   "p.yaml:13:13: error: kprobe 'sys_bpf': returnArg: type 'bpf_cmd' is not "
		   "supported: Tetragon takes it in kprobe args only\n"
		   "p.yaml:13:13: warning: kprobe 'sys_bpf': returnArg: type 'bpf_cmd' does not "
		   "match 'long' returned by bpf\n");
	CHECK_YAML(HDR "  tracepoints:\n  - subsystem: syscalls\n    event: sys_enter_bpf\n"
		       "    args:\n    - index: 5\n      type: bpf_cmd\n",
		   1,
		   "p.yaml:11:13: error: tracepoint 'syscalls/sys_enter_bpf': arg 5: type "
		   "'bpf_cmd' is not supported here: Tetragon takes it in kprobe args only\n");
	CHECK_YAML(HDR "  lsmhooks:\n  - hook: bpf\n    args:\n    - index: 0\n"
		       "      type: bpf_cmd\n",
		   1,
		   "p.yaml:10:13: error: lsmhook 'bpf': arg 0: type 'bpf_cmd' is not supported "
		   "here: Tetragon takes it in kprobe args only\n");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sockun");
	TCase *tc = tcase_create("types");

	tcase_add_test(tc, test_sockaddr_un_json);
	tcase_add_test(tc, test_bpf_cmd_json);
	tcase_add_test(tc, test_sockaddr_un_operators);
	tcase_add_test(tc, test_sockaddr_un_hooks);
	tcase_add_test(tc, test_bpf_cmd_hooks);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
