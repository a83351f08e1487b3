/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The names Tetragon prints for numbers in kernel-object arguments (uapi
 * enums, SECBIT_* and TAINT_* bits). Capability and network names, which
 * tpgen parses too, are in common/.
 */
#ifndef TP_NAMES_H
#define TP_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* "BPF_PROG_TYPE_KPROBE" for 2; NULL for a number without a name (also below). */
const char *tp_names__bpf_prog_type(uint32_t type);
const char *tp_names__bpf_map_type(uint32_t type);
/* "BPF_PROG_LOAD" for 5: tetragon.BpfCmd */
const char *tp_names__bpf_cmd(uint32_t cmd);
const char *tp_names__perf_type(uint32_t type);
/* tetragon.SecureBitsType: bit 0 is "SecBitNoRoot" */
const char *tp_names__securebit(unsigned int bit);
/* tetragon.TaintedBitsType: the module taints Tetragon names, by bit */
const char *tp_names__taint(unsigned int bit);

/* name, or else num in decimal into buf: how Tetragon spells a value without a name. */
const char *tp_names__or_num(const char *name, unsigned int num, char *buf, size_t len);

#endif /* TP_NAMES_H */
