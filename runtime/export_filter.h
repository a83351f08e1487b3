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

/*
 * Parse json (what the flag was given; "" is an empty list). A field tprun
 * cannot honour is refused as "not supported", an unknown one as unknown;
 * pid_set only with pid_set_ok (Tetragon's --enable-pid-set-filter). NULL
 * after saying why in err, errno set.
 */
struct tp_filter_list *tp_filter_list__parse(const char *json, bool pid_set_ok, char *err,
					     size_t len);
void tp_filter_list__free(struct tp_filter_list *l);
size_t tp_filter_list__cnt(const struct tp_filter_list *l);

#endif /* TP_EXPORT_FILTER_H */
