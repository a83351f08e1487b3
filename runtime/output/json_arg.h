/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Arguments in Tetragon's KprobeArgument shape: each arg type's row of
 * TP_ARG_TYPES names its oneof member (JSON) and its printer (PRINT,
 * json_arg_printers.h).
 */
#ifndef TP_JSON_ARG_H
#define TP_JSON_ARG_H

#include "arg_val.h"
#include "json.h"

/* The oneof member of type t's args; NULL: left out of events (nop), or not a type. */
const char *tp_json_arg__key(enum tp_arg_type t);
/* a's oneof member, under its type's key; -EINVAL, printing nothing, when the type has none. */
int tp_json_arg__put(struct tp_json *j, const struct tp_arg_val *a);

#endif /* TP_JSON_ARG_H */
