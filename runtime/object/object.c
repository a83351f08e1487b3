// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Opening a tpgen object: read it whole, find .tp.meta with libelf, parse it. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "libtp.h"
#include "obj_digest.h"
#include "object.h"

#define MAX_OBJECT_SIZE (256u << 20)

/* The object whole: a regular file of a sane size. */
static int read_object(const char *path, void **data, size_t *size)
{
	struct stat st;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > MAX_OBJECT_SIZE)
		e = -EINVAL;
	else
		e = tp_file__read_fd(fd, MAX_OBJECT_SIZE, &buf, size);
	close(fd);
	if (e > 0) {
		free(buf);
		e = -EINVAL; /* it grew past the bound as we read it */
	}
	if (!e)
		*data = buf;
	return e;
}

/* Whether the section table and every section's bytes lie inside the file. */
static bool sections_in_file(Elf *elf, const GElf_Ehdr *eh, size_t size)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	if (eh->e_shoff > size || (uint64_t)eh->e_shnum * eh->e_shentsize > size - eh->e_shoff)
		return false;
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return false;
		if (sh.sh_type != SHT_NOBITS &&
		    (sh.sh_offset > size || sh.sh_size > size - sh.sh_offset))
			return false;
	}
	return true;
}

/*
 * Find section name in the in-memory ELF: 0 and the bytes (none for an empty
 * one), -ENOENT, -EEXIST when there are two, or -EINVAL.
 */
static int find_section(Elf *elf, const char *name, const void **data, size_t *size)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	bool found = false;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return -EINVAL;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *n;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh))
			return -EINVAL;
		n = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!n || strcmp(n, name))
			continue;
		if (found)
			return -EEXIST;
		found = true;
		if (sh.sh_type == SHT_NOBITS)
			return -EINVAL;
		*data = "";
		*size = 0;
		if (!sh.sh_size)
			continue;
		d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf)
			return -EINVAL;
		*data = d->d_buf;
		*size = d->d_size;
	}
	return found ? 0 : -ENOENT;
}

/* Exactly one of tpgen's section name, not empty: 0, or a message in err. */
static int one_section(Elf *elf, const char *path, const char *name, const void **data,
		       size_t *size, char *err, size_t errlen)
{
	int e = find_section(elf, name, data, size);

	if (e == -ENOENT)
		snprintf(err, errlen, "%s: no %s section: not an object tpgen wrote", path, name);
	else if (e == -EEXIST)
		snprintf(err, errlen, "%s: two %s sections: an object tpgen wrote has one", path,
			 name);
	else if (e)
		snprintf(err, errlen, "%s: corrupt ELF section table", path);
	else if (!*size)
		snprintf(err, errlen, "%s: empty %s section", path, name);
	return e ? e : *size ? 0 : -EINVAL;
}

/* The meta was written for these programs, maps and policy (its digest is theirs). */
static int meta_matches(struct tp_object *o, const char *path, char *err, size_t errlen)
{
	uint8_t d[TP_DIGEST_SIZE];
	int e = tp_obj__digest(o->elf, TP_DIGEST_META, d);

	if (e) {
		snprintf(err, errlen, "%s: corrupt ELF section table", path);
		return e;
	}
	if (memcmp(d, tp_meta__digest(o->meta), sizeof(d))) {
		snprintf(err, errlen,
			 "%s: %s does not match the object's programs, maps and policy (its "
			 "digest differs): changed after tpgen wrote it",
			 path, TP_META_SECTION);
		return -EINVAL;
	}
	return 0;
}

/*
 * Programs built for another machine read its registers and its syscall
 * symbols (tpgen --target): refused before anything is loaded.
 */
