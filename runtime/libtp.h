/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * libtp: what tprun is made of. Open a tpgen object and read its .tp.meta,
 * probe the kernel, choose an attach variant per hook, load, attach, teach
 * the process table about processes already running.
 */
#ifndef TP_LIBTP_H
#define TP_LIBTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "meta.h"
#include "vocab.h"

/* Logging: one printer (to stderr) with levels, libbpf's messages routed through it. */
enum tp_log_level {
	TP_LOG_WARN = 0,
	TP_LOG_INFO,
	TP_LOG_DEBUG,
};

/* The program libbpf last failed to load (NULL: none); *core: a CO-RE relocation failed. */
const char *tp_log__failed_prog(bool *core);
void tp_log__clear_failure(void);
void tp_log__set_level(enum tp_log_level max);
void tp_log(enum tp_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* An object file tpgen wrote. */
struct tp_object;

/*
 * Read path, validate its ELF and .tp.meta (one .tp.meta, one .tp.policy, at
 * most one .tp.sig; the meta's digest that of the object's programs, maps and
 * policy). NULL with errno set and a one-line reason in err for a missing,
 * truncated, corrupt, foreign or changed file.
 */
struct tp_object *tp_object__open(const char *path, char *err, size_t errlen);
void tp_object__close(struct tp_object *o);
const struct tp_meta *tp_object__meta(const struct tp_object *o);
/* The policy source the object was compiled from (.tp.policy). */
const char *tp_object__policy(const struct tp_object *o, size_t *size);
/*
 * tprun --verify-key: tp_object__open, and the object's .tp.sig an Ed25519
 * signature by the public key in the PEM file at pubkey over its TP_DIGEST_SIG
 * digest (include/tp/meta.h), checked before .tp.meta is read. Unsigned,
 * signed with another key or changed since: NULL, with the reason in err.
 */
struct tp_object *tp_object__open_signed(const char *path, const char *pubkey, char *err,
					 size_t errlen);

/*
 * Kernel features, probed once and cached: whether the variant can attach
 * to the target here, NULL when it can, else why not (for messages).
 */
const char *tp_probe__fentry(const char *func);
const char *tp_probe__kprobe(const char *func);
const char *tp_probe__kprobe_multi(const char *func);
const char *tp_probe__fmod_ret(const char *func);
const char *tp_probe__lsm(const char *hook);
/* imaHash on an lsmhook: BPF LSM, a sleepable program there, bpf_ima_file_hash, IMA */
const char *tp_probe__ima_hash(const char *hook);
const char *tp_probe__tracepoint(const char *subsys_event);
bool tp_probe__override_return(void); /* bpf_override_return in kprobes */
/* NULL, or why a program cannot have bpf_probe_write_user (Set on usdts) */
const char *tp_probe__write_user(void);
bool tp_probe__error_injection(void); /* CONFIG_FUNCTION_ERROR_INJECTION */
/* The kernel has the function (BTF or kallsyms); true when it cannot tell. */
bool tp_probe__function_exists(const char *func);
/*
 * Free what probing cached (the kernel's BTF, available_filter_functions,
 * the verdicts); later probes find them again.
 */
void tp_probe__release(void);

struct tp_runtime_opts {
	uint32_t ringbuf_size; /* bytes, power of two; 0: the object's default */
	uint32_t forbid;       /* 1 << enum tp_variant_kind: variants not to use */
	bool process_creds;    /* exec and clone records carry credentials and namespaces */
	bool quiet_processes;  /* another object sends the exec and clone records */
	/*
	 * --pin DIR: pinned in DIR/NAME (its policy names joined by '+'), or,
	 * when DIR/NAME holds this object pinned by an earlier tprun with the
	 * same options, adopted from there: nothing loaded or attached again.
	 */
	const char *pin;
	uint32_t pin_index, pin_count; /* the object's place among the run's objects */
};

/* A loaded and attached object. */
struct tp_runtime;

/*
 * Choose a variant for every hook (best first, the first that attaches here),
 * load only those programs and the process-tracking ones, fill and freeze the
 * value-set maps, attach process tracking. On failure nothing stays attached;
 * returns NULL with errno set and the reason in err.
 */
struct tp_runtime *tp_runtime__start(struct tp_object *o, const struct tp_runtime_opts *opts,
				     char *err, size_t errlen);
/*
 * Attach the hooks (after learning /proc, so they never see an unknown
 * process), then freeze every map but the ring buffer to user space: the
 * process table, counters, pending, follow and rate-limit maps (and libbpf's
 * USDT specs, written while attaching) take no update or delete from any
 * process from here on (EPERM); the object's programs keep writing them.
 */
int tp_runtime__attach_hooks(struct tp_runtime *r, char *err, size_t errlen);
/*
 * --pin: pin r's maps, programs and links (after tp_runtime__attach_hooks),
 * so that they outlive tprun. 0 (adopted: nothing to do), or -errno with err,
 * nothing left pinned. A link the kernel cannot pin is an error.
 */
int tp_runtime__pin(struct tp_runtime *r, char *err, size_t errlen);
/* Remove r's pins again (another object of the run could not pin). */
void tp_runtime__unpin(struct tp_runtime *r);
/* Where r is pinned (DIR/NAME), NULL without --pin. */
const char *tp_runtime__pin_path(const struct tp_runtime *r);
/* Whether r adopted what an earlier tprun pinned; its links then in *nlinks. */
bool tp_runtime__adopted(const struct tp_runtime *r, size_t *nlinks);
/*
 * --pin DIR for a run of n objects (metas, in order): DIR is on bpffs (or
 * will be), and holds either nothing tprun pinned, or exactly these objects'
 * directories. 0, or -errno with the reason in err.
 */
int tp_pin__check_run(const char *dir, const struct tp_meta *const *metas, size_t n, char *err,
		      size_t errlen);
/*
 * --unpin DIR: detach and remove every object tprun pinned in DIR (links
 * first), then DIR when nothing else is left in it. The number of objects
 * removed, or -errno with the reason in err (-ENOENT: tprun pinned nothing there).
 */
int tp_pin__remove(const char *dir, char *err, size_t errlen);

/*
 * Detach every hook and process tracking; the maps stay, for a last read of the
 * ring. Pinned (--pin): only tprun's hold on them goes, enforcement stays.
 */
void tp_runtime__detach(struct tp_runtime *r);
/* Detach everything and free. */
void tp_runtime__stop(struct tp_runtime *r);

/*
 * The variant hook i uses (a view into the object's .tp.meta); NULL: skipped (ignore.callNotFound).
 */
const struct tp_meta_variant_view *tp_runtime__variant(const struct tp_runtime *r, size_t i);
/*
 * Why no enforcer attaches, when the policy only asks for signals and the
 * notifying hooks send them instead (spec.enforcers); NULL otherwise.
 */
const char *tp_runtime__enforcer_inline(const struct tp_runtime *r);

/* The ring buffer's fd and the counters map, for the drain loop. */
int tp_runtime__ringbuf_fd(const struct tp_runtime *r);
/*
 * The audit ring's fd (tp_audit: the records of selectors that enforce), -1
 * when the object has none (built by an older tpgen).
 */
int tp_runtime__audit_fd(const struct tp_runtime *r);
/*
 * The map of what selectors did (tp_actions: struct tp_act_key -> a __u64
 * count), -1 when the object has none (built by an older tpgen).
 */
int tp_runtime__actions_fd(const struct tp_runtime *r);
/* Sum over CPUs of counter which (TP_CNT_*). */
uint64_t tp_runtime__counter(const struct tp_runtime *r, uint32_t which);

/* What a tprun has reported of an object's losses (TP_CNT_* counts). */
struct tp_reported {
	uint64_t lost;	  /* TP_CNT_LOST, on stderr */
	uint64_t audit;	  /* TP_CNT_LOST_AUDIT, on stderr */
	uint64_t dropped; /* TP_CNT_LOST_HOOK + TP_CNT_LOST_AUDIT, as rate_limit_info */
};
/*
 * --pin: what the tprun before this one reported of r's losses, so that a
 * tprun that adopts the pin goes on from there: zeros when r was not adopted.
 */
void tp_runtime__reported(const struct tp_runtime *r, struct tp_reported *rep);
/* --pin: what this tprun has reported, kept with the pin for the next (none without). */
void tp_runtime__set_reported(struct tp_runtime *r, const struct tp_reported *rep);

/* Run the learn program for one process found in /proc. */
int tp_runtime__learn(struct tp_runtime *r, uint32_t tgid, uint32_t ppid, uint32_t nspid,
		      uint64_t ktime, const char *binary);

/*
 * Load every program of the object the running kernel can load, one at a
 * time, and report each verdict through tp_log. Returns the number of
 * programs the verifier rejected; *loaded and *skipped count the others
 * (skipped: program types this kernel refuses outright, e.g. fentry here,
 * and the programs of the variants forbid names, as tp_runtime_opts.forbid).
 */
int tp_object__verify_all(struct tp_object *o, uint32_t forbid, int *loaded, int *skipped);

#endif /* TP_LIBTP_H */
