// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Export filters (runtime/output/filter_*.c): Tetragon's filter JSON as
 * filters.ParseFilterList and protojson read it, refusals named, and the
 * matcher's semantics (pkg/filters: fields AND, filters OR, the denylist
 * after the allowlist).
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "output/event.h"
#include "output/filter.h"
#include "tp_test.h"

static char err[512];

static struct tp_filter_list *parse(const char *json)
{
	err[0] = 0;
	return tp_filter_list__parse(json, 0, err, sizeof(err));
}

/* json is refused, its message containing want */
static void refused(const char *json, const char *want)
{
	struct tp_filter_list *l = parse(json);

	ck_assert_msg(!l, "accepted: %s", json);
	ck_assert_msg(strstr(err, want), "%s: '%s' has no '%s'", json, err, want);
}

/* an exec of /usr/bin/curl (pid 42, args "-s http://x") by /bin/bash (pid 7) */
static struct tp_filter_event curl(void)
{
	struct tp_filter_event e = {
		.type = TP_ET_PROCESS_EXEC,
		.has_proc = true,
		.pid = 42,
		.binary = "/usr/bin/curl",
		.arguments = "-s http://x",
		.has_parent = true,
		.parent_pid = 7,
		.parent_binary = "/bin/bash",
		.parent_arguments = "-c curl",
		.policy = "",
	};
	return e;
}

/* an event of hook policy "files" (tracepoint) from /usr/bin/cat, pid 50, parent unknown */
static struct tp_filter_event cat_hook(void)
{
	struct tp_filter_event e = {
		.type = TP_ET_PROCESS_TRACEPOINT,
		.has_proc = true,
		.pid = 50,
		.binary = "/usr/bin/cat",
		.arguments = "/etc/passwd",
		.policy = "files",
	};
	return e;
}

/* whether the allowlist json (NULL: none) and denylist deny (NULL: none) pass e */
static bool passes(const char *allow, const char *deny, struct tp_filter_event e)
{
	struct tp_filter_list *a = NULL, *d = NULL;
	bool ok;

	if (allow) {
		a = parse(allow);
		ck_assert_msg(a, "%s: %s", allow, err);
	}
	if (deny) {
		d = parse(deny);
		ck_assert_msg(d, "%s: %s", deny, err);
	}
	ok = tp_filter__pass(a, d, &e);
	tp_filter_list__free(a);
	tp_filter_list__free(d);
	return ok;
}

START_TEST(test_parse_lists)
{
	struct tp_filter_list *l;

	/* filters_test.go TestParseFilterList's (those tprun honours), one a line */
	l = parse("{\"namespace\":[\"kube-system\",\"\"]}\n"
		  "{\"health_check\":true}\n"
		  "{\"binary_regex\":[\"kube.*\",\"iptables\"]}\n"
		  "{\"binary_regex\":[\"/usr/sbin/.*\"],\"namespace\":[\"default\"]}\n"
		  "{\"event_set\":[\"PROCESS_EXEC\", \"PROCESS_EXIT\", \"PROCESS_KPROBE\", "
		  "\"PROCESS_TRACEPOINT\"]}\n"
		  "{\"arguments_regex\":[\"^--version$\",\"^-a -b -c$\"]}");
	ck_assert_msg(l, "%s", err);
	ck_assert_int_eq(tp_filter_list__cnt(l), 6);
	ck_assert_int_eq(l->f[4].v[TP_FF_EVENT_SET].n, 4);
	ck_assert_int_eq(l->f[4].v[TP_FF_EVENT_SET].nums[2], 9); /* PROCESS_KPROBE */
	ck_assert(l->f[1].health_check);
	tp_filter_list__free(l);
	/* json.Decoder takes values however they are spaced; protojson both names */
	l = parse("  {\"pid\":[1,\"2\"]}{\"policyNames\":[\"a\"],\"eventSet\":[10, 1]}  \n");
	ck_assert_msg(l, "%s", err);
	ck_assert_int_eq(tp_filter_list__cnt(l), 2);
	ck_assert_int_eq(l->f[0].v[TP_FF_PID].nums[1], 2);
	ck_assert_str_eq(l->f[1].v[TP_FF_POLICY_NAMES].strs[0], "a");
	tp_filter_list__free(l);
	/* nothing: no filter; null, an empty list: no filter on that field */
	l = parse(" \n");
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(tp_filter_list__cnt(l), 0);
	tp_filter_list__free(l);
	l = parse("{\"pid\":null,\"binary_regex\":[]}");
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(l->f[0].has, 0);
	tp_filter_list__free(l);
}
END_TEST

