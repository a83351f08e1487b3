// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * USDT target: fires the probe tpgen:probe2(N, TEXT) for each N TEXT pair of
 * its arguments (a <sys/sdt.h> note, systemtap-sdt-dev), and tpgen:rec with a
 * record made of them (uprober.h), then exits 0.
 * Prints "usdter: done" at the end, so a test can tell a completed run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>

#include "uprober.h"

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i + 1 < argc; i += 2) {
		long n = atol(argv[i]);
		const char *text = argv[i + 1];

		struct tp_inner next = { .v64 = 5ul * n };
		struct tp_rec r = { .v32 = (unsigned int)n, .name = text, .next = &next };
		struct tp_rec *p = &r;

		DTRACE_PROBE2(tpgen, probe2, n, text);
		/* the record three times, for usdts that resolve its fields (btfPath) */
		DTRACE_PROBE3(tpgen, rec, p, p, p);
	}
	printf("usdter: done\n");
	return 0;
}
