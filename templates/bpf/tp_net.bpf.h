/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Reading sock, skb, sockaddr, socket and net_device arguments.
 * For a type T (its policy name): tp_out_T(h, off, raw) appends its blob;
 * see tp_arg_class in gen/values.h for the contract.
 */
#ifndef TP_NET_BPF_H
#define TP_NET_BPF_H

#include "tp_capture.bpf.h"

#endif /* TP_NET_BPF_H */
