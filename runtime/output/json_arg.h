/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Arguments in Tetragon's KprobeArgument shape. Each arg type's row of
 * TP_ARG_TYPES names its oneof member (JSON) and its printer (PRINT):
 * tp_json_arg__<PRINT> prints the member under the key it is given, into
 * the open arg object.
 */
#ifndef TP_JSON_ARG_H
#define TP_JSON_ARG_H

#include "arg_val.h"
#include "json.h"

/* The oneof member of type t's args; NULL: left out of events (nop), or not a type. */
const char *tp_json_arg__key(enum tp_arg_type t);
/* a's oneof member, under its type's key; -EINVAL, printing nothing, when the type has none. */
int tp_json_arg__put(struct tp_json *j, const struct tp_arg_val *a);

typedef void (*tp_json_arg_fn)(struct tp_json *j, const char *key, const struct tp_arg_val *a);

/* json_arg_scalar.c: integers, strings and buffers */
void tp_json_arg__int(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__uint(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__long(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__size(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__syscall(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__string(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__bytes(struct tp_json *j, const char *key, const struct tp_arg_val *a);
/* json_arg_file.c: a file's path */
void tp_json_arg__path(struct tp_json *j, const char *key, const struct tp_arg_val *a);
/* json_arg_net.c: sockets, packets, addresses, devices */
void tp_json_arg__sock(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__skb(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__sockaddr(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__net_dev(struct tp_json *j, const char *key, const struct tp_arg_val *a);
/* json_arg_kobj.c: other kernel objects */
void tp_json_arg__cred(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__capability(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__capset(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__user_ns(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__bpf_prog(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__bpf_map(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__perf_event(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__module(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__load_info(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__nop(struct tp_json *j, const char *key, const struct tp_arg_val *a);

#endif /* TP_JSON_ARG_H */
