/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The attach variants of a hook, best first: which programs the emitter
 * writes (sections of templates/bpf/tp_variants.bpf.c) and which .tp.meta
 * lists for tprun to choose from. One table, so the two can never disagree.
 */
#ifndef TP_VARIANTS_H
#define TP_VARIANTS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/policy.h"

/* Program names tprun finds through .tp.meta: tp_h<hook id>_<prog>. */
#define TP_PROG_FMT "tp_h%d_%s"

/* The template file the programs come from. */
#define TP_VARIANTS_TEMPLATE "tp_variants.bpf.c"

struct tp_prog_spec {
	const char *name;    /* the program is tp_h<id>_<name> */
	const char *section; /* its section of TP_VARIANTS_TEMPLATE */
};

struct tp_variant_spec {
	enum tp_variant_kind kind;
	struct tp_prog_spec entry;
	/*
	 * The second program, .tp.meta's prog_exit; name NULL when none: the
	 * exit program of a hook with return: true, or an lsmhook's sleepable
	 * hash program for imaHash, which runs after entry on the same hook.
	 */
	struct tp_prog_spec exit;
};

/* The variants of h, best first; *n is set to their number. */
const struct tp_variant_spec *tp_variants__of(const struct tp_hook *h, size_t *n);

/* Does variant v of h have its second program (exit) written and listed? */
bool tp_variants__has_second(const struct tp_hook *h, const struct tp_variant_spec *v);

#endif /* TP_VARIANTS_H */
