/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The object digest of a file tpgen writes, and tpgen --sign: the .tp.sig section. */
#ifndef TP_SIGN_H
#define TP_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include <tp/meta.h>

struct evp_pkey_st;

/* The kind digest (include/tp/meta.h) of the object at path; 0 or -errno. */
int tp_obj__digest_file(const char *path, enum tp_digest_kind kind, uint8_t out[TP_DIGEST_SIZE]);

/*
 * An Ed25519 private key from the PEM file at path (unencrypted: tpgen never
 * prompts), or NULL with the reason in err.
 */
struct evp_pkey_st *tp_sign__load_key(const char *path, char *err, size_t errlen);
void tp_sign__free_key(struct evp_pkey_st *key);

/* Sign the object at path with key: add .tp.sig over its TP_DIGEST_SIG digest, in place. */
int tp_obj__sign(const char *path, struct evp_pkey_st *key, char *err, size_t errlen);

#endif /* TP_SIGN_H */
