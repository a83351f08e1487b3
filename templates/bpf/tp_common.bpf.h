/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What every generated object shares: includes, the ring buffers (tp_events,
 * and tp_audit for the records of selectors that enforce), the loss counters, the per-CPU heap,
 * candidate and bit sets, and the process table.
 *
 * The generated file defines, before including this header:
 *   TP_BIN_WORDS, TP_PID_WORDS   widths of the process table's bit sets
 *   TP_OUT_MASK                  power of two minus one >= largest hook record
 *   TP_SLOTS                     string slots filters read into (>= 1)
 *   TP_CAND_WORDS                u64 words of candidate-selector bits (>= 1)
 *   TP_REC_SCRATCH               (optional) a Post has rateLimit or imaHash: its records are
 *                                written into tp_heap.rec (tp_capture.bpf.h), not the ring
 *   TP_OUT_DATA                  (optional) a maxData arg is captured: tp_out_data()
 *   TP_IMA_HASH                  (optional) an lsmhook's Post has imaHash: tp_ima.bpf.h
 *   TP_SOCK_TRACK                (optional) TrackSock, UntrackSock: tp_net.bpf.h's tp_socktrack
 *   TP_WAKE_EACH                 (optional) every record wakes tprun (tp_wake_flags)
 *   TP_HEAP_KEY                  (optional) a hook looks a string up in a set's map, or
 *                                rate-limits: tp_heap.key (4 KiB a CPU, else none)
 *   TP_BIN_KEY                   (optional) the same for matchBinaries: tp_exec_heap.key
 *   TP_BIN_EXE                   (optional) matchBinaries or matchParentBinaries: an exec
 *                                walks the executable's path (tp_exec_heap.exe)
 *
 * TP_PROC_PROGS: the process table's own object (tp_process.bpf.h), compiled
 * once for each configuration and linked with each policy's object
 * (gen/link/companion.c). There, what both objects use is declared extern
 * (TP_SHARED): the policy's object defines it; the heap's sizes do not matter.
 *
 * TP_LIB_PROGS: the templates' subprograms' own object (TP_LIBPROG below),
 * compiled once for each configuration of switches and headers and linked
 * with each policy's object (gen/link/companion.c). The sizes above take
 * defaults there: its code reads none (tests/e2e/test_tpgen_cli.sh).
 *
 * TP_PART: the part of a policy's hooks being compiled, where tpgen compiles
 * them in two parts at once (gen/lower/split.c, gen/link/compile.c). Each
 * hook's code is in one part (TP_IN_PART); part 0 defines what the objects
 * share, part 1 declares it (TP_SHARED). Without TP_PART, the whole file.
 */
#ifndef TP_COMMON_BPF_H
#define TP_COMMON_BPF_H

#ifdef TP_PART
#define TP_IN_PART(k) (TP_PART == (k))
#else
#define TP_IN_PART(k) 1
#endif

/* a companion's sizes (gen/link/companion.c), which its code does not read, unless given */
#if (defined(TP_PROC_PROGS) || defined(TP_LIB_PROGS)) && !defined(TP_OUT_MASK)
#define TP_OUT_MASK   1
#define TP_SLOTS      1
#define TP_CAND_WORDS 1
#endif
#if defined(TP_LIB_PROGS) && !defined(TP_BIN_WORDS)
#define TP_BIN_WORDS 1
#define TP_PID_WORDS 1
#endif

/* the object that defines what the others share: the policy's, its part 0 */
#if !defined(TP_PROC_PROGS) && !defined(TP_LIB_PROGS) && TP_IN_PART(0)
#define TP_DEFINES_SHARED 1
#define TP_SHARED
#define TP_INIT(...) = __VA_ARGS__
#else
#define TP_DEFINES_SHARED 0
#define TP_SHARED	  extern
#define TP_INIT(...)
#endif

/* what the policy's object defines for the other (libbpf verifies a hidden function as static) */
#define TP_HIDDEN __attribute__((visibility("hidden")))

/*
 * A constant table the generated file writes (a long value's words, a set's
 * bloom filter): in .rodata by name, since clang puts a small constant in
 * .rodata.cst16 and the like, whose BTF libbpf refuses; dropped where unused
 * (the other part of a split file), which SEC()'s "used" would keep.
 */
#define TP_RODATA __attribute__((section(".rodata"), unused))

