// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Unit tests for gen/check/kobj.c and the arg type table: the kernel-object types' checker rules
 * (data_loc and char_iovec hooks, capability names, matchArgs on objects that
 * are captured only), with the exact diagnostics, against the fake tracefs
 * and this machine's BTF for kernel functions.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tp_checkrun.h"
#include "tp_test.h"

/* security_capset(new, old, effective, inheritable, permitted) with one matchArgs on arg idx */
#define CAPSET(idx, op, vals)                                                                      \
	HDR "  kprobes:\n  - call: security_capset\n    syscall: false\n    args:\n"               \
	    "    - index: 0\n      type: cred\n    - index: 1\n      type: nop\n"                  \
	    "    - index: 2\n      type: cap_effective\n    - index: 3\n      type: "              \
	    "kernel_cap_t\n"                                                                       \
	    "    selectors:\n    - matchArgs:\n      - index: " idx "\n        operator: " op "\n" \
	    "        values: " vals "\n"

START_TEST(test_cap_set_values)
{
	struct result r;
	const struct tp_value *v;

	run(&r, CAPSET("2", "Mask",
		       "[\"CAP_SYS_ADMIN,CAP_NET_RAW\", \" DAC_OVERRIDE , CAP_BPF\", "
		       "\"0x10\", \"CAP_DAC_OVERRIDE\"]"));
	ck_assert_msg(!strcmp(r.out, ""), "checker output: %s", r.out);
	v = r.p->hooks[0].selectors[0].args[0].values;
	ck_assert_uint_eq(v[0].num, (1ull << 21) | (1ull << 13));
	ck_assert_uint_eq(v[1].num, (1ull << 1) | (1ull << 39));
	ck_assert_uint_eq(v[2].num, 0x10);
	ck_assert_uint_eq(v[3].num, 1ull << 1);
	result_free(&r);
	/* privileges-raise.yaml's: a set that is not empty */
	CHECK_OK(CAPSET("3", "NotEqual", "[\"0\"]"));
	CHECK_YAML(CAPSET("2", "Equal", "[\"CAP_SYS_ADMIN,CAP_NOPE\", \"CAP_BPF,\", \"-1\"]"), 3,
		   "p.yaml:22:18: error: kprobe 'security_capset': arg 2: 'CAP_NOPE' is not a "
		   "capability name (CAP_CHOWN ... CAP_CHECKPOINT_RESTORE)\n"
		   "p.yaml:22:44: error: kprobe 'security_capset': arg 2: a capability set is a "
		   "number or capability names separated by commas, not 'CAP_BPF,'\n"
		   "p.yaml:22:56: error: kprobe 'security_capset': arg 2: '-1' is not a capability "
		   "name (CAP_CHOWN ... CAP_CHECKPOINT_RESTORE)\n");
	CHECK_YAML(CAPSET("2", "Prefix", "[\"CAP_\"]"), 1,
		   "p.yaml:21:19: error: kprobe 'security_capset': arg 2: operator 'Prefix' does "
		   "not apply to type 'cap_effective' (use Equal, NotEqual, Mask, GT or LT)\n");
}
END_TEST

START_TEST(test_capability_values)
{
	struct result r;
	const struct tp_value *v;

	run(&r, HDR "  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n"
		    "    raw: true\n    args:\n    - index: 0\n      type: capability\n"
		    "    selectors:\n    - matchArgs:\n      - index: 0\n        operator: Equal\n"
		    "        values: [\"CAP_SYS_ADMIN\", \"7\", \"DAC_OVERRIDE\"]\n");
	/* the fake tracefs has the event; BTF may not name its raw arity: index 0 is fine */
	ck_assert_msg(!strcmp(r.out, ""), "checker output: %s", r.out);
	v = r.p->hooks[0].selectors[0].args[0].values;
	ck_assert_uint_eq(v[0].num, 21);
	ck_assert_uint_eq(v[1].num, 7);
	ck_assert_uint_eq(v[2].num, 1);
	result_free(&r);
	CHECK_YAML(
	    HDR "  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n"
		"    raw: true\n    args:\n    - index: 0\n      type: capability\n"
		"    selectors:\n    - matchArgs:\n      - index: 0\n        operator: Equal\n"
		"        values: [\"SYS_ADMIN\", \"CAP_SYS_ADMIN,CAP_BPF\"]\n",
	    2,
	    "p.yaml:17:18: error: tracepoint 'sched/sched_process_exec': arg 0: a capability "
	    "is a number or a name like CAP_SYS_ADMIN, not 'SYS_ADMIN'\n"
	    "p.yaml:17:31: error: tracepoint 'sched/sched_process_exec': arg 0: a capability "
	    "is a number or a name like CAP_SYS_ADMIN, not 'CAP_SYS_ADMIN,CAP_BPF'\n");
}
END_TEST

