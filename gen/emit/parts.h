/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The pieces of the generated file, each emitted by its own file of gen/emit/. */
#ifndef TP_EMIT_PARTS_H
#define TP_EMIT_PARTS_H

#include "emitter.h"
#include "lower/plan.h"
#include "template.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* C text that names something, built into a small buffer. */
#define TP_NAME_MAX 256

/*
 * What an entry body has read, per arg position, into its locals aI (integers),
 * nI (slots) and tI (network tuples), I the arg's index in the policy.
 */
enum tp_read {
	TP_UNREAD = 0,
	TP_READ,       /* read on every path */
	TP_MAYBE_READ, /* read when a filter needed it: nN is TP_SLOT_UNREAD otherwise */
};

struct tp_reads {
	enum tp_read *val;   /* aN */
	enum tp_read *slot;  /* nN, into h->slot[lh->slot[N]] */
	enum tp_read *tuple; /* tN */
	enum tp_read *raw;   /* pN: the raw u64, read once for both passes of the record */
};

/*
 * actions.c: a selector's actions, in its branch of the hook's entry (or
 * return, where reads is NULL): FollowFD takes its name from a slot a filter
 * read it into.
 */
void tp_emit__actions(struct tp_emitter *e, const struct tp_lhook *lh, size_t sel,
		      const struct tp_reads *reads, const struct tp_laction *a, size_t n);
/*
 * Is a a Set that acts (its argIndex names an arg)? Counted whether it
 * writes or not (policy-mode: monitor writes none).
 */
bool tp_emit__is_set(const struct tp_laction *a);
/* Set's writes, which come after the record is captured (or, without one, at the branch's end). */
void tp_emit__set_actions(struct tp_emitter *e, const struct tp_lhook *lh, size_t sel,
			  const struct tp_laction *a, size_t n);
/* Count in tp_actions that selector sel of lh did stat (enum tp_act_stat), as Tetragon's policy
 * stats. */
void tp_emit__count_action(struct tp_emitter *e, const struct tp_lhook *lh, size_t sel,
			   enum tp_act_stat stat);

/*
 * args.c: how a hook's programs read arg pos: the raw u64 (tp_sys_arg(...),
 * tp_kf_arg(...), tp_raw_arg(...), tp_field_T(...)), where a pointer arg
 * points (TP_MEM_*), a buffer's full size (from aN when r says the size arg
 * N is in it), and integer types.
 */
const char *tp_emit__arg(char *buf, size_t len, const struct tp_lhook *lh, size_t pos);
/* The same before resolve: the arg's own value (tp_emit__arg gives rN, the resolved one). */
const char *tp_emit__arg_raw(char *buf, size_t len, const struct tp_lhook *lh, size_t pos);
const char *tp_emit__arg_mem(const struct tp_lhook *lh, size_t pos);
const char *tp_emit__buf_size(char *buf, size_t len, const struct tp_lhook *lh,
			      const struct tp_reads *r, size_t pos);
/*
 * Is arg pos a buffer's size arg that aN cannot stand for (narrower than 8
 * bytes: aN holds it cast)? The record then reads its raw u64 (pN).
 */
bool tp_emit__raw_size(const struct tp_lhook *lh, size_t pos);

/*
 * Is arg pos's raw value (pN) read only where no filter read its slot (nN is
 * TP_SLOT_UNREAD)? A string a filter may have read; not a maxData one, whose
 * record reads it whatever the filters did.
 */
bool tp_emit__raw_gated(const struct tp_lhook *lh, const struct tp_reads *r, size_t pos);

/* Where buffer arg pos's size arg is (sizeArgIndex), when aN can stand for it; else -1. */
int tp_emit__size_local(const struct tp_lhook *lh, size_t pos);
/* aI = arg pos as its filters compare it (I its index): the integer, or tp_val_T's. */
void tp_emit__read_val(struct tp_emitter *e, const struct tp_lhook *lh, size_t pos);
/* "__s32" for int: the C type of an integer type's value; "__u64" for any other type. */
const char *tp_emit__int_ctype(enum tp_arg_type t);
/* The C type of an integer of size bytes (1, 2, 4 or 8; else __u64). */
const char *tp_emit__ctype(int size, bool is_signed);
/* "__s64" or "__u64": the type a filter compares an integer type's value as. */
const char *tp_emit__cmp_ctype(enum tp_arg_type t);
/* An integer constant of a filter's type, as a reader wants it: -1, 42, 0x1000ULL. */
const char *tp_emit__int_const(char *buf, size_t len, uint64_t v, bool is_signed);

/*
 * filters.c: a filter as a function named name returning whether it passes.
 * Integers: bool name(__s64 or __u64 v). Strings and paths: bool name(const
 * char *s, long n[, char *key]) where n < 0 means unread, and key is scratch
 * for a map lookup (tp_emit__filter_needs_key). what is the comment above it.
 */
void tp_emit__filter_fn(struct tp_emitter *e, const char *name, const char *what,
			const struct tp_lfilter *f);
