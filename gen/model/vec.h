/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Arrays that grow one element at a time: the policy model's and the plan's. */
#ifndef TP_VEC_H
#define TP_VEC_H

#include <stddef.h>

/*
 * Append a zeroed element to the array *arr of *n elements of size bytes and
 * return it (*n counts it); NULL, with the array as it was, when out of memory.
 */
void *tp_vec__push(void *arr, size_t *n, size_t size);
/* n zeroed elements of size bytes; a valid pointer for n == 0 too. NULL on failure. */
void *tp_vec__calloc(size_t n, size_t size);

#endif /* TP_VEC_H */
