// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The object digest: SHA-256 (OpenSSL's EVP) over the sections (include/tp/meta.h); PEM keys. */
#include <errno.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "obj_digest.h"

static bool put(EVP_MD_CTX *c, const void *p, size_t n)
{
	return EVP_DigestUpdate(c, p, n) == 1;
}

static bool put_le(EVP_MD_CTX *c, uint64_t v, size_t n)
{
	uint8_t b[8];
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = v >> (8 * i);
	return put(c, b, n);
}

static bool put_ident(EVP_MD_CTX *c, const GElf_Ehdr *eh)
{
	return put(c, eh->e_ident, EI_NIDENT) && put_le(c, eh->e_type, 2) &&
	       put_le(c, eh->e_machine, 2) && put_le(c, eh->e_version, 4) &&
	       put_le(c, eh->e_flags, 4) && put_le(c, eh->e_shstrndx, 2);
}

/* Whether the section named name is left out of a digest of kind. */
static bool skipped(const char *name, enum tp_digest_kind kind)
{
	return !strcmp(name, TP_SIG_SECTION) ||
	       (kind == TP_DIGEST_META && !strcmp(name, TP_META_SECTION));
}

/*
 * A symbol table's names, each as le32 length and bytes: its string table may
 * be .shstrtab too (libbpf's linker writes one for both), whose bytes are not hashed.
 */
static int put_symbol_names(EVP_MD_CTX *c, Elf *elf, const GElf_Shdr *sh, const Elf_Data *d,
			    bool msb)
{
	const uint8_t *p = d->d_buf;
	size_t off;

	if (sh->sh_entsize < 4)
		return -EINVAL;
	for (off = 0; off + sh->sh_entsize <= d->d_size; off += sh->sh_entsize) {
		uint32_t st_name =
		    msb ? (uint32_t)p[off] << 24 | p[off + 1] << 16 | p[off + 2] << 8 | p[off + 3]
			: (uint32_t)p[off + 3] << 24 | p[off + 2] << 16 | p[off + 1] << 8 | p[off];
		const char *name = elf_strptr(elf, sh->sh_link, st_name);

		if (!name)
			return -EINVAL;
		if (!put_le(c, strlen(name), 4) || !put(c, name, strlen(name)))
			return -ENOMEM;
	}
	return 0;
}

static int put_section(EVP_MD_CTX *c, Elf *elf, Elf_Scn *scn, size_t i, const GElf_Shdr *sh,
		       const char *name, bool msb)
{
	size_t len = strlen(name);
	Elf_Data *d = NULL;

	if (!put_le(c, i, 4) || !put_le(c, len, 4) || !put(c, name, len) ||
	    !put_le(c, sh->sh_type, 4) || !put_le(c, sh->sh_flags, 8) ||
	    !put_le(c, sh->sh_addr, 8) || !put_le(c, sh->sh_link, 4) ||
	    !put_le(c, sh->sh_info, 4) || !put_le(c, sh->sh_addralign, 8) ||
	    !put_le(c, sh->sh_entsize, 8) || !put_le(c, sh->sh_size, 8))
		return -ENOMEM;
	if (sh->sh_type == SHT_NOBITS || !sh->sh_size)
		return 0;
	/* the file's bytes as they are: one piece, all of sh_size */
	d = elf_rawdata(scn, NULL);
	if (!d || !d->d_buf || d->d_size != sh->sh_size || elf_rawdata(scn, d))
		return -EINVAL;
	if (!put(c, d->d_buf, d->d_size))
		return -ENOMEM;
	return sh->sh_type == SHT_SYMTAB ? put_symbol_names(c, elf, sh, d, msb) : 0;
}

int tp_obj__digest(Elf *elf, enum tp_digest_kind kind, uint8_t out[TP_DIGEST_SIZE])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	size_t shnum, shstrndx, i;
	unsigned int len = 0;
	GElf_Ehdr eh;
	int err = -EINVAL;

	if (!c)
		return -ENOMEM;
	if (!gelf_getehdr(elf, &eh) || elf_getshdrnum(elf, &shnum) ||
	    elf_getshdrstrndx(elf, &shstrndx))
		goto out;
	if (EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1 || !put_ident(c, &eh)) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 1; i < shnum; i++) {
		Elf_Scn *scn = elf_getscn(elf, i);
		const char *name;
		GElf_Shdr sh;

		err = -EINVAL;
		if (!scn || !gelf_getshdr(scn, &sh))
			goto out;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (!name)
			goto out;
		if (i == shstrndx || skipped(name, kind))
			continue;
		err = put_section(c, elf, scn, i, &sh, name, eh.e_ident[EI_DATA] == ELFDATA2MSB);
		if (err)
			goto out;
	}
	err = EVP_DigestFinal_ex(c, out, &len) == 1 && len == TP_DIGEST_SIZE ? 0 : -ENOMEM;
out:
	EVP_MD_CTX_free(c);
	return err;
}

void tp_sig__message(const uint8_t digest[TP_DIGEST_SIZE], uint8_t msg[TP_SIG_MSG_SIZE])
{
	memcpy(msg, TP_SIG_CONTEXT, 16);
	memcpy(msg + 16, digest, TP_DIGEST_SIZE);
}

/* An encrypted key is refused, not prompted for: tpgen runs in builds. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
	return -1;
}

EVP_PKEY *tp_sig__read_key(const char *path, bool private_key, char *err, size_t errlen)
{
	EVP_PKEY *key;
	FILE *f = fopen(path, "re");

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	key = private_key ? PEM_read_PrivateKey(f, NULL, no_passphrase, NULL)
			  : PEM_read_PUBKEY(f, NULL, no_passphrase, NULL);
	fclose(f);
	if (!key) {
		snprintf(err, errlen, "%s: %s", path,
			 private_key ? "not a PEM private key (or an encrypted one, which tpgen "
				       "does not read)"
				     : "not a PEM public key");
		return NULL;
	}
	if (EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
		snprintf(err, errlen, "%s: not an Ed25519 key (openssl genpkey -algorithm ed25519)",
			 path);
		EVP_PKEY_free(key);
		return NULL;
	}
	return key;
}
