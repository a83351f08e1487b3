// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * uprobes' addrs: each virtual address becomes the file offset the kernel
 * and libbpf take, through the executable PT_LOAD segment that holds it, as
 * Tetragon's OffsetFromAddr (pkg/elf/file.go) does when it loads the policy:
 * from the binary at path on this machine, when tprun attaches.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "uprobe_addr.h"

/* The file offset of addr in the ELF file at path: 0, or -errno with why in err. */
static int offset_of(const char *path, uint64_t addr, uint64_t *off, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), e = -ENOENT;
	Elf *elf = NULL;
	GElf_Phdr ph;
	size_t i, n;

	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_getphdrnum(elf, &n)) {
		snprintf(err, errlen, "%s: not an ELF file: %s", path, elf_errmsg(-1));
		e = -ENOEXEC;
		goto cleanup;
	}
	snprintf(err, errlen, "%s: no executable segment holds address 0x%" PRIx64, path, addr);
	for (i = 0; i < n; i++) {
		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD || !(ph.p_flags & PF_X))
			continue;
		if (ph.p_vaddr <= addr && addr - ph.p_vaddr < ph.p_memsz) {
			*off = addr - ph.p_vaddr + ph.p_offset;
			e = 0;
			break;
		}
	}
cleanup:
	elf_end(elf);
	close(fd);
	return e;
}

int tp_uprobe__addr_offsets(struct tp_meta *m, char *err, size_t errlen)
{
	char why[512], t[600];
	size_t i, j, n;
	uint64_t off = 0;
	int e;

	for (i = 0; i < tp_meta__hook_cnt(m); i++) {
		const struct tp_meta_hook_view *h = tp_meta__hook(m, i);
		const char *const *funcs = tp_meta__list_funcs(m, h, &n);

		for (j = 0; h->kind == TP_HOOK_UPROBE && j < n; j++) {
			const char *ref = strchr(funcs[j], TP_UPROBE_REF_SEP);

			if (funcs[j][0] != '@')
				continue;
			e = offset_of(h->call, strtoull(funcs[j] + 1, NULL, 0), &off, why,
				      sizeof(why));
			if (e) {
				snprintf(err, errlen, "hook '%s': addrs: %s", tp_meta__hook_name(h),
					 why);
				return e;
			}
			snprintf(t, sizeof(t), "+0x%" PRIx64 "%s", off, ref ? ref : "");
			e = tp_meta__set_list_func(m, h, j, t);
			if (e) {
				snprintf(err, errlen, "out of memory");
				return e;
			}
		}
	}
	return 0;
}
