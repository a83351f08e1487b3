/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Emitting the BPF C of a lowered policy. */
#ifndef TP_EMIT_H
#define TP_EMIT_H

#include "emitter.h"
#include "lower.h"
#include "policy.h"

/* The whole generated file. */
int tp_emit__policy(struct tp_emitter *e, const struct tp_policy *p, const struct tp_plan *plan);

/* Pieces (emit_filter.c, emit_hook.c, emit_process.c). */
void tp_emit__values(struct tp_emitter *e, const struct tp_plan *plan);
void tp_emit__int_cond(struct tp_emitter *e, const struct tp_lfilter *f, const char *var);
void tp_emit__str_cond(struct tp_emitter *e, const struct tp_lfilter *f, const char *s,
		       const char *n, const char *key);
/*
 * emit_net.c: the sock/skb/sockaddr filters (port, address, family,
 * protocol, state operators) of every selector, narrowing cand[] like the
 * other phases (cand[] is in scope where it is called).
 */
void tp_emit__net_filters(struct tp_emitter *e, const struct tp_lhook *lh);
/* emit_hook.c: the raw u64 of arg pos, as the hook's programs read it (an expression). */
void tp_emit__raw_arg(struct tp_emitter *e, const struct tp_lhook *lh, size_t pos);
/* emit_fd.c: a FollowFD, UnfollowFD or CopyFD action's call (nothing for other actions). */
void tp_emit__fd_action(struct tp_emitter *e, const struct tp_laction *a);
void tp_emit__process(struct tp_emitter *e, const struct tp_plan *plan);
int tp_emit__hook(struct tp_emitter *e, const struct tp_plan *plan, const struct tp_lhook *lh);

/*
 * Where arg pos of a hook points, for the templates' "user" parameters:
 * TP_MEM_KERNEL (0), TP_MEM_USER (1) or TP_MEM_EITHER (2, kernel functions,
 * whose char * may be __user).
 */
int tp_emit__arg_mem(const struct tp_lhook *lh, size_t pos);

/* Program names tprun finds through .tp.meta. */
#define TP_PROG_FMT	"tp_h%d_%s"

#endif /* TP_EMIT_H */
