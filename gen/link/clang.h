/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Running clang on generated BPF C. */
#ifndef TP_CLANG_H
#define TP_CLANG_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

struct tp_clang_opts {
	const char *clang;	   /* executable, looked up on PATH */
	const char *templates_dir; /* templates/bpf (tp_*.bpf.h) */
	const char *abi_dir;	   /* the folder holding tp/, the ABI headers */
	const char *vmlinux_dir;   /* vmlinux.h */
	const char *build_dir;	   /* mapped to a fixed name in debug info */
	const char *pch;	   /* the precompiled tp_prelude.bpf.h (or a head on it), or NULL */
	const char *head;	   /* the generated file's head (tp_emit__head), or NULL */
	const char *log;	   /* where the compile's messages go, if not stderr */
	const char *target_arch;   /* bpf_tracing.h's name ("x86", "arm64"); NULL: this machine's */
	int part;		   /* the part of a split file compiled (TP_PART), -1 the whole */
	bool verbose;		   /* print the command */
};

/* Children compiling beside tpgen at most: part 1 and the companions (gen/link/compile.c). */
#define TP_CLANG_HELPERS 3

/*
 * Start clang (a string that outlives it) before its arguments are known:
 * the next compile or precompile this process runs with that clang takes it,
 * spared its start (the loading of its libraries). 0, or -errno (on one CPU,
 * -EOPNOTSUPP): none, and a compile starts its own.
 */
int tp_clang__standby(const char *clang);
/* End the standby clang if no compile took it. */
void tp_clang__standby_end(void);

/*
 * Compile src into obj. Returns 0, or -errno / a positive clang exit status.
 * With o->pch, clang's messages are dropped: the caller retries without it.
 */
int tp_clang__compile(const struct tp_clang_opts *o, const char *src, const char *obj);
/*
 * Async-signal-safe: end the clang being run, the standby and the helper
 * children (SIGTERM); their runs return an error, and no clang starts after.
 */
void tp_clang__stop(void);
/*
 * fork() a child compiling beside this process, which tp_clang__stop ends
 * too, and which has no standby (its compiles start their own): its PID
 * here, 0 in it; -EBUSY past TP_CLANG_HELPERS, -EINTR once stopped, or
 * -errno.
 */
pid_t tp_clang__fork(void);
/*
 * Wait for child pid and reap it, clearing slot (NULL: the helpers' slot
 * holding pid) first: its exit status, 128 + its signal, or -errno.
 */
int tp_clang__reap(pid_t pid, volatile sig_atomic_t *slot);

/*
 * Precompile header into pch, with the flags objects are compiled with:
 * tp_prelude.bpf.h, or a head on the prelude o->pch (a chained one, for
 * o->part). clang's messages are dropped: the compile without it says why.
 */
int tp_clang__precompile(const struct tp_clang_opts *o, const char *header, const char *pch);

#endif /* TP_CLANG_H */
