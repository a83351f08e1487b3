// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Socket tracking: returnArgAction TrackSock/UntrackSock, the TrackSock and
 * UntrackSock actions with argSock, and a sock returnArg: the parser's and
 * checker's located errors, the generated C's calls, and the return record's
 * sock blob as tprun decodes it. tests/vm/test_socktrack.sh shows them on
 * real sockets.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/arg_val.h"
#include "tp_checkrun.h"
#include "tp_testpolicy.h"
#include "tp_test.h"

/* sk_alloc(net, family, priority, prot, kern) returning its sock */
#define SK_ALLOC(action)                                                               \
	"  kprobes:\n  - call: sk_alloc\n    syscall: false\n    return: true\n"       \
	"    args:\n    - index: 1\n      type: int\n    returnArg:\n      index: 0\n" \
	"      type: sock\n    returnArgAction: " action "\n"

/* __sk_free(sk) with one action on arg 0 (and lines after it) */
#define SK_FREE(action, more)                                                  \
	"  - call: __sk_free\n    syscall: false\n    args:\n    - index: 0\n" \
	"      type: sock\n    selectors:\n    - matchActions:\n      - action: " action "\n" more

START_TEST(test_parse_errors)
{
	parse_fails(HDR "  kprobes:\n  - call: sk_alloc\n    syscall: false\n    return: true\n"
			"    returnArg:\n      type: sock\n    returnArgAction: Post\n",
		    1,
		    "p.yaml:12:22: error: returnArgAction 'Post' is not supported: Tetragon takes "
		    "TrackSock or UntrackSock there\n");
	/* Tetragon acts at return only when it reads a returnArg */
	parse_fails(HDR "  kprobes:\n  - call: sk_alloc\n    syscall: false\n"
			"    returnArgAction: TrackSock\n",
		    1, "p.yaml:9:5: error: returnArgAction is not supported without returnArg\n");
}
END_TEST

START_TEST(test_check_ok)
{
	CHECK_OK(HDR SK_ALLOC("TrackSock") SK_FREE("UntrackSock", "        argSock: 0\n"));
	/* argSock defaults to 0, as Tetragon's CRD leaves it; UntrackSock at return too */
	CHECK_OK(HDR SK_ALLOC("UntrackSock") SK_FREE("TrackSock", ""));
	/* a socket arg: its sock */
	CHECK_OK(HDR "  kprobes:\n  - call: security_socket_connect\n    syscall: false\n"
		     "    args:\n    - index: 0\n      type: socket\n    selectors:\n"
		     "    - matchActions:\n      - action: TrackSock\n");
}
END_TEST

START_TEST(test_check_errors)
{
	/* tcp_set_state(sk, state): argSock must name the sock */
	CHECK_YAML(HDR "  kprobes:\n  - call: tcp_set_state\n    syscall: false\n    args:\n"
		       "    - index: 0\n      type: sock\n    - index: 1\n      type: int\n"
		       "    selectors:\n    - matchActions:\n      - action: TrackSock\n"
		       "        argSock: 1\n      - action: UntrackSock\n        argSock: 2\n",
		   2,
		   "p.yaml:17:9: error: kprobe 'tcp_set_state': action 'TrackSock': argSock 1 "
		   "names a 'int' arg, not a sock or socket\n"
		   "p.yaml:19:9: error: kprobe 'tcp_set_state': action 'UntrackSock': argSock 2 "
		   "does not name an arg of this hook\n");
	CHECK_YAML(HDR SK_ALLOC("TrackSock") "    selectors:\n    - matchReturnActions:\n"
					     "      - action: UntrackSock\n",
		   1,
		   "p.yaml:19:9: error: kprobe 'sk_alloc': action 'UntrackSock' is not "
		   "supported in matchReturnActions (returnArgAction tracks the returned sock)\n");
	CHECK_YAML(HDR "  tracepoints:\n  - subsystem: syscalls\n    event: sys_enter_openat\n"
		       "    args:\n    - index: 5\n      type: string\n    selectors:\n"
		       "    - matchActions:\n      - action: TrackSock\n",
		   1,
		   "p.yaml:14:9: error: tracepoint 'syscalls/sys_enter_openat': action "
		   "'TrackSock' is not supported on tracepoints yet\n");
	/* a sock returnArg: kernel functions only, not filtered at return yet */
	CHECK_YAML(HDR "  kprobes:\n  - call: sys_openat\n    return: true\n    returnArg:\n"
		       "      type: sock\n",
		   1,
		   "p.yaml:10:13: error: kprobe 'sys_openat': returnArg: type 'sock' is not "
		   "supported on syscalls\n");
	CHECK_YAML(HDR SK_ALLOC("TrackSock") "    selectors:\n    - matchReturnArgs:\n"
					     "      - index: 0\n        operator: Family\n"
					     "        values: [AF_INET]\n",
		   1,
		   "p.yaml:19:9: error: kprobe 'sk_alloc': matchReturnArgs on a returnArg of type "
		   "'sock' is not supported yet\n");
}
END_TEST

