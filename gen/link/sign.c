// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * With OpenSSL's EVP API: the private key read from PEM, an Ed25519 signature
 * over the object's TP_DIGEST_SIG digest (common/obj_digest.c), added as .tp.sig.
 */
#include <errno.h>
#include <fcntl.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "obj_digest.h"
#include "sections.h"
#include "sign.h"

int tp_obj__digest_file(const char *path, enum tp_digest_kind kind, uint8_t out[TP_DIGEST_SIZE])
{
	Elf *elf;
	int fd, err;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf = elf_begin(fd, ELF_C_READ, NULL);
	err = elf ? tp_obj__digest(elf, kind, out) : -EINVAL;
	elf_end(elf);
	close(fd);
	return err;
}

EVP_PKEY *tp_sign__load_key(const char *path, char *err, size_t errlen)
{
	return tp_sig__read_key(path, true, err, errlen);
}

void tp_sign__free_key(EVP_PKEY *key)
{
	EVP_PKEY_free(key);
}

int tp_obj__sign(const char *path, EVP_PKEY *key, char *err, size_t errlen)
{
	uint8_t digest[TP_DIGEST_SIZE], msg[TP_SIG_MSG_SIZE];
	struct tp_sig sig = {};
	struct tp_section sec = { TP_SIG_SECTION, &sig, sizeof(sig) };
	size_t len = sizeof(sig.sig);
	EVP_MD_CTX *c;
	int e;

	e = tp_obj__digest_file(path, TP_DIGEST_SIG, digest);
	if (e) {
		snprintf(err, errlen, "reading the object to sign: %s", strerror(-e));
		return e;
	}
	tp_sig__message(digest, msg);
	c = EVP_MD_CTX_new();
	/* Ed25519 is pure: no digest named, the message whole */
	if (!c || EVP_DigestSignInit(c, NULL, NULL, NULL, key) != 1 ||
	    EVP_DigestSign(c, sig.sig, &len, msg, sizeof(msg)) != 1 || len != sizeof(sig.sig)) {
		EVP_MD_CTX_free(c);
		snprintf(err, errlen, "signing the object: OpenSSL failed");
		return -EINVAL;
	}
	EVP_MD_CTX_free(c);
	memcpy(sig.magic, TP_SIG_MAGIC, sizeof(sig.magic));
	e = tp_obj__add_sections(path, &sec, 1);
	if (e)
		snprintf(err, errlen, "adding %s: %s", TP_SIG_SECTION, strerror(-e));
	return e;
}