START_TEST(test_parse_refusals)
{
	refused("{\"binary_regex\":[\"a\"]}\n{\"foo\":1}", "filter 2: unknown field 'foo'");
	refused("{\"BINARY_REGEX\":[\"a\"]}", "unknown field 'BINARY_REGEX'");
	refused("{\"cel_expression\":[\"true\"]}", "'cel_expression' is not supported");
	refused("{\"labels\":[\"app=x\"]}", "'labels' is not supported");
	refused("{\"capabilities\":{\"effective\":{\"any\":[\"CAP_BPF\"]}}}",
		"capabilities are not enabled in process events");
	refused("{\"container_id\":[\"x\"]}", "'container_id' is not supported");
	refused("{\"in_init_tree\":true}", "'in_init_tree' is not supported");
	refused("{\"ancestor_binary_regex\":[\"x\"]}", "'ancestor_binary_regex' is not supported");
	/* once, by either name (protojson: duplicate field) */
	refused("{\"binary_regex\":[\"a\"],\"binaryRegex\":[\"b\"]}",
		"field 'binary_regex' given twice");
	refused("{\"pid\":[1],\"pid\":[2]}", "duplicate");
	/* not JSON, with where */
	refused("{\"pid\":[1]}\n{\"pid\":[2}", "line 2, column 10");
	refused("invalid filter json", "line 1, column 7: '[' or '{' expected");
	refused("[{\"pid\":[1]}]", "filter 1: not a JSON object");
	/* values */
	refused("{\"pid\":[-1]}", "pid[0]: not a number from 0 to 4294967295");
	refused("{\"pid\":[4294967296]}", "not a number");
	refused("{\"pid\":[1.5]}", "not a number");
	refused("{\"pid\":1}", "pid: not a list");
	refused("{\"event_set\":[\"PROCESS_FOO\"]}", "unknown event type 'PROCESS_FOO'");
	refused("{\"binary_regex\":[\"(\"]}", "binary_regex[0] '(': missing closing parenthesis");
	refused("{\"binary_regex\":[\"(a)\\\\1\"]}", "backreferences are not RE2 syntax");
	refused("{\"binary_regex\":[1]}", "binary_regex[0]: not a string");
	refused("{\"health_check\":\"yes\"}", "health_check: not true or false");
	/* pid_set only when asked for, in Tetragon's words */
	refused("{\"pid_set\":[1]}", "pass --enable-pid-set-filter");
	ck_assert_ptr_nonnull(
	    tp_filter_list__parse("{\"pid_set\":[1]}", TP_FILTER_PID_SET, err, sizeof(err)));
}
END_TEST

