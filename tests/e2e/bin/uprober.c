// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Uprobe target: calls tp_probed(N, TEXT) for each N TEXT pair of its
 * arguments, and tp_probed_rec with a record made of them (uprober.h), then
 * exits 0. tp_probed is not inlined, so a uprobe on its
 * symbol sees each call; it returns N * 2, for return probes.
 * Prints "uprober: done SUM semaphore N" at the end, so a test can tell a
 * completed run, and what its semaphore tp_probed_semaphore held.
 */
#include <stdio.h>
#include <stdlib.h>

#include "uprober.h"

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

/* a record in user memory, for uprobes that resolve its fields (btfPath): five times */
__attribute__((noinline, used)) void tp_probed_rec(const struct tp_rec *r0, const struct tp_rec *r1,
						   const struct tp_rec *r2, const struct tp_rec *r3,
						   const struct tp_rec *r4)
{
	__asm__ volatile("" : : "r"(r0), "r"(r1), "r"(r2), "r"(r3), "r"(r4) : "memory");
}

int main(int argc, char **argv)
{
	int i, sum = 0;

	for (i = 1; i + 1 < argc; i += 2) {
		int n = atoi(argv[i]);
		struct tp_inner next = { .v64 = 5ul * n, .v32 = 7u * n };
		struct tp_rec r = {
			.v8 = 1,
			.v16 = 2,
			.v32 = n,
			.v64 = 4,
			.sub = { .v32 = 3u * n },
			.name = argv[i + 1],
			.next = &next,
			.arr = { 0, 0, 11u * n, 0 },
		};

		sum += tp_probed(n, argv[i + 1]);
		tp_probed_rec(&r, &r, &r, &r, &r);
	}
	printf("uprober: done %d semaphore %u\n", sum, tp_probed_semaphore);
	return 0;
}
