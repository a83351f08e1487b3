// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Kernel stack frames from /proc/kallsyms, as Tetragon's pkg/ksyms reads it:
 * every symbol kept, sorted by address; a frame is the nearest symbol at or
 * below it, if that symbol is a function (t, T, w or W).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stack.h"

struct ksym {
	uint64_t addr;
	uint32_t name;	 /* offset in names */
	uint32_t module; /* offset in names of "" or the module's name */
	bool func;
};

struct tp_ksyms {
	struct ksym *syms;
	size_t n, cap;
	char *names;
	size_t len, names_cap;
	bool hidden; /* functions at address 0: kptr_restrict hides them */
};

static int add_name(struct tp_ksyms *k, const char *s, size_t n, uint32_t *off)
{
	if (k->len + n + 1 > k->names_cap) {
		size_t cap = k->names_cap ? k->names_cap * 2 : 1 << 20;
		char *p;

		while (cap < k->len + n + 1)
			cap *= 2;
		if (cap > UINT32_MAX || !(p = realloc(k->names, cap)))
			return -ENOMEM;
		k->names = p;
		k->names_cap = cap;
	}
	memcpy(k->names + k->len, s, n);
	k->names[k->len + n] = 0;
	*off = k->len;
	k->len += n + 1;
	return 0;
}

/* "ffffffff81000000 T _stext" or "ffffffffc0a01000 t foo\t[mod]" */
static int add_line(struct tp_ksyms *k, char *line)
{
	char *end, *type, *name, *mod, *save;
	struct ksym s = {};
	int err;

	s.addr = strtoull(line, &end, 16);
	type = strtok_r(end, " \t\n", &save);
	name = type ? strtok_r(NULL, " \t\n", &save) : NULL;
	mod = name ? strtok_r(NULL, " \t\n", &save) : NULL;
	if (end == line || !name || strlen(type) != 1)
		return 0; /* not a symbol line: skipped, as Tetragon does */
	s.func = strchr("tTwW", *type) != NULL;
	if (s.func && !s.addr)
		k->hidden = true;
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 4096;
		struct ksym *p = realloc(k->syms, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		k->syms = p;
		k->cap = cap;
	}
	if (mod && s.func && *mod == '[' && mod[strlen(mod) - 1] == ']')
		err = add_name(k, mod + 1, strlen(mod) - 2, &s.module);
	else
		err = add_name(k, "", 0, &s.module);
	if (!err)
		err = add_name(k, name, strlen(name), &s.name);
	if (!err)
		k->syms[k->n++] = s;
	return err;
}

static int by_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct tp_ksyms *tp_ksyms__load(const char *path)
{
	struct tp_ksyms *k = calloc(1, sizeof(*k));
	char *line = NULL;
	size_t cap = 0;
	bool sorted = true;
	FILE *f = NULL;
	int err = -ENOMEM;

	if (!k)
		goto fail;
	f = fopen(path ? path : "/proc/kallsyms", "re");
	if (!f) {
		err = -errno;
		goto fail;
	}
	while (getline(&line, &cap, f) > 0) {
		err = add_line(k, line);
		if (err)
			goto fail;
		if (k->n > 1 && k->syms[k->n - 1].addr < k->syms[k->n - 2].addr)
			sorted = false;
	}
	err = -ENOENT;
	if (!k->n)
		goto fail;
	if (!sorted) /* module symbols may come out of order */
		qsort(k->syms, k->n, sizeof(*k->syms), by_addr);
	free(line);
	fclose(f);
	return k;
fail:
	free(line);
	if (f)
		fclose(f);
	tp_ksyms__free(k);
	errno = -err;
	return NULL;
}

void tp_ksyms__free(struct tp_ksyms *k)
{
	if (!k)
		return;
	free(k->syms);
	free(k->names);
	free(k);
}

int tp_ksyms__resolve(const struct tp_ksyms *k, uint64_t addr, struct tp_stack_frame *f)
{
	size_t lo = 0, hi = k->n, mid;
	const struct ksym *s;

	if (k->hidden)
		return -EPERM;
	/* the last symbol at or below addr */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (k->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return -ENOENT;
	s = &k->syms[lo - 1];
	if (!s->func)
		return -ENOENT;
	f->symbol = k->names + s->name;
	f->module = k->names + s->module;
	f->offset = addr - s->addr;
	return 0;
}
