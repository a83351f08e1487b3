// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * runtime/metrics: the Prometheus text format's label sets (escaping of
 * untrusted values: policy names, binaries), the series and their rendering,
 * --metrics-addr's addresses, and the hook labels events are counted under.
 */
#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "metrics/text.h"
#include "output/filter.h"
#include "output/metrics_count.h"
#include "tp_test.h"

static const char *const one[] = { "policy" };
static const char *const two[] = { "policy", "hook" };

static void assert_labels(const char *const *names, const char *const *values, size_t n,
			  const char *want)
{
	char buf[256];
	size_t len = tp_prom__labels(buf, sizeof(buf), names, values, n);

	ck_assert_msg(!strcmp(buf, want), "labels: '%s', want '%s'", buf, want);
	ck_assert_msg(len == strlen(want), "length %zu, want %zu", len, strlen(want));
}

START_TEST(test_label_values_escaped)
{
	assert_labels(one, (const char *[]){ "plain" }, 1, "{policy=\"plain\"}");
	assert_labels(one, (const char *[]){ "a\\b" }, 1, "{policy=\"a\\\\b\"}");
	assert_labels(one, (const char *[]){ "say \"hi\"" }, 1, "{policy=\"say \\\"hi\\\"\"}");
	assert_labels(one, (const char *[]){ "two\nlines" }, 1, "{policy=\"two\\nlines\"}");
	/* a value that would close the label set and start a series of its own */
	assert_labels(one, (const char *[]){ "x\"} 1\nfake_total{a=\"" }, 1,
		      "{policy=\"x\\\"} 1\\nfake_total{a=\\\"\"}");
	/* a tab or a carriage return is not escaped by the format: kept as it is */
	assert_labels(one, (const char *[]){ "a\tb\r" }, 1, "{policy=\"a\tb\r\"}");
	assert_labels(two, (const char *[]){ "p", NULL }, 2, "{policy=\"p\",hook=\"\"}");
	assert_labels(NULL, NULL, 0, "");
}
END_TEST

