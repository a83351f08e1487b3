// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The operator table (ops.h), expanded once. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ops.h"

static const struct tp_op_info ops[TP_OP__MAX] = {
#define ROW(id, name, base, neg, where, net, priv) \
	[TP_OP_##id] = { name, TP_BASE_##base, neg, where, TP_NF_##net, priv },
	TP_OPS(ROW)
#undef ROW
};

static const struct {
	const char *name;
	enum tp_op op;
} aliases[] = {
#define ROW(name, id) { name, TP_OP_##id },
	TP_OP_ALIASES(ROW)
#undef ROW
};

const struct tp_op_info *tp_op__info(enum tp_op op)
{
	return op > TP_OP_NONE && op < TP_OP__MAX ? &ops[op] : NULL;
}

static bool equals_nocase(const char *name, size_t len, const char *s)
{
	return strlen(s) == len && !strncasecmp(name, s, len);
}

enum tp_op tp_op__by_name(const char *name, size_t len)
{
	size_t i;

	for (i = TP_OP_NONE + 1; i < TP_OP__MAX; i++)
		if (equals_nocase(name, len, ops[i].name))
			return (enum tp_op)i;
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (equals_nocase(name, len, aliases[i].name))
			return aliases[i].op;
	return TP_OP_NONE;
}

const char *tp_op__names(unsigned int where)
{
	static char buf[3][512];
	static int next;
	char *out = buf[next++ % 3];
	size_t i, n = 0, count = 0, k = 0;

	for (i = TP_OP_NONE + 1; i < TP_OP__MAX; i++)
		count += ops[i].base != TP_BASE_NONE && (ops[i].where & where);
	out[0] = '\0';
	for (i = TP_OP_NONE + 1; i < TP_OP__MAX && n < sizeof(buf[0]); i++) {
		if (ops[i].base == TP_BASE_NONE || !(ops[i].where & where))
			continue;
		k++;
		n += snprintf(out + n, sizeof(buf[0]) - n, "%s%s",
			      k == 1	   ? ""
			      : k == count ? " or "
					   : ", ",
			      ops[i].name);
	}
	return out;
}
