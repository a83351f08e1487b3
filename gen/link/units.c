// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A policy with many programs compiled as two objects side by side, one a
 * core (clang spends its time optimising and emitting each program, once for
 * each attach variant of a hook), then linked by libbpf's linker as the
 * process table's object is (compile.c). The generated file keeps each hook
 * between "#if TP_UNIT(hook)" and "#endif" (gen/emit/hook.c), and what it
 * defines once for all between "#if TP_UNIT(-1)" and "#endif"; a unit's
 * source is the file with the other unit's blocks blanked, line for line, so
 * that its lines are the file's and its object can be kept in the cache by
 * its source (cache.c): a hook that did not change is not compiled again.
 * Which hook goes where depends only on the file, so the same policy gives
 * the same bytes. A program's code is the same in either unit: its hook's
 * functions are its own (static, always inlined).
 *
 * What the templates define (maps, read-only variables, functions) is in both
 * objects; the second's copies are made weak, so that the linker keeps the
 * first's (the definitions are the same, which it checks).
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "sections.h"
#include "units.h"

/* the largest generated file read for its hooks */
#define SRC_MAX (64u << 20)

/*
 * Fewer programs than this are not worth a second clang: a second unit costs
 * some 80 ms of CPU (starting clang, reading the headers, optimising the
 * helpers the hooks share once more), which only a policy of some 200 ms
 * gains back in wall-clock time, on a machine with a core to spare.
 */
#define SPLIT_MIN_PROGS 12

/* A hook's blocks (a fused group's hooks and programs share an id): their size, their unit. */
struct block {
	int id;
	size_t bytes, progs;
	unsigned long long weight;
	int unit;
};

struct blocks {
	struct block *b;
	int n;
};

static bool starts(const char *line, const char *end, const char *with)
{
	size_t n = strlen(with);

	return (size_t)(end - line) >= n && !memcmp(line, with, n);
}

/* The block of id, added if new: NULL without memory. */
static struct block *block_of(struct blocks *s, int id)
{
	struct block *nb;
	int i;

	for (i = 0; i < s->n; i++)
		if (s->b[i].id == id)
			return &s->b[i];
	nb = realloc(s->b, (s->n + 1) * sizeof(*nb));
	if (!nb)
		return NULL;
	s->b = nb;
	s->b[s->n] = (struct block){ .id = id };
	return &s->b[s->n++];
}

/*
 * Walk text's lines: with s->n == 0 before, gather the blocks; else write to
 * f each line, blanked if inside a block of another unit than unit.
 */
static int walk(const char *text, size_t len, struct blocks *s, FILE *f, int unit)
{
	const char *line, *end = text + len, *nl;
	struct block *cur = NULL;
	bool gather = !f;
	int id;

	for (line = text; line < end; line = nl + 1) {
		nl = memchr(line, '\n', end - line);
		if (!nl)
			nl = end;
		if (cur && starts(line, nl, "#endif /* TP_UNIT(")) {
			cur = NULL;
		} else if (!cur && starts(line, nl, "#if TP_UNIT(") &&
			   sscanf(line, "#if TP_UNIT(%d)", &id) == 1) {
			cur = block_of(s, id);
			if (!cur)
				return -ENOMEM;
			if (f)
				fprintf(f, "%.*s\n", (int)(nl - line), line);
			continue;
		} else if (cur && gather) {
			cur->bytes += nl - line + 1;
			cur->progs += starts(line, nl, "SEC(");
		}
		if (f)
			fprintf(f, "%.*s\n", cur && cur->unit != unit ? 0 : (int)(nl - line), line);
	}
	return 0;
}

/* heaviest first, then by id: the same file, the same order */
static int by_weight(const void *a, const void *b)
{
	const struct block *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return x->id - y->id;
}

/* Into their units, the blocks (the heaviest first, each to the lighter unit): false if one is
 * enough. */
