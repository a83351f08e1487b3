/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The record uprober passes to tp_probed_rec: tests/e2e/test_uprobe.sh makes
 * BTF of it (btfPath) and resolves its fields from the uprobe's arg.
 */
#ifndef UPROBER_H
#define UPROBER_H

struct tp_inner {
	unsigned long v64;
	unsigned char v8;
	unsigned int v32;
};

struct tp_rec {
	unsigned char v8;
	unsigned short v16;
	unsigned int v32;
	unsigned long v64;
	struct tp_inner sub;
	const char *name;
	struct tp_inner *next;
	unsigned int arr[4];
};

#endif