/*
 * A template function that runs once an event matched (writing its record
 * out) and is the same code whoever calls it: one BPF-to-BPF subprogram,
 * optimised and emitted once per object, not inlined into every program of
 * every hook and selector (which made clang's optimiser and code generator
 * most of a compile). Static, so the verifier checks it with each caller's
 * registers, constants and bounds as if inlined; unused, clang drops it. The
 * filters, on every event's path, stay inlined; what calls them, a hook's
 * entry body, is one where several variants run it (tp_emit__enter_decl).
 */
#define TP_SUBPROG static __noinline __attribute__((unused))

/*
 * A template subprogram whose code no size of the policy's changes (only its
 * switches, TP_SOCK_TRACK and the like): optimised and emitted once for each
 * configuration, in the templates' subprograms' object (TP_LIB_PROGS), and
 * linked with the policies' objects, which only declare it
 * (docs/architecture.md). Hidden, so libbpf verifies it as static, with each
 * caller's registers, as TP_SUBPROG. Its code reads no other template's
 * guard (TP_NET_BPF_H): that object includes its templates in another order
 * than the policy's file. Written as
 *	TP_LIBPROG __u32 tp_f(int a) TP_LIBPROG_DECL
 *	#ifdef TP_LIB_PROGS
 *	{ ... }
 *	#endif
 */
#define TP_LIBPROG TP_HIDDEN __noinline
#ifdef TP_LIB_PROGS
#define TP_LIBPROG_DECL /* its body follows */
#else
#define TP_LIBPROG_DECL ; /* the templates' subprograms' object defines it */
#endif

/*
 * What a hook's entry returns for an Override of a syscall with argError 0
 * (gen/emit/actions.c): not 0, which is "no override"; its variant, a kprobe,
 * overrides with 0 (bpf_override_return), as Tetragon's generic_kprobe_override.
 */
#define TP_OVERRIDE_ZERO (1L << 32)

#include "tp_prelude.bpf.h"

#include <tp/actions.h>
#include <tp/arg_blobs.h>
#include <tp/event.h>
#include <tp/meta.h>
#include <tp/signals.h>

/*
 * tprun's own process, set before load: its hooks act on none of its events,
 * or a policy that posts what tprun does (writing events out) would feed on
 * itself. A hook checks it once a selector survives the filters, unless a
 * filter takes the tgid anyway (gen/emit/entry.c's self_check), fused hooks
 * each for itself.
 */
TP_SHARED const volatile __u32 tp_self_tgid TP_INIT(0);

/* Slack after a variable offset so that a bounded read there stays inside. */
#define TP_SLOT_SIZE (TP_STR_MAX + 8)

#ifdef TP_IMA_HASH
/* a held record, and the hash's blob tp_ima.bpf.h appends */
#define TP_REC_ROOM (TP_OUT_MASK + 1 + TP_BLOB_SIZE(sizeof(struct tp_ima_hash)))
#else
#define TP_REC_ROOM (TP_OUT_MASK + 1)
#endif

#ifdef TP_IMA_HASH
/* What tp_ima.bpf.h keeps with a record it holds for the hash program. */
struct tp_ima_hold {
	__s32 rv;      /* the value the hook's Override set, 0 none */
	__u32 hashing; /* the hash program is hashing: the thread's hooks are IMA's doing */
};
#endif

struct tp_heap {
	__u64 cand[TP_CAND_WORDS]; /* candidate selectors of the running hook */
	__u64 fresh;		   /* tp_fresh's word */
#ifdef TP_SHARED_READS
	/*
	 * Hooks run in one program (gen/lower/fuse.c): each read they share, its
	 * length, TP_SLOT_UNREAD until one of them reads it. Here, not on the
	 * stack: the verifier keeps no facts about map memory, so what one hook's
	 * filters learn of a length does not split the states of the hooks after it.
	 */
	long shared[TP_SHARED_READS];
#endif
#ifdef TP_HEAP_KEY
	/*
	 * key is not last: the verifier's bound on a key-building loop can run
	 * a few words past what the loop really writes, and must still land in
	 * the value.
	 */
	char key[TP_STR_MAX + 8]; /* map lookup keys for large sets, rate limits' keys */
#endif
	char slot[TP_SLOTS][TP_SLOT_SIZE]; /* strings read for filters */
#ifdef TP_IMA_HASH
	struct tp_ima_hold held; /* with rec, what tp_ima.bpf.h holds for the hash program */
#endif
#ifdef TP_REC_SCRATCH
	char rec[TP_REC_ROOM]; /* a record a rateLimit or imaHash may hold (tp_capture.bpf.h) */
#endif
};

#define TP_PATH_BUF (TP_PATH_MAX + 256) /* a path walk's buffer (tp_path.bpf.h) */

