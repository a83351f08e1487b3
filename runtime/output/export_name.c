// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Backup names of an export file, as lumberjack's backupName and timeFromName. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "export_name.h"

#define GZ ".gz"

int tp_export_name__init(struct tp_export_name *n, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t blen = dot ? (size_t)(dot - base) : strlen(base);

	memset(n, 0, sizeof(*n));
	if (!slash)
		n->dir = strdup(".");
	else if (slash == path)
		n->dir = strdup("/");
	else
		n->dir = strndup(path, slash - path);
	n->ext = strdup(dot ? dot : "");
	if (n->dir && n->ext && asprintf(&n->prefix, "%.*s-", (int)blen, base) < 0)
		n->prefix = NULL;
	if (!n->dir || !n->ext || !n->prefix) {
		tp_export_name__free(n);
		return -ENOMEM;
	}
	return 0;
}

void tp_export_name__free(struct tp_export_name *n)
{
	free(n->dir);
	free(n->prefix);
	free(n->ext);
	memset(n, 0, sizeof(*n));
}

/* "2006-01-02T15-04-05.000" of ms; 0 or -EINVAL */
static int stamp(int64_t ms, char *buf)
{
	time_t s = ms / 1000;
	struct tm tm;

	if (ms < 0 || !gmtime_r(&s, &tm) || tm.tm_year + 1900 > 9999 ||
	    strftime(buf, TP_EXPORT_STAMP_LEN + 1, "%Y-%m-%dT%H-%M-%S", &tm) != 19)
		return -EINVAL;
	snprintf(buf + 19, 5, ".%03u", (unsigned int)(ms % 1000));
	return 0;
}

int tp_export_name__backup(const struct tp_export_name *n, int64_t ms, char *buf, size_t len)
{
	char ts[TP_EXPORT_STAMP_LEN + 1];
	int w;

	if (stamp(ms, ts))
		return -EINVAL;
	w = snprintf(buf, len, "%s%s%s", n->prefix, ts, n->ext);
	return w < 0 || (size_t)w >= len ? -ENAMETOOLONG : 0;
}

/* The stamp's fields at their places, digits only; the date must be a real one. */
static int parse_stamp(const char *s, int64_t *ms)
{
	static const char shape[] = "dddd-dd-ddTdd-dd-dd.ddd";
	char again[TP_EXPORT_STAMP_LEN + 1];
	struct tm tm = {};
	int64_t v;
	int i;

	for (i = 0; i < TP_EXPORT_STAMP_LEN; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return -EINVAL;
	}
	tm.tm_year = atoi(s) - 1900;
	tm.tm_mon = atoi(s + 5) - 1;
	tm.tm_mday = atoi(s + 8);
	tm.tm_hour = atoi(s + 11);
	tm.tm_min = atoi(s + 14);
	tm.tm_sec = atoi(s + 17);
	v = (int64_t)timegm(&tm) * 1000 + atoi(s + 20);
	/* time.Parse refuses 2026-02-30 or 25 o'clock: what timegm moved does not print back */
	if (stamp(v, again) || memcmp(again, s, TP_EXPORT_STAMP_LEN))
		return -EINVAL;
	*ms = v;
	return 0;
}

int tp_export_name__parse(const struct tp_export_name *n, const char *base, int64_t *ms, bool *gz)
{
	size_t plen = strlen(n->prefix), elen = strlen(n->ext), len = strlen(base);
	const char *rest = base + plen;
	size_t rlen = len - plen;

	if (len < plen || strncmp(base, n->prefix, plen))
		return -EINVAL;
	*gz = false;
	if (rlen == TP_EXPORT_STAMP_LEN + elen + strlen(GZ) &&
	    !strcmp(rest + rlen - strlen(GZ), GZ)) {
		*gz = true;
		rlen -= strlen(GZ);
	}
	if (rlen != TP_EXPORT_STAMP_LEN + elen || strncmp(rest + TP_EXPORT_STAMP_LEN, n->ext, elen))
		return -EINVAL;
	return parse_stamp(rest, ms);
}
