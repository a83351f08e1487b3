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
	const char *path; /* file name printed before every message */
	FILE *out;	  /* stderr in tpgen, a memstream in tests */
	int errors;	  /* errors reported so far */
	int warnings;
};

void tp_diag__init(struct tp_diag *d, const char *path, FILE *out);

enum tp_diag_level {
	TP_DIAG_ERROR,
	TP_DIAG_WARNING,
};

/* "path:line:col: error: msg\n"; a loc with line 0 prints "path: error: msg". */
void tp_diag__report(struct tp_diag *d, enum tp_diag_level level, struct tp_loc loc,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define tp_diag__error(d, loc, ...) tp_diag__report(d, TP_DIAG_ERROR, loc, __VA_ARGS__)
#define tp_diag__warn(d, loc, ...)  tp_diag__report(d, TP_DIAG_WARNING, loc, __VA_ARGS__)

#endif /* TP_DIAG_H */