static int arch_matches(struct tp_object *o, const char *path, char *err, size_t errlen)
{
	unsigned int arch = tp_meta__arch(o->meta);
	const char *name = tp_arch__name(arch);

	if (arch == (unsigned int)tp_arch__host())
		return 0;
	if (name)
		snprintf(err, errlen, "%s: object built for %s, this machine is %s", path, name,
			 tp_arch__host_machine());
	else
		snprintf(err, errlen,
			 "%s: object built for an architecture this tprun does not know (%u), "
			 "this machine is %s",
			 path, arch, tp_arch__host_machine());
	return -ENOEXEC;
}

/* With pubkey: the signature checked before the meta is read. */
static struct tp_object *open_object(const char *path, const char *pubkey, char *err, size_t errlen)
{
	struct tp_object *o = calloc(1, sizeof(*o));
	const void *meta, *policy;
	size_t meta_size;
	GElf_Ehdr eh;
	char why[512];
	int e;

	if (!o) {
		snprintf(err, errlen, "%s: out of memory", path);
		errno = ENOMEM;
		return NULL;
	}
	e = read_object(path, &o->data, &o->size);
	if (e) {
		snprintf(err, errlen, "%s: %s", path,
			 e == -EINVAL ? "not a regular file of a sane size" : strerror(-e));
		goto fail;
	}
	e = -EINVAL;
	elf_version(EV_CURRENT);
	o->elf = elf_memory(o->data, o->size);
	if (!o->elf || elf_kind(o->elf) != ELF_K_ELF || !gelf_getehdr(o->elf, &eh)) {
		snprintf(err, errlen, "%s: not an ELF object", path);
		goto fail;
	}
	if (!sections_in_file(o->elf, &eh, o->size)) {
		snprintf(err, errlen,
			 "%s: truncated or corrupt: sections lie past the end of the file", path);
		goto fail;
	}
	if (eh.e_machine != EM_BPF) {
		snprintf(err, errlen, "%s: not a BPF object (ELF machine %u)", path, eh.e_machine);
		goto fail;
	}
	e = one_section(o->elf, path, TP_META_SECTION, &meta, &meta_size, err, errlen);
	if (e)
		goto fail;
	e = one_section(o->elf, path, TP_POLICY_SECTION, &policy, &o->policy_size, err, errlen);
	if (e)
		goto fail;
	o->policy = policy;
	e = find_section(o->elf, TP_SIG_SECTION, &o->sig, &o->sig_size);
	if (e == -EEXIST) {
		snprintf(err, errlen, "%s: two %s sections: a signed object has one", path,
			 TP_SIG_SECTION);
		goto fail;
	} else if (e == -ENOENT) {
		o->sig = NULL;
	} else if (e) {
		snprintf(err, errlen, "%s: corrupt ELF section table", path);
		goto fail;
	}
	if (pubkey && (e = tp_object__check_signature(o, pubkey, why, sizeof(why)))) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto fail;
	}
	o->meta = tp_meta__parse(meta, meta_size, why, sizeof(why));
	if (!o->meta) {
		e = -errno;
		snprintf(err, errlen, "%s: bad %s: %s", path, TP_META_SECTION, why);
		goto fail;
	}
	e = meta_matches(o, path, err, errlen);
	if (e)
		goto fail;
	e = arch_matches(o, path, err, errlen);
	if (e)
		goto fail;
	return o;
fail:
	tp_object__close(o);
	errno = e < 0 ? -e : EINVAL;
	return NULL;
}

struct tp_object *tp_object__open(const char *path, char *err, size_t errlen)
{
	return open_object(path, NULL, err, errlen);
}

struct tp_object *tp_object__open_signed(const char *path, const char *pubkey, char *err,
					 size_t errlen)
{
	return open_object(path, pubkey, err, errlen);
}

void tp_object__close(struct tp_object *o)
{
	if (!o)
		return;
	tp_meta__free(o->meta);
	if (o->elf)
		elf_end(o->elf);
	free(o->data);
	free(o);
}

const struct tp_meta *tp_object__meta(const struct tp_object *o)
{
	return o->meta;
}

const char *tp_object__policy(const struct tp_object *o, size_t *size)
{
	*size = o->policy_size;
	return o->policy;
}
