/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Where the shared Tetragon corpus is: ../shared/corpus beside the checkout,
 * as CI lays it out, or $TP_TEST_CORPUS. A test that walks it must fail when
 * it finds nothing: a missing corpus is not a pass.
 */
#ifndef TP_TEST_CORPUS_H
#define TP_TEST_CORPUS_H

#include <stdlib.h>

static inline const char *tp_test_corpus(void)
{
	const char *dir = getenv("TP_TEST_CORPUS");

	/* templates/bpf/../../.. is the folder holding the checkout */
	return dir ? dir : TP_SRC_TEMPLATES "/../../../shared/corpus";
}

#endif /* TP_TEST_CORPUS_H */
