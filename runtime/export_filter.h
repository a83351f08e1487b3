/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * tprun --export-allowlist and --export-denylist: Tetragon's export filters
 * (pkg/filters; the Filter message of api/v1/tetragon/events.proto). The JSON
 * is a sequence of filter objects (one a line, as Tetragon's docs write them);
 * within a filter every field must match (AND), a list matches when one of
 * its filters does (OR). An event is printed when the allowlist is empty or
 * matches and the denylist does not (filters.Apply).
 */
#ifndef TP_EXPORT_FILTER_H
#define TP_EXPORT_FILTER_H

#include <stdbool.h>
#include <stddef.h>

struct tp_filter_list;

/* What the run allows, as Tetragon's flags do */
#define TP_FILTER_PID_SET      (1u << 0) /* pid_set: --enable-pid-set-filter */
#define TP_FILTER_PROCESS_CRED (1u << 1) /* capabilities: --enable-process-cred */

/*
 * Parse json (what the flag was given; "" is an empty list). A field tprun
 * cannot honour is refused as "not supported", an unknown one as unknown;
 * pid_set and capabilities only with their TP_FILTER_* flag. NULL after
 * saying why in err, errno set.
 */
struct tp_filter_list *tp_filter_list__parse(const char *json, unsigned int flags, char *err,
					     size_t len);
void tp_filter_list__free(struct tp_filter_list *l);
size_t tp_filter_list__cnt(const struct tp_filter_list *l);

#endif /* TP_EXPORT_FILTER_H */
