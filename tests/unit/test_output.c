// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <tp/actions.h>

#include "meta.h"
#include "metrics.h"
#include "link/meta_write.h"
#include "outcap.h"
#include "output.h"
#include "records.h"
#include "tp_test.h"

enum { H_OPENAT, H_READ, H_SIGNAL, H_RAWSYS, H_ALL, H_MOUNT, H_SETUID, H_OTHER, H_DATA, H_NARGS };

static struct tp_meta_arg_view a_openat[] = {
	{ .index = 0, .type = TP_ARG_INT },
	{ .index = 1, .type = TP_ARG_STRING, .label = "path" },
};
static struct tp_meta_arg_view a_read[] = {
	{ .index = 0, .type = TP_ARG_FD, .label = "fd" },
	{ .index = 1, .type = TP_ARG_CHAR_BUF, .size_arg = 3 },
	{ .index = 2, .type = TP_ARG_SIZE_T },
};
static struct tp_meta_arg_view a_signal[] = {
	{ .index = 5, .type = TP_ARG_INT, .label = "sig" },
	{ .index = 7, .type = TP_ARG_SINT64 },
};
static struct tp_meta_arg_view a_rawsys[] = {
	{ .index = 4, .type = TP_ARG_SINT64 },
};
static struct tp_meta_arg_view a_all[] = {
	{ .type = TP_ARG_INT, .label = "i" },
	{ .type = TP_ARG_SINT8 },
	{ .type = TP_ARG_UINT8 },
	{ .type = TP_ARG_SINT16 },
	{ .type = TP_ARG_UINT16 },
	{ .type = TP_ARG_UINT32 },
	{ .type = TP_ARG_SINT64 },
	{ .type = TP_ARG_UINT64 },
	{ .type = TP_ARG_SIZE_T },
	{ .type = TP_ARG_FD },
	{ .type = TP_ARG_SYSCALL64 },
	{ .type = TP_ARG_SYSCALL64 },
	{ .type = TP_ARG_STRING },
	{ .type = TP_ARG_CHAR_BUF },
	{ .type = TP_ARG_CONST_BUF, .label = "cb" },
	{ .type = TP_ARG_CHAR_BUF },
};
static struct tp_meta_arg_view a_mount[] = {
	{ .index = 0, .type = TP_ARG_STRING },
	{ .index = 1, .type = TP_ARG_STRING },
	{ .index = 2, .type = TP_ARG_STRING },
};
static struct tp_meta_arg_view a_setuid[] = {
	{ .index = 0, .type = TP_ARG_UINT32 },
};
/* an arg, then a data entry (source current_task): printed in data, after the rest */
static struct tp_meta_arg_view a_data[] = {
	{ .index = 0, .type = TP_ARG_INT },
	{ .index = 32, .type = TP_ARG_INT, .label = "tgid", .flags = TP_ARGF_META_DATA },
};
static const char *const tags[] = { "fs", "observability" };
static struct tp_meta_variant_view var = { TP_VAR_KPROBE, "x", "", "p", "" };

static void add(struct tp_meta_writer *w, enum tp_hook_kind kind, uint32_t flags, const char *fn,
		const char *subsys, const char *event, struct tp_meta_arg_view *args, size_t nargs,
		enum tp_arg_type ret, const char *message, const char *const *t, size_t ntags)
{
	struct tp_meta_hook_view h = {
		.kind = kind,
		.flags = flags,
		.call = fn,
		.function_name = fn,
		.subsys = subsys,
		.event = event,
		.message = message,
		.tags = (const char **)t,
		.ntags = ntags,
		.args = args,
		.nargs = nargs,
		.variants = &var,
		.nvariants = 1,
	};

	h.ret.type = ret;
	h.ret.label = ret ? "ret" : "";
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h), 0);
}

static void build_meta(void)
{
	struct tp_meta_writer *w = tp_meta_writer__new("test-policy");
	size_t size;
	char err[128];

	add(w, TP_HOOK_KPROBE, TP_HOOKF_SYSCALL, "__x64_sys_openat", "", "", a_openat, 2, 0,
	    "openat called", tags, 2);
	add(w, TP_HOOK_KPROBE, TP_HOOKF_SYSCALL | TP_HOOKF_RETURN, "__x64_sys_read", "", "", a_read,
	    3, TP_ARG_INT, "", NULL, 0);
	add(w, TP_HOOK_TRACEPOINT, 0, "", "signal", "signal_generate", a_signal, 2, 0, "", NULL, 0);
	add(w, TP_HOOK_TRACEPOINT, 0, "", "raw_syscalls", "sys_enter", a_rawsys, 1, 0, "", NULL, 0);
	add(w, TP_HOOK_KPROBE, 0, "security_file_open", "", "", a_all, 16, 0, "", NULL, 0);
	add(w, TP_HOOK_KPROBE, TP_HOOKF_SYSCALL, "__x64_sys_mount", "", "", a_mount, 3, 0, "", NULL,
	    0);
	add(w, TP_HOOK_KPROBE, TP_HOOKF_SYSCALL, "__x64_sys_setuid", "", "", a_setuid, 1, 0, "",
	    NULL, 0);
	add(w, TP_HOOK_KPROBE, 0, "tcp_sendmsg", "", "", NULL, 0, TP_ARG_SINT64, "", NULL, 0);
	add(w, TP_HOOK_KPROBE, 0, "security_capset", "", "", a_data, 2, 0, "", NULL, 0);
	ck_assert_int_eq(tp_meta_writer__finish(w, &meta_data, &size), 0);
	tp_meta_writer__free(w);
	meta = tp_meta__parse(meta_data, size, err, sizeof(err));
	ck_assert_msg(meta != NULL, "meta: %s", err);
}

