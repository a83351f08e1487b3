// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * User stack frames: the files a process maps, their ELF symbols, through
 * elfutils' libdwfl. As Tetragon's pkg/procsyms: the module is the mapped
 * file's path, the offset is the address's offset in that file, the symbol
 * the function (.symtab or .dynsym of the file itself, no separate debug
 * files) that holds it, or none. One Dwfl per process, kept for its later
 * events and after it exits, until its exit record: an event read after the
 * process is gone still resolves if an earlier one of it was.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <elfutils/libdwfl.h>
#include <gelf.h>

#include "stack.h"

#define CACHED 16 /* processes whose maps are kept */

struct cached {
	Dwfl *dwfl; /* NULL: a free entry */
	uint32_t pid;
	uint64_t ktime; /* the process's start: a reused pid is another process */
	uint64_t used;	/* the least recently used entry goes first */
};

struct tp_usyms {
	struct cached c[CACHED];
	uint64_t tick;
};

/* Symbols from the mapped file only: never a debuginfod or debug-file search. */
static int no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
			const char *file_name, const char *debuglink_file, GElf_Word debuglink_crc,
			char **debuginfo_file_name)
{
	return -1;
}

static const Dwfl_Callbacks callbacks = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = no_debuginfo,
};

struct tp_usyms *tp_usyms__new(void)
{
	return calloc(1, sizeof(struct tp_usyms));
}

static void drop(struct cached *c)
{
	dwfl_end(c->dwfl);
	memset(c, 0, sizeof(*c));
}

void tp_usyms__free(struct tp_usyms *u)
{
	size_t i;

	if (!u)
		return;
	for (i = 0; i < CACHED; i++)
		if (u->c[i].dwfl)
			drop(&u->c[i]);
	free(u);
}

void tp_usyms__forget(struct tp_usyms *u, uint32_t pid)
{
	size_t i;

	for (i = 0; i < CACHED; i++)
		if (u->c[i].dwfl && u->c[i].pid == pid)
			drop(&u->c[i]);
}

/* A Dwfl of the files process pid maps now; NULL when it has gone. */
static Dwfl *report(uint32_t pid)
{
	Dwfl *d = dwfl_begin(&callbacks);
	int err;

	if (!d)
		return NULL;
	dwfl_report_begin(d);
	err = dwfl_linux_proc_report(d, (pid_t)pid);
	if (dwfl_report_end(d, NULL, NULL) || err) {
		dwfl_end(d);
		return NULL;
	}
	return d;
}

/* The entry of the process, made (its maps read) when there is none. */
static struct cached *lookup(struct tp_usyms *u, uint32_t pid, uint64_t ktime, bool *fresh)
{
	struct cached *c = NULL;
	size_t i;

	*fresh = false;
	for (i = 0; i < CACHED; i++)
		if (u->c[i].dwfl && u->c[i].pid == pid) {
			if (u->c[i].ktime == ktime) {
				u->c[i].used = ++u->tick;
				return &u->c[i];
			}
			drop(&u->c[i]); /* the pid is another process's now */
		}
	for (i = 0; i < CACHED; i++)
		if (!c || !u->c[i].dwfl || (c->dwfl && u->c[i].used < c->used))
			c = &u->c[i];
	if (c->dwfl)
		drop(c);
	c->dwfl = report(pid);
	if (!c->dwfl)
		return NULL;
	c->pid = pid;
	c->ktime = ktime;
	c->used = ++u->tick;
	*fresh = true;
	return c;
}

/* Read the maps again (a dlopen since): kept only if the process is still there. */
static bool refresh(struct cached *c)
{
	Dwfl *d = report(c->pid);

	if (!d)
		return false;
	dwfl_end(c->dwfl);
	c->dwfl = d;
	return true;
}

/* addr's offset in the module's file: through the PT_LOAD segment that maps it. */
static uint64_t file_offset(Dwfl_Module *m, uint64_t addr, uint64_t start)
{
	GElf_Addr bias;
	Elf *elf = dwfl_module_getelf(m, &bias);
	GElf_Phdr ph;
	size_t n, i;

	if (elf && !elf_getphdrnum(elf, &n))
		for (i = 0; i < n; i++) {
			if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD)
				continue;
			if (addr - bias >= ph.p_vaddr && addr - bias < ph.p_vaddr + ph.p_memsz)
				return addr - bias - ph.p_vaddr + ph.p_offset;
		}
	return addr - start;
}

/* One frame of a module; false when addr is in none of them. */
static bool frame(Dwfl_Module *m, uint64_t addr, struct tp_stack_frame *f)
{
	Dwarf_Addr start;
	const char *name, *sym;
	GElf_Sym s;
	GElf_Off off;

	name = dwfl_module_info(m, NULL, &start, NULL, NULL, NULL, NULL, NULL);
	f->address = addr;
	f->module = name ? name : "";
	f->offset = file_offset(m, addr, start);
	f->symbol = "";
	sym = dwfl_module_addrinfo(m, addr, &off, &s, NULL, NULL, NULL);
	/* a function that holds addr, as Tetragon asks of the symbols it reads */
	if (sym && off < s.st_size &&
	    (GELF_ST_TYPE(s.st_info) == STT_FUNC || GELF_ST_TYPE(s.st_info) == STT_GNU_IFUNC))
		f->symbol = sym;
	return true;
}

size_t tp_usyms__resolve(struct tp_usyms *u, uint32_t pid, uint64_t ktime, const uint64_t *addr,
			 size_t n, struct tp_stack_frame *out)
{
	struct cached *c;
	Dwfl_Module *m;
	bool fresh;
	size_t i, k = 0;

	c = lookup(u, pid, ktime, &fresh);
	for (i = 0; c && i < n; i++) {
		m = dwfl_addrmodule(c->dwfl, addr[i]);
		if (!m && !fresh) { /* mapped since its maps were read (dlopen): once an event */
			fresh = true;
			if (refresh(c))
				m = dwfl_addrmodule(c->dwfl, addr[i]);
		}
		if (m && frame(m, addr[i], &out[k]))
			k++;
	}
	return k;
}
