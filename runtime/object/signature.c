// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tprun --verify-key: .tp.sig checked with OpenSSL's EVP API against a public key. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "libtp.h"
#include "obj_digest.h"
#include "object.h"

int tp_object__check_signature(const struct tp_object *o, const char *pubkey, char *err,
			       size_t errlen)
{
	uint8_t digest[TP_DIGEST_SIZE], msg[TP_SIG_MSG_SIZE];
	const struct tp_sig *sig = o->sig;
	char why[400];
	EVP_MD_CTX *c = NULL;
	EVP_PKEY *key;
	int e, ok;

	key = tp_sig__read_key(pubkey, false, why, sizeof(why));
	if (!key) {
		snprintf(err, errlen, "--verify-key %s", why);
		return -EINVAL;
	}
	e = -EPERM;
	if (!sig) {
		snprintf(err, errlen,
			 "not signed (no %s section), and --verify-key asks for a signature",
			 TP_SIG_SECTION);
		goto out;
	}
	if (o->sig_size != sizeof(*sig) || memcmp(sig->magic, TP_SIG_MAGIC, sizeof(sig->magic))) {
		snprintf(err, errlen, "bad %s section: not a signature tpgen wrote",
			 TP_SIG_SECTION);
		goto out;
	}
	e = tp_obj__digest(o->elf, TP_DIGEST_SIG, digest);
	if (e) {
		snprintf(err, errlen, "corrupt ELF section table");
		goto out;
	}
	tp_sig__message(digest, msg);
	c = EVP_MD_CTX_new();
	if (!c || EVP_DigestVerifyInit(c, NULL, NULL, NULL, key) != 1) {
		e = -ENOMEM;
		snprintf(err, errlen, "verifying the signature: OpenSSL failed");
		goto out;
	}
	ok = EVP_DigestVerify(c, sig->sig, sizeof(sig->sig), msg, sizeof(msg)) == 1;
	e = ok ? 0 : -EPERM;
	if (!ok)
		snprintf(err, errlen,
			 "bad signature: the object was changed after it was signed, or signed "
			 "with another key than %s",
			 pubkey);
out:
	EVP_MD_CTX_free(c);
	EVP_PKEY_free(key);
	return e;
}
