/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* uprobes' addrs: virtual addresses made file offsets, from the binary on this machine. */
#ifndef TP_UPROBE_ADDR_H
#define TP_UPROBE_ADDR_H

#include <stddef.h>

#include "meta.h"

/*
 * Every "@0xADDR" target of m's uprobes (include/tp/meta.h) becomes
 * "+0xOFF", the address's offset in the binary at the hook's path: 0, or
 * -errno with the hook and why in err.
 */
int tp_uprobe__addr_offsets(struct tp_meta *m, char *err, size_t errlen);

#endif /* TP_UPROBE_ADDR_H */
