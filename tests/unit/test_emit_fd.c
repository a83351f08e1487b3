// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * gen/emit/actions.c and the path args in generated C: which tp_file.bpf.h
 * helpers a hook calls, on which raw args. Whether the C verifies is the
 * verifier suite's job (and tests/e2e/test_file.sh's).
 */
#include <check.h>

#include "tp_testpolicy.h"
#include "tp_test.h"

static char *emit_spec(const char *spec)
{
	return tp_test_emit(spec, 0);
}

#define HAS(c, s) ck_assert_msg(strstr(c, s) != NULL, "generated C has '%s'", s)

START_TEST(fd_is_a_path)
{
	char *c = emit_spec("  kprobes:\n  - call: sys_write\n    args:\n"
			    "    - {index: 0, type: fd}\n    - {index: 2, type: size_t}\n"
			    "    selectors:\n    - matchArgs:\n"
			    "      - {index: 0, operator: Prefix, values: [\"/etc/\"]}\n");

	/* filtered as its path, in a slot, then captured as a path blob */
	HAS(c, "n0 = tp_slot_fd(h->slot[0], tp_sys_arg(variant, ctx, regs, 0));");
	/* captured from the slot the filter filled, not walked again */
	HAS(c, "off = tp_out_slot(TP_WRITE, &r, off, h->slot[0], n0);");
	HAS(c, "n >= 5");
	HAS(c, "#include \"tp_file.bpf.h\"");
	ck_assert_msg(strstr(c, "TP_FOLLOW_FD") == NULL, "no FollowFD map without FollowFD");
	ck_assert_msg(strstr(c, "a0 = ") == NULL, "no integer read of the fd");
	ck_assert_msg(strstr(c, "/etc/") == NULL, "the value is words, not text");
	free(c);
}
END_TEST

START_TEST(follow_actions)
{
	char *c = emit_spec("  kprobes:\n  - call: fd_install\n    syscall: false\n    args:\n"
			    "    - {index: 0, type: int}\n    - {index: 1, type: file}\n"
			    "    selectors:\n    - matchActions:\n"
			    "      - {action: FollowFD, argFd: 0, argName: 1}\n"
			    "  - call: sys_openat\n    args:\n"
			    "    - {index: 0, type: int}\n    - {index: 1, type: string}\n"
			    "    - {index: 2, type: fd}\n"
			    "    selectors:\n    - matchArgs:\n"
			    "      - {index: 0, operator: Equal, values: [\"3\"]}\n"
			    "      matchActions:\n"
			    "      - {action: UnfollowFD, argFd: 0, argName: 0}\n"
			    "    - matchActions:\n"
			    "      - {action: CopyFD, argFd: 2, argName: 0}\n"
			    "      - {action: FollowFD, argFd: 0, argName: 1}\n"
			    "      - {action: FollowFD, argFd: 0, argName: 2}\n");

	HAS(c, "tp_fd_follow_file(tp_kf_arg(variant, ctx, 0), tp_kf_arg(variant, ctx, 1));");
	HAS(c, "tp_fd_unfollow(tp_sys_arg(variant, ctx, regs, 0));");
	HAS(c, "tp_fd_copy(tp_sys_arg(variant, ctx, regs, 2), tp_sys_arg(variant, ctx, regs, 0));");
	/* a string name: a user pointer on a syscall */
	HAS(c, "tp_fd_follow_str(tp_sys_arg(variant, ctx, regs, 0),\n"
	       "\t\t                 tp_sys_arg(variant, ctx, regs, 1), TP_MEM_USER);");
	HAS(c, "tp_fd_follow_fd(tp_sys_arg(variant, ctx, regs, 0),\n"
	       "\t\t                tp_sys_arg(variant, ctx, regs, 2));");
	tp_test_assert_columns(c);
	/* the event says which action ran */
	HAS(c, "action = TP_ACT_FOLLOWFD;");
	HAS(c, "#define TP_FOLLOW_FD 1");
	ck_assert_int_eq(tp_test_count(c, "tp_fd_follow_file("), 1);
	free(c);
}
END_TEST

START_TEST(path_types_on_raw_tracepoints)
{
	char *c = emit_spec("  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n"
			    "    raw: true\n    args:\n    - {index: 2, type: linux_binprm}\n"
			    "    selectors:\n    - matchArgs:\n"
			    "      - {index: 0, operator: Postfix, values: [\"/true\"]}\n");

	HAS(c, "n2 = tp_slot_linux_binprm(h->slot[0], tp_raw_arg(ctx, 2));");
	HAS(c, "off = tp_out_slot(TP_WRITE, &r, off, h->slot[0], n2);");
	free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("emit_fd");
	TCase *tc = tcase_create("emit");

	tcase_add_test(tc, fd_is_a_path);
	tcase_add_test(tc, follow_actions);
	tcase_add_test(tc, path_types_on_raw_tracepoints);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
