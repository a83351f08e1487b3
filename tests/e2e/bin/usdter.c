// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * USDT target: fires the probe tpgen:probe2(N, TEXT) for each N TEXT pair of
 * its arguments (a <sys/sdt.h> note, systemtap-sdt-dev), then exits 0.
 * Prints "usdter: done" at the end, so a test can tell a completed run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i + 1 < argc; i += 2) {
		long n = atol(argv[i]);
		const char *text = argv[i + 1];

		DTRACE_PROBE2(tpgen, probe2, n, text);
	}
	printf("usdter: done\n");
	return 0;
}
