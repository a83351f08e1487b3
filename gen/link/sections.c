// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * With libelf: new section names are appended to .shstrtab, each section is a
 * non-allocated SHT_PROGBITS so loaders (libbpf) skip it and tprun reads it.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sections.h"

int tp_obj__edit(const char *path, tp_obj_edit_fn *edit, void *ctx)
{
	size_t shstrndx;
	Elf *elf = NULL;
	int fd, err = -EINVAL;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf = elf_begin(fd, ELF_C_RDWR, NULL);
	if (elf && !elf_getshdrstrndx(elf, &shstrndx))
		err = edit(elf, shstrndx, ctx);
	if (!err && elf_update(elf, ELF_C_WRITE) < 0)
		err = -EINVAL;
	if (elf)
		elf_end(elf);
	close(fd);
	return err;
}

struct added {
	const struct tp_section *secs;
	size_t n;
	char *names;
};

static int add(Elf *elf, size_t shstrndx, void *ctx)
{
	struct added *a = ctx;
	const struct tp_section *secs = a->secs;
	Elf_Scn *strscn, *scn;
	Elf_Data *data;
	GElf_Shdr shdr;
	size_t names_len = 0, off, i, n = a->n;
	char *names;

	strscn = elf_getscn(elf, shstrndx);
	if (!strscn || !gelf_getshdr(strscn, &shdr))
		return -EINVAL;
	off = shdr.sh_size;

	for (i = 0; i < n; i++)
		names_len += strlen(secs[i].name) + 1;
	names = a->names = malloc(names_len);
	if (!names)
		return -ENOMEM;
	names_len = 0;
	for (i = 0; i < n; i++) {
		size_t l = strlen(secs[i].name) + 1;

		memcpy(names + names_len, secs[i].name, l);
		names_len += l;
	}
	data = elf_newdata(strscn);
	if (!data)
		return -EINVAL;
	data->d_buf = names;
	data->d_size = names_len;
	data->d_align = 1;
	data->d_type = ELF_T_BYTE;

	for (i = 0; i < n; i++) {
		scn = elf_newscn(elf);
		if (!scn || !gelf_getshdr(scn, &shdr))
			return -EINVAL;
		shdr.sh_name = off;
		off += strlen(secs[i].name) + 1;
		shdr.sh_type = SHT_PROGBITS;
		shdr.sh_flags = 0;
		shdr.sh_addralign = 8;
		if (!gelf_update_shdr(scn, &shdr))
			return -EINVAL;
		data = elf_newdata(scn);
		if (!data)
			return -EINVAL;
		data->d_buf = (void *)secs[i].data;
		data->d_size = secs[i].size;
		data->d_align = 8;
		data->d_type = ELF_T_BYTE;
	}
	return 0;
}

int tp_obj__add_sections(const char *path, const struct tp_section *secs, size_t n)
{
	struct added a = { secs, n, NULL };
	int err = tp_obj__edit(path, add, &a);

	free(a.names);
	return err;
}
