/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Event times: BPF stamps records with CLOCK_BOOTTIME ns; events print
 * wall-clock time as protojson prints a google.protobuf.Timestamp.
 */
#ifndef TP_KTIME_H
#define TP_KTIME_H

#include <stddef.h>
#include <stdint.h>

/* "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ" and its NUL */
#define TP_TIME_STRLEN 32

/*
 * CLOCK_REALTIME minus CLOCK_BOOTTIME in ns, measured on first use and then
 * fixed, so that every event of a run converts the same way.
 */
int64_t tp_ktime_offset(void);
/* Fix the offset (tests, or a caller that measured it itself). */
void tp_ktime_set_offset(int64_t offset_ns);

/*
 * Format Unix time in ns as RFC 3339 UTC with 0, 3, 6 or 9 fractional digits,
 * as few as represent it exactly ("2022-02-01T18:01:56.410Z"). Returns the
 * length, or -EINVAL when len is too small or the year is outside 1..9999.
 */
int tp_time_format(int64_t unix_ns, char *buf, size_t len);
/* Format a CLOCK_BOOTTIME ns value the same way, through tp_ktime_offset(). */
int tp_ktime_format(uint64_t boot_ns, char *buf, size_t len);

#endif /* TP_KTIME_H */