/* bash (1000, exec at .100) and its child cat (1001, exec at .410), outputs dropped. */
static void two_processes(void)
{
	struct rb b;

	ck_assert_int_eq(rec(&b, rec_exec(&b, 100000000, 1000, 1, 0, TP_EXECF_CLONE, 0, "/bin/bash",
					  "", 0, "/root")),
			 0);
	ck_assert_int_eq(rec(&b, rec_exec(&b, 410000000, 1001, 1000, 0, TP_EXECF_CLONE, 100000000,
					  "/usr/bin/cat", "/etc/passwd\0", 12, "/root")),
			 0);
	fresh();
}

#define BASH                                                                     \
	"{\"exec_id\":\"bm9kZTE6MTAwMDAwMDAwOjEwMDA=\",\"pid\":1000,\"uid\":0,"  \
	"\"cwd\":\"/root\",\"binary\":\"/bin/bash\",\"flags\":\"execve clone\"," \
	"\"start_time\":\"2022-02-01T18:01:56.100Z\",\"auid\":4294967295"
#define CAT                                                                            \
	"{\"exec_id\":\"bm9kZTE6NDEwMDAwMDAwOjEwMDE=\",\"pid\":1001,\"uid\":0,"        \
	"\"cwd\":\"/root\",\"binary\":\"/usr/bin/cat\",\"arguments\":\"/etc/passwd\"," \
	"\"flags\":\"execve clone\",\"start_time\":\"2022-02-01T18:01:56.410Z\","      \
	"\"auid\":4294967295,\"parent_exec_id\":\"bm9kZTE6MTAwMDAwMDAwOjEwMDA=\""
/* a cached process's tid is its pid; a hook event's process has the caller's */
#define TID(n)	 ",\"tid\":" #n "}"
/* an exit's own time (ProcessExit.time): the event's */
#define XTIME(t) "\"time\":\"2022-02-01T18:01:56." t "Z\""
#define TAIL(t)	 "\"node_name\":\"node1\",\"time\":\"2022-02-01T18:01:56." t "Z\"}\n"

START_TEST(test_exec_hook_exit)
{
	struct tp_output_stats st;
	struct rb b;

	ck_assert_int_eq(rec(&b, rec_exec(&b, 100000000, 1000, 1, 0, TP_EXECF_CLONE, 0, "/bin/bash",
					  "", 0, "/root")),
			 0);
	ASSERT_OUT("{\"process_exec\":{\"process\":" BASH TID(1000) "}," TAIL("100"));

	ck_assert_int_eq(rec(&b, rec_exec(&b, 410000000, 1001, 1000, 0, TP_EXECF_CLONE, 100000000,
					  "/usr/bin/cat", "/etc/passwd\0", 12, "/root")),
			 0);
	ASSERT_OUT("{\"process_exec\":{\"process\":" CAT TID(1001) ",\"parent\":" BASH TID(
	    1000) "}," TAIL("410"));

	rec_hook(&b, 410123456, 1001, 1001, H_OPENAT, TP_ACT_POST, 0);
	rb_u64(&b, (uint64_t)-100);
	rb_str(&b, "/etc/passwd");
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ASSERT_OUT("{\"process_kprobe\":{\"process\":" CAT TID(1001) ",\"parent\":" BASH TID(
	    1000) ",\"function_name\":\"__x64_sys_openat\",\"args\":[{\"int_arg\":-100},"
		  "{\"string_arg\":\"/etc/passwd\",\"label\":\"path\"}],"
		  "\"action\":\"KPROBE_ACTION_POST\",\"policy_name\":\"test-policy\","
		  "\"message\":\"openat called\",\"tags\":[\"fs\",\"observability\"]}," TAIL(
		      "410123456"));

	ck_assert_int_eq(rec(&b, rec_exit(&b, 411000000, 1001, 0)), 0);
	ASSERT_OUT("{\"process_exit\":{\"process\":" CAT TID(1001) ",\"parent\":" BASH TID(
	    1000) "," XTIME("411") "}," TAIL("411"));
	/* printed, then forgotten */
	ck_assert_ptr_null(tp_proc_cache__get(cache, 1001));
	ck_assert_ptr_nonnull(tp_proc_cache__get(cache, 1000));

	tp_output__stats(out, &st);
	ck_assert_uint_eq(st.exec, 2);
	ck_assert_uint_eq(st.hook, 1);
	ck_assert_uint_eq(st.exit, 1);
	ck_assert_uint_eq(st.malformed, 0);
	fflush(mem); /* the printers leave flushing to whoever feeds them */
	ck_assert_msg(json_lines_valid(mem_buf), "valid JSON lines");
}
END_TEST

START_TEST(test_exit_signal_status)
{
	struct rb b;

	two_processes();
	ck_assert_int_eq(rec(&b, rec_exit(&b, 500000000, 1001, 9)), 0);
	ASSERT_OUT("{\"process_exit\":{\"process\":" CAT TID(1001) ",\"parent\":" BASH TID(
	    1000) ",\"signal\":\"SIGKILL\"," XTIME("500") "}," TAIL("500"));
	ck_assert_int_eq(rec(&b, rec_exit(&b, 600000000, 1000, 3 << 8)), 0);
	ASSERT_OUT("{\"process_exit\":{\"process\":" BASH TID(1000) ",\"status\":3," XTIME(
	    "600") "}," TAIL("600"));
	/* a real-time signal has no name: Tetragon leaves "signal" out (Go's unix.SignalName) */
	ck_assert_int_eq(rec(&b, rec_exec(&b, 610000000, 1002, 1, 0, 0, 0, "/bin/rt", "", 0, "/")),
			 0);
	fresh();
	ck_assert_int_eq(rec(&b, rec_exit(&b, 620000000, 1002, 40)), 0);
	ck_assert_msg(strstr(fresh(), "},\"time\":\"2022-02-01T18:01:56.620Z\"},"), "no signal");
	/* a core dump's bit: the signal without it */
	ck_assert_int_eq(rec(&b, rec_exec(&b, 630000000, 1003, 1, 0, 0, 0, "/bin/rt", "", 0, "/")),
			 0);
	fresh();
	ck_assert_int_eq(rec(&b, rec_exit(&b, 640000000, 1003, 0x80 | 11)), 0);
	ck_assert_msg(strstr(fresh(), "},\"signal\":\"SIGSEGV\",\"time\""), "SIGSEGV");
	/* an exit of a process never seen prints nothing */
	ck_assert_int_eq(rec(&b, rec_exit(&b, 600000000, 4242, 0)), 0);
	ASSERT_OUT("");
}
END_TEST

