// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Uprobe target: calls tp_probed(N, TEXT) for each N TEXT pair of its
 * arguments, then exits 0. tp_probed is not inlined, so a uprobe on its
 * symbol sees each call; it returns N * 2, for return probes.
 * Prints "uprober: done SUM semaphore N" at the end, so a test can tell a
 * completed run, and what its semaphore tp_probed_semaphore held.
 */
#include <stdio.h>
#include <stdlib.h>

/*
 * A reference counter (a USDT-style semaphore) in the file's data: the kernel
 * adds one while a uprobe with refCtrOffsets pointing here is attached.
 */
__attribute__((section(".probes"), used)) volatile unsigned short tp_probed_semaphore;

__attribute__((noinline, used)) int tp_probed(int n, const char *text)
{
	/* keep the call and its arguments: the compiler may not fold it */
	__asm__ volatile("" : : "r"(text) : "memory");
	return n * 2;
}

int main(int argc, char **argv)
{
	int i, sum = 0;

	for (i = 1; i + 1 < argc; i += 2)
		sum += tp_probed(atoi(argv[i]), argv[i + 1]);
	printf("uprober: done %d semaphore %u\n", sum, tp_probed_semaphore);
	return 0;
}
