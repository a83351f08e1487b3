/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Whether an attach variant of a hook works on the running kernel, and which one a hook uses. */
#ifndef TP_VARIANT_H
#define TP_VARIANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "meta.h"

/* NULL when variant v of hook h (of m) attaches here, else why not; forbid: 1 << kind, --forbid. */
const char *tp_variant__why_not(const struct tp_meta *m, const struct tp_meta_hook_view *h,
				const struct tp_meta_variant_view *v, uint32_t forbid);

/* Does a Set action write one of h's args (a usdt's)? Then it needs bpf_probe_write_user. */
bool tp_variant__sets_args(const struct tp_meta_hook_view *h);

/*
 * The best variant of hook h that attaches here into *v: 0, *v NULL when
 * ignore.callNotFound skips a function this kernel lacks; -EOPNOTSUPP when
 * none attaches, with every variant's reason in err.
 */
int tp_variant__choose(const struct tp_meta *m, const struct tp_meta_hook_view *h, uint32_t forbid,
		       const struct tp_meta_variant_view **v, char *err, size_t errlen);

#endif /* TP_VARIANT_H */