/* A path walk's output: the path ends at buf[TP_PATH_MAX], starts where the walk says. */
struct tp_path_buf {
	char buf[TP_PATH_BUF];
	__u32 flags; /* TP_PATHF_* */
};

/* max_entries of the heaps is set to the CPU count by tprun before load. */
TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tp_heap);
} tp_heap_map SEC(".maps");

TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} tp_events SEC(".maps");

/* The records of selectors that enforce, which no flood of tp_events can crowd out. */
TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, TP_AUDIT_RING_SIZE);
} tp_audit SEC(".maps");

/*
 * One word a counter, not one a CPU: they count losses, which are rare, so
 * an atomic add (tp_count) costs nothing on the paths that matter.
 */
TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TP_CNT__MAX);
	__type(key, __u32);
	__type(value, __u64);
} tp_counters SEC(".maps");

#ifndef TP_PROC_PROGS
/*
 * What selectors did (Tetragon's policy stats): a key for each hook,
 * selector and action that happened, made when it first does; not one
 * allocated for those that never do. TP_ACT_KEYS: as many keys as the
 * policy's selectors can count (gen/emit/policy.c), so the map is never full
 * and its buckets take no more than the policy needs.
 */
#ifndef TP_ACT_KEYS
#define TP_ACT_KEYS TP_ACT_KEYS_MAX /* a unit tpgen did not write */
#endif
TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, TP_ACT_KEYS);
	__type(key, struct tp_act_key);
	__type(value, __u64);
} tp_actions SEC(".maps");
#endif

/*
 * The process table: as many processes as Tetragon's execve_map holds
 * (execveMapMaxEntries, 32768, pkg/sensors/base/base.go), allocated as
 * processes come rather than up front: its memory is the 512 KiB of hash
 * buckets and about 100 bytes for each live process.
 */
TP_SHARED struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 32768);
	__type(key, __u32);
	__type(value, struct tp_proc);
} tp_procs SEC(".maps");

/* Clamp v to max in a way the compiler cannot re-derive from an unclamped copy. */
#define TP_CLAMP(v, max) \
	asm volatile("if %[x] <= %[m] goto +1; %[x] = %[m]" : [x] "+r"(v) : [m] "i"(max))

static __always_inline void tp_count(__u32 which)
{
	__u64 *c = bpf_map_lookup_elem(&tp_counters, &which);

	/* atomic: a syscall tracepoint's program can be preempted, and a count must be exact */
	if (c)
		__sync_fetch_and_add(c, 1);
}

#ifndef TP_PROC_PROGS
/* Selector sel of hook did stat (enum tp_act_stat): atomic, exact under races. */
static __always_inline void tp_count_action(__u32 hook, __u32 sel, __u32 stat)
{
	struct tp_act_key k = { .hook = hook, .selector = sel, .stat = stat };
	__u64 one = 1, *c = bpf_map_lookup_elem(&tp_actions, &k);

	if (!c && !bpf_map_update_elem(&tp_actions, &k, &one, BPF_NOEXIST))
		return;
	if (!c) /* another CPU made the key first, or the map is full */
		c = bpf_map_lookup_elem(&tp_actions, &k);
	if (c)
		__sync_fetch_and_add(c, 1);
	else
		tp_count(TP_CNT_ACT_FULL); /* never silently: tprun reports it */
}
#endif

/*
 * Candidate selectors: bit s of cand says selector s of the running hook may
 * still match. They live in volatile heap memory, where the verifier does
 * not track values, so a filter's outcome never splits its later states (in
 * registers, independent string filters doubled them with each selector).
 */
static __always_inline bool tp_cand_has(volatile __u64 *cand, __u32 s)
{
	return cand[s / 64] & (1ULL << (s % 64));
}

static __always_inline void tp_cand_drop(volatile __u64 *cand, __u32 s)
{
	cand[s / 64] &= ~(1ULL << (s % 64));
}

/* Is any selector of mask (bits of word w) still a candidate? */
static __always_inline bool tp_cand_any(volatile __u64 *cand, __u32 w, __u64 mask)
{
	return cand[w] & mask;
}

/* Bit n of a bit set (the process table's memberships). */
static __always_inline bool tp_bits_has(const __u64 *bits, __u32 n)
{
	return bits[n / 64] & (1ULL << (n % 64));
}

static __always_inline void tp_bits_set(__u64 *bits, __u32 n)
{
	bits[n / 64] |= 1ULL << (n % 64);
}

