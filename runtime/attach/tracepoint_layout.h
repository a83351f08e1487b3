/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A tracepoint's args are read at the offsets tpgen took from the format of
 * the kernel it compiled on. Another kernel may lay the record out otherwise:
 * then the object must be rebuilt, not run reading the wrong bytes.
 */
#ifndef TP_TRACEPOINT_LAYOUT_H
#define TP_TRACEPOINT_LAYOUT_H

#include <stddef.h>

#include "meta.h"

/*
 * 0 when hook h is no tracepoint or its fields lie where it reads them; else -errno and why in err.
 */
int tp_tracepoint__check_layout(const struct tp_meta_hook_view *h, char *err, size_t errlen);

#endif /* TP_TRACEPOINT_LAYOUT_H */