START_TEST(test_match_fields)
{
	/* event_set: the event's type */
	ck_assert(passes("{\"event_set\":[\"PROCESS_EXEC\"]}", NULL, curl()));
	ck_assert(!passes("{\"event_set\":[\"PROCESS_EXIT\",\"PROCESS_KPROBE\"]}", NULL, curl()));
	ck_assert(passes("{\"event_set\":[10]}", NULL, cat_hook()));
	/* binary_regex: anywhere in the binary (MatchString), RE2's '$' only at the end */
	ck_assert(passes("{\"binary_regex\":[\"curl\"]}", NULL, curl()));
	ck_assert(passes("{\"binary_regex\":[\"^/usr/bin/c[a-z]+$\"]}", NULL, curl()));
	ck_assert(!passes("{\"binary_regex\":[\"^curl\"]}", NULL, curl()));
	ck_assert(passes("{\"binary_regex\":[\"nope\",\"\\\\bcurl\"]}", NULL, curl()));
	/* parent_binary_regex; without a parent nothing matches */
	ck_assert(passes("{\"parent_binary_regex\":[\"bash$\"]}", NULL, curl()));
	ck_assert(!passes("{\"parent_binary_regex\":[\".*\"]}", NULL, cat_hook()));
	/* arguments_regex, parent_arguments_regex */
	ck_assert(passes("{\"arguments_regex\":[\"^-s \"]}", NULL, curl()));
	ck_assert(!passes("{\"arguments_regex\":[\"^http\"]}", NULL, curl()));
	ck_assert(passes("{\"parent_arguments_regex\":[\"-c\"]}", NULL, curl()));
	ck_assert(!passes("{\"parent_arguments_regex\":[\".\"]}", NULL, cat_hook()));
	/* pid */
	ck_assert(passes("{\"pid\":[1,42]}", NULL, curl()));
	ck_assert(!passes("{\"pid\":[7]}", NULL, curl()));
	/* policy_names: an event without a policy (an exec) matches none */
	ck_assert(passes("{\"policy_names\":[\"files\"]}", NULL, cat_hook()));
	ck_assert(!passes("{\"policy_names\":[\"other\"]}", NULL, cat_hook()));
	ck_assert(!passes("{\"policy_names\":[\"\"]}", NULL, curl()));
	/* outside any pod: namespace "" matches, a pod's fields do not */
	ck_assert(passes("{\"namespace\":[\"default\",\"\"]}", NULL, curl()));
	ck_assert(!passes("{\"namespace\":[\"default\"]}", NULL, curl()));
	ck_assert(!passes("{\"namespace_regex\":[\".*\"]}", NULL, curl()));
	ck_assert(!passes("{\"pod_regex\":[\".*\"]}", NULL, curl()));
	ck_assert(!passes("{\"container_name_regex\":[\".*\"]}", NULL, curl()));
	ck_assert(!passes("{\"health_check\":true}", NULL, curl()));
	ck_assert(passes("{\"health_check\":false}", NULL, curl()));
	/* empty list, null, {}: no condition */
	ck_assert(passes("{\"pid\":[],\"binary_regex\":null}", NULL, curl()));
	ck_assert(passes("{}", NULL, curl()));
}
END_TEST

/*
 * A process missing from the cache (the event shows its pid alone) is
 * Tetragon's GetProcess() == nil: no process field matches it, not even ".*"
 * or "", except health_check:false (canBeHealthCheck(nil) is false).
 */
START_TEST(test_match_unknown_process)
{
	struct tp_filter_event e = {
		.type = TP_ET_PROCESS_TRACEPOINT,
		.pid = 50,
		.binary = "",
		.arguments = "",
		.policy = "files",
	};
	struct tp_filter_list *l;

	ck_assert(!passes("{\"binary_regex\":[\".*\"]}", NULL, e));
	ck_assert(!passes("{\"arguments_regex\":[\".*\"]}", NULL, e));
	ck_assert(!passes("{\"namespace\":[\"\"]}", NULL, e));
	ck_assert(!passes("{\"pid\":[50]}", NULL, e));
	l = tp_filter_list__parse("{\"pid_set\":[50]}", TP_FILTER_PID_SET, err, sizeof(err));
	ck_assert_ptr_nonnull(l);
	ck_assert(!tp_filter__pass(l, NULL, &e));
	tp_filter_list__free(l);
	ck_assert(!passes("{\"health_check\":true}", NULL, e));
	ck_assert(passes("{\"health_check\":false}", NULL, e));
	/* fields not of the process still match */
	ck_assert(passes("{\"event_set\":[\"PROCESS_TRACEPOINT\"]}", NULL, e));
	ck_assert(passes("{\"policy_names\":[\"files\"]}", NULL, e));
	/* a denylist on the process lets it through */
	ck_assert(passes(NULL, "{\"binary_regex\":[\".*\"]}", e));
	/* known, the same fields match */
	e.has_proc = true;
	ck_assert(passes("{\"binary_regex\":[\".*\"]}", NULL, e));
	ck_assert(passes("{\"pid\":[50]}", NULL, e));
	ck_assert(passes("{\"namespace\":[\"\"]}", NULL, e));
}
END_TEST

