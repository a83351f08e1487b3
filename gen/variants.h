/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The attach variants of a hook, best first: which programs the emitter
 * writes (section, signature, body call) and which .tp.meta lists for tprun
 * to choose from. One table, so the two can never disagree.
 */
#ifndef TP_VARIANTS_H
#define TP_VARIANTS_H

#include <stddef.h>

#include "policy.h"

struct tp_prog_spec {
	const char *name;	/* tp_h<id>_<name> */
	const char *sec;	/* SEC("...") */
	const char *proto;	/* the signature after "int ", %s is the program name */
	const char *body;	/* the program's statements, %d is the hook id */
};

struct tp_variant_spec {
	enum tp_variant_kind kind;
	struct tp_prog_spec entry;
	struct tp_prog_spec exit;	/* used only for hooks with return: true */
};

/* The variants of h, best first; *n is set to their number. */
const struct tp_variant_spec *tp_variants__of(const struct tp_hook *h, size_t *n);

#endif /* TP_VARIANTS_H */
