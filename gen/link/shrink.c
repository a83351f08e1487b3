// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Two steps, both through libraries. libbpf's static linker (what
 * `bpftool gen object` runs) copies an object without its DWARF and without
 * the relocations clang leaves against .BTF and .BTF.ext, which libbpf never
 * applies; then, with libelf, .BTF and .BTF.ext are replaced by their cut
 * (btf_min.c), which nothing else points into once those relocations are gone.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "btf_min.h"
#include "sections.h"
#include "shrink.h"

int tp_obj__link(const char *const *in, size_t n, const char *out)
{
	struct bpf_linker *l = bpf_linker__new(out, NULL);
	size_t i;
	int err = 0;

	if (!l)
		return errno ? -errno : -EINVAL;
	for (i = 0; !err && i < n; i++)
		err = bpf_linker__add_file(l, in[i], NULL);
	if (!err)
		err = bpf_linker__finalize(l);
	bpf_linker__free(l);
	return err;
}

static Elf_Data *section_data(Elf *elf, size_t shstrndx, const char *want)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh))
			return NULL;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, want))
			return elf_getdata(scn, NULL);
	}
	return NULL;
}

struct cut {
	struct tp_blob btf, ext;
};

static int replace_btf(Elf *elf, size_t shstrndx, void *ctx)
{
	struct cut *c = ctx;
	struct tp_blob btf, ext;
	Elf_Data *db, *de;
	int err;

	db = section_data(elf, shstrndx, ".BTF");
	de = section_data(elf, shstrndx, ".BTF.ext");
	if (!db || !de)
		return -EINVAL;
	btf = (struct tp_blob){ db->d_buf, db->d_size };
	ext = (struct tp_blob){ de->d_buf, de->d_size };
	err = tp_btf__minimize(&btf, &ext, &c->btf, &c->ext);
	if (err)
		return err;
	db->d_buf = c->btf.data;
	db->d_size = c->btf.size;
	de->d_buf = c->ext.data;
	de->d_size = c->ext.size;
	elf_flagdata(db, ELF_C_SET, ELF_F_DIRTY);
	elf_flagdata(de, ELF_C_SET, ELF_F_DIRTY);
	return 0;
}

int tp_obj__shrink(const char *path)
{
	char tmp[PATH_MAX];
	int err;

	if (snprintf(tmp, sizeof(tmp), "%s.linked", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	err = tp_obj__link(&path, 1, tmp);
	if (!err) {
		struct cut c = { { 0 }, { 0 } };

		err = tp_obj__edit(tmp, replace_btf, &c);
		free(c.btf.data);
		free(c.ext.data);
	}
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}
