/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Unit tests of the printers: a tp_output (node "node1") writing into memory,
 * fed hand-built records (records.h), and what it wrote since last asked.
 */
#ifndef TP_TEST_OUTCAP_H
#define TP_TEST_OUTCAP_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link/meta_write.h"
#include "output/ktime.h"
#include "meta.h"
#include "output.h"
#include "records.h"

#define NS 1000000000LL
#define T0 1643738516LL /* boot time 0 is 2022-02-01T18:01:56Z */

static void *meta_data;
static struct tp_meta *meta;
static struct tp_proc_cache *cache;
static struct tp_output *out;
static FILE *mem;
static char *mem_buf; /* the whole run's output */
static size_t mem_len, mem_seen;

/* .tp.meta of policy with hooks h[0..n), parsed; *data holds its bytes (free both) */
static inline struct tp_meta *outcap_meta(const char *policy, const struct tp_meta_hook_view *h,
					  size_t n, void **data)
{
	struct tp_meta_writer *w = tp_meta_writer__new(policy);
	struct tp_meta *m;
	char err[128];
	size_t i, size;

	for (i = 0; i < n; i++)
		ck_assert_int_eq(tp_meta_writer__add_hook(w, &h[i]), 0);
	ck_assert_int_eq(tp_meta_writer__finish(w, data, &size), 0);
	tp_meta_writer__free(w);
	m = tp_meta__parse(*data, size, err, sizeof(err));
	ck_assert_msg(m != NULL, "meta: %s", err);
	return m;
}

/* Each test file's hooks: fills meta and meta_data (its bytes), as outcap_meta does. */
static void build_meta(void);

/* The fixtures: a JSON or compact output of build_meta's object, boot time 0 at T0 */
static inline void open_output(enum tp_output_fmt fmt)
{
	tp_ktime_set_offset(T0 * NS);
	build_meta();
	cache = tp_proc_cache__new("node1");
	mem = open_memstream(&mem_buf, &mem_len);
	mem_seen = 0;
	out = tp_output__new(mem, fmt, "node1", meta, cache);
	ck_assert_ptr_nonnull(out);
}

static inline void setup_json(void)
{
	open_output(TP_OUT_JSON);
}

static inline void setup_compact(void)
{
	open_output(TP_OUT_COMPACT);
}

static inline void teardown(void)
{
	tp_output__free(out);
	tp_proc_cache__free(cache);
	fclose(mem);
	free(mem_buf);
	tp_meta__free(meta);
	free(meta_data);
}

/* Output written since the last call. */
static inline char *fresh(void)
{
	static char *last;
	size_t from = mem_seen;

	fflush(mem);
	mem_seen = mem_len;
	free(last);
	last = strndup(mem_buf + from, mem_len - from);
	return last;
}

#define ASSERT_OUT(want)                                                                \
	do {                                                                            \
		const char *got_ = fresh();                                             \
		ck_assert_msg(!strcmp(got_, want), "\ngot:  %s\nwant: %s", got_, want); \
	} while (0)

static inline int rec(const struct rb *b, size_t n)
{
	return tp_output__record(out, b->buf, n);
}

#endif /* TP_TEST_OUTCAP_H */
