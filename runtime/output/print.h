/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The two printers of a decoded event: one line each, into f's buffer (tp_output__flush). */
#ifndef TP_PRINT_H
#define TP_PRINT_H

#include <stdio.h>

#include "event.h"
#include "json.h"

/* Print one event as a line; 0 or -errno (-EIO when the stream failed). */
int tp_output_json__print(FILE *f, struct tp_json *j, const char *node, const char *policy,
			  const struct tp_out_event *ev);
int tp_output_compact__print(FILE *f, const char *node, const struct tp_out_event *ev);

#endif /* TP_PRINT_H */
