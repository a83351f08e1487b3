// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The operator table (ops.h), expanded once. */
#include <string.h>

#include "ops.h"
#include "words.h"

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

enum tp_op tp_op__by_name(const char *name, size_t len)
{
	size_t i;

	for (i = TP_OP_NONE + 1; i < TP_OP__MAX; i++)
		if (strlen(ops[i].name) == len && !memcmp(name, ops[i].name, len))
			return (enum tp_op)i;
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strlen(aliases[i].name) == len && !memcmp(name, aliases[i].name, len))
			return aliases[i].op;
	return TP_OP_NONE;
}

const char *tp_op__names(unsigned int where)
{
	static char buf[3][512];
	static int next;
	const char *names[TP_OP__MAX];
	size_t i, n = 0;

	for (i = TP_OP_NONE + 1; i < TP_OP__MAX; i++)
		if (ops[i].base != TP_BASE_NONE && (ops[i].where & where))
			names[n++] = ops[i].name;
	return tp_words__join_or(buf[next++ % 3], sizeof(buf[0]), names, n);
}
