/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Policy diagnostics: one function prints "FILE:LINE:COL: error: message",
 * counts errors and lets the caller keep going, so one run reports every
 * mistake (lemon's ErrorMsg).
 */
#ifndef TP_DIAG_H
#define TP_DIAG_H

#include <stdio.h>

#include "policy.h"

struct tp_diag {
	const char *path;	/* file name printed before every message */
	FILE *out;		/* stderr in tpgen, a memstream in tests */
	int errors;		/* errors reported so far */
	int warnings;
};

void tp_diag__init(struct tp_diag *d, const char *path, FILE *out);

/* "path:line:col: error: msg\n"; a loc with line 0 prints "path: error: msg". */
void tp_diag__error(struct tp_diag *d, struct tp_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tp_diag__warn(struct tp_diag *d, struct tp_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* TP_DIAG_H */
