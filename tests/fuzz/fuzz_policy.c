// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target: tpgen's front end on one policy, as gen/main.c runs it
 * short of clang: parse, check, set check and merge, plan, emit (into a
 * memstream) and .tp.meta build (over a zero digest: there is no object).
 * The checker sees the unit tests' fake tracefs (tests/unit/fixtures/tracefs)
 * and no kernel BTF, so an input does the same on every machine. Any crash,
 * leak, undefined behaviour or hang is a bug: a policy is untrusted input.
 * TP_FUZZ_VERBOSE=1 prints the diagnostics and how far each input went (to
 * see what the seeds reach).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "check/check.h"
#include "check/kbtf.h"
#include "check/set.h"
#include "emit/emit.h"
#include "emit/emitter.h"
#include "link/meta_build.h"
#include "lower/plan.h"
#include "model/set.h"
#include "parse/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *diag_out;
static bool verbose;

/* Emit the C and build the meta of a checked policy; their output is dropped. */
static void back_end(const struct tp_policy *p)
{
	struct tp_lower_opts lo = { 0 };
	struct tp_emitter e;
	struct tp_plan *plan;
	char err[512], *c = NULL;
	size_t clen = 0, meta_size = 0;
	void *meta = NULL;
	FILE *f;

	plan = tp_plan__new(p, &lo, err, sizeof(err));
	if (!plan) {
		if (verbose)
			fprintf(stderr, "fuzz_policy: plan: %s\n", err);
		return;
	}
	f = open_memstream(&c, &clen);
	if (f) {
		tp_emitter__init(&e, f, "policy.bpf.c");
		if (tp_emit__policy(&e, p, plan, TP_SRC_TEMPLATES, err, sizeof(err)) && verbose)
			fprintf(stderr, "fuzz_policy: emit: %s\n", err);
		fclose(f);
		free(c);
	}
	if (!tp_meta__build(p, plan, NULL, &meta, &meta_size) && verbose)
		fprintf(stderr, "fuzz_policy: emitted %zu bytes of C, %zu of meta\n", clen,
			meta_size);
	free(meta);
	tp_plan__free(plan);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tp_target t = {
		.tracefs = TP_SRC_TEMPLATES "/../../tests/unit/fixtures/tracefs",
		.arch_prefix = "__x64_",
	};
	struct tp_policy *p;
	struct tp_diag d;

	if (!diag_out) {
		verbose = getenv("TP_FUZZ_VERBOSE") && *getenv("TP_FUZZ_VERBOSE") == '1';
		diag_out = verbose ? stderr : fopen("/dev/null", "we");
		if (!diag_out)
			abort();
		tp_kbtf__use_none();
	}
	tp_diag__init(&d, "fuzz.yaml", diag_out);
	p = tp_policy__parse("fuzz.yaml", (const char *)data, size, &d);
	if (p && !d.errors)
		tp_policy__check(p, &t, &d);
	if (p && !d.errors && !tp_set__check(&p, 1, &d)) {
		struct tp_policy *set = tp_set__merge(&p, 1);

		if (set) {
			p = set;
			back_end(p);
		}
	}
	tp_policy__free(p);
	return 0;
}
