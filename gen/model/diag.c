// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdarg.h>
#include <stdio.h>

#include "diag.h"

void tp_diag__init(struct tp_diag *d, const char *path, FILE *out)
{
	d->path = path;
	d->out = out;
	d->errors = 0;
	d->warnings = 0;
}

void tp_diag__report(struct tp_diag *d, enum tp_diag_level level, struct tp_loc loc,
		     const char *fmt, ...)
{
	const char *name = level == TP_DIAG_ERROR ? "error" : "warning";
	FILE *out = d->out ? d->out : stderr;
	const char *path = d->path ? d->path : "<policy>";
	va_list ap;

	if (loc.line <= 0)
		fprintf(out, "%s: %s: ", path, name);
	else if (loc.col <= 0)
		fprintf(out, "%s:%d: %s: ", path, loc.line, name);
	else
		fprintf(out, "%s:%d:%d: %s: ", path, loc.line, loc.col, name);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	if (level == TP_DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
}