START_TEST(test_match_and_or_deny)
{
	/* within a filter AND */
	ck_assert(
	    passes("{\"event_set\":[\"PROCESS_EXEC\"],\"binary_regex\":[\"curl\"]}", NULL, curl()));
	ck_assert(
	    !passes("{\"event_set\":[\"PROCESS_EXEC\"],\"binary_regex\":[\"cat\"]}", NULL, curl()));
	/* filters OR */
	ck_assert(passes("{\"pid\":[1]}\n{\"binary_regex\":[\"curl\"]}", NULL, curl()));
	ck_assert(!passes("{\"pid\":[1]}\n{\"binary_regex\":[\"wget\"]}", NULL, curl()));
	/* no allowlist: all; the denylist after */
	ck_assert(passes(NULL, NULL, curl()));
	ck_assert(passes("", "", curl()));
	ck_assert(!passes(NULL, "{\"event_set\":[\"PROCESS_EXEC\"]}", curl()));
	ck_assert(passes(NULL, "{\"event_set\":[\"PROCESS_EXEC\"]}", cat_hook()));
	ck_assert(!passes("{\"binary_regex\":[\"curl\"]}", "{\"pid\":[42]}", curl()));
	ck_assert(passes("{\"binary_regex\":[\"curl\"]}", "{\"pid\":[43]}", curl()));
	ck_assert(
	    !passes("{\"binary_regex\":[\"curl\"]}", "{\"pid\":[43]}\n{\"pid\":[42]}", curl()));
}
END_TEST

/* pidSet.go: the set's pids and their descendants, learned from the events seen */
START_TEST(test_pid_set_learns_children)
{
	struct tp_filter_list *l =
	    tp_filter_list__parse("{\"pid_set\":[7]}", TP_FILTER_PID_SET, err, 512);
	struct tp_filter_list *g = tp_filter_list__parse(
	    "{\"binary_regex\":[\"curl\"],\"pid_set\":[7]}", TP_FILTER_PID_SET, err, 512);
	struct tp_filter_event e = curl(), child = cat_hook(), other = cat_hook();

	ck_assert_ptr_nonnull(l);
	child.has_parent = true;
	child.parent_pid = 42; /* curl's child */
	other.pid = 51;
	ck_assert(!tp_filter__pass(l, NULL, &child)); /* curl not seen yet */
	ck_assert(tp_filter__pass(l, NULL, &e));      /* its parent 7 is in the set: learned */
	ck_assert(tp_filter__pass(l, NULL, &child));  /* so its child is in */
	ck_assert(!tp_filter__pass(l, NULL, &other));
	/* a field before pid_set that fails stops the filter: nothing is learned */
	e.binary = "/usr/bin/wget";
	ck_assert(!tp_filter__pass(g, NULL, &e));
	ck_assert(!tp_filter__pass(g, NULL, &child));
	tp_filter_list__free(l);
	tp_filter_list__free(g);
}
END_TEST

static struct tp_filter_list *parse_cred(const char *json)
{
	err[0] = 0;
	return tp_filter_list__parse(json, TP_FILTER_PROCESS_CRED, err, sizeof(err));
}

/* caps.go: one match set a capability set, each set given must match, cap shown or no match */
START_TEST(test_capabilities)
{
	static const char *const bad[][2] = {
		{ "{\"capabilities\":{\"effective\":{\"any\":[\"CAP_BPF\"],\"all\":[\"CAP_BPF\"]}}"
		  "}",
		  "capabilities.effective: may only define one match set" },
		{ "{\"capabilities\":{\"effective\":{\"any\":[]}}}",
		  "capabilities.effective: must define exactly one match set" },
		{ "{\"capabilities\":{\"bounding\":{\"any\":[\"CAP_BPF\"]}}}",
		  "capabilities: unknown field 'bounding'" },
		{ "{\"capabilities\":{\"effective\":{\"some\":[\"CAP_BPF\"]}}}",
		  "capabilities.effective: unknown field 'some'" },
		/* the proto's spelling of 1 is DAC_OVERRIDE */
		{ "{\"capabilities\":{\"effective\":{\"any\":[\"CAP_DAC_OVERRIDE\"]}}}",
		  "capabilities.effective.any[0]: not a capability" },
		{ "{\"capabilities\":{\"effective\":{\"any\":[64]}}}", "not a capability" },
	};
	/* CAP_CHOWN 0, DAC_OVERRIDE 1, CAP_SYS_ADMIN 21, CAP_BPF 39 */
	uint64_t have[TP_CAPSET__N] = { 0 };
	struct tp_filter_event e = curl();
	struct tp_filter_list *l;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(!parse_cred(bad[i][0]), "accepted %s", bad[i][0]);
		ck_assert_msg(strstr(err, bad[i][1]), "%s: %s", bad[i][0], err);
	}
	have[TP_CAPSET_EFFECTIVE] = 1ull << 21 | 1ull << 1;
	have[TP_CAPSET_PERMITTED] = 1ull << 21 | 1ull << 1 | 1ull << 39;
	e.caps = have;
