/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Reading file, path, dentry, filename, linux_binprm and kiocb arguments, and fd paths: bounded dentry walks (tp_path.bpf.h).
 * For a type T (its policy name): tp_out_T(h, off, raw) appends its blob;
 * see tp_arg_class in gen/values.h for the contract.
 */
#ifndef TP_FILE_BPF_H
#define TP_FILE_BPF_H

#include "tp_capture.bpf.h"

#endif /* TP_FILE_BPF_H */