START_TEST(test_exit_of_an_unknown_process_ends_its_calls)
{
	struct tp_output_stats st;
	struct rb b;

	/* a call of a process never seen, held for its return; then the process exits */
	rec_hook(&b, 450000000, 4242, 4243, H_READ, TP_ACT_POST, TP_HOOKEV_RETURN_PENDING);
	rb_blob(&b, "/x", 2, 0100644);
	rb_blob(&b, "hi", 2, 2);
	rb_u64(&b, 2);
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ck_assert_int_eq(rec(&b, rec_exit(&b, 460000000, 4242, 0)), 0);
	ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 470000000, 4242, 4243, H_READ, 0, 2, 1)), 0);
	ASSERT_OUT("");
	tp_output__stats(out, &st);
	ck_assert_uint_eq(st.hook, 0);
	ck_assert_uint_eq(st.exit, 0);
	ck_assert_uint_eq(st.malformed, 0);
}
END_TEST

/*
 * A hook record whose sock arg is tracked names the sock's owner (cat, 1001)
 * in its header and the thread that ran the hook (4243) in caller: its return
 * record, that thread's, joins it by caller (TP_HOOKEV_SOCK_OWNER).
 */
START_TEST(test_sock_owner_joins_by_caller)
{
	struct rb b;
	const char *o;
	int i;

	two_processes();
	for (i = 0; i < 2; i++) {
		rb_hdr(&b, TP_EV_HOOK, 450000000, 1001, 1001);
		rb_u32(&b, H_READ);
		rb_u32(&b, TP_ACT_POST);
		rb_u32(&b, 0);
		rb_u32(&b, TP_HOOKEV_RETURN_PENDING | (i ? 0 : TP_HOOKEV_SOCK_OWNER));
		rb_u32(&b, 0);	  /* func */
		rb_u32(&b, 4243); /* caller */
		rb_blob(&b, "/x", 2, 0100644);
		rb_blob(&b, "hi", 2, 2);
		rb_u64(&b, 2);
		ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
		ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 460000000, 4242, 4243, H_READ, 0, 2, 1)),
				 0);
		o = fresh();
		if (i) /* without the flag the header's tid is the key: no return joins it */
			ck_assert_str_eq(o, "");
		else
			ck_assert_msg(strstr(o, "\"pid\":1001,") &&
					  strstr(o, "\"binary\":\"/usr/bin/cat\"") &&
					  strstr(o, "\"return\":{\"int_arg\":2,"),
				      "the owner's event with its return:\n%s", o);
	}
}
END_TEST

START_TEST(test_parent_pid_reused)
{
	struct rb b;

	two_processes();
	/* bash's pid now belongs to another process: cat's parent is unknown */
	ck_assert_int_eq(rec(&b, rec_exit(&b, 420000000, 1000, 0)), 0);
	ck_assert_int_eq(
	    rec(&b, rec_exec(&b, 430000000, 1000, 1, 0, 0, 0, "/bin/other", "", 0, "/")), 0);
	fresh();
	rec_hook(&b, 440000000, 1001, 1001, H_SETUID, TP_ACT_POST, 0);
	rb_u64(&b, 0);
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ck_assert_msg(!strstr(fresh(), "\"parent\""), "no parent once its pid is reused");
}
END_TEST

START_TEST(test_clone)
{
	struct rb b;

	two_processes();
	ck_assert_int_eq(rec(&b, rec_clone(&b, 500000000, 1002, 1000)), 0);
	ASSERT_OUT("");
	rec_hook(&b, 510000000, 1002, 1003, H_SETUID, TP_ACT_SIGKILL, 0);
	rb_u64(&b, 0);
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ASSERT_OUT("{\"process_kprobe\":{\"process\":{\"exec_id\":\"bm9kZTE6NTAwMDAwMDAwOjEwMDI=\","
		   "\"pid\":1002,\"uid\":0,\"cwd\":\"/root\",\"binary\":\"/bin/bash\","
		   "\"flags\":\"clone\",\"start_time\":\"2022-02-01T18:01:56.500Z\","
		   "\"auid\":4294967295,\"parent_exec_id\":\"bm9kZTE6MTAwMDAwMDAwOjEwMDA=\","
		   "\"tid\":1003},\"parent\":" BASH TID(
		       1000) ",\"function_name\":\"__x64_sys_setuid\","
			     "\"args\":[{\"uint_arg\":0}],\"action\":\"KPROBE_ACTION_SIGKILL\","
			     "\"policy_name\":\"test-policy\"}," TAIL("510"));
}
END_TEST

/* A read whose fd resolved to path (a regular file, mode 0644). */
static void read_entry(struct rb *b, uint32_t tid, const char *path)
{
	rec_hook(b, 450000000, 1001, tid, H_READ, TP_ACT_POST, TP_HOOKEV_RETURN_PENDING);
	rb_blob(b, path, strlen(path), 0100644);
	rb_blob(b, "hi", 2, 2);
	rb_u64(b, 2);
	rb_done(b);
}

#define READ_ARGS(path)                                                            \
	"\"function_name\":\"__x64_sys_read\",\"args\":[{\"file_arg\":"            \
	"{\"path\":\"" path "\",\"permission\":\"-rw-r--r--\"},\"label\":\"fd\"}," \
	"{\"bytes_arg\":\"aGk=\"},{\"size_arg\":\"2\"}],"

/*
 * Deferred exits (two rings): a return read after its process's exit still
 * prints its call; the entry goes only a reap round after the exit.
 */
