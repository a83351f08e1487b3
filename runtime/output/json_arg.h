/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Kernel-object arguments in Tetragon's KprobeArgument shape: each prints
 * its oneof member into the open arg object and returns true, or returns
 * false for a type it does not own.
 */
#ifndef TP_JSON_ARG_H
#define TP_JSON_ARG_H

#include <stdbool.h>

#include "arg_val.h"
#include "json.h"

bool tp_output_json__file_arg(struct tp_json *j, const struct tp_arg_val *a);	/* file, path, ... */
bool tp_output_json__net_arg(struct tp_json *j, const struct tp_arg_val *a);	/* sock, skb, ... */
bool tp_output_json__kobj_arg(struct tp_json *j, const struct tp_arg_val *a);	/* cred, bpf_*, ... */

#endif /* TP_JSON_ARG_H */
