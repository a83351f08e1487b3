// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <stdlib.h>
#include <string.h>

#include "vec.h"

void *tp_vec__push(void *arr, size_t *n, size_t size)
{
	char **a = arr, *grown = realloc(*a, (*n + 1) * size);

	if (!grown)
		return NULL;
	*a = grown;
	memset(grown + *n * size, 0, size);
	return grown + (*n)++ * size;
}

void *tp_vec__calloc(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}
