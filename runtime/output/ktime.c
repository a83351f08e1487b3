// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
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

/* "YYYY-MM-DDTHH:MM:SS" of sec into buf (TP_TIME_STRLEN bytes), or -EINVAL outside years 1..9999.
 */
static int format_sec(int64_t sec, char *buf)
{
	struct tm tm;
	time_t t = (time_t)sec;

	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999)
		return -EINVAL;
	snprintf(buf, TP_TIME_STRLEN, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	return 0;
}

/* d, below 1000, as 3 digits at p */
static void put3(char *p, uint32_t d)
{
	p[0] = (char)('0' + d / 100);
	p[1] = (char)('0' + d / 10 % 10);
	p[2] = (char)('0' + d % 10);
}

int tp_time_format(int64_t unix_ns, char *buf, size_t len)
{
	/* a flood's events share their second: gmtime and printf once a second, per thread */
	static __thread int64_t last_sec = INT64_MIN;
	static __thread char last[TP_TIME_STRLEN];
	int64_t sec = unix_ns / NSEC_PER_SEC, nsec = unix_ns % NSEC_PER_SEC;
	uint32_t hi, mid, lo;
	int digits, n;
	char *p;

	if (nsec < 0) {
		nsec += NSEC_PER_SEC;
		sec--;
	}
	if (sec != last_sec) {
		if (format_sec(sec, last))
			return -EINVAL;
		last_sec = sec;
	}
	/* as few of 0, 3, 6 or 9 fractional digits as say it exactly, 3 at a time */
	hi = (uint32_t)nsec / 1000000;
	mid = (uint32_t)nsec / 1000 % 1000;
	lo = (uint32_t)nsec % 1000;
	digits = lo ? 9 : mid ? 6 : hi ? 3 : 0;
	n = 19 + (digits ? 1 + digits : 0) + 1;
	if ((size_t)n >= len)
		return -EINVAL;
	memcpy(buf, last, 19);
	p = buf + 19;
	if (digits) {
		*p++ = '.';
		put3(p, hi);
		if (digits > 3)
			put3(p + 3, mid);
		if (digits > 6)
			put3(p + 6, lo);
		p += digits;
	}
	p[0] = 'Z';
	p[1] = '\0';
	return n;
}

int tp_ktime_format(uint64_t boot_ns, char *buf, size_t len)
{
	return tp_time_format((int64_t)boot_ns + tp_ktime_offset(), buf, len);
}
