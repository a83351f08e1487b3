/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The kernel's types and libbpf's helpers: the part of every generated object
 * that no policy changes, so that tpgen precompiles it once (gen/link/pch.c).
 * Nothing here may depend on a macro the generated file defines.
 */
#ifndef TP_PRELUDE_BPF_H
#define TP_PRELUDE_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#endif /* TP_PRELUDE_BPF_H */
