// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * --enable-process-cred and --enable-process-ns: Process.cap, Process.ns and
 * Process.process_credentials as Tetragon's JSON shows them, for the process
 * and its parent, in exec, hook and exit events; the compact trailer; the
 * capability and securebits names.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <tp/actions.h>

#include "cap_names.h"
#include "outcap.h"
#include "tp_test.h"

/* uts, ipc, mnt, pid, pid_for_children, net, time, time_for_children, cgroup, user */
static const uint32_t host[10] = {
	4026531838u, 4026531839u, 4026531841u, 4026531836u, 4026531836u,
	4026531840u, 4026531834u, 4026531834u, 4026531835u, 4026531837u
};

/* bash: root with CAP_CHOWN and CAP_SYS_ADMIN, in the host's namespaces */
static const struct rb_creds bash_creds = {
	.eff = 1ull << 0 | 1ull << 21,
	.prm = 1ull << 0 | 1ull << 21,
	.ns = { 4026531838u, 4026531839u, 4026531841u, 4026531836u, 4026531836u, 4026531840u,
		4026531834u, 4026531834u, 4026531835u, 4026531837u },
};

/* cat: other ids, two securebits and one bit without a name, new uts, net and user namespaces */
static const struct rb_creds cat_creds = {
	.ids = { 1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007 },
	.securebits = 0x1 | 0x10 | 0x100,
	.eff = 1ull << 1 | 1ull << 13,
	.prm = 1ull << 1 | 1ull << 13 | 1ull << 45,
	.ns = { 5001, 4026531839u, 4026531841u, 4026531836u, 4026531836u, 5002, 4026531834u,
		4026531834u, 4026531835u, 5003 },
};

static struct tp_meta_arg_view a_sig[] = { { .index = 5, .type = TP_ARG_INT, .label = "sig" } };
static struct tp_meta_variant_view var = { TP_VAR_TRACEPOINT, "x", "", "p", "" };

static void build_meta(void)
{
	struct tp_meta_hook_view h = {
		.kind = TP_HOOK_TRACEPOINT,
		.call = "",
		.function_name = "",
		.subsys = "signal",
		.event = "signal_generate",
		.message = "",
		.args = a_sig,
		.nargs = 1,
		.variants = &var,
		.nvariants = 1,
	};

	meta = outcap_meta("creds", &h, 1, &meta_data);
}

/* bash (1000) and its child cat (1001), each exec'd with its credentials */
static void execs(void)
{
	struct rb b;

	ck_assert_int_eq(rec(&b, rec_exec_creds(&b, 100000000, 1000, 1, 0, TP_EXECF_CLONE, 0,
						"/bin/bash", "", 0, "/root", &bash_creds)),
			 0);
	ck_assert_int_eq(
	    rec(&b, rec_exec_creds(&b, 410000000, 1001, 1000, 0, TP_EXECF_CLONE, 100000000,
				   "/usr/bin/cat", "", 0, "/root", &cat_creds)),
	    0);
}

#define BASH                                                                     \
	"{\"exec_id\":\"bm9kZTE6MTAwMDAwMDAwOjEwMDA=\",\"pid\":1000,\"uid\":0,"  \
	"\"cwd\":\"/root\",\"binary\":\"/bin/bash\",\"flags\":\"execve clone\"," \
	"\"start_time\":\"2022-02-01T18:01:56.100Z\",\"auid\":4294967295"
#define CAT                                                                         \
	"{\"exec_id\":\"bm9kZTE6NDEwMDAwMDAwOjEwMDE=\",\"pid\":1001,\"uid\":0,"     \
	"\"cwd\":\"/root\",\"binary\":\"/usr/bin/cat\",\"flags\":\"execve clone\"," \
	"\"start_time\":\"2022-02-01T18:01:56.410Z\",\"auid\":4294967295,"          \
	"\"parent_exec_id\":\"bm9kZTE6MTAwMDAwMDAwOjEwMDA=\""