static __always_inline struct tp_heap *tp_heap_get(void)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&tp_heap_map, &cpu);
}

/*
 * Values the verifier knows nothing of, in the two forms there are:
 *
 * tp_fresh: v, through a store to the heap and a volatile load. An integer
 * arg is tested by the filters of selector after selector; what each test
 * teaches the verifier of the arg itself (Mask: its bits) would split its
 * states at every selector, 2^n paths for n of them, where what it learns of
 * the fresh copy dies with that test.
 */
static __always_inline __u64 tp_fresh(struct tp_heap *h, __u64 v)
{
	h->fresh = v;
	return *(volatile __u64 *)&h->fresh;
}

/*
 * tp_unknown_zero: 0, as v less a copy of itself that clang cannot see
 * through (barrier_var). It needs no heap (the exec object has none), but the
 * verifier is blind to it only where it knows nothing of v already (a user
 * pointer): its difference of two registers is exact only for known ones.
 */
static __always_inline __u64 tp_unknown_zero(__u64 v)
{
	__u64 self = v;

	barrier_var(self);
	return v - self;
}

static __always_inline __u32 tp_current_tgid(void)
{
	return bpf_get_current_pid_tgid() >> 32;
}

/* The pid of task's process as its own pid namespace sees it. */
static __always_inline __u32 tp_task_ns_tgid(struct task_struct *task)
{
	struct pid *pid = BPF_CORE_READ(task, group_leader, thread_pid);
	unsigned int level = BPF_CORE_READ(pid, level);
	struct upid upid = {};

	bpf_probe_read_kernel(&upid, sizeof(upid), &pid->numbers[level & 31]);
	return upid.nr;
}

static __always_inline __u32 tp_current_ns_tgid(void)
{
	return tp_task_ns_tgid((struct task_struct *)bpf_get_current_task());
}

static __always_inline void tp_hdr_fill(struct tp_event_hdr *h, __u32 type, __u32 size)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	h->type = type;
	h->size = size;
	h->ktime = bpf_ktime_get_boot_ns();
	h->pid = pid_tgid >> 32;
	h->tid = (__u32)pid_tgid;
}

/*
 * A record wakes tprun only when the ring buffer holds a quarter of it
 * (tp_wake_bytes, set by tprun) with this record; tprun reads the ring every
 * 100 ms all the same. A wakeup is an interrupt, in a VM an exit: with one
 * per record, the exec, fork and exit of /bin/true cost 54 us in the kernel,
 * without 11.6 us (Linux 6.18 guest, bpf_stats). Past the quarter every
 * record asks (a wakeup already pending costs nothing), so a flood never
 * waits out the 100 ms. TP_WAKE_EACH: a policy whose records tprun must read
 * while the process lives (user stacks, a loader's build ids) wakes it as
 * before, when the ring was empty.
 */
TP_SHARED const volatile __u64 tp_wake_bytes TP_INIT(2 << 20);

/* tp_audit's bytes, as tprun sized it before load (tp_bpf_obj__size_maps) */
TP_SHARED const volatile __u64 tp_audit_bytes TP_INIT(TP_AUDIT_RING_SIZE);

static __always_inline __u64 tp_wake_flags(void *ring, __u64 wake_bytes, __u32 size)
{
#ifdef TP_WAKE_EACH
	return 0;
#else
	/* the ring's own count: an 8-byte header, 8-byte aligned */
	__u64 taken = bpf_ringbuf_query(ring, BPF_RB_AVAIL_DATA) + ((size + 8 + 7) & ~7);

	return taken >= wake_bytes ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
#endif
}

/* The wake flags of a record of size bytes into tp_audit (audit) or tp_events. */
static __always_inline __u64 tp_ring_wake(bool audit, __u32 size)
{
	if (audit)
		return tp_wake_flags(&tp_audit, tp_audit_bytes / 4, size);
	return tp_wake_flags(&tp_events, tp_wake_bytes, size);
}

/*
 * Is the record a hook event's: a hook record, or a return half that prints
 * its entry half? Size first: a smaller record (an exit's, on the stack) has
 * no post to read.
 */
static __always_inline bool tp_posts(const void *rec, __u32 size)
{
	const struct tp_event_hdr *h = rec;

	return h->type == TP_EV_HOOK ||
	       (size >= sizeof(struct tp_event_hook_ret) && h->type == TP_EV_HOOK_RET &&
		((const struct tp_event_hook_ret *)rec)->post);
}