#define CAPS_PASS(json, want)                                                      \
	do {                                                                       \
		l = parse_cred(json);                                              \
		ck_assert_msg(l, "%s: %s", json, err);                             \
		ck_assert_msg(tp_filter__pass(l, NULL, &e) == (want), "%s", json); \
		tp_filter_list__free(l);                                           \
	} while (0)
	CAPS_PASS("{\"capabilities\":{\"effective\":{\"any\":[\"CAP_BPF\",\"CAP_SYS_ADMIN\"]}}}",
		  true);
	CAPS_PASS("{\"capabilities\":{\"effective\":{\"any\":[\"CAP_BPF\",\"CAP_CHOWN\"]}}}",
		  false);
	CAPS_PASS("{\"capabilities\":{\"permitted\":{\"all\":[\"CAP_BPF\",\"DAC_OVERRIDE\"]}}}",
		  true);
	CAPS_PASS("{\"capabilities\":{\"effective\":{\"all\":[\"CAP_BPF\",\"DAC_OVERRIDE\"]}}}",
		  false);
	CAPS_PASS("{\"capabilities\":{\"effective\":{\"exactly\":[1,\"CAP_SYS_ADMIN\"]}}}", true);
	CAPS_PASS("{\"capabilities\":{\"effective\":{\"exactly\":[\"CAP_SYS_ADMIN\"]}}}", false);
	CAPS_PASS("{\"capabilities\":{\"inheritable\":{\"none\":[\"CAP_SYS_ADMIN\"]}}}", true);
	CAPS_PASS("{\"capabilities\":{\"effective\":{\"none\":[\"CAP_SYS_ADMIN\"]}}}", false);
	/* every set given must match */
	CAPS_PASS("{\"capabilities\":{\"permitted\":{\"any\":[\"CAP_BPF\"]},"
		  "\"effective\":{\"any\":[\"CAP_BPF\"]}}}",
		  false);
	/* a process whose cap is not shown matches none */
	e.caps = NULL;
	CAPS_PASS("{\"capabilities\":{\"effective\":{\"none\":[\"CAP_SYS_ADMIN\"]}}}", false);
#undef CAPS_PASS
}
END_TEST

/*
 * rate_limit_info alone is a report beside the stream, past the export
 * filters and the event counters (output.c's print reads it from the table)
 */
START_TEST(test_reports_beside_the_stream)
{
	static const enum tp_filter_event_type stream[] = {
		TP_ET_UNDEF,	      TP_ET_PROCESS_EXEC,	TP_ET_PROCESS_EXIT,
		TP_ET_PROCESS_KPROBE, TP_ET_PROCESS_TRACEPOINT, TP_ET_PROCESS_LOADER,
		TP_ET_PROCESS_UPROBE, TP_ET_PROCESS_LSM,	TP_ET_PROCESS_USDT,
	};
	struct tp_out_event ev = { .type = (enum tp_event_type)TP_OUT_RATE_LIMIT_INFO };
	size_t i;

	ck_assert(tp_filter_event__type_is_report(TP_ET_RATE_LIMIT_INFO));
	ck_assert(tp_filter_event__type_is_report(tp_filter_event__type(&ev)));
	for (i = 0; i < sizeof(stream) / sizeof(stream[0]); i++)
		ck_assert_msg(!tp_filter_event__type_is_report(stream[i]), "%s is a report",
			      tp_filter_event__type_name(stream[i]));
}
END_TEST

static Suite *export_filter_suite(void)
{
	Suite *s = suite_create("export_filter");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_lists);
	tcase_add_test(tc, test_parse_refusals);
	tcase_add_test(tc, test_match_fields);
	tcase_add_test(tc, test_match_unknown_process);
	tcase_add_test(tc, test_match_and_or_deny);
	tcase_add_test(tc, test_pid_set_learns_children);
	tcase_add_test(tc, test_capabilities);
	tcase_add_test(tc, test_reports_beside_the_stream);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(export_filter_suite());
}
