/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Emitting the BPF C of a lowered policy. */
#ifndef TP_EMIT_H
#define TP_EMIT_H

#include <stddef.h>

#include "emitter.h"
#include "lower/plan.h"

/*
 * The whole generated file into e. templates_dir holds the templates the file
 * includes and tp_variants.bpf.c its programs come from. 0, or -errno with a
 * reason in err.
 */
int tp_emit__policy(struct tp_emitter *e, const struct tp_policy *p, const struct tp_plan *plan,
		    const char *templates_dir, char *err, size_t errlen);
/*
 * The generated file's head into e: the templates' configuration and the
 * templates it includes (but tp_usdt.bpf.h, which comes after), the same
 * text for every policy that configures them alike, which tpgen precompiles
 * (gen/link/cache.c: tp_cache__head). 0 or -errno.
 */
int tp_emit__head(struct tp_emitter *e, const struct tp_plan *plan);
/*
 * The head's line between the templates' sizes and their switches: what
 * takes the switches alone (gen/link/companion.c) takes the macros after it.
 */
#define TP_EMIT_SWITCHES "/* the templates' switches */"

#endif /* TP_EMIT_H */
