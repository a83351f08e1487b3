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
#include "tp_fixtures.h"

/* Lines 1-5; a test's YAML starts on line 6. */
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
	int errors; /* what tp_policy__check returned */
	int warnings;
};

static inline void result_free(struct result *r)
{
	tp_policy__free(r->p);
	free(r->out);
	memset(r, 0, sizeof(*r));
}

/* Check an already parsed (or hand-built) policy against target t. */
static inline void check_model(struct result *r, const struct tp_target *t)
{
	struct tp_diag d;
	FILE *f;

	free(r->out);
	r->out = NULL;
	f = open_memstream(&r->out, &r->len);
	ck_assert_msg(f != NULL, "open_memstream");
	tp_diag__init(&d, "p.yaml", f);
	r->errors = tp_policy__check(r->p, t, &d);
	r->warnings = d.warnings;
	fclose(f);
	ck_assert_msg(r->errors == d.errors, "check returns the errors it reported");
}

/* Parse yaml (which must parse cleanly) and check it against target t. */
static inline void run_target(struct result *r, const char *yaml, const struct tp_target *t)
{
	char *perr = NULL;
	size_t plen = 0;
	struct tp_diag d;
	FILE *f;

	memset(r, 0, sizeof(*r));
	f = open_memstream(&perr, &plen);
	ck_assert_msg(f != NULL, "open_memstream");
	tp_diag__init(&d, "p.yaml", f);
	r->p = tp_policy__parse("p.yaml", yaml, strlen(yaml), &d);
	fclose(f);
	ck_assert_msg(r->p != NULL && d.errors == 0,
		      "test policy parses cleanly:\n%.1000s\n---\n%.2000s", perr, yaml);
	free(perr);
	check_model(r, t);
}

static inline void run(struct result *r, const char *yaml)
{
	run_target(r, yaml, tp_test_target());
}

/* The checker printed exactly want (and nothing else). */
#define ASSERT_OUT(r, want)                                                                    \
	ck_assert_msg(!strcmp((r)->out, want), "checker output:\n%.3000s\n--- want:\n%.3000s", \
		      (r)->out, want)

/* yaml checks with exactly the diagnostics want and nerr errors. */
#define CHECK_YAML(yaml, nerr, want)                                                        \
	do {                                                                                \
		struct result r_;                                                           \
		run(&r_, yaml);                                                             \
		ASSERT_OUT(&r_, want);                                                      \
		ck_assert_msg(r_.errors == (nerr), "errors: %d, want %d", r_.errors, nerr); \
		result_free(&r_);                                                           \
	} while (0)

#define CHECK_OK(yaml) CHECK_YAML(yaml, 0, "")

/* yaml fails to parse with exactly the diagnostics want */
static inline void parse_fails(const char *yaml, int nerr, const char *want)
{
	char *out = NULL;
	size_t len = 0;
	struct tp_policy *p;
	struct tp_diag d;
	FILE *f = open_memstream(&out, &len);

	ck_assert_msg(f != NULL, "open_memstream");
	tp_diag__init(&d, "p.yaml", f);
	p = tp_policy__parse("p.yaml", yaml, strlen(yaml), &d);
	fclose(f);
	ck_assert_msg(!strcmp(out, want), "parser output:\n%s\n--- want:\n%s", out, want);
	ck_assert_int_eq(d.errors, nerr);
	tp_policy__free(p);
	free(out);
}

#endif /* TP_CHECKRUN_H */