#define HAS(c, s)     ck_assert_msg(strstr(c, s) != NULL, "generated C has '%s':\n%s", s, c)
#define HAS_NOT(c, s) ck_assert_msg(strstr(c, s) == NULL, "generated C has no '%s'", s)

START_TEST(test_emit)
{
	char *c = tp_test_emit(SK_ALLOC("TrackSock") SK_FREE("UntrackSock", ""), 0);

	HAS(c, "#define TP_SOCK_TRACK 1\n");
	HAS(c, "#include \"tp_net.bpf.h\"\n");
	/* tracked at return once the entry's record is taken: only a call it matched */
	HAS(c,
	    "\tif (tp_pending_take(0, &sel, &post, &flags))\n\t\treturn;\n\ttp_sock_track(ret);\n");
	HAS(c, "\t\ttp_out_hook_ret_sock(0, TP_ACT_UNKNOWN, ret, true, flags);\n");
	HAS(c, "tp_sock_untrack(tp_kf_arg(variant, ctx, 0));\n");
	tp_test_assert_columns(c);
	free(c);

	c = tp_test_emit("  kprobes:\n  - call: security_socket_connect\n    syscall: false\n"
			 "    args:\n    - index: 0\n      type: socket\n    selectors:\n"
			 "    - matchActions:\n      - action: TrackSock\n",
			 0);
	HAS(c, "tp_sock_track(tp_sock_of_socket(tp_kf_arg(variant, ctx, 0)));\n");
	free(c);

	/* no tracking: no map, no owner lookups */
	c = tp_test_emit("  kprobes:\n  - call: tcp_close\n    syscall: false\n"
			 "    args:\n    - index: 0\n      type: sock\n",
			 0);
	HAS_NOT(c, "TP_SOCK_TRACK");
	free(c);
}
END_TEST

/* A return record and the sock blob tp_out_hook_ret_sock appends. */
struct ret_sock {
	struct tp_event_hook_ret r;
	struct tp_blob b;
	struct tp_ev_sock s;
};

START_TEST(test_decode_ret)
{
	struct tp_meta_hook_view hv = { .ret = { .type = TP_ARG_SOCK, .label = "sk" } };
	struct ret_sock rec = { .r = { .retval = 0x1234 }, .b = { sizeof(rec.s), 0 } };
	struct tp_arg_val v;

	rec.s.t.family = 2;
	rec.s.t.sport = 80;
	ck_assert_int_eq(tp_arg_val__decode_ret(&hv, &rec, sizeof(rec), &rec.r, &v), 0);
	ck_assert_int_eq(v.type, TP_ARG_SOCK);
	ck_assert_str_eq(v.label, "sk");
	ck_assert_uint_eq(v.len, sizeof(struct tp_ev_sock));
	ck_assert_uint_eq(((const struct tp_ev_sock *)v.bytes)->t.sport, 80);
	/* a record cut short of its blob is malformed */
	ck_assert_int_eq(tp_arg_val__decode_ret(&hv, &rec, sizeof(rec.r) + 4, &rec.r, &v), -EINVAL);
	/* an integer returnArg is the record's value */
	hv.ret.type = TP_ARG_INT;
	rec.r.retval = -2;
	ck_assert_int_eq(tp_arg_val__decode_ret(&hv, &rec, sizeof(rec.r), &rec.r, &v), 0);
	ck_assert_int_eq(v.i, -2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("socktrack");
	TCase *tc = tcase_create("socktrack");

	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_check_ok);
	tcase_add_test(tc, test_check_errors);
	tcase_add_test(tc, test_emit);
	tcase_add_test(tc, test_decode_ret);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
