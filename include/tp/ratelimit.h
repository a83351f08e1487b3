/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Post's rateLimit: the scopes a policy names and the key the BPF side
 * (tp_ratelimit.bpf.h) keeps the last posted time under, as Tetragon keys
 * it (bpf/process/ratelimit_maps.h, rate_limit() in types/basic.h): the
 * hook, the action run before the Post, the thread, process or nothing,
 * and the first bytes of the first args of the event.
 *
 * X(ID, NAME): NAME the policy's spelling (exact, as Tetragon's
 * actionRateLimitScope map in pkg/selectors/kernel.go).
 */
#ifndef TP_RATELIMIT_H
#define TP_RATELIMIT_H

#ifndef __bpf__
#include <linux/types.h>
#endif

/* clang-format off */
#define TP_RL_SCOPES(X)		\
	X(THREAD,  "thread")	\
	X(PROCESS, "process")	\
	X(GLOBAL,  "global")
/* clang-format on */

enum tp_rl_scope {
/* clang-format off */
#define TP_RL_SCOPE_ENUM(id, name) TP_RL_##id,
	TP_RL_SCOPES(TP_RL_SCOPE_ENUM)
#undef TP_RL_SCOPE_ENUM
	TP_RL__MAX,
	/* clang-format on */
};

#define TP_RL_ARGS	5  /* args whose bytes are in the key (Tetragon's MAX_POSSIBLE_ARGS) */
#define TP_RL_ARG_BYTES 40 /* first bytes of each (Tetragon's KEY_BYTES_PER_ARG) */

struct tp_rl_key {
	__u32 hook;   /* .tp.meta hook index */
	__u32 func;   /* list hooks: the function's index */
	__u32 action; /* enum tp_action run before the Post, TP_ACT_POST when none */
	__u32 pad;
	__u64 id; /* thread: tid; process: tgid; global: 0 */
	__u8 data[TP_RL_ARGS * TP_RL_ARG_BYTES];
};

#endif /* TP_RATELIMIT_H */
