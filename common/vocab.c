// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The vocabulary tables of include/tp/, expanded once into lookups. */
#include <string.h>
#include <sys/utsname.h>

#include <tp/event.h>

#include "vocab.h"
#include "words.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* --- argument types -------------------------------------------------------- */

static const struct tp_arg_type_info arg_types[TP_ARG__MAX] = {
#define ROW(id, name, cls, size, sgn, flags, capt, ktype, reader, json, print, compact) \
	[TP_ARG_##id] = { name,		  TP_ACL_##cls, size,	sgn,  flags,            \
			  TP_CAPT_##capt, ktype,	reader, json, TP_COMPACT_##compact },
	TP_ARG_TYPES(ROW)
#undef ROW
};

static const struct {
	const char *name;
	enum tp_arg_type type;
} arg_aliases[] = {
#define ROW(name, id) { name, TP_ARG_##id },
	TP_ARG_ALIASES(ROW)
#undef ROW
};

const struct tp_arg_type_info *tp_arg_type__info(enum tp_arg_type t)
{
	return t > TP_ARG_NONE && t < TP_ARG__MAX ? &arg_types[t] : NULL;
}

const char *tp_arg_type__name(enum tp_arg_type t)
{
	if (t == TP_ARG_NONE)
		return "auto";
	return tp_arg_type__info(t) ? arg_types[t].name : "unknown";
}

static bool equals(const char *name, size_t len, const char *s)
{
	return strlen(s) == len && !memcmp(name, s, len);
}

int tp_arg_type__by_name(const char *name, size_t len)
{
	size_t i;

	if (equals(name, len, "auto"))
		return TP_ARG_NONE;
	for (i = TP_ARG_NONE + 1; i < TP_ARG__MAX; i++)
		if (equals(name, len, arg_types[i].name))
			return (int)i;
	for (i = 0; i < ARRAY_SIZE(arg_aliases); i++)
		if (equals(name, len, arg_aliases[i].name))
			return arg_aliases[i].type;
	return -1;
}

enum tp_arg_type tp_arg_type__by_ktype(const char *ktype)
{
	size_t i;

	for (i = TP_ARG_NONE + 1; ktype && i < TP_ARG__MAX; i++)
		if (arg_types[i].ktype && !strcmp(ktype, arg_types[i].ktype))
			return (enum tp_arg_type)i;
	return TP_ARG_NONE;
}

enum tp_arg_type tp_arg_type__int_of(int size, bool is_signed)
{
	size_t i;

	for (i = TP_ARG_NONE + 1; i < TP_ARG__MAX; i++)
		if (arg_types[i].cls == TP_ACL_INT && arg_types[i].size == size &&
		    arg_types[i].is_signed == is_signed)
			return (enum tp_arg_type)i;
	return TP_ARG_NONE;
}

static bool names_has(size_t i, enum tp_arg_class cls, unsigned int flags)
{
	return (cls == TP_ACL_NONE || arg_types[i].cls == cls) &&
	       (arg_types[i].flags & flags) == flags;
}

const char *tp_arg_type__names(enum tp_arg_class cls, unsigned int flags)
{
	static char buf[2][256];
	static int next;
	const char *names[TP_ARG__MAX];
	size_t i, n = 0;

	for (i = TP_ARG_NONE + 1; i < TP_ARG__MAX; i++)
		if (names_has(i, cls, flags))
			names[n++] = arg_types[i].name;
	return tp_words__join_or(buf[next++ % 2], sizeof(buf[0]), names, n);
}

enum tp_arg_class tp_arg_type__class(enum tp_arg_type t)
{
	return tp_arg_type__info(t) ? arg_types[t].cls : TP_ACL_NONE;
}

int tp_arg_type__size(enum tp_arg_type t)
{
	return tp_arg_type__info(t) ? arg_types[t].size : 0;
}

bool tp_arg_type__is_signed(enum tp_arg_type t)
{
	return tp_arg_type__info(t) && arg_types[t].is_signed;
}

bool tp_arg_type__has(enum tp_arg_type t, unsigned int flags)
{
	return tp_arg_type__info(t) && (arg_types[t].flags & flags);
}

static const struct {
	enum tp_arg_type type;
	int size;
	bool is_signed, parse_signed;
} filter_ints[] = {
#define ROW(id, size, sgn, psgn) { TP_ARG_##id, size, sgn, psgn },
	TP_ARG_FILTER_INTS(ROW)
#undef ROW
};

static int filter_row(enum tp_arg_type t)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(filter_ints); i++)
		if (filter_ints[i].type == t)
			return (int)i;
	return -1;
}

int tp_arg_type__filter_size(enum tp_arg_type t)
{
	int r = filter_row(t);

	return r < 0 ? tp_arg_type__size(t) : filter_ints[r].size;
}

bool tp_arg_type__filter_signed(enum tp_arg_type t)
{
	int r = filter_row(t);

	return r < 0 ? tp_arg_type__is_signed(t) : filter_ints[r].is_signed;
}

bool tp_arg_type__parse_signed(enum tp_arg_type t)
{
	int r = filter_row(t);

	return r < 0 ? tp_arg_type__is_signed(t) : filter_ints[r].parse_signed;
}

