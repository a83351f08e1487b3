/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* struct tp_object, for libtp's own files. */
#ifndef TP_OBJECT_PRIV_H
#define TP_OBJECT_PRIV_H

#include <libelf.h>
#include <stddef.h>

struct tp_object {
	void *data; /* the whole file */
	size_t size;
	Elf *elf;	      /* over data */
	struct tp_meta *meta; /* points into data */
	const char *policy;   /* .tp.policy: the YAML, not NUL terminated; NULL if absent */
	size_t policy_size;
	const void *sig; /* .tp.sig, NULL if absent (unsigned) */
	size_t sig_size;
};

/* .tp.sig of o checked against the public key at pubkey (signature.c); 0 or -errno, why in err */
int tp_object__check_signature(const struct tp_object *o, const char *pubkey, char *err,
			       size_t errlen);

#endif /* TP_OBJECT_PRIV_H */
