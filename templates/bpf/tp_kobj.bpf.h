/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Reading cred, capability sets, user_namespace, bpf_attr/map/prog, perf_event, module, load_info, iov_iter, char_iovec, data_loc and nop arguments.
 * For a type T (its policy name): tp_out_T(h, off, raw) appends its blob;
 * see tp_arg_class in gen/values.h for the contract.
 */
#ifndef TP_KOBJ_BPF_H
#define TP_KOBJ_BPF_H

#include "tp_capture.bpf.h"

#endif /* TP_KOBJ_BPF_H */