/* Does the record go to tp_audit: a hook record or return half of a selector that enforces? */
static __always_inline bool tp_is_audit(const void *rec, __u32 size)
{
	const struct tp_event_hdr *h = rec;

	/* size first: a smaller record (an exit's, on the stack) has no flags to read */
	if (size >= sizeof(struct tp_event_hook) && h->type == TP_EV_HOOK)
		return ((const struct tp_event_hook *)rec)->flags & TP_HOOKEV_AUDIT;
	return size >= sizeof(struct tp_event_hook_ret) && h->type == TP_EV_HOOK_RET &&
	       (((const struct tp_event_hook_ret *)rec)->flags & TP_HOOKEV_AUDIT);
}

/* Has the audit ring's first half room? The other half is kept for enforcement. */
static __always_inline bool tp_audit_room(void)
{
	return bpf_ringbuf_query(&tp_audit, BPF_RB_AVAIL_DATA) < tp_audit_bytes / 2;
}

/* A record the audit ring (audit) or tp_events refused; posts: it is (or prints) a hook event. */
static __always_inline void tp_count_refused(bool audit, bool posts)
{
	if (audit) {
		/* an event lost: a hook record, or a return half that was to print it */
		if (posts)
			tp_count(TP_CNT_LOST_AUDIT);
		return;
	}
	tp_count(TP_CNT_LOST);
	/* a return half that was to print its entry half loses that event too */
	if (posts)
		tp_count(TP_CNT_LOST_HOOK);
}

/*
 * An event's record (a hook's, a return half, a loader's): to tp_audit when
 * its selector enforces (TP_HOOKEV_AUDIT), else to tp_events. Each record a
 * ring refuses is counted (tp_count_refused), hook events apart, the audit
 * ring's on its own.
 */
static __always_inline void tp_output(const void *rec, __u32 size)
{
	bool audit = tp_is_audit(rec, size);
	long err;

	if (audit)
		err = bpf_ringbuf_output(&tp_audit, (void *)rec, size, tp_ring_wake(true, size));
	else
		err = bpf_ringbuf_output(&tp_events, (void *)rec, size, tp_ring_wake(false, size));
	if (err)
		tp_count_refused(audit, tp_posts(rec, size));
}

/*
 * size bytes of tp_audit (audit, a constant) or tp_events into d, the record
 * then written in place. The wake flags its submit takes, or -1 when the ring
 * had no room: d is discarded then, as a failed reservation must be all the
 * same. The flags are taken here, from the ring before the record; a hook
 * record takes its own at the submit (tp_out_finish says why).
 */
static __always_inline long tp_reserve_in(bool audit, struct bpf_dynptr *d, __u32 size)
{
	long wake = tp_ring_wake(audit, size);

	if (!bpf_ringbuf_reserve_dynptr(audit ? (void *)&tp_audit : (void *)&tp_events, size, 0, d))
		return wake;
	bpf_ringbuf_discard_dynptr(d, 0);
	return -1;
}

/*
 * A process's exec, clone or exit record, size bytes reserved in d, to be
 * written there and submitted with the flags returned: in tp_events, or,
 * when tp_events has no room, in tp_audit's first half (the other half is
 * kept for enforcement), so that a kill's event still names its process and
 * ends it. audit_first: tp_audit's first half before tp_events, for the exit
 * of a process a signal ended (a Sigkill's, a Signal's), which then follows
 * the kill's record on the audit ring, so that tprun reads it after. -1 when
 * no ring had room (d discarded, the loss counted). The record may end
 * before size (its header says where), never after.
 */
static __always_inline long tp_reserve_process(struct bpf_dynptr *d, __u32 size, bool audit_first)
{
	long wake;

	if (audit_first && tp_audit_room()) {
		wake = tp_reserve_in(true, d, size);
		if (wake >= 0)
			return wake;
	}
	wake = tp_reserve_in(false, d, size);
	if (wake >= 0)
		return wake;
	if (!audit_first && tp_audit_room()) {
		wake = tp_reserve_in(true, d, size);
		if (wake >= 0)
			return wake;
	}
	tp_count(TP_CNT_LOST);
	return -1;
}

/* A process record of size bytes at rec, by tp_reserve_process's rules. */
static __always_inline void tp_output_process(const void *rec, __u32 size, bool audit_first)
{
	struct bpf_dynptr d;
	long wake = tp_reserve_process(&d, size, audit_first);

	if (wake < 0)
		return;
	bpf_dynptr_write(&d, 0, (void *)rec, size, 0);
	bpf_ringbuf_submit_dynptr(&d, wake);
}

#endif /* TP_COMMON_BPF_H */