START_TEST(test_exit_deferred_keeps_calls_a_round)
{
	struct tp_output_stats st;
	struct rb b;

	tp_output__defer_exits(out, true);
	two_processes();
	read_entry(&b, 1001, "/etc/passwd");
	ck_assert_int_eq(rec(&b, b.len), 0);
	ck_assert_int_eq(rec(&b, rec_exit(&b, 460000000, 1001, 9)), 0);
	fresh();
	ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 470000000, 1001, 1001, H_READ, 0, 2, 1)), 0);
	ck_assert_msg(strstr(fresh(), "\"process_kprobe\""), "the call printed after the exit");
	/* another call, its return lost: the second reap after the exit drops it */
	read_entry(&b, 1001, "/etc/passwd");
	ck_assert_int_eq(rec(&b, b.len), 0);
	ck_assert_int_eq(rec(&b, rec_exit(&b, 480000000, 1001, 9)), 0);
	tp_output__reap(out);
	tp_output__reap(out);
	ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 490000000, 1001, 1001, H_READ, 0, 2, 1)), 0);
	ASSERT_OUT("");
	tp_output__stats(out, &st);
	ck_assert_uint_eq(st.hook, 1);
}
END_TEST

/* Tetragon's rate_limit_info: the count a uint64 (a string), node and time; nothing for 0 */
START_TEST(test_rate_limit_info)
{
	struct tp_output_stats st;

	ck_assert_int_eq(tp_output__rate_limit_info(out, 0, 500000000), 0);
	ASSERT_OUT("");
	ck_assert_int_eq(tp_output__rate_limit_info(out, 12345, 500000000), 0);
	ASSERT_OUT(
	    "{\"rate_limit_info\":{\"number_of_dropped_process_events\":\"12345\"}," TAIL("500"));
	tp_output__stats(out, &st);
	ck_assert_uint_eq(st.rate_limit_info, 1); /* a line of the drained count */
}
END_TEST

/*
 * --metrics-addr: each event counted once in each of its series, whether by
 * the handle its hook keeps or, for another binary, by asking again; the
 * loss report in none (it goes past the counters)
 */
START_TEST(test_metrics_counts)
{
	static const uint32_t pids[] = { 1000, 1001, 1001, 1000, 1000 };
	struct tp_metrics *m = tp_metrics__new();
	char *text;
	size_t len, i;
	struct rb b;

	ck_assert_int_eq(tp_output__metrics(out, m), 0);
	two_processes();
	for (i = 0; i < sizeof(pids) / sizeof(pids[0]); i++) {
		rec_hook(&b, 420000000 + i, pids[i], pids[i], H_OPENAT, TP_ACT_POST, 0);
		rb_u64(&b, (uint64_t)-100);
		rb_str(&b, "/etc/passwd");
		ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	}
	ck_assert_int_eq(tp_output__rate_limit_info(out, 3, 430000000), 0);
	text = tp_metrics__render(m, &len);
	ck_assert_ptr_nonnull(text);
#define HAS(line) ck_assert_msg(strstr(text, line "\n"), "no '%s' in:\n%s", line, text)
	HAS("tetragon_events_total{type=\"PROCESS_EXEC\",binary=\"/bin/bash\"} 1");
	HAS("tetragon_events_total{type=\"PROCESS_EXEC\",binary=\"/usr/bin/cat\"} 1");
	HAS("tetragon_events_total{type=\"PROCESS_KPROBE\",binary=\"/bin/bash\"} 3");
	HAS("tetragon_events_total{type=\"PROCESS_KPROBE\",binary=\"/usr/bin/cat\"} 2");
	HAS("tetragon_policy_events_total{policy=\"test-policy\",hook=\"kprobe:__x64_sys_openat\","
	    "binary=\"/bin/bash\"} 3");
	HAS("tetragon_policy_events_total{policy=\"test-policy\",hook=\"kprobe:__x64_sys_openat\","
	    "binary=\"/usr/bin/cat\"} 2");
	HAS("tetragon_tracingpolicy_selector_actions_total{policy=\"test-policy\","
	    "hook=\"kprobe:__x64_sys_openat\",selector_index=\"0\",action=\"post\"} 5");
#undef HAS
	ck_assert_ptr_null(strstr(text, "RATE_LIMIT_INFO"));
	ck_assert_ptr_null(strstr(text, "tprun_events_filtered_total{"));
	free(text);
	ck_assert_int_eq(tp_output__metrics(out, NULL), 0);
	tp_metrics__free(m);
}
END_TEST

