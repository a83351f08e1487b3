/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * .tp.meta in memory: the reader tprun uses and the writer tpgen uses. Both
 * speak "views": plain structs whose strings point into the section (reader)
 * or into the caller's memory (writer).
 */
#ifndef TP_META_API_H
#define TP_META_API_H

#include <stddef.h>
#include <stdint.h>

#include "tp_meta.h"

struct tp_meta_arg_view {
	uint32_t index;
	enum tp_arg_type type;
	const char *label;	/* "" when none */
	uint32_t size_arg;	/* 1-based, 0 none */
	uint32_t max_len;
	const char *field_name;	/* "" unless a tracepoint field */
	uint32_t field_off;
	uint32_t field_size;
};

struct tp_meta_variant_view {
	enum tp_variant_kind kind;
	const char *target;
	const char *target_exit;	/* "" when none */
	const char *prog;
	const char *prog_exit;		/* "" when none */
};

struct tp_meta_hook_view {
	enum tp_hook_kind kind;
	uint32_t flags;			/* TP_HOOKF_* */
	const char *call;
	const char *function_name;
	const char *subsys;
	const char *event;
	const char *message;		/* "" when none */
	const char **tags;
	size_t ntags;
	struct tp_meta_arg_view *args;
	size_t nargs;
	struct tp_meta_arg_view ret;	/* ret.type == TP_ARG_NONE: no return arg */
	struct tp_meta_variant_view *variants;
	size_t nvariants;
	uint32_t line;
};

struct tp_meta_fill_view {
	const char *map_name;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t count;
	const void *data;		/* count * (key_size + value_size) bytes */
};

struct tp_meta;

/*
 * Validate and decode a .tp.meta section. The data must outlive the result.
 * On error returns NULL, sets errno (EINVAL for a malformed section,
 * EPROTO for a foreign version) and writes a one-line reason into err.
 */
struct tp_meta *tp_meta__parse(const void *data, size_t size, char *err, size_t errlen);
void tp_meta__free(struct tp_meta *m);

const char *tp_meta__policy_name(const struct tp_meta *m);
size_t tp_meta__hook_cnt(const struct tp_meta *m);
const struct tp_meta_hook_view *tp_meta__hook(const struct tp_meta *m, size_t i);
size_t tp_meta__fill_cnt(const struct tp_meta *m);
const struct tp_meta_fill_view *tp_meta__fill(const struct tp_meta *m, size_t i);

/* Writer: deterministic output for the same sequence of calls. */
struct tp_meta_writer;

struct tp_meta_writer *tp_meta_writer__new(const char *policy_name);
int tp_meta_writer__add_hook(struct tp_meta_writer *w, const struct tp_meta_hook_view *h);
int tp_meta_writer__add_fill(struct tp_meta_writer *w, const struct tp_meta_fill_view *f);
/* On success *data is malloc'd and owned by the caller. */
int tp_meta_writer__finish(struct tp_meta_writer *w, void **data, size_t *size);
void tp_meta_writer__free(struct tp_meta_writer *w);

#endif /* TP_META_API_H */
