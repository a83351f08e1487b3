/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The arg printers, one per PRINT token of TP_ARG_TYPES: tp_json_arg__<PRINT>
 * prints an arg's oneof member under the key it is given, into the open arg
 * object. json_arg.c picks them by type.
 */
#ifndef TP_JSON_ARG_PRINTERS_H
#define TP_JSON_ARG_PRINTERS_H

#include "arg_val.h"
#include "json.h"

typedef void (*tp_json_arg_fn)(struct tp_json *j, const char *key, const struct tp_arg_val *a);

/* json_arg.c: what the printers share */
/* A u32 member, left out when zero (proto3 prints no zero scalar). */
void tp_json_arg__put_u32(struct tp_json *j, const char *key, uint32_t v);
/* An enum member by its name; a number without one, in a string, as Tetragon prints it. */
void tp_json_arg__put_enum(struct tp_json *j, const char *key, const char *name, unsigned int num);

/* An arg Tetragon could not read (a string's bad pointer or fault): its error_arg. */
void tp_json_arg__put_error(struct tp_json *j);

/* json_arg_scalar.c: integers, strings and buffers */
void tp_json_arg__int(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__uint(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__long(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__size(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__syscall(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__bpf_cmd(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__string(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__bytes(struct tp_json *j, const char *key, const struct tp_arg_val *a);
/* json_arg_file.c: a file's path */
void tp_json_arg__path(struct tp_json *j, const char *key, const struct tp_arg_val *a);
/* json_arg_net.c: sockets, packets, addresses, devices */
void tp_json_arg__sock(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__skb(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__sockaddr(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__net_dev(struct tp_json *j, const char *key, const struct tp_arg_val *a);
void tp_json_arg__sockaddr_un(struct tp_json *j, const char *key, const struct tp_arg_val *a);
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

#endif /* TP_JSON_ARG_PRINTERS_H */