START_TEST(test_return_join)
{
	struct tp_output_stats st;
	struct rb b;

	two_processes();
	read_entry(&b, 1001, "/etc/passwd");
	ck_assert_int_eq(rec(&b, b.len), 0);
	read_entry(&b, 1005, "/tmp/x"); /* another thread, same hook */
	ck_assert_int_eq(rec(&b, b.len), 0);
	ASSERT_OUT("");

	ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 460000000, 1001, 1005, H_READ, 0, -11, 1)), 0);
	ASSERT_OUT("{\"process_kprobe\":{\"process\":" CAT TID(1005) ",\"parent\":" BASH TID(
	    1000) "," READ_ARGS("/tmp/x") "\"return\":{\"int_arg\":-11,\"label\":\"ret\"},"
					  "\"action\":\"KPROBE_ACTION_POST\",\"policy_name\":"
					  "\"test-policy\",\"return_action\":"
					  "\"KPROBE_ACTION_POST\"}," TAIL("450"));
	ck_assert_int_eq(
	    rec(&b, rec_hook_ret(&b, 460000000, 1001, 1001, H_READ, TP_ACT_OVERRIDE, 2, 1)), 0);
	ASSERT_OUT(
	    "{\"process_kprobe\":{\"process\":" CAT TID(1001) ",\"parent\":" BASH
		TID(1000) "," READ_ARGS(
		    "/etc/passwd") "\"return\":{\"int_arg\":2,\"label\":\"ret\"},"
				   "\"action\":\"KPROBE_ACTION_POST\",\"policy_name\":\"test-"
				   "policy\","
				   "\"return_action\":\"KPROBE_ACTION_OVERRIDE\"}," TAIL("450"));
	/* joined once: a second return finds nothing */
	ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 470000000, 1001, 1001, H_READ, 0, 2, 1)), 0);
	ASSERT_OUT("");

	/* post == 0: the return filter said no */
	read_entry(&b, 1001, "/etc/passwd");
	ck_assert_int_eq(rec(&b, b.len), 0);
	ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 480000000, 1001, 1001, H_READ, 0, 2, 0)), 0);
	ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 480000000, 1001, 1001, H_READ, 0, 2, 1)), 0);
	ASSERT_OUT("");

	/* a return of another hook or thread does not match */
	read_entry(&b, 1001, "/etc/passwd");
	ck_assert_int_eq(rec(&b, b.len), 0);
	ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 490000000, 1001, 1001, H_OPENAT, 0, 0, 1)), 0);
	ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 490000000, 1001, 1002, H_READ, 0, 0, 1)), 0);
	ASSERT_OUT("");
	/* the process exits: its pending calls go with it */
	ck_assert_int_eq(rec(&b, rec_exit(&b, 495000000, 1001, 0)), 0);
	fresh();
	ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 496000000, 1001, 1001, H_READ, 0, 0, 1)), 0);
	ASSERT_OUT("");

	tp_output__stats(out, &st);
	ck_assert_uint_eq(st.hook, 2);
	ck_assert_uint_eq(st.malformed, 0);
	fflush(mem); /* the printers leave flushing to whoever feeds them */
	ck_assert_msg(json_lines_valid(mem_buf), "valid JSON lines");
}
END_TEST

START_TEST(test_pending_bounded)
{
	struct tp_output_stats st;
	uint32_t tid, n = 65536 + 10;
	struct rb b;

	two_processes();
	/* more calls in flight than the table holds: the oldest are let go */
	for (tid = 1; tid <= n; tid++) {
		read_entry(&b, tid, "/etc/passwd");
		ck_assert_int_eq(rec(&b, b.len), 0);
	}
	for (tid = 1; tid <= 10; tid++)
		ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 1, 1001, tid, H_READ, 0, 0, 1)), 0);
	ASSERT_OUT("");
	ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 1, 1001, 11, H_READ, 0, 0, 1)), 0);
	ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 1, 1001, n, H_READ, 0, 0, 1)), 0);
	tp_output__stats(out, &st);
	ck_assert_uint_eq(st.hook, 2);
	ck_assert_msg(strstr(fresh(), "\"tid\":65546}"), "the newest call still joins");
}
END_TEST

START_TEST(test_return_long)
{
	struct rb b;

	two_processes();
	/* no matchReturnActions ran: return_action is the entry's (Tetragon's generic_retprobe
	 * leaves the message's action as the entry half set it) */
	rec_hook(&b, 450000000, 1001, 1001, H_OTHER, TP_ACT_SIGKILL, TP_HOOKEV_RETURN_PENDING);
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ck_assert_int_eq(
	    rec(&b, rec_hook_ret(&b, 460000000, 1001, 1001, H_OTHER, 0, -4294967296LL, 1)), 0);
	ASSERT_OUT("{\"process_kprobe\":{\"process\":" CAT TID(1001) ",\"parent\":" BASH TID(
	    1000) ","
		  "\"function_name\":\"tcp_sendmsg\",\"return\":{\"long_arg\":\"-4294967296\","
		  "\"label\":\"ret\"},\"action\":\"KPROBE_ACTION_SIGKILL\","
		  "\"policy_name\":\"test-policy\",\"return_action\":\"KPROBE_ACTION_SIGKILL\"}"
		  "," TAIL("450"));
}
END_TEST

START_TEST(test_all_arg_types)
{
	static const uint8_t bin[] = { 0xde, 0xad, 0xbe, 0xef };
	struct rb b;

	rec_hook(&b, 0, 4242, 4243, H_ALL, 99, 0);
	rb_u64(&b, (uint64_t)-2);
	rb_u64(&b, (uint64_t)-128);
	rb_u64(&b, 255);
	rb_u64(&b, (uint64_t)-32768);
	rb_u64(&b, 65535);
	rb_u64(&b, 4294967295u);
	rb_u64(&b, (uint64_t)INT64_MIN);
	rb_u64(&b, UINT64_MAX);
	rb_u64(&b, 0);
	rb_blob(&b, "/a/b", 4, TP_BLOB_TRUNCATED | 0104755); /* fd: walk cut short, setuid */
	rb_u64(&b, 59);
	rb_u64(&b, 0x80000000u | 11);
	rb_str(&b, "a \"quoted\"\\ path\n\x01\xff");
	rb_blob(&b, bin, 4, 4);
	rb_blob(&b, "\x01\x02\x03", 3, TP_BLOB_TRUNCATED | 65536);
	rb_blob(&b, "", 0, TP_BLOB_ERROR | 64); /* a fault: Tetragon's error name as the bytes */
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	/* not in the cache: Tetragon's "unknown" process; 99 is no KprobeAction name */
	ASSERT_OUT("{\"process_kprobe\":{\"process\":{\"pid\":4242,\"flags\":\"unknown\","
		   "\"tid\":4243},\"function_name\":\"security_file_open\",\"args\":["
		   "{\"int_arg\":-2,\"label\":\"i\"},{\"int_arg\":-128},{\"uint_arg\":255},"
		   "{\"int_arg\":-32768},{\"uint_arg\":65535},{\"uint_arg\":4294967295},"
		   "{\"long_arg\":\"-9223372036854775808\"},"
		   "{\"size_arg\":\"18446744073709551615\"},"
		   "{\"size_arg\":\"0\"},{\"file_arg\":{\"path\":\"/a/b\","
		   "\"flags\":\"unresolvedPathComponents\",\"permission\":\"-rwsr-xr-x\"}},"
		   "{\"syscall_id\":{\"id\":59,\"abi\":\"x64\"}},"
		   "{\"syscall_id\":{\"id\":11,\"abi\":\"i386\"}},"
		   "{\"string_arg\":\"a \\\"quoted\\\"\\\\ path\\n\\u0001\\ufffd\"},"
		   "{\"bytes_arg\":\"3q2+7w==\"},"
		   "{\"truncated_bytes_arg\":{\"bytes_arg\":\"AQID\",\"orig_size\":\"65536\"},"
		   "\"label\":\"cb\"},"
		   "{\"bytes_arg\":\"Q2hhckJ1ZkVycm9yUGFnZUZhdWx0\"}],"
		   "\"action\":99,\"policy_name\":\"test-policy\"},"
		   "\"node_name\":\"node1\",\"time\":\"2022-02-01T18:01:56Z\"}\n");
	fflush(mem); /* the printers leave flushing to whoever feeds them */
	ck_assert_msg(json_lines_valid(mem_buf), "valid JSON lines");
}
END_TEST

