// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* loader: true in user space: which loads to report, and the build ids of their files. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fnv.h"
#include "loader.h"

/* ELF's NT_GNU_BUILD_ID, owned by "GNU" */
#define GNU_NOTE_NAME "GNU"

struct seen {
	uint64_t key; /* hash of pid, start time and path; 0: free */
	uint64_t used;
};

struct tp_loader_seen {
	struct seen v[TP_LOADER_SEEN_MAX];
	uint64_t clock;
};

struct tp_loader_seen *tp_loader_seen__new(void)
{
	return calloc(1, sizeof(struct tp_loader_seen));
}

void tp_loader_seen__free(struct tp_loader_seen *s)
{
	free(s);
}

bool tp_loader_seen__first(struct tp_loader_seen *s, uint32_t pid, uint64_t ktime, const void *path,
			   size_t len)
{
	uint64_t key = tp_fnv(TP_FNV_OFFSET, &pid, sizeof(pid));
	size_t i, lru = 0;

	key = tp_fnv(tp_fnv(key, &ktime, sizeof(ktime)), path, len);
	key += !key; /* 0 marks a free entry */
	s->clock++;
	for (i = 0; i < TP_LOADER_SEEN_MAX; i++) {
		if (s->v[i].key == key) {
			s->v[i].used = s->clock;
			return false;
		}
		if (s->v[i].used < s->v[lru].used)
			lru = i;
	}
	s->v[lru].key = key;
	s->v[lru].used = s->clock;
	return true;
}

/* The build id in the notes of data, a note section or segment. */
static size_t notes_build_id(Elf_Data *data, uint8_t id[TP_BUILD_ID_MAX])
{
	size_t off = 0, next, name_off, desc_off;
	GElf_Nhdr nh;

	while (data && (next = gelf_getnote(data, off, &nh, &name_off, &desc_off)) > 0) {
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == sizeof(GNU_NOTE_NAME) &&
		    !memcmp((char *)data->d_buf + name_off, GNU_NOTE_NAME, sizeof(GNU_NOTE_NAME)) &&
		    nh.n_descsz > 0 && nh.n_descsz <= TP_BUILD_ID_MAX) {
			memcpy(id, (char *)data->d_buf + desc_off, nh.n_descsz);
			return nh.n_descsz;
		}
		off = next;
	}
	return 0;
}

/* As the kernel's build_id_parse() (lib/buildid.c): the PT_NOTE segments. */
static size_t elf_build_id(Elf *elf, uint8_t id[TP_BUILD_ID_MAX])
{
	size_t i, n, len = 0;
	GElf_Phdr ph;

	if (elf_kind(elf) != ELF_K_ELF || elf_getphdrnum(elf, &n))
		return 0;
	for (i = 0; i < n && !len; i++) {
		if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_NOTE)
			continue;
		len = notes_build_id(
		    elf_getdata_rawchunk(elf, ph.p_offset, ph.p_filesz, ELF_T_NHDR), id);
	}
	return len;
}

size_t tp_loader__build_id_fd(int fd, uint8_t id[TP_BUILD_ID_MAX])
{
	size_t len;
	Elf *elf;

	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf)
		return 0;
	len = elf_build_id(elf, id);
	elf_end(elf);
	return len;
}

static bool is_file(const struct stat *st, uint64_t ino)
{
	return S_ISREG(st->st_mode) && (!ino || st->st_ino == ino);
}

/* Only a regular file is opened: a device's open may do something. */
static int open_checked(const char *path, uint64_t ino)
{
	struct stat st;
	int fd;

	if (stat(path, &st) || !is_file(&st, ino))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) || !is_file(&st, ino)) {
		close(fd);
		return -1;
	}
	return fd;
}

size_t tp_loader__build_id(const struct tp_loader_file *f, uint8_t id[TP_BUILD_ID_MAX])
{
	char buf[PATH_MAX + 32];
	size_t len;
	int fd = -1;

	/* the path is walked from the task's root: its own, in a container */
	if (*f->path == '/' &&
	    snprintf(buf, sizeof(buf), "/proc/%u/root%s", f->pid, f->path) < (int)sizeof(buf))
		fd = open_checked(buf, f->ino);
	if (fd < 0 && *f->path == '/') /* the process is gone: the file, if still the same */
		fd = open_checked(f->path, f->ino);
	if (fd < 0 && f->end) { /* no path to it (a memfd), or another file there now */
		snprintf(buf, sizeof(buf), "/proc/%u/map_files/%" PRIx64 "-%" PRIx64, f->pid,
			 f->start, f->end);
		fd = open_checked(buf, f->ino);
	}
	if (fd < 0)
		return 0;
	len = tp_loader__build_id_fd(fd, id);
	close(fd);
	return len;
}