#define BASH_CAP                                                                                  \
	",\"cap\":{\"permitted\":[\"CAP_CHOWN\",\"CAP_SYS_ADMIN\"],\"effective\":[\"CAP_CHOWN\"," \
	"\"CAP_SYS_ADMIN\"]}"
#define BASH_NS                                                         \
	",\"ns\":{\"uts\":{\"inum\":4026531838,\"is_host\":true},"      \
	"\"ipc\":{\"inum\":4026531839,\"is_host\":true},"               \
	"\"mnt\":{\"inum\":4026531841,\"is_host\":true},"               \
	"\"pid\":{\"inum\":4026531836,\"is_host\":true},"               \
	"\"pid_for_children\":{\"inum\":4026531836,\"is_host\":true},"  \
	"\"net\":{\"inum\":4026531840,\"is_host\":true},"               \
	"\"time\":{\"inum\":4026531834,\"is_host\":true},"              \
	"\"time_for_children\":{\"inum\":4026531834,\"is_host\":true}," \
	"\"cgroup\":{\"inum\":4026531835,\"is_host\":true},"            \
	"\"user\":{\"inum\":4026531837,\"is_host\":true}}"
#define BASH_IDS                                                                          \
	",\"process_credentials\":{\"uid\":0,\"gid\":0,\"euid\":0,\"egid\":0,\"suid\":0," \
	"\"sgid\":0,\"fsuid\":0,\"fsgid\":0}"
/* an enum value without a name is its number (protojson) */
#define CAT_CAP                                                          \
	",\"cap\":{\"permitted\":[\"DAC_OVERRIDE\",\"CAP_NET_RAW\",45]," \
	"\"effective\":[\"DAC_OVERRIDE\",\"CAP_NET_RAW\"]}"
#define CAT_NS                                                          \
	",\"ns\":{\"uts\":{\"inum\":5001},"                             \
	"\"ipc\":{\"inum\":4026531839,\"is_host\":true},"               \
	"\"mnt\":{\"inum\":4026531841,\"is_host\":true},"               \
	"\"pid\":{\"inum\":4026531836,\"is_host\":true},"               \
	"\"pid_for_children\":{\"inum\":4026531836,\"is_host\":true},"  \
	"\"net\":{\"inum\":5002},"                                      \
	"\"time\":{\"inum\":4026531834,\"is_host\":true},"              \
	"\"time_for_children\":{\"inum\":4026531834,\"is_host\":true}," \
	"\"cgroup\":{\"inum\":4026531835,\"is_host\":true},"            \
	"\"user\":{\"inum\":5003}}"
#define CAT_IDS                                                                            \
	",\"process_credentials\":{\"uid\":1000,\"gid\":1001,\"euid\":1002,\"egid\":1003," \
	"\"suid\":1004,\"sgid\":1005,\"fsuid\":1006,\"fsgid\":1007,"                       \
	"\"securebits\":[\"SecBitNoRoot\",\"SecBitKeepCaps\"]}"
/* an exit's own time (ProcessExit.time): the event's */
#define XTIME(t) "\"time\":\"2022-02-01T18:01:56." t "Z\""
#define TAIL(t)	 "\"node_name\":\"node1\",\"time\":\"2022-02-01T18:01:56." t "Z\"}\n"

/* Without the options, no process shows them. */
START_TEST(test_off)
{
	execs();
	ASSERT_OUT("{\"process_exec\":{\"process\":" BASH
		   ",\"tid\":1000}}," TAIL("100") "{\"process_exec\":{\"process\":" CAT
						  ",\"tid\":1001},\"parent\":" BASH
						  ",\"tid\":1000}}," TAIL("410"));
}
END_TEST