START_TEST(test_tracepoint)
{
	struct rb b;

	two_processes();
	rec_hook(&b, 700000000, 1001, 1001, H_SIGNAL, TP_ACT_SIGNAL, 0);
	rb_u64(&b, 9);
	rb_u64(&b, (uint64_t)-1);
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ASSERT_OUT("{\"process_tracepoint\":{\"process\":" CAT TID(1001) ",\"parent\":" BASH TID(
	    1000) ",\"subsys\":\"signal\",\"event\":\"signal_generate\",\"args\":["
		  "{\"int_arg\":9,\"label\":\"sig\"},{\"long_arg\":\"-1\"}],"
		  "\"policy_name\":\"test-policy\",\"action\":\"KPROBE_ACTION_SIGNAL\"}," TAIL(
		      "700"));
}
END_TEST

/*
 * Lines of one hook from two threads, with two actions, each line whole: what
 * repeats is rendered once (the thread's process and parent, the hook's
 * constant members with the action) and must not leak into the next line.
 */
START_TEST(test_repeated_lines)
{
	static const uint32_t tids[] = { 1001, 1002, 1001, 1001 };
	static const uint32_t acts[] = { TP_ACT_SIGNAL, TP_ACT_POST, TP_ACT_POST, TP_ACT_SIGNAL };
	static const char *const names[] = { "KPROBE_ACTION_SIGNAL", "KPROBE_ACTION_POST",
					     "KPROBE_ACTION_POST", "KPROBE_ACTION_SIGNAL" };
	char want[2048];
	struct rb b;
	size_t i;

	two_processes();
	for (i = 0; i < 4; i++) {
		rec_hook(&b, 700000000, 1001, tids[i], H_SIGNAL, acts[i], 0);
		rb_u64(&b, 9);
		rb_u64(&b, (uint64_t)-1);
		ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
		snprintf(
		    want, sizeof(want),
		    "{\"process_tracepoint\":{\"process\":" CAT ",\"tid\":%u},\"parent\":" BASH TID(
			1000) ",\"subsys\":\"signal\",\"event\":\"signal_generate\","
			      "\"args\":[{\"int_arg\":9,\"label\":\"sig\"},{\"long_arg\":\"-1\"}],"
			      "\"policy_name\":\"test-policy\",\"action\":\"%s\"}," TAIL("700"),
		    tids[i], names[i]);
		ASSERT_OUT(want);
	}
}
END_TEST

START_TEST(test_data)
{
	struct rb b;

	two_processes();
	rec_hook(&b, 700000000, 1001, 1001, H_DATA, TP_ACT_POST, 0);
	rb_u64(&b, 3);
	rb_u64(&b, 1001);
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	/* ProcessKprobe.data is field 14, the last */
	ASSERT_OUT("{\"process_kprobe\":{\"process\":" CAT TID(1001) ",\"parent\":" BASH TID(
	    1000) ",\"function_name\":\"security_capset\",\"args\":[{\"int_arg\":3}],"
		  "\"action\":\"KPROBE_ACTION_POST\",\"policy_name\":\"test-policy\","
		  "\"data\":[{\"int_arg\":1001,\"label\":\"tgid\"}]}," TAIL("700"));
}
END_TEST

START_TEST(test_escaping_in_process)
{
	struct rb b;
	const char *got;

	ck_assert_int_eq(rec(&b, rec_exec(&b, 1, 77, 1, 0, 0, 0, "/tmp/evil\"\n\xc3(",
					  "--x=\"y\"\0\x1b[31m\0", 14, "/tmp/\\")),
			 0);
	got = fresh();
	ck_assert_msg(strstr(got, "\"binary\":\"/tmp/evil\\\"\\n\\ufffd(\""), "binary: %s", got);
	ck_assert_msg(strstr(got, "\"arguments\":\"--x=\\\"y\\\" \\u001b[31m\""), "args: %s", got);
	ck_assert_msg(strstr(got, "\"cwd\":\"/tmp/\\\\\""), "cwd: %s", got);
	ck_assert_msg(json_lines_valid(got), "valid JSON: %s", got);
}
END_TEST

