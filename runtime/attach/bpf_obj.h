/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The libbpf side of a tpgen object, in bpftool's generic loader steps:
 * open, size the per-CPU heaps (and the ring buffer), set read-only data,
 * choose autoload per program, load, fill and freeze the value sets; once
 * /proc is learned, freeze every map.
 * Functions that take err write a one-line reason there on failure.
 */
#ifndef TP_BPF_OBJ_H
#define TP_BPF_OBJ_H

#include <stdbool.h>
#include <stddef.h>

#include "libtp.h"

struct bpf_object;

/* The programs that keep the process table, NULL-terminated: attached first, on every object. */
extern const char *const tp_process_progs[];
/* The program tprun runs for each process found in /proc. */
#define TP_LEARN_PROG "tp_learn"

/* libbpf's object over the file's bytes; NULL when libbpf cannot open it. */
struct bpf_object *tp_bpf_obj__open(const struct tp_object *o);
/*
 * Heaps by CPU count, tp_events by opts (NULL: the object's size), tp_audit
 * by tp_events' size. 0 or -EINVAL.
 */
int tp_bpf_obj__size_maps(struct bpf_object *obj, const struct tp_runtime_opts *opts);
/*
 * Tell the programs which process is ours (tp_self_tgid in .rodata), the
 * host's namespaces (tp_host_ns, when the object has it) and whether exec and
 * clone records carry credentials and namespaces (tp_want_creds). 0 or -errno
 * (-EPROTO: want_creds, and the object has no tp_want_creds).
 */
int tp_bpf_obj__set_self(struct bpf_object *obj, bool want_creds);
/* .rodata's __u32 name set to value before load: 0, or -ENOENT when the object lacks it. */
int tp_bpf_obj__set_u32(struct bpf_object *obj, const char *name, __u32 value);
int tp_bpf_obj__set_u64(struct bpf_object *obj, const char *name, __u64 value);
/*
 * Load only process tracking and the programs of the variants chosen,
 * var[i] for hook i (NULL: the hook is skipped), with trampoline targets set.
 */
int tp_bpf_obj__set_autoload(struct bpf_object *obj, const struct tp_meta *m,
			     const struct tp_meta_variant_view *const *var, char *err,
			     size_t errlen);
/* Load; a refusal names the hook whose program the kernel refused. */
int tp_bpf_obj__load(struct bpf_object *obj, const struct tp_meta *m, char *err, size_t errlen);
/* Fill the value-set maps from .tp.meta, then freeze them. */
int tp_bpf_obj__fill_maps(struct bpf_object *obj, const struct tp_meta *m, char *err,
			  size_t errlen);
/*
 * Every map but the ring buffer read-only to user space from now on (BPF_MAP_FREEZE):
 * update and delete fail with EPERM, BPF programs still write. 0 or -errno.
 */
int tp_bpf_obj__freeze_maps(struct bpf_object *obj, char *err, size_t errlen);

#endif /* TP_BPF_OBJ_H */
