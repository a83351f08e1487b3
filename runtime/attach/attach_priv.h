/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Inside libtp: what attach.c, variant.c and verify.c share. */
#ifndef TP_ATTACH_PRIV_H
#define TP_ATTACH_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libtp.h"

struct bpf_object;

/* variant.c: NULL when variant v of hook h attaches here, else why not. */
const char *tp_variant__why_not(const struct tp_meta_hook_view *h,
				const struct tp_meta_variant_view *v, uint32_t forbid);

/* attach.c: open the object with libbpf; size its per-CPU heaps (and ring buffer). */
struct bpf_object *tp_attach__open_obj(const struct tp_object *o);
int tp_attach__size_maps(struct bpf_object *obj, const struct tp_runtime_opts *opts);

#endif /* TP_ATTACH_PRIV_H */
