/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Lookups over the vocabulary tables of include/tp/ (argument types,
 * actions, signals, attach variants), for tpgen and libtp alike.
 */
#ifndef TP_VOCAB_H
#define TP_VOCAB_H

#include <stdbool.h>
#include <stddef.h>

#include <tp/actions.h>
#include <tp/arch.h>
#include <tp/arg_types.h>
#include <tp/meta.h>
#include <tp/signals.h>

/* One row of TP_ARG_TYPES. */
struct tp_arg_type_info {
	const char *name; /* the policy's name */
	enum tp_arg_class cls;
	int size; /* bytes of the integer filters compare, 0 none */
	bool is_signed;
	unsigned int flags; /* TP_ARGF_* */
	enum tp_arg_capture capture;
	const char *ktype;  /* kernel type pointed to, NULL none */
	const char *reader; /* T of the BPF helpers tp_out_T, tp_slot_T, ... */
	const char *json;   /* KprobeArgument field, NULL: not printed */
	enum tp_arg_compact compact;
};

/* The row of type t; NULL for TP_ARG_NONE and numbers outside the table. */
const struct tp_arg_type_info *tp_arg_type__info(enum tp_arg_type t);
/* The policy name of t: "auto" for TP_ARG_NONE, "unknown" outside the table. */
const char *tp_arg_type__name(enum tp_arg_type t);
/* The type a policy names (names and aliases, exact case); TP_ARG_NONE for "auto", -1 for none. */
int tp_arg_type__by_name(const char *name, size_t len);
/* The type of a pointer to the kernel type named ktype (BTF name); TP_ARG_NONE for none. */
enum tp_arg_type tp_arg_type__by_ktype(const char *ktype);
/* The first integer type of the table with that size and sign (int for 4, signed); NONE if none. */
enum tp_arg_type tp_arg_type__int_of(int size, bool is_signed);
/*
 * The names of the types of class cls (TP_ACL_NONE: any) that have every
 * flag of flags, "a, b or c" in table order, for messages.
 */
const char *tp_arg_type__names(enum tp_arg_class cls, unsigned int flags);
/* Shorthands over the row: class (TP_ACL_NONE for NONE), integer size, sign, flags. */
enum tp_arg_class tp_arg_type__class(enum tp_arg_type t);
int tp_arg_type__size(enum tp_arg_type t);
bool tp_arg_type__is_signed(enum tp_arg_type t);
bool tp_arg_type__has(enum tp_arg_type t, unsigned int flags);
/* What Tetragon's filters make of an integer t (TP_ARG_FILTER_INTS, else SIZE and SIGNED):
 * the bytes they compare, whether signed, and whether its values are read signed. */
int tp_arg_type__filter_size(enum tp_arg_type t);
bool tp_arg_type__filter_signed(enum tp_arg_type t);
bool tp_arg_type__parse_signed(enum tp_arg_type t);
/* The most bytes an event reads of a t arg: 8 for an integer, else its blob's
 * payload (TP_STR_MAX, a string's NUL included; TP_BUF_MAX; TP_OBJ_MAX). */
unsigned int tp_arg_type__capture_bytes(enum tp_arg_type t);

/* The action a policy names (any case, aliases too), TP_ACT_UNKNOWN for none. */
enum tp_action tp_action__by_name(const char *name, size_t len);
/* The policy's spelling: "Post"; NULL for a number without an action. */
const char *tp_action__name(unsigned int action);
/* tetragon.KprobeAction's name: "KPROBE_ACTION_POST"; NULL for a number it lacks. */
const char *tp_action__proto_name(unsigned int action);
/* The same without its prefix, the table's ID: "POST"; NULL for a number it lacks. */
const char *tp_action__id(unsigned int action);
/* tpgen enforces it (BUILT). */
bool tp_action__built(enum tp_action action);
/* It changes what the process does (ENFORCES): Sigkill, Signal, Override, NotifyEnforcer, Set. */
bool tp_action__enforces(enum tp_action action);

/* "SIGKILL" for 9; NULL for a number without a name. */
const char *tp_signal__name(unsigned int sig);

/* "fentry" for TP_VAR_FENTRY, "?" for none. */
const char *tp_variant__name(enum tp_variant_kind kind);
/* The variant named name, 0 for none. */
enum tp_variant_kind tp_variant__by_name(const char *name);
/* fentry, fmod_ret and LSM programs attach through BPF trampolines. */
bool tp_variant__is_trampoline(enum tp_variant_kind kind);

/* The architecture named name (its NAME or its UNAME: "arm64", "aarch64"), 0 for none. */
enum tp_arch tp_arch__by_name(const char *name);
/* "arm64" for TP_ARCH_ARM64; NULL for a number without a row. */
const char *tp_arch__name(unsigned int arch);
/* bpf_tracing.h's name ("-D__TARGET_ARCH_" CLANG), the syscall prefix ("__arm64_"); NULL: none. */
const char *tp_arch__clang(unsigned int arch);
const char *tp_arch__syscall_prefix(unsigned int arch);
/* tetragon.SyscallId's abi of a native (or compat) syscall on arch, NULL for none */
const char *tp_arch__syscall_abi(unsigned int arch, bool compat);
/* This machine's, by uname(2); 0 when the table has no row for it. */
enum tp_arch tp_arch__host(void);
/* This machine's uname(2) machine ("x86_64"), "unknown" when uname fails. */
const char *tp_arch__host_machine(void);

#endif /* TP_VOCAB_H */