/* Both: cap and ns before tid, process_credentials after it, for process and parent alike. */
START_TEST(test_both_exec_hook_exit)
{
	struct rb b;

	tp_output__process_fields(out, true, true, host);
	execs();
	fresh();
	rec_hook(&b, 420000000, 1001, 1002, 0, TP_ACT_POST, 0);
	rb_u64(&b, 9);
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ASSERT_OUT("{\"process_tracepoint\":{\"process\":" CAT CAT_CAP CAT_NS
		   ",\"tid\":1002" CAT_IDS "},\"parent\":" BASH BASH_CAP BASH_NS
		   ",\"tid\":1000" BASH_IDS "},\"subsys\":\"signal\",\"event\":\"signal_generate\","
		   "\"args\":[{\"int_arg\":9,\"label\":\"sig\"}],\"policy_name\":\"creds\","
		   "\"action\":\"KPROBE_ACTION_POST\"}," TAIL("420"));
	ck_assert_int_eq(rec(&b, rec_exit(&b, 430000000, 1001, 0)), 0);
	ASSERT_OUT("{\"process_exit\":{\"process\":" CAT CAT_CAP CAT_NS ",\"tid\":1001" CAT_IDS
		   "},\"parent\":" BASH BASH_CAP BASH_NS ",\"tid\":1000" BASH_IDS
		   "}," XTIME("430") "}," TAIL("430"));
}
END_TEST

/* Each option alone shows only its own fields. */
START_TEST(test_each_alone)
{
	struct rb b;

	tp_output__process_fields(out, true, false, host);
	execs();
	fresh();
	ck_assert_int_eq(rec(&b, rec_exit(&b, 430000000, 1001, 0)), 0);
	ASSERT_OUT("{\"process_exit\":{\"process\":" CAT CAT_CAP ",\"tid\":1001" CAT_IDS
		   "},\"parent\":" BASH BASH_CAP ",\"tid\":1000" BASH_IDS
		   "}," XTIME("430") "}," TAIL("430"));
	tp_output__process_fields(out, false, true, host);
	ck_assert_int_eq(rec(&b, rec_exit(&b, 440000000, 1000, 0)), 0);
	ASSERT_OUT("{\"process_exit\":{\"process\":" BASH BASH_NS
		   ",\"tid\":1000}," XTIME("440") "}," TAIL("440"));
}
END_TEST

/*
 * A clone carries the child's own credentials; one without them takes its
 * parent's; no time namespace leaves both time kinds out; the host's time
 * namespace unknown makes none is_host; unknown credentials show nothing.
 */
START_TEST(test_clone_time_unknown)
{
	static const struct rb_creds own = {
		.eff = 1ull << 5,
		.ns = { 7001, 7002, 7003, 7004, 7005, 7006, 0, 0, 7009, 7010 },
	};
	uint32_t no_time[10];
	struct rb b;

	memcpy(no_time, host, sizeof(no_time));
	no_time[6] = no_time[7] = 0;
	tp_output__process_fields(out, true, true, host);
	execs();
	fresh();
	ck_assert_int_eq(rec(&b, rec_clone_creds(&b, 500000000, 1003, 1001, &own)), 0);
	ck_assert_int_eq(rec(&b, rec_exit(&b, 510000000, 1003, 0)), 0);
	ck_assert_msg(strstr(fresh(),
			     "\"pid\":1003,\"uid\":0,\"cwd\":\"/root\",\"binary\":"
			     "\"/usr/bin/cat\",\"flags\":\"clone\",\"start_time\":"
			     "\"2022-02-01T18:01:56.500Z\",\"auid\":4294967295,"
			     "\"parent_exec_id\":\"bm9kZTE6NDEwMDAwMDAwOjEwMDE=\","
			     "\"cap\":{\"effective\":[\"CAP_KILL\"]},\"ns\":{\"uts\":{\"inum\":"
			     "7001},\"ipc\":{\"inum\":7002},\"mnt\":{\"inum\":7003},\"pid\":{"
			     "\"inum\":7004},\"pid_for_children\":{\"inum\":7005},\"net\":{"
			     "\"inum\":7006},\"cgroup\":{\"inum\":7009},\"user\":{\"inum\":"
			     "7010}},\"tid\":1003,\"process_credentials\":{\"uid\":0,"),
		      "clone's own");
	ck_assert_int_eq(rec(&b, rec_clone(&b, 520000000, 1004, 1001)), 0);
	tp_output__process_fields(out, false, true, no_time);
	ck_assert_int_eq(rec(&b, rec_exit(&b, 530000000, 1004, 0)), 0);
	ck_assert_msg(strstr(fresh(),
			     "\"ns\":{\"uts\":{\"inum\":5001},\"ipc\":{\"inum\":4026531839,"
			     "\"is_host\":true},\"mnt\":{\"inum\":4026531841,\"is_host\":"
			     "true},\"pid\":{\"inum\":4026531836,\"is_host\":true},"
			     "\"pid_for_children\":{\"inum\":4026531836,\"is_host\":true},"
			     "\"net\":{\"inum\":5002},\"time\":{\"inum\":4026531834},"
			     "\"time_for_children\":{\"inum\":4026531834},\"cgroup\":{"),
		      "parent's, time not the host's");
	ck_assert_int_eq(rec(&b, rec_exec(&b, 540000000, 1005, 1, 0, 0, 0, "/bin/x", "", 0, "/")),
			 0);
	ck_assert_msg(!strstr(fresh(), "\"ns\""), "unknown: no ns");
}
END_TEST

