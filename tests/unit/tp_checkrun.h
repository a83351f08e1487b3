/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * For checker unit tests: run the checker on a policy against the fake
 * tracefs in tests/unit/fixtures and compare everything it printed.
 */
#ifndef TP_CHECKRUN_H
#define TP_CHECKRUN_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "parse/parse.h"

#define HDR                                \
	"apiVersion: cilium.io/v1alpha1\n" \
	"kind: TracingPolicy\n"            \
	"metadata:\n"                      \
	"  name: \"test\"\n"               \
	"spec:\n"

struct result {
	struct tp_policy *p;
	char *out; /* everything the checker printed */
	size_t len;
	int errors;
};

static void run(struct result *r, const char *yaml)
{
	static struct tp_target t;
	struct tp_diag d;
	FILE *f;

	t.tracefs = TP_SRC_TEMPLATES "/../../tests/unit/fixtures/tracefs";
	t.arch_prefix = "__x64_";
	memset(r, 0, sizeof(*r));
	tp_diag__init(&d, "p.yaml", stderr);
	r->p = tp_policy__parse("p.yaml", yaml, strlen(yaml), &d);
	ck_assert_msg(r->p != NULL && d.errors == 0, "test policy parses:\n%s", yaml);
	f = open_memstream(&r->out, &r->len);
	ck_assert_ptr_nonnull(f);
	tp_diag__init(&d, "p.yaml", f);
	r->errors = tp_policy__check(r->p, &t, &d);
	fclose(f);
}

static void result_free(struct result *r)
{
	tp_policy__free(r->p);
	free(r->out);
}

#define CHECK_YAML(yaml, nerr, want)                                                               \
	do {                                                                                       \
		struct result r_;                                                                  \
		run(&r_, yaml);                                                                    \
		ck_assert_msg(!strcmp(r_.out, want), "checker output:\n%s\n--- want:\n%s", r_.out, \
			      want);                                                               \
		ck_assert_msg(r_.errors == (nerr), "errors: %d, want %d", r_.errors, nerr);        \
		result_free(&r_);                                                                  \
	} while (0)

#define CHECK_OK(yaml) CHECK_YAML(yaml, 0, "")

#endif /* TP_CHECKRUN_H */