START_TEST(test_malformed)
{
	struct tp_output_stats st;
	struct tp_event_hdr *h;
	struct rb b;
	size_t n;

	two_processes();
	/* shorter than a header */
	ck_assert_int_eq(tp_output__record(out, b.buf, 10), -EINVAL);
	ck_assert_int_eq(tp_output__record(out, NULL, 0), -EINVAL);
	/* hdr.size larger than the record, and smaller than a header */
	n = rec_exit(&b, 1, 1001, 0);
	ck_assert_int_eq(rec(&b, n - 1), -EINVAL);
	h = (struct tp_event_hdr *)b.buf;
	h->size = 4;
	ck_assert_int_eq(rec(&b, n), -EINVAL);
	/* unknown type */
	rb_hdr(&b, 99, 1, 1001, 1001);
	ck_assert_int_eq(rec(&b, rb_done(&b)), -EINVAL);
	/* an exit too short for its type */
	rb_hdr(&b, TP_EV_EXIT, 1, 1001, 1001);
	ck_assert_int_eq(rec(&b, rb_done(&b)), -EINVAL);
	/* a hook beyond the table */
	rec_hook(&b, 1, 1001, 1001, 99, TP_ACT_POST, 0);
	ck_assert_int_eq(rec(&b, rb_done(&b)), -EINVAL);
	/* a hook whose string blob overruns the record */
	rec_hook(&b, 1, 1001, 1001, H_OPENAT, TP_ACT_POST, 0);
	rb_u64(&b, 1);
	rb_blob(&b, "abcdefgh", 8, 0);
	n = rb_done(&b);
	b.buf[n - 16] = 200;
	ck_assert_int_eq(rec(&b, n), -EINVAL);
	/* an arg missing altogether; also when it waits for a return */
	rec_hook(&b, 1, 1001, 1001, H_OPENAT, TP_ACT_POST, 0);
	rb_u64(&b, 1);
	ck_assert_int_eq(rec(&b, rb_done(&b)), -EINVAL);
	rec_hook(&b, 1, 1001, 1001, H_READ, TP_ACT_POST, TP_HOOKEV_RETURN_PENDING);
	ck_assert_int_eq(rec(&b, rb_done(&b)), -EINVAL);
	/* an exec whose filename overruns the record */
	n = rec_exec(&b, 1, 1010, 1, 0, 0, 0, "/bin/x", "", 0, "/");
	b.buf[sizeof(struct tp_event_exec)] = 0x7f;
	ck_assert_int_eq(rec(&b, n), -EINVAL);
	/* a clone and a hook return cut short */
	rb_hdr(&b, TP_EV_CLONE, 1, 1011, 1011);
	ck_assert_int_eq(rec(&b, rb_done(&b)), -EINVAL);
	rb_hdr(&b, TP_EV_HOOK_RET, 1, 1001, 1001);
	rb_u32(&b, H_READ);
	ck_assert_int_eq(rec(&b, rb_done(&b)), -EINVAL);

	ASSERT_OUT("");
	tp_output__stats(out, &st);
	ck_assert_uint_eq(st.malformed, 13);
	ck_assert_uint_eq(st.hook, 0);
	ck_assert_ptr_null(tp_proc_cache__get(cache, 1010));

	/* and the stream goes on */
	ck_assert_int_eq(rec(&b, rec_exit(&b, 500000000, 1001, 0)), 0);
	ck_assert_msg(strstr(fresh(), "process_exit"), "exit after malformed records");
}
END_TEST

START_TEST(test_random_records)
{
	struct tp_output_stats st;
	unsigned int seed = 7;
	struct rb b;
	int i;

	two_processes();
	/* random bytes behind a plausible header: never a crash, never invalid JSON */
	for (i = 0; i < 20000; i++) {
		size_t n = 24 + rand_r(&seed) % 200, k;
		uint8_t *copy;
		int rc;

		for (k = 24; k < n; k++)
			b.buf[k] = rand_r(&seed) % 4 ? 0 : rand_r(&seed);
		rb_hdr(&b, 1 + rand_r(&seed) % 6, rand_r(&seed), 1000 + rand_r(&seed) % 4,
		       1000 + rand_r(&seed) % 4);
		b.len = n;
		rb_done(&b);
		if (b.buf[24] < 0x80)
			b.buf[24] %= H_NARGS; /* mostly real hook ids */
		copy = malloc(n);
		memcpy(copy, b.buf, n);
		rc = tp_output__record(out, copy, n);
		ck_assert_msg(rc == 0 || rc == -EINVAL, "rc %d", rc);
		free(copy);
	}
	tp_output__stats(out, &st);
	ck_assert_uint_gt(st.malformed, 0);
	ck_assert_uint_gt(st.hook + st.exec + st.exit, 0);
	fflush(mem); /* the printers leave flushing to whoever feeds them */
	ck_assert_msg(json_lines_valid(mem_buf), "valid JSON lines");
}
END_TEST