/* Tetragon's compact trailer: CAP_SYS_ADMIN effective, right-aligned to 120 columns. */
START_TEST(test_compact_trailer)
{
	struct rb b;

	execs();
	ASSERT_OUT("🚀 process node1 /bin/bash \n🚀 process node1 /usr/bin/cat \n");
	tp_output__process_fields(out, true, false, host);
	ck_assert_int_eq(rec(&b, rec_exit(&b, 430000000, 1001, 0)), 0);
	ASSERT_OUT("💥 exit    node1 /usr/bin/cat  0\n");
	ck_assert_int_eq(rec(&b, rec_exit(&b, 440000000, 1000, 0)), 0);
	/* the line is 31 bytes: the trailer's 15 characters end at column 120 */
	ASSERT_OUT("💥 exit    node1 /bin/bash  0 "
		   "                                                                          "
		   "🛑 CAP_SYS_ADMIN\n");
}
END_TEST

/* The capability names, literally as tetragon.CapabilitiesType spells them. */
START_TEST(test_names)
{
	ck_assert_str_eq(tp_cap_name(0), "CAP_CHOWN");
	ck_assert_str_eq(tp_cap_name(1), "DAC_OVERRIDE");
	ck_assert_str_eq(tp_cap_name(21), "CAP_SYS_ADMIN");
	ck_assert_str_eq(tp_cap_name(40), "CAP_CHECKPOINT_RESTORE");
	ck_assert_ptr_null(tp_cap_name(41));
	ck_assert_ptr_null(tp_cap_name(-1));
}
END_TEST

static Suite *creds_suite(void)
{
	Suite *s = suite_create("output_creds");
	TCase *json = tcase_create("json"), *compact = tcase_create("compact");
	TCase *names = tcase_create("names");

	tcase_add_checked_fixture(json, setup_json, teardown);
	tcase_add_test(json, test_off);
	tcase_add_test(json, test_both_exec_hook_exit);
	tcase_add_test(json, test_each_alone);
	tcase_add_test(json, test_clone_time_unknown);
	suite_add_tcase(s, json);
	tcase_add_checked_fixture(compact, setup_compact, teardown);
	tcase_add_test(compact, test_compact_trailer);
	suite_add_tcase(s, compact);
	tcase_add_test(names, test_names);
	suite_add_tcase(s, names);
	return s;
}

int main(void)
{
	return tp_test_run(creds_suite());
}
