// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * JSON for integer, string and buffer args. Integers arrive cut to their
 * type's width (arg_val.c); protojson prints 64-bit ones in a string.
 */
#include <stdbool.h>

#include "json_arg_printers.h"
#include "vocab.h"
#include "names.h"

void tp_json_arg__int(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	tp_json__int(j, key, a->i);
}

void tp_json_arg__uint(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	tp_json__uint(j, key, a->u);
}

void tp_json_arg__long(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	tp_json__int_str(j, key, a->i);
}

void tp_json_arg__size(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	tp_json__uint_str(j, key, a->u);
}

/*
 * tetragon.SyscallId: the number without its compat bit, and the ABI, this
 * machine's (tprun runs no other machine's object: runtime/object/object.c).
 */
void tp_json_arg__syscall(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	static const char *abi[2];
	bool compat = a->u & TP_SYSCALL64_I386;
	uint64_t id = a->u & (TP_SYSCALL64_I386 - 1);

	if (!abi[compat])
		abi[compat] = tp_arch__syscall_abi(tp_arch__host(), compat);
	tp_json__begin_obj(j, key);
	if (id)
		tp_json__uint(j, "id", id);
	tp_json__str(j, "abi", abi[compat] ? abi[compat] : "");
	tp_json__end_obj(j);
}

/*
 * tetragon.BpfCmd: protojson prints an enum by its name, and a number it has
 * no name for as the number (Tetragon: BpfCmd(arg.Value), pkg/grpc/tracing).
 */
void tp_json_arg__bpf_cmd(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	const char *name = a->i >= 0 ? tp_names__bpf_cmd((uint32_t)a->i) : NULL;

	if (name)
		tp_json__str(j, key, name);
	else
		tp_json__int(j, key, a->i);
}

void tp_json_arg__string(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	if (a->error)
		tp_json_arg__put_error(j);
	else
		tp_json__strn(j, key, a->bytes, a->len);
}

/*
 * The bytes, or Tetragon's other member when fewer were captured than
 * existed. A failed read shows what Tetragon's does: the name of its error
 * as the bytes (ReadArgBytes and kprobeCharBufErrorToString in
 * pkg/sensors/tracing).
 */
void tp_json_arg__bytes(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	static const char fault[] = "CharBufErrorPageFault";

	if (a->error) {
		tp_json__base64(j, key, fault, sizeof(fault) - 1);
		return;
	}
	if (!a->truncated) {
		tp_json__base64(j, key, a->bytes, a->len);
		return;
	}
	tp_json__begin_obj(j, "truncated_bytes_arg");
	if (a->len)
		tp_json__base64(j, key, a->bytes, a->len);
	if (a->orig_size)
		tp_json__uint_str(j, "orig_size", a->orig_size);
	tp_json__end_obj(j);
}