START_TEST(test_compact)
{
	struct rb b;

	ck_assert_int_eq(rec(&b, rec_exec(&b, 100000000, 1000, 1, 0, TP_EXECF_CLONE, 0, "/bin/bash",
					  "", 0, "/root")),
			 0);
	ASSERT_OUT("🚀 process node1 /bin/bash \n");
	ck_assert_int_eq(rec(&b, rec_exec(&b, 410000000, 1001, 1000, 0, TP_EXECF_CLONE, 0,
					  "/usr/bin/cat", "/etc/passwd\0-n\0", 15, "/root")),
			 0);
	ASSERT_OUT("🚀 process node1 /usr/bin/cat /etc/passwd -n\n");

	rec_hook(&b, 1, 1001, 1001, H_OPENAT, TP_ACT_POST, 0);
	rb_u64(&b, (uint64_t)-100);
	rb_str(&b, "/etc/pass\nwd");
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ASSERT_OUT("📬 open    node1 /usr/bin/cat /etc/pass?wd\n");

	rec_hook(&b, 1, 1001, 1001, H_OPENAT, TP_ACT_SIGKILL, 0);
	rb_u64(&b, (uint64_t)-100);
	rb_str(&b, "/etc/shadow");
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ASSERT_OUT("📬 open    node1 /usr/bin/cat /etc/shadow SIGKILL\n");

	read_entry(&b, 1001, "/etc/passwd");
	ck_assert_int_eq(rec(&b, b.len), 0);
	ck_assert_int_eq(rec(&b, rec_hook_ret(&b, 2, 1001, 1001, H_READ, TP_ACT_OVERRIDE, 2, 1)),
			 0);
	ASSERT_OUT("📚 read    node1 /usr/bin/cat /etc/passwd OVERRIDE\n");

	rec_hook(&b, 1, 1001, 1001, H_MOUNT, TP_ACT_POST, 0);
	rb_str(&b, "/dev/sda1");
	rb_str(&b, "/mnt");
	rb_str(&b, "ext4");
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ASSERT_OUT("💾 mount   node1 /usr/bin/cat /dev/sda1 /mnt\n");

	rec_hook(&b, 1, 1001, 1001, H_SETUID, TP_ACT_POST, 0);
	rb_u64(&b, 0);
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ASSERT_OUT("🔑 setuid  node1 /usr/bin/cat 0\n");

	rec_hook(&b, 1, 1001, 1001, H_OTHER, TP_ACT_NOPOST, 0);
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ASSERT_OUT("❓ syscall node1 /usr/bin/cat tcp_sendmsg NOPOST\n");

	rec_hook(&b, 1, 1001, 1001, H_SIGNAL, TP_ACT_POST, 0);
	rb_u64(&b, 9);
	rb_u64(&b, 0);
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ASSERT_OUT("⁉️ tracepoint node1 /usr/bin/cat signal signal_generate\n");

	rec_hook(&b, 1, 1001, 1001, H_RAWSYS, TP_ACT_POST, 0);
	rb_u64(&b, 59);
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ASSERT_OUT("☎  syscall node1 /usr/bin/cat 59\n");

	ck_assert_int_eq(rec(&b, rec_exit(&b, 3, 1001, 9)), 0);
	ASSERT_OUT("💥 exit    node1 /usr/bin/cat /etc/passwd -n SIGKILL\n");
	ck_assert_int_eq(rec(&b, rec_exit(&b, 3, 1000, 1 << 8)), 0);
	ASSERT_OUT("💥 exit    node1 /bin/bash  1\n");
	/* a real-time signal has no name: its status, 0 (pkg/encoder/encoder.go) */
	ck_assert_int_eq(rec(&b, rec_exec(&b, 4, 1002, 1, 0, 0, 0, "/bin/rt", "", 0, "/")), 0);
	ASSERT_OUT("🚀 process node1 /bin/rt \n");
	ck_assert_int_eq(rec(&b, rec_exit(&b, 5, 1002, 40)), 0);
	ASSERT_OUT("💥 exit    node1 /bin/rt  0\n");

	/* an unknown process: no binary */
	rec_hook(&b, 1, 4242, 4242, H_SETUID, TP_ACT_POST, 0);
	rb_u64(&b, 1000);
	ck_assert_int_eq(rec(&b, rb_done(&b)), 0);
	ASSERT_OUT("🔑 setuid  node1  1000\n");
}
END_TEST

START_TEST(test_compact_rate_limit_info)
{
	ck_assert_int_eq(tp_output__rate_limit_info(out, 7, 1), 0);
	ASSERT_OUT("🚦 dropped node1 7 events dropped\n");
}
END_TEST

START_TEST(test_new_rejects)
{
	struct tp_proc_cache *c = tp_proc_cache__new("n");

	ck_assert_ptr_null(tp_output__new(NULL, TP_OUT_JSON, "n", NULL, c));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_ptr_null(tp_output__new(stdout, 0, "n", NULL, c));
	ck_assert_ptr_null(tp_output__new(stdout, TP_OUT_JSON, "n", NULL, NULL));
	tp_proc_cache__free(c);
}
END_TEST

START_TEST(test_no_meta)
{
	struct tp_proc_cache *c = tp_proc_cache__new("n");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct tp_output *o = tp_output__new(f, TP_OUT_JSON, NULL, NULL, c);
	struct rb b;

	/* exec events need no meta; hooks without one are malformed */
	ck_assert_int_eq(
	    tp_output__record(o, b.buf, rec_exec(&b, 0, 5, 1, 0, 0, 0, "/x", "", 0, "/")), 0);
	rec_hook(&b, 1, 5, 5, 0, TP_ACT_POST, 0);
	ck_assert_int_eq(tp_output__record(o, b.buf, rb_done(&b)), -EINVAL);
	fflush(f);
	ck_assert_msg(strstr(buf, "\"process_exec\"") && !strstr(buf, "node_name"),
		      "empty node name omitted: %s", buf);
	tp_output__free(o);
	fclose(f);
	free(buf);
	tp_proc_cache__free(c);
}
END_TEST

static Suite *output_suite(void)
{
	Suite *s = suite_create("output");
	TCase *json = tcase_create("json"), *compact = tcase_create("compact");
	TCase *misc = tcase_create("misc");

	tcase_add_checked_fixture(json, setup_json, teardown);
	tcase_set_timeout(json, 60);
	tcase_add_test(json, test_exec_hook_exit);
	tcase_add_test(json, test_exit_signal_status);
	tcase_add_test(json, test_exit_of_an_unknown_process_ends_its_calls);
	tcase_add_test(json, test_exit_deferred_keeps_calls_a_round);
	tcase_add_test(json, test_rate_limit_info);
	tcase_add_test(json, test_metrics_counts);
	tcase_add_test(json, test_sock_owner_joins_by_caller);
	tcase_add_test(json, test_parent_pid_reused);
	tcase_add_test(json, test_clone);
	tcase_add_test(json, test_return_join);
	tcase_add_test(json, test_pending_bounded);
	tcase_add_test(json, test_return_long);
	tcase_add_test(json, test_all_arg_types);
	tcase_add_test(json, test_tracepoint);
	tcase_add_test(json, test_repeated_lines);
	tcase_add_test(json, test_data);
	tcase_add_test(json, test_escaping_in_process);
	tcase_add_test(json, test_malformed);
	tcase_add_test(json, test_random_records);
	suite_add_tcase(s, json);

	tcase_add_checked_fixture(compact, setup_compact, teardown);
	tcase_add_test(compact, test_compact);
	tcase_add_test(compact, test_compact_rate_limit_info);
	suite_add_tcase(s, compact);

	tcase_add_test(misc, test_new_rejects);
	tcase_add_test(misc, test_no_meta);
	suite_add_tcase(s, misc);
	return s;
}

int main(void)
{
	return tp_test_run(output_suite());
}
