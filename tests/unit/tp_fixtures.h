/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The fake kernel the checker's unit tests run against. */
#ifndef TP_FIXTURES_H
#define TP_FIXTURES_H

#include <stdlib.h>

#include "check/check.h"

/* The fake tracefs tree under tests/unit/fixtures; TP_TEST_TRACEFS overrides it. */
static inline const char *tp_test_tracefs(void)
{
	const char *env = getenv("TP_TEST_TRACEFS");

	return env ? env : TP_SRC_TEMPLATES "/../../tests/unit/fixtures/tracefs";
}

/* That tracefs, on x86-64 (syscall symbols start with __x64_). */
static inline const struct tp_target *tp_test_target(void)
{
	static struct tp_target t;

	t.tracefs = tp_test_tracefs();
	t.arch_prefix = "__x64_";
	return &t;
}

#endif /* TP_FIXTURES_H */