bool tp_emit__filter_needs_key(const struct tp_lfilter *f);
/* filters.c: the tp_words_<id> arrays of long values, and the value maps. */
void tp_emit__values(struct tp_emitter *e, const struct tp_plan *plan);

/* net.c: a network filter as bool name(const struct tp_net_tuple *t). */
void tp_emit__net_fn(struct tp_emitter *e, const char *name, const char *what,
		     const struct tp_lnet *f);

/*
 * nscaps.c: selector s's matchNamespaces and matchCapabilities as functions
 * bool tp_hH_sS_nsI(void) and tp_hH_sS_capsI(void); whether a hook has any.
 */
void tp_emit__nscaps_fns(struct tp_emitter *e, const struct tp_lhook *lh, size_t s);
bool tp_emit__has_nscaps(const struct tp_lhook *lh);
/*
 * nscaps.c: matchNamespaceChanges and matchCapabilityChanges, as functions
 * bool tp_hH_sS_nschgI(const struct tp_proc *proc) and tp_hH_sS_capchgI(...):
 * whether a hook has any, and what a chosen selector records again.
 */
bool tp_emit__has_changes(const struct tp_lhook *lh);
void tp_emit__changes_record(struct tp_emitter *e, const struct tp_lselector *ls);

/* process.c: the process table's membership bits, before tp_process.bpf.h. */
void tp_emit__process(struct tp_emitter *e, const struct tp_plan *plan);
/* process.c: a matchPIDs filter as bool name(__u32 pid), the values it lists. */
void tp_emit__pids_fn(struct tp_emitter *e, const char *name, const char *what,
		      const struct tp_lpid *p);

/*
 * capture.c: the event record after a selector matched: its hook, action and
 * selector (C expressions), then the hook's args, from what was read, then
 * the stacks stack (a C expression of TP_HOOKEV_*_STACK flags; NULL: none)
 * asks for. A buffer's size arg it reads once, into its aN (marked in reads).
 */
/*
 * resolve.c: a resolved arg's function (tp_hH_resolveN: the path as CO-RE
 * reads), the entry's locals for it (rN the value, sN Tetragon's arg
 * status), and their reads.
 */
void tp_emit__resolvers(struct tp_emitter *e, const struct tp_lhook *lh);
void tp_emit__resolve_locals(struct tp_emitter *e, const struct tp_lhook *lh);
void tp_emit__resolve_reads(struct tp_emitter *e, const struct tp_lhook *lh);

/*
 * capture.c: the hook record, begun with action, sel and the audit flag (an
 * expression, NULL none: the selector enforces, the record takes tp_audit),
 * its args, then the send.
 */
void tp_emit__capture(struct tp_emitter *e, const struct tp_lhook *lh, struct tp_reads *reads,
		      const char *action, const char *sel, const char *audit, const char *stack);

/*
 * ratelimit.c: the record's stack traces (stack, NULL for none) and its send,
 * unless a rate-limited Post of the chosen selector (sel, its C expression)
 * holds it back.
 */
void tp_emit__send(struct tp_emitter *e, const struct tp_lhook *lh, const char *sel,
		   const char *stack);

/*
 * Can the chosen selector's record be held back (a rateLimit) or held (imaHash)?
 * Then it is written into tp_heap.rec, not a ring reservation (tp_capture.bpf.h).
 */
bool tp_emit__holds(const struct tp_lhook *lh, const char *sel);

/* names.c: filter function names, TP_ACT_ names, the selectors that can act. */
const char *tp_emit__filter_name(char *buf, size_t len, const struct tp_lhook *lh, size_t s,
				 const char *list, int index);
const char *tp_emit__action_name(char *buf, size_t len, enum tp_action a);
const char *tp_emit__stack_flags(char *buf, size_t len, uint32_t flags);
size_t tp_emit__reachable(const struct tp_lhook *lh);
bool tp_emit__has_filters(const struct tp_lselector *ls);

/*
 * hook.c: how a hook's entry body (a group's, for a fused hook) is declared:
 * a subprogram (TP_SUBPROG) when several variants' programs run it, inlined
 * when one does (and an enforcer's, one call).
 */
const char *tp_emit__enter_decl(const struct tp_lhook *lh);

/* entry.c and exit.c: a hook's bodies, over its first nsels selectors. */
int tp_emit__entry(struct tp_emitter *e, const struct tp_lhook *lh, size_t nsels);
void tp_emit__exit(struct tp_emitter *e, const struct tp_lhook *lh, size_t nsels);

/* loader.c: loader: true, the body its programs call (templates/bpf/tp_loader.bpf.h) */
void tp_emit__loader(struct tp_emitter *e, const struct tp_lhook *lh);

/* hook.c: a hook's filter functions, entry body, return body and programs. */
int tp_emit__hook(struct tp_emitter *e, const struct tp_lhook *lh, const struct tp_template *tmpl);
/* The programs of a group of fused hooks (tp_lhook.leader), after its hooks' bodies. */
int tp_emit__group(struct tp_emitter *e, const struct tp_plan *plan, const struct tp_lhook *leader,
		   const struct tp_template *tmpl);

#endif /* TP_EMIT_PARTS_H */
