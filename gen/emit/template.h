/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Template files (templates/bpf/tp_variants.bpf.c): real C in sections that start with
 * a "//@ name" line, with holes that are plain identifiers (TP_PROG, ...).
 * A section is copied into the generated file with its holes filled and a
 * #line directive back to the template, so clang's messages and verifier
 * logs point at the template's own lines (lemon's lempar.c).
 */
#ifndef TP_TEMPLATE_H
#define TP_TEMPLATE_H

#include <stddef.h>

#include "emitter.h"

struct tp_template;

/* Read dir/file; NULL with errno set and a reason in err. */
struct tp_template *tp_template__load(const char *dir, const char *file, char *err, size_t errlen);
void tp_template__free(struct tp_template *t);

/*
 * Copy section name into e, each hole holes[2i] replaced by holes[2i + 1]
 * (NULL ends the list). -ENOENT (latched in e) when there is no such section.
 */
int tp_template__emit(const struct tp_template *t, const char *name, const char *const *holes,
		      struct tp_emitter *e);

#endif /* TP_TEMPLATE_H */
