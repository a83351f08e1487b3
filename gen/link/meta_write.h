/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Writing .tp.meta (include/tp/meta.h) from views; the same calls give the same bytes. */
#ifndef TP_META_WRITE_H
#define TP_META_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include <tp/meta.h>

struct tp_meta_writer;

/* policy_name is policy 0 of the object, the one a hook's view names by default. */
struct tp_meta_writer *tp_meta_writer__new(const char *policy_name);
/* Another policy of a set (tpgen a.yaml b.yaml): its index, what its hooks' views name. */
int tp_meta_writer__add_policy(struct tp_meta_writer *w, const char *name);
int tp_meta_writer__add_hook(struct tp_meta_writer *w, const struct tp_meta_hook_view *h);
int tp_meta_writer__add_fill(struct tp_meta_writer *w, const struct tp_meta_fill_view *f);
/* After the hooks: an action tprun performs for a record of v->hook's selector. */
int tp_meta_writer__add_user_act(struct tp_meta_writer *w, const struct tp_meta_user_act_view *v);
/* The architecture the object is built for (enum tp_arch; this machine's until set). */
void tp_meta_writer__set_arch(struct tp_meta_writer *w, unsigned int arch);
/* The object's TP_DIGEST_META digest, for the header (zeros until set). */
void tp_meta_writer__set_digest(struct tp_meta_writer *w, const uint8_t digest[TP_DIGEST_SIZE]);
/* On success *data is malloc'd and owned by the caller. */
int tp_meta_writer__finish(struct tp_meta_writer *w, void **data, size_t *size);
void tp_meta_writer__free(struct tp_meta_writer *w);

#endif /* TP_META_WRITE_H */
