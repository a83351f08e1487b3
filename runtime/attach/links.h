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
	const char **progs; /* link i's program's name; NULL for one opened from its pin */
	size_t n;
};

/* Attach the object's program name where its section says. 0 or -errno. */
int tp_links__attach_prog(struct tp_links *l, struct bpf_object *obj, const char *name);
/* Attach variant v of hook h (of m): its entry program and, when it has one, its exit program. */
int tp_links__attach_hook(struct tp_links *l, struct bpf_object *obj, const struct tp_meta *m,
			  const struct tp_meta_hook_view *h, const struct tp_meta_variant_view *v);
/* Pin link i at dir/i (dir exists); on a failure *failed is the link's index. 0 or -errno. */
int tp_links__pin(struct tp_links *l, const char *dir, size_t *failed);
/* Take the n links pinned at dir/0 .. dir/n-1 (tp_links__pin). 0 or -errno with err. */
int tp_links__open_pinned(struct tp_links *l, const char *dir, size_t n, char *err, size_t errlen);
/*
 * Detach everything, newest first (a pinned link stays attached: only its pin's
 * removal detaches it); l can be used again.
 */
void tp_links__destroy(struct tp_links *l);
/* Detach everything and free l's memory. */
void tp_links__free(struct tp_links *l);

#endif /* TP_LINKS_H */
