/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Typed value parsing for the checker: integers of every argument type as
 * policies write them, and facts about argument types (integer or not, width,
 * signedness).
 */
#ifndef TP_VALUES_H
#define TP_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy.h"

/* Longest string or buffer BPF captures; longer match values can never match. */
#define TP_VALUE_MAX_STRING 4095

/*
 * True for the integer types: int, sint8..uint64, size_t, syscall64. Not fd:
 * an fd is read as an int (tp_arg_type__int_size) but filtered and captured
 * as the path of its file (TP_ACL_PATH), as Tetragon does.
 */
bool tp_arg_type__is_int(enum tp_arg_type t);

/* True for the signed integer types. */
bool tp_arg_type__is_signed(enum tp_arg_type t);

/* Width in bytes of an integer type (and of fd); 0 for any other type. */
int tp_arg_type__int_size(enum tp_arg_type t);

/* True for string, char_buf and const_buf. */
bool tp_arg_type__is_bytes(enum tp_arg_type t);

/*
 * True for the kernel objects filtered as integers: kernel_cap_t, cap_* and
 * capability. Their integer filters compare __u64 tp_val_T(__u64 raw), T the
 * type's policy name (tp_kobj.bpf.h); they are captured as blobs.
 */
bool tp_arg_type__is_int_object(enum tp_arg_type t);

/*
 * How generated code reads, filters and captures an argument of a type.
 * The kernel-object classes name their BPF helpers after the type's policy
 * name (tp_arg_type__name): for type T,
 *   TP_ACL_PATH:   long tp_slot_T(char *slot, __u64 raw) fills a filter slot
 *                  with the path or name (string operators apply) and
 *                  returns its length or -1;
 *   TP_ACL_PATH, TP_ACL_NET, TP_ACL_OBJECT:
 *                  __u32 tp_out_T(struct tp_heap *h, __u32 off, __u64 raw)
 *                  appends the typed blob the runtime decodes;
 *   TP_ACL_NET:    filters are emitted by tp_emit__net_filters().
 * raw is the argument as the hook sees it (a kernel pointer or an integer).
 */
enum tp_arg_class {
	TP_ACL_NONE = 0,
	TP_ACL_INT,	/* integers: a u64 compared and captured as such */
	TP_ACL_BYTES,	/* string, char_buf, const_buf: read into a slot */
	TP_ACL_PATH,	/* file, path, dentry, filename, linux_binprm, kiocb, fd */
	TP_ACL_NET,	/* sock, skb, sockaddr, socket: port/address/family operators */
	TP_ACL_OBJECT,	/* other kernel objects: captured, not filtered */
};

enum tp_arg_class tp_arg_type__class(enum tp_arg_type t);

/*
 * Parse v as an integer of type t: optional surrounding whitespace, an
 * optional '-', then decimal, 0x hex or leading-0 octal digits. The value must
 * fit the range of t. On success stores it in *out (two's complement,
 * sign-extended for signed types) and returns 0. On failure returns -EINVAL
 * (not an integer) or -ERANGE (does not fit t) and, when err is not NULL,
 * writes a message like "value '300' does not fit uint8" to err.
 */
int tp_value__parse_int(const struct tp_value *v, enum tp_arg_type t, uint64_t *out, char *err,
			size_t errlen);

/*
 * Write v to buf in a form fit for a message: non-printable bytes escaped as
 * \xNN, cut with "..." past 64 bytes. Always NUL terminates (size > 0).
 */
void tp_value__quote(const struct tp_value *v, char *buf, size_t size);

#endif /* TP_VALUES_H */
