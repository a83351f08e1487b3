// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "ktime.h"

#define NSEC_PER_SEC 1000000000LL

static int64_t offset_ns;
static bool offset_set;

static int64_t ts_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

int64_t tp_ktime_offset(void)
{
	int64_t best = -1;
	int i;

	if (offset_set)
		return offset_ns;
	/* the boottime read bracketed by the tightest pair of realtime reads */
	for (i = 0; i < 5; i++) {
		int64_t r1 = ts_ns(CLOCK_REALTIME);
		int64_t b = ts_ns(CLOCK_BOOTTIME);
		int64_t r2 = ts_ns(CLOCK_REALTIME);

		if (best < 0 || r2 - r1 < best) {
			best = r2 - r1;
			offset_ns = r1 + (r2 - r1) / 2 - b;
		}
	}
	offset_set = true;
	return offset_ns;
}

void tp_ktime_set_offset(int64_t off)
{
	offset_ns = off;
	offset_set = true;
}

int tp_time_format(int64_t unix_ns, char *buf, size_t len)
{
	int64_t sec = unix_ns / NSEC_PER_SEC, nsec = unix_ns % NSEC_PER_SEC;
	char frac[16] = "";
	struct tm tm;
	time_t t;
	int n;

	if (nsec < 0) {
		nsec += NSEC_PER_SEC;
		sec--;
	}
	t = (time_t)sec;
	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999)
		return -EINVAL;
	if (nsec % 1000000 == 0)
		snprintf(frac, sizeof(frac), ".%03d", (int)(nsec / 1000000));
	else if (nsec % 1000 == 0)
		snprintf(frac, sizeof(frac), ".%06d", (int)(nsec / 1000));
	else
		snprintf(frac, sizeof(frac), ".%09d", (int)nsec);
	if (nsec == 0)
		frac[0] = '\0';
	n = snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d%sZ", tm.tm_year + 1900, tm.tm_mon + 1,
		     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
	if (n < 0 || (size_t)n >= len)
		return -EINVAL;
	return n;
}

int tp_ktime_format(uint64_t boot_ns, char *buf, size_t len)
{
	return tp_time_format((int64_t)boot_ns + tp_ktime_offset(), buf, len);
}
