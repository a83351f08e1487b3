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

static void report(struct tp_diag *d, struct tp_loc loc, const char *level, const char *fmt,
		    va_list ap)
{
	FILE *out = d->out ? d->out : stderr;
	const char *path = d->path ? d->path : "<policy>";

	if (loc.line <= 0)
		fprintf(out, "%s: %s: ", path, level);
	else if (loc.col <= 0)
		fprintf(out, "%s:%d: %s: ", path, loc.line, level);
	else
		fprintf(out, "%s:%d:%d: %s: ", path, loc.line, loc.col, level);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
}

void tp_diag__error(struct tp_diag *d, struct tp_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(d, loc, "error", fmt, ap);
	va_end(ap);
	d->errors++;
}

void tp_diag__warn(struct tp_diag *d, struct tp_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(d, loc, "warning", fmt, ap);
	va_end(ap);
	d->warnings++;
}
