/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * For unit tests past the checker: YAML -> parsed and checked policy, against
 * the fake tracefs in tests/unit/fixtures, and its generated C. The YAML
 * given is the spec body.
 */
#ifndef TP_TESTPOLICY_H
#define TP_TESTPOLICY_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "check/check.h"
#include "emit/emit.h"
#include "emit/emitter.h"
#include "lower/plan.h"
#include "parse/parse.h"
#include "tp_fixtures.h"

#define TP_TEST_HDR                                                                \
	"apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: " \
	"\"unit\"\nspec:\n"

/* NULL when the policy does not parse and check cleanly (diagnostics on stderr). */
static inline struct tp_policy *tp_test_policy(const char *spec)
{
	struct tp_policy *p;
	struct tp_diag d;
	char *text;
	size_t len;

	len = strlen(TP_TEST_HDR) + strlen(spec);
	text = malloc(len + 1);
	if (!text)
		return NULL;
	strcpy(text, TP_TEST_HDR);
	strcat(text, spec);
	tp_diag__init(&d, "unit.yaml", stderr);
	p = tp_policy__parse("unit.yaml", text, len, &d);
	free(text);
	if (p && !d.errors)
		tp_policy__check(p, tp_test_target(), &d);
	if (p && d.errors) {
		tp_policy__free(p);
		return NULL;
	}
	return p;
}

/*
 * The generated C of a spec (inline_max 0: the default), or only its head
 * (tp_emit__head); the caller frees it.
 */
static inline char *tp_test_emit_part(const char *spec, size_t inline_max, bool head)
{
	struct tp_lower_opts o = { .inline_max = inline_max };
	struct tp_policy *p = tp_test_policy(spec);
	struct tp_emitter e;
	struct tp_plan *pl;
	char err[200] = "", *out = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_msg(p != NULL, "policy parses and checks");
	pl = tp_plan__new(p, &o, err, sizeof(err));
	ck_assert_msg(pl != NULL, "plan: %s", err);
	f = open_memstream(&out, &len);
	tp_emitter__init(&e, f, head ? "policy.head.h" : "policy.bpf.c");
	ck_assert_msg((head ? tp_emit__head(&e, pl)
			    : tp_emit__policy(&e, p, pl, TP_SRC_TEMPLATES, err, sizeof(err))) == 0,
		      "emit: %s", err);
	fclose(f);
	tp_plan__free(pl);
	tp_policy__free(p);
	return out;
}

/* The generated C of a spec (inline_max 0: the default); the caller frees it. */
static inline char *tp_test_emit(const char *spec, size_t inline_max)
{
	return tp_test_emit_part(spec, inline_max, false);
}

/* every line of generated C fits in TP_EMIT_COLUMNS columns, tabs counted as 8 */
static inline void tp_test_assert_columns(const char *c)
{
	int col = 0, line = 1, worst = 0, at = 0;

	for (; *c; c++) {
		if (*c == '\n') {
			if (col > worst) {
				worst = col;
				at = line;
			}
			col = 0;
			line++;
		} else {
			col = *c == '\t' ? (col / 8 + 1) * 8 : col + 1;
		}
	}
	ck_assert_msg(worst <= TP_EMIT_COLUMNS, "line %d has %d columns", at, worst);
}

/* How many times the generated C c says s. */
static inline int tp_test_count(const char *c, const char *s)
{
	int n = 0;

	while ((c = strstr(c, s))) {
		n++;
		c += strlen(s);
	}
	return n;
}

#endif /* TP_TESTPOLICY_H */
