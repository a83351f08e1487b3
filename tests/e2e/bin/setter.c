// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * USDT target of the Set action: for each argument N fires the probe
 * tpgen:set3(RET, N, WIDE) (a <sys/sdt.h> note), where RET is a 4-byte int
 * and WIDE an 8-byte long, both 0 and kept in memory (volatile), and N sits
 * in a register; then prints "setter: N -> RET WIDE", what a Set made of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		volatile int ret = 0;
		volatile long wide = 0;
		int n = atoi(argv[i]);

		DTRACE_PROBE3(tpgen, set3, ret, n, wide);
		printf("setter: %d -> %d %ld\n", n, ret, wide);
	}
	return 0;
}
