// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdarg.h>

#include "emitter.h"

void tp_emitter__init(struct tp_emitter *e, FILE *out)
{
	e->out = out;
	e->indent = 0;
	e->err = 0;
}

static void vemit(struct tp_emitter *e, const char *fmt, va_list ap)
{
	if (e->err)
		return;
	if (vfprintf(e->out, fmt, ap) < 0)
		e->err = errno ? -errno : -EIO;
}

void tp_emitter__indent(struct tp_emitter *e)
{
	int i;

	for (i = 0; i < e->indent && !e->err; i++)
		if (fputc('\t', e->out) == EOF)
			e->err = -EIO;
}

void tp_emitter__line(struct tp_emitter *e, const char *fmt, ...)
{
	va_list ap;

	tp_emitter__indent(e);
	va_start(ap, fmt);
	vemit(e, fmt, ap);
	va_end(ap);
	if (!e->err && fputc('\n', e->out) == EOF)
		e->err = -EIO;
}

void tp_emitter__raw(struct tp_emitter *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vemit(e, fmt, ap);
	va_end(ap);
}

void tp_emitter__blank(struct tp_emitter *e)
{
	if (!e->err && fputc('\n', e->out) == EOF)
		e->err = -EIO;
}

int tp_emitter__finish(struct tp_emitter *e)
{
	if (!e->err && fflush(e->out))
		e->err = -errno;
	return e->err;
}