static bool split(struct blocks *s)
{
	unsigned long long load[2] = { 0, 0 };
	size_t progs = 0;
	int i, hooks = 0;

	for (i = 0; i < s->n; i++) {
		/* a hook's body is optimised once for each of its programs */
		s->b[i].weight = (unsigned long long)s->b[i].bytes * (s->b[i].progs ?: 1);
		progs += s->b[i].progs;
		hooks += s->b[i].id >= 0;
	}
	if (hooks < 2 || progs < SPLIT_MIN_PROGS)
		return false;
	qsort(s->b, s->n, sizeof(*s->b), by_weight);
	for (i = 0; i < s->n; i++) {
		/* what the policy defines once is the first unit's (tp_units__weaken) */
		s->b[i].unit = s->b[i].id < 0 ? 0 : load[1] < load[0];
		load[s->b[i].unit] += s->b[i].weight;
	}
	return true;
}

static int write_unit(const char *text, size_t len, struct blocks *s, const char *path, int unit)
{
	FILE *f = fopen(path, "we");
	int err;

	if (!f)
		return -errno;
	err = walk(text, len, s, f, unit);
	if (ferror(f) && !err)
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

int tp_units__write(const char *src, const char *const unit[2])
{
	struct blocks s = { NULL, 0 };
	size_t len;
	char *text;
	int err, i;

	err = tp_file__read(src, SRC_MAX, &text, &len);
	if (err)
		return err < 0 ? err : -EFBIG;
	err = walk(text, len, &s, NULL, 0);
	if (!err)
		err = split(&s) ? 2 : 1;
	for (i = 0; err == 2 && i < 2; i++) {
		int werr = write_unit(text, len, &s, unit[i], i);

		if (werr)
			err = werr;
	}
	free(text);
	free(s.b);
	return err;
}

static Elf_Scn *symtab(Elf *elf, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, sh) && sh->sh_type == SHT_SYMTAB)
			return scn;
	return NULL;
}

/* Whether sym is a definition both units make: a variable, a map, a function that is no program. */
static bool shared(Elf *elf, size_t shstrndx, const GElf_Sym *sym)
{
	Elf_Scn *scn;
	GElf_Shdr sh;
	const char *name;

	if (GELF_ST_BIND(sym->st_info) != STB_GLOBAL || sym->st_shndx == SHN_UNDEF ||
	    sym->st_shndx >= SHN_LORESERVE)
		return false;
	if (GELF_ST_TYPE(sym->st_info) == STT_OBJECT)
		return true;
	scn = elf_getscn(elf, sym->st_shndx);
	if (!scn || !gelf_getshdr(scn, &sh))
		return false;
	name = elf_strptr(elf, shstrndx, sh.sh_name);
	return GELF_ST_TYPE(sym->st_info) == STT_FUNC && name && !strcmp(name, ".text");
}

static int weaken(Elf *elf, size_t shstrndx, void *ctx)
{
	Elf_Data *data;
	GElf_Shdr sh;
	GElf_Sym sym;
	Elf_Scn *scn;
	size_t i, n;

	(void)ctx;
	scn = symtab(elf, &sh);
	data = scn ? elf_getdata(scn, NULL) : NULL;
	if (!data || !sh.sh_entsize)
		return -EINVAL;
	n = sh.sh_size / sh.sh_entsize;
	for (i = 0; i < n; i++) {
		if (!gelf_getsym(data, i, &sym) || !shared(elf, shstrndx, &sym))
			continue;
		sym.st_info = GELF_ST_INFO(STB_WEAK, GELF_ST_TYPE(sym.st_info));
		if (!gelf_update_sym(data, i, &sym))
			return -EINVAL;
	}
	elf_flagdata(data, ELF_C_SET, ELF_F_DIRTY);
	return 0;
}

int tp_units__weaken(const char *obj)
{
	return tp_obj__edit(obj, weaken, NULL);
}
