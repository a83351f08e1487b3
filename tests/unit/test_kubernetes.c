// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Unit tests for what only exists in Kubernetes: podSelector, containerSelector,
 * hostSelector and nodeSelector (spec, gen/parse/document.c) and matchWorkloads
 * (a selector, gen/parse/selectors.c) are refused with a message saying they
 * select Kubernetes objects; ${PODCIDR}-style values of network args
 * (gen/check/net_values.c) are named Kubernetes template variables.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"
#include "tp_checkrun.h"
#include "tp_test.h"

/* Parse yaml: the number of errors, *out what was printed. */
static int parse(const char *yaml, char **out)
{
	struct tp_policy *p;
	struct tp_diag d;
	size_t len;
	FILE *f;

	*out = NULL;
	f = open_memstream(out, &len);
	ck_assert_ptr_nonnull(f);
	tp_diag__init(&d, "p.yaml", f);
	p = tp_policy__parse("p.yaml", yaml, strlen(yaml), &d);
	fclose(f);
	tp_policy__free(p);
	return d.errors;
}

#define KPROBE "  kprobes:\n  - call: fd_install\n    syscall: false\n"

START_TEST(test_spec_selectors)
{
	static const struct {
		const char *key, *what;
	} keys[] = {
		{ "podSelector", "pods by their labels" },
		{ "containerSelector", "the containers of pods by their names" },
		{ "hostSelector", "the node's own processes as opposed to its pods" },
		{ "nodeSelector", "nodes by their labels" },
	};
	char yaml[512], want[512], *out;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(yaml, sizeof(yaml), HDR "  %s:\n    matchLabels: {app: x}\n" KPROBE,
			 keys[i].key);
		snprintf(want, sizeof(want),
			 "p.yaml:6:3: error: spec.%s is not supported: it selects Kubernetes "
			 "objects (%s), which an appliance does not have\n",
			 keys[i].key, keys[i].what);
		ck_assert_int_eq(parse(yaml, &out), 1);
		ck_assert_str_eq(out, want);
		free(out);
	}
}
END_TEST

START_TEST(test_match_workloads)
{
	char *out;

	ck_assert_int_eq(parse(HDR KPROBE "    selectors:\n    - matchWorkloads:\n"
					  "        podSelector: {matchLabels: {app: x}}\n",
			       &out),
			 1);
	ck_assert_str_eq(out, "p.yaml:10:7: error: matchWorkloads is not supported: it selects "
			      "Kubernetes objects (pods and containers by their labels), which "
			      "an appliance does not have\n");
	free(out);
}
END_TEST

START_TEST(test_template_variables)
{
	struct result r;

	run(&r, HDR "  kprobes:\n  - call: tcp_connect\n    syscall: false\n    args:\n"
		    "    - {index: 0, type: sock}\n    selectors:\n    - matchArgs:\n"
		    "      - {index: 0, operator: DAddr, values: [\"${PODCIDR}\", \"${X\", "
		    "\"127.0.0.1\"]}\n");
	ck_assert_int_eq(r.errors, 2);
	ck_assert_str_eq(r.out,
			 "p.yaml:13:46: error: kprobe 'tcp_connect': arg 0: '${PODCIDR}' is a "
			 "Kubernetes template variable (the cluster's pod or service CIDR, which "
			 "Tetragon's examples fill in with envsubst from kubectl): write the "
			 "address or CIDR it stands for\n"
			 "p.yaml:13:60: error: kprobe 'tcp_connect': arg 0: '${X' is not an IPv4 "
			 "or IPv6 address\n");
	result_free(&r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("kubernetes");
	TCase *tc = tcase_create("kubernetes");

	tcase_add_test(tc, test_spec_selectors);
	tcase_add_test(tc, test_match_workloads);
	tcase_add_test(tc, test_template_variables);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(suite());
}
