// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* One printer for libtp and libbpf messages (libbpf_set_print), to stderr. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "libtp.h"

static enum tp_log_level max_level = TP_LOG_WARN;

static void vlog(enum tp_log_level level, const char *fmt, va_list ap)
{
	char *buf;

	if (level > max_level)
		return;
	/* verifier logs run to megabytes: no fixed buffer */
	if (vasprintf(&buf, fmt, ap) < 0)
		return;
	fputs(buf, stderr);
	free(buf);
}

void tp_log(enum tp_log_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

static char failed_prog[128]; /* the last program libbpf failed to load */
static bool core_failed;      /* ... and whether a CO-RE relocation was why */

/* libbpf names the program that failed: kept so the error can name its hook. */
static void note_failure(const char *fmt, va_list ap)
{
	char msg[512];
	const char *p, *q;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	p = strstr(msg, "prog '");
	if (!p)
		return;
	p += strlen("prog '");
	q = strchr(p, '\'');
	if (!q || (size_t)(q - p) >= sizeof(failed_prog))
		return;
	if (strstr(msg, "failed to resolve CO-RE relocation") || strstr(msg, "relo #"))
		core_failed = true;
	if (strstr(msg, "failed to load") || strstr(msg, "failed to resolve CO-RE relocation") ||
	    strstr(msg, "BPF program load failed"))
		snprintf(failed_prog, sizeof(failed_prog), "%.*s", (int)(q - p), p);
}

const char *tp_log__failed_prog(bool *core)
{
	*core = core_failed;
	return failed_prog[0] ? failed_prog : NULL;
}

void tp_log__clear_failure(void)
{
	failed_prog[0] = 0;
	core_failed = false;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	enum tp_log_level l = level == LIBBPF_WARN   ? TP_LOG_INFO
			      : level == LIBBPF_INFO ? TP_LOG_DEBUG
						     : TP_LOG_DEBUG + 1;

	if (level == LIBBPF_WARN) {
		va_list cp;

		va_copy(cp, ap);
		note_failure(fmt, cp);
		va_end(cp);
	}
	/* libbpf's warnings are expected while probing: shown with -v */
	vlog(l, fmt, ap);
	return 0;
}

void tp_log__set_level(enum tp_log_level max)
{
	max_level = max;
	libbpf_set_print(libbpf_print);
}
