/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The object digest (include/tp/meta.h): what .tp.meta's header records and
 * what .tp.sig signs. tpgen computes it as it writes an object, tprun as it
 * reads one, through this one function; and the Ed25519 keys that sign it.
 */
#ifndef TP_OBJ_DIGEST_H
#define TP_OBJ_DIGEST_H

#include <libelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tp/meta.h>

/*
 * The kind digest of elf (an object in memory or read from a file) into out.
 * Returns 0, -EINVAL for a section table it cannot walk, or -ENOMEM.
 */
int tp_obj__digest(Elf *elf, enum tp_digest_kind kind, uint8_t out[TP_DIGEST_SIZE]);

/* The bytes .tp.sig's Ed25519 signature is over: TP_SIG_CONTEXT, then the digest. */
#define TP_SIG_MSG_SIZE (16 + TP_DIGEST_SIZE)
void tp_sig__message(const uint8_t digest[TP_DIGEST_SIZE], uint8_t msg[TP_SIG_MSG_SIZE]);

struct evp_pkey_st;

/*
 * The Ed25519 key in the PEM file at path: a private key (tpgen --sign;
 * never an encrypted one, tpgen does not prompt) or a public key (tprun
 * --verify-key). NULL with "PATH: reason" in err.
 */
struct evp_pkey_st *tp_sig__read_key(const char *path, bool private_key, char *err, size_t errlen);

#endif /* TP_OBJ_DIGEST_H */
