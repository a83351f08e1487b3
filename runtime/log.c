// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One print callback for libtp and libbpf messages (libbpf_set_print). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "libtp.h"

static enum tp_log_level max_level = TP_LOG_WARN;
static tp_print_fn print_fn;

static void default_print(enum tp_log_level level, const char *msg)
{
	fputs(msg, stderr);
}

static void vlog(enum tp_log_level level, const char *fmt, va_list ap)
{
	char *buf;

	if (level > max_level)
		return;
	/* verifier logs run to megabytes: no fixed buffer */
	if (vasprintf(&buf, fmt, ap) < 0)
		return;
	(print_fn ? print_fn : default_print)(level, buf);
	free(buf);
}

void tp_log(enum tp_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	enum tp_log_level l = level == LIBBPF_WARN ? TP_LOG_INFO :
			      level == LIBBPF_INFO ? TP_LOG_DEBUG : TP_LOG_DEBUG + 1;

	/* libbpf's warnings are expected while probing: shown with -v */
	vlog(l, fmt, ap);
	return 0;
}

void tp_log__set_level(enum tp_log_level max)
{
	max_level = max;
	libbpf_set_print(libbpf_print);
}

void tp_log__set_print(tp_print_fn fn)
{
	print_fn = fn;
	libbpf_set_print(libbpf_print);
}
