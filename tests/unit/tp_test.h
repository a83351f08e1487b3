/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Every unit-test binary's main: run its suite and say so as tests/run-unit.sh reads it. */
#ifndef TP_TEST_H
#define TP_TEST_H

#include <check.h>
#include <stdlib.h>

/* Runs s (CK_NORMAL prints the "N%: Checks: ..." line run-unit.sh tallies). */
static inline int tp_test_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif /* TP_TEST_H */
