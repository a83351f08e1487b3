/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The programs' attachments: every link made, so that a failure or the end undoes them all. */
#ifndef TP_LINKS_H
#define TP_LINKS_H

#include <stddef.h>

#include "meta.h"

struct bpf_link;
struct bpf_object;

struct tp_links {
	struct bpf_link **v;
	size_t n;
};

/* Attach the object's program name where its section says. 0 or -errno. */
int tp_links__attach_prog(struct tp_links *l, struct bpf_object *obj, const char *name);
/* Attach variant v of hook h (of m): its entry program and, when it has one, its exit program. */
int tp_links__attach_hook(struct tp_links *l, struct bpf_object *obj, const struct tp_meta *m,
			  const struct tp_meta_hook_view *h, const struct tp_meta_variant_view *v);
/* Detach everything, newest first; l can be used again. */
void tp_links__destroy(struct tp_links *l);
/* Detach everything and free l's memory. */
void tp_links__free(struct tp_links *l);

#endif /* TP_LINKS_H */