START_TEST(test_captured_objects_take_no_filters)
{
	CHECK_YAML(CAPSET("0", "Equal", "[\"0\"]"), 1,
		   "p.yaml:21:19: error: kprobe 'security_capset': arg 0: type 'cred' is captured, "
		   "not filtered: operator 'Equal' does not apply to it\n");
	CHECK_YAML(CAPSET("1", "NotEqual", "[\"0\"]"), 1,
		   "p.yaml:21:19: error: kprobe 'security_capset': arg 1: type 'nop' is captured, "
		   "not filtered: operator 'NotEqual' does not apply to it\n");
	CHECK_YAML(
	    HDR "  kprobes:\n  - call: security_bpf\n    syscall: false\n    args:\n"
		"    - index: 1\n      type: bpf_attr\n    selectors:\n    - matchArgs:\n"
		"      - index: 1\n        operator: Prefix\n        values: [\"x\"]\n",
	    1,
	    "p.yaml:15:19: error: kprobe 'security_bpf': arg 1: type 'bpf_attr' is captured, "
	    "not filtered: operator 'Prefix' does not apply to it\n");
}
END_TEST

START_TEST(test_data_loc)
{
	struct result r;

	/* sched_process_exec's field 4 is __data_loc char[] filename: a string */
	run(&r, HDR "  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n"
		    "    args:\n    - index: 4\n      type: data_loc\n    selectors:\n"
		    "    - matchArgs:\n      - index: 0\n        operator: Postfix\n"
		    "        values: [\"/true\"]\n");
	ck_assert_msg(!strcmp(r.out, ""), "checker output: %s", r.out);
	ck_assert_int_eq(r.p->hooks[0].args[0].type, TP_ARG_STRING);
	result_free(&r);
	CHECK_YAML(HDR "  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n"
		       "    args:\n    - index: 5\n      type: data_loc\n",
		   1,
		   "p.yaml:11:13: error: tracepoint 'sched/sched_process_exec': arg 5: type "
		   "'data_loc' needs a __data_loc field, and field 'pid' is a pid_t\n");
	CHECK_YAML(HDR "  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n"
		       "    raw: true\n    args:\n    - index: 0\n      type: data_loc\n",
		   1,
		   "p.yaml:12:13: error: tracepoint 'sched/sched_process_exec': arg 0: type "
		   "'data_loc' is a tracepoint's __data_loc field: it needs a tracepoint hook "
		   "without raw: true\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: security_bpf\n    syscall: false\n    args:\n"
		       "    - index: 1\n      type: data_loc\n",
		   1,
		   "p.yaml:11:13: error: kprobe 'security_bpf': arg 1: type 'data_loc' is a "
		   "tracepoint's __data_loc field: it needs a tracepoint hook without raw: true\n");
}
END_TEST

START_TEST(test_char_iovec)
{
	/* a syscall's iovec array, its count from sizeArgIndex (1-based) */
	CHECK_OK(HDR
		 "  kprobes:\n  - call: sys_writev\n    args:\n    - index: 0\n      type: int\n"
		 "    - index: 1\n      type: char_iovec\n      sizeArgIndex: 3\n"
		 "    - index: 2\n      type: int\n");
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_writev\n    args:\n"
		       "    - index: 1\n      type: char_iovec\n",
		   1,
		   "p.yaml:9:7: error: kprobe 'sys_writev': arg 1: type 'char_iovec' needs "
		   "sizeArgIndex\n");
	CHECK_YAML(HDR "  tracepoints:\n  - subsystem: syscalls\n    event: sys_enter_write\n"
		       "    args:\n    - index: 6\n      type: char_iovec\n      sizeArgIndex: 8\n",
		   1,
		   "p.yaml:11:13: error: tracepoint 'syscalls/sys_enter_write': arg 6: type "
		   "'char_iovec' is not supported yet on tracepoints\n");
	/* the other objects still need kernel pointers */
	CHECK_YAML(
	    HDR "  kprobes:\n  - call: sys_write\n    args:\n"
		"    - index: 1\n      type: cred\n",
	    1,
	    "p.yaml:10:13: error: kprobe 'sys_write': arg 1: type 'cred' is a kernel object: "
	    "it needs a kernel-function (syscall: false), LSM or raw tracepoint hook\n");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("check_kobj");
	TCase *tc = tcase_create("check");

	tcase_add_test(tc, test_cap_set_values);
	tcase_add_test(tc, test_capability_values);
	tcase_add_test(tc, test_captured_objects_take_no_filters);
	tcase_add_test(tc, test_data_loc);
	tcase_add_test(tc, test_char_iovec);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