START_TEST(test_label_values_utf8)
{
	/* UTF-8 kept (é, €, 𝄞); a byte that is not UTF-8 becomes U+FFFD */
	assert_labels(one, (const char *[]){ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e" }, 1,
		      "{policy=\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9d\x84\x9e\"}");
	assert_labels(one,
		      (const char *[]){ "a\xff"
					"b" },
		      1,
		      "{policy=\"a\xef\xbf\xbd"
		      "b\"}");
	/* truncated, overlong, surrogate */
	assert_labels(one, (const char *[]){ "\xe2\x82" }, 1,
		      "{policy=\"\xef\xbf\xbd\xef\xbf\xbd\"}");
	assert_labels(one, (const char *[]){ "\xc0\xaf" }, 1,
		      "{policy=\"\xef\xbf\xbd\xef\xbf\xbd\"}");
	assert_labels(one, (const char *[]){ "\xed\xa0\x80" }, 1,
		      "{policy=\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"}");
}
END_TEST

START_TEST(test_labels_length_as_snprintf)
{
	char buf[8];
	size_t len = tp_prom__labels(buf, sizeof(buf), one, (const char *[]){ "a\"b" }, 1);

	ck_assert_uint_eq(len, strlen("{policy=\"a\\\"b\"}"));
	ck_assert_str_eq(buf, "{policy");
	ck_assert_uint_eq(tp_prom__labels(NULL, 0, one, (const char *[]){ "" }, 1), 11);
}
END_TEST

START_TEST(test_render)
{
	struct tp_metrics *m = tp_metrics__new();
	size_t len = 0;
	char *text;

	ck_assert_ptr_nonnull(m);
	tp_metrics__add(m, TP_M_EVENTS, (const char *[]){ "PROCESS_EXIT", "/bin/b" }, 1);
	tp_metrics__add(m, TP_M_EVENTS, (const char *[]){ "PROCESS_EXEC", "/bin/\"q\"" }, 2);
	tp_metrics__add(m, TP_M_EVENTS, (const char *[]){ "PROCESS_EXEC", "/bin/\"q\"" }, 3);
	tp_metrics__set(m, TP_M_PROC_SIZE, NULL, 7);
	tp_metrics__set(m, TP_M_PROC_SIZE, NULL, 5);
	text = tp_metrics__render(m, &len);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(len, strlen(text));
	/* a family's HELP and TYPE, then its series sorted by label set */
	ck_assert_msg(strstr(text,
			     "# HELP tetragon_events_total The total number of Tetragon "
			     "events\n# TYPE tetragon_events_total counter\n"
			     "tetragon_events_total{type=\"PROCESS_EXEC\",binary=\"/bin/\\\"q\\\""
			     "\"} 5\n"
			     "tetragon_events_total{type=\"PROCESS_EXIT\",binary=\"/bin/b\"} 1\n"
			     "# HELP "),
		      "%s", text);
	/* set replaces; a family without labels is there from the start */
	ck_assert_msg(strstr(text, "# TYPE tetragon_process_cache_size gauge\n"
				   "tetragon_process_cache_size 5\n"),
		      "%s", text);
	ck_assert_msg(strstr(text, "\ntetragon_observer_ringbuf_events_lost_total 0\n"), "%s",
		      text);
	/* a labelled family with no series yet is not shown */
	ck_assert_msg(!strstr(text, "tetragon_process_cache_misses_total"), "%s", text);
	ck_assert_msg(text[len - 1] == '\n', "ends with a newline");
	free(text);
	tp_metrics__free(m);
}
END_TEST

START_TEST(test_series_bounded)
{
	struct tp_metrics *m = tp_metrics__new();
	char name[32], *text;
	size_t i, len;

	for (i = 0; i < TP_METRICS_SERIES_MAX + 10; i++) {
		snprintf(name, sizeof(name), "/bin/%zu", i);
		tp_metrics__add(m, TP_M_EVENTS, (const char *[]){ "PROCESS_EXEC", name }, 1);
	}
	/* the families without labels held places from the start */
	tp_metrics__add(m, TP_M_EVENTS, (const char *[]){ "PROCESS_EXEC", "/bin/0" }, 1);
	/* binaries any user names cannot take the room of what the objects' selectors did */
	tp_metrics__set(m, TP_M_ACTIONS, (const char *[]){ "p", "kprobe:f", "0", "signal" }, 3);
	text = tp_metrics__render(m, &len);
	ck_assert_msg(strstr(text, "binary=\"/bin/0\"} 2\n"), "an old series still counts");
	ck_assert_msg(!strstr(text, "binary=\"/bin/12288\"}"), "no binary series past the bound");
	ck_assert_msg(strstr(text, "action=\"signal\"} 3\n"), "the selectors' series has room");
	ck_assert_msg(strstr(text, "tprun_metrics_series_dropped_total "), "dropped counted");
	ck_assert_msg(!strstr(text, "tprun_metrics_series_dropped_total 0\n"), "not 0");
	free(text);
	tp_metrics__free(m);
}
END_TEST

static void assert_addr(const char *s, int family, const char *host, unsigned int port)
{
	struct sockaddr_storage ss;
	socklen_t len = 0;
	char buf[INET6_ADDRSTRLEN];
	const void *a;
	unsigned int p;

	ck_assert_msg(!tp_metrics__parse_addr(s, &ss, &len), "'%s' refused", s);
	ck_assert_msg(ss.ss_family == family, "'%s': family %d", s, ss.ss_family);
	if (family == AF_INET) {
		a = &((struct sockaddr_in *)&ss)->sin_addr;
		p = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		ck_assert_uint_eq(len, sizeof(struct sockaddr_in));
	} else {
		a = &((struct sockaddr_in6 *)&ss)->sin6_addr;
		p = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		ck_assert_uint_eq(len, sizeof(struct sockaddr_in6));
	}
	inet_ntop(family, a, buf, sizeof(buf));
	ck_assert_msg(!strcmp(buf, host), "'%s': host %s, want %s", s, buf, host);
	ck_assert_msg(p == port, "'%s': port %u", s, p);
}

START_TEST(test_addresses)
{
	struct sockaddr_storage ss;
	socklen_t len;
	static const char *const bad[] = {
		"",	     "2112",	      "127.0.0.1",    "127.0.0.1:",   "127.0.0.1:0",
		":0",	     ":65536",	      ":99999999",    ":21a2",	      ":-1",
		":+80",	     "localhost:80",  "1.2.3:80",     "1.2.3.4.5:80", "[::1:80",
		"[::1]",     "::1:80",	      "[1.2.3.4]:80", "[]:80",	      " 127.0.0.1:80",
		"[::1]:80 ", "127.0.0.1: 80",
	};
	size_t i;

	assert_addr("127.0.0.1:9090", AF_INET, "127.0.0.1", 9090);
	assert_addr("0.0.0.0:1", AF_INET, "0.0.0.0", 1);
	assert_addr("[::1]:65535", AF_INET6, "::1", 65535);
	assert_addr("[fe80::1:2]:2112", AF_INET6, "fe80::1:2", 2112);
	/* Tetragon's ":2112": every address, IPv6 (and IPv4 through it) */
	assert_addr(":2112", AF_INET6, "::", 2112);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(tp_metrics__parse_addr(bad[i], &ss, &len) == -EINVAL, "'%s' accepted",
			      bad[i]);
}
END_TEST

START_TEST(test_hook_labels)
{
	struct tp_meta_hook_view tp = { .kind = TP_HOOK_TRACEPOINT,
					.call = "raw_syscalls/sys_enter",
					.subsys = "raw_syscalls",
					.event = "sys_enter" };
	struct tp_meta_hook_view kp = { .kind = TP_HOOK_KPROBE,
					.call = "sys_openat",
					.function_name = "__x64_sys_openat" };
	struct tp_meta_hook_view lsm = { .kind = TP_HOOK_LSM,
					 .call = "file_open",
					 .function_name = "file_open" };
	struct tp_meta_hook_view up = { .kind = TP_HOOK_UPROBE,
					.call = "/bin/bash",
					.function_name = "readline" };
	char buf[128];

	/* events: pkg/grpc/tracing/tracing.go's PolicyInfo; actions: collection.go's spec words */
	ck_assert_str_eq(tp_metrics_count__hook(buf, sizeof(buf), &tp, NULL),
			 "tracepoint:raw_syscalls/sys_enter");
	ck_assert_str_eq(tp_metrics_count__spec_hook(buf, sizeof(buf), NULL, &tp),
			 "tracepoint:raw_syscalls/sys_enter");
	ck_assert_str_eq(tp_metrics_count__hook(buf, sizeof(buf), &kp, "__x64_sys_openat"),
			 "kprobe:__x64_sys_openat");
	ck_assert_str_eq(tp_metrics_count__spec_hook(buf, sizeof(buf), NULL, &kp),
			 "kprobe:sys_openat");
	kp.flags = TP_HOOKF_FENTRY;
	ck_assert_str_eq(tp_metrics_count__spec_hook(buf, sizeof(buf), NULL, &kp),
			 "fentry:sys_openat");
	ck_assert_str_eq(tp_metrics_count__hook(buf, sizeof(buf), &lsm, NULL), "lsm:file_open");
	ck_assert_str_eq(tp_metrics_count__spec_hook(buf, sizeof(buf), NULL, &lsm),
			 "lsm:file_open");
	ck_assert_str_eq(tp_metrics_count__hook(buf, sizeof(buf), &up, "readline"),
			 "uprobe:/bin/bash/readline");
	ck_assert_str_eq(tp_metrics_count__spec_hook(buf, sizeof(buf), NULL, &up),
			 "uprobe:/bin/bash:readline");
}
END_TEST

START_TEST(test_event_type_names)
{
	ck_assert_str_eq(tp_filter_event__type_name(TP_ET_PROCESS_TRACEPOINT),
			 "PROCESS_TRACEPOINT");
	ck_assert_str_eq(tp_filter_event__type_name(TP_ET_RATE_LIMIT_INFO), "RATE_LIMIT_INFO");
	ck_assert_str_eq(tp_filter_event__type_name((enum tp_filter_event_type)12345), "UNDEF");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("metrics");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_label_values_escaped);
	tcase_add_test(tc, test_label_values_utf8);
	tcase_add_test(tc, test_labels_length_as_snprintf);
	tcase_add_test(tc, test_render);
	tcase_add_test(tc, test_series_bounded);
	tcase_add_test(tc, test_addresses);
	tcase_add_test(tc, test_hook_labels);
	tcase_add_test(tc, test_event_type_names);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
