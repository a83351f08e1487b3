// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The register table (regs.h), expanded once. */
#include <stddef.h>
#include <string.h>

#include "regs.h"

static const struct {
	const char *field;
	const char *names[4]; /* reading 8, 4, 2, 1 bytes */
} regs[TP_REG__N] = {
#define ROW(id, field, n64, n32, n16, n8) [TP_REG_##id] = { field, { n64, n32, n16, n8 } },
	TP_PT_REGS(ROW)
#undef ROW
};

enum tp_reg tp_reg__by_name(const char *name, int *size)
{
	int r, i;

	for (r = TP_REG_NONE + 1; r < TP_REG__N; r++)
		for (i = 0; i < 4; i++)
			if (regs[r].names[i] && !strcmp(regs[r].names[i], name)) {
				*size = 8 >> i;
				return (enum tp_reg)r;
			}
	return TP_REG_NONE;
}

const char *tp_reg__field(enum tp_reg r)
{
	return r > TP_REG_NONE && r < TP_REG__N ? regs[r].field : NULL;
}
