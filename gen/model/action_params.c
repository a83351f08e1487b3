// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The action parameter table (action_params.h), expanded once. */
#include <stdio.h>

#include "action_params.h"
#include "vocab.h"

static const struct {
	const char *key;
	unsigned int users;
} params[TP_AP__N] = {
#define ROW(id, key, users) [TP_AP_##id] = { key, users },
	TP_ACTION_PARAMS(ROW)
#undef ROW
};

const char *tp_action_param__key(enum tp_action_param p)
{
	return p < TP_AP__N ? params[p].key : "?";
}

bool tp_action_param__read_by(enum tp_action_param p, enum tp_action action)
{
	return p < TP_AP__N && action < 32 && (params[p].users & (1u << action));
}

const char *tp_action_param__readers(enum tp_action_param p, char *buf, size_t size)
{
	unsigned int users = p < TP_AP__N ? params[p].users : 0, a, left;
	size_t len = 0;

	buf[0] = 0;
	for (a = 0; a < TP_ACT__MAX && a < 32; a++) {
		if (!(users & (1u << a)) || !tp_action__name(a))
			continue;
		left = __builtin_popcount(users >> a) - 1; /* readers after this one */
		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
					tp_action__name(a),
					left > 1    ? ", "
					: left == 1 ? " or "
						    : "");
		if (len >= size)
			break;
	}
	return buf;
}