unsigned int tp_arg_type__capture_bytes(enum tp_arg_type t)
{
	switch (tp_arg_type__info(t) ? arg_types[t].capture : TP_CAPT_U64) {
	case TP_CAPT_STR:
		return TP_STR_MAX;
	case TP_CAPT_BUF:
		return TP_BUF_MAX;
	case TP_CAPT_OBJ:
		return TP_OBJ_MAX;
	default:
		return 8;
	}
}

/* --- actions --------------------------------------------------------------- */

static const struct {
	const char *name;
	const char *id;
	const char *proto;
	bool built;
	bool enforces;
} actions[TP_ACT__MAX] = {
#define ROW(id, num, name, built, enforces) \
	[num] = { name, #id, "KPROBE_ACTION_" #id, built, enforces },
	TP_ACTIONS(ROW)
#undef ROW
};

static const struct {
	const char *name;
	enum tp_action action;
} action_aliases[] = {
#define ROW(name, id) { name, TP_ACT_##id },
	TP_ACTION_ALIASES(ROW)
#undef ROW
};

enum tp_action tp_action__by_name(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < TP_ACT__MAX; i++)
		if (actions[i].name && tp_words__eq_nocase(name, len, actions[i].name))
			return (enum tp_action)i;
	for (i = 0; i < ARRAY_SIZE(action_aliases); i++)
		if (tp_words__eq_nocase(name, len, action_aliases[i].name))
			return action_aliases[i].action;
	return TP_ACT_UNKNOWN;
}

const char *tp_action__name(unsigned int action)
{
	return action < TP_ACT__MAX ? actions[action].name : NULL;
}

const char *tp_action__proto_name(unsigned int action)
{
	if (action == TP_ACT_UNKNOWN)
		return "KPROBE_ACTION_UNKNOWN";
	return action < TP_ACT__MAX ? actions[action].proto : NULL;
}

const char *tp_action__id(unsigned int action)
{
	if (action == TP_ACT_UNKNOWN)
		return "UNKNOWN";
	return action < TP_ACT__MAX ? actions[action].id : NULL;
}

bool tp_action__built(enum tp_action action)
{
	return action < TP_ACT__MAX && actions[action].built;
}

bool tp_action__enforces(enum tp_action action)
{
	return action < TP_ACT__MAX && actions[action].enforces;
}

/* --- signals --------------------------------------------------------------- */

static const char *const signal_names[TP_SIG_NAMED_MAX + 1] = {
#define ROW(num, name) [num] = #name,
	TP_SIGNALS(ROW)
#undef ROW
};

const char *tp_signal__name(unsigned int sig)
{
	return sig < ARRAY_SIZE(signal_names) ? signal_names[sig] : NULL;
}

/* --- attach variants ------------------------------------------------------- */

static const struct {
	const char *name;
	bool trampoline;
} variants[TP_VAR__MAX] = {
#define ROW(id, num, name, tramp) [num] = { name, tramp },
	TP_VARIANT_KINDS(ROW)
#undef ROW
};

const char *tp_variant__name(enum tp_variant_kind kind)
{
	return kind < TP_VAR__MAX && variants[kind].name ? variants[kind].name : "?";
}

enum tp_variant_kind tp_variant__by_name(const char *name)
{
	size_t k;

	for (k = 0; k < TP_VAR__MAX; k++)
		if (variants[k].name && !strcmp(name, variants[k].name))
			return (enum tp_variant_kind)k;
	return 0;
}

bool tp_variant__is_trampoline(enum tp_variant_kind kind)
{
	return kind < TP_VAR__MAX && variants[kind].trampoline;
}

/* --- architectures --------------------------------------------------------- */

static const struct {
	unsigned int num;
	const char *name, *uname, *clang, *prefix, *abi, *abi32;
} arches[] = {
#define ROW(id, num, name, uname, clang, prefix, abi, abi32) \
	{ num, name, uname, clang, prefix, abi, abi32 },
	TP_ARCHES(ROW)
#undef ROW
};

enum tp_arch tp_arch__by_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (!strcmp(name, arches[i].name) || !strcmp(name, arches[i].uname))
			return (enum tp_arch)arches[i].num;
	return TP_ARCH_NONE;
}

static size_t arch_row(unsigned int arch)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i].num == arch)
			break;
	return i;
}

const char *tp_arch__name(unsigned int arch)
{
	size_t i = arch_row(arch);

	return i < ARRAY_SIZE(arches) ? arches[i].name : NULL;
}

const char *tp_arch__clang(unsigned int arch)
{
	size_t i = arch_row(arch);

	return i < ARRAY_SIZE(arches) ? arches[i].clang : NULL;
}

const char *tp_arch__syscall_prefix(unsigned int arch)
{
	size_t i = arch_row(arch);

	return i < ARRAY_SIZE(arches) ? arches[i].prefix : NULL;
}

const char *tp_arch__syscall_abi(unsigned int arch, bool compat)
{
	size_t i = arch_row(arch);

	if (i >= ARRAY_SIZE(arches))
		return NULL;
	return compat ? arches[i].abi32 : arches[i].abi;
}

const char *tp_arch__host_machine(void)
{
	static struct utsname u;

	if (!u.machine[0] && uname(&u))
		return "unknown";
	return u.machine;
}

enum tp_arch tp_arch__host(void)
{
	return tp_arch__by_name(tp_arch__host_machine());
}
