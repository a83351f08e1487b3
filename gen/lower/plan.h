/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Lowering: a checked policy becomes a plan the emitter walks. Here every
 * filter gets its match strategy (inline comparisons, a hash set, an LPM trie),
 * value sets are folded (GT of many values is GT of the smallest), string
 * filters get their read slots, and matchBinaries, matchParentBinaries and
 * followForks filters get the bits the process table keeps for them.
 */
#ifndef TP_PLAN_H
#define TP_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/policy.h"

/* Parts a generated file is compiled in at most, at once (split.c). */
#define TP_PARTS_MAX 2

/* Value sets larger than this become maps (tests lower it). */
#define TP_INLINE_MAX_DEFAULT 8
#define TP_INLINE_MAX_LIMIT   4096 /* --inline-max at most */

/* Values longer than this many words are compared in a loop against a u64 array. */
#define TP_INLINE_WORDS 8

/* Data bytes an LPM trie key may hold (the kernel's LPM_DATA_SIZE_MAX). */
#define TP_LPM_DATA_MAX 256

enum tp_strategy {
	TP_STRAT_INLINE = 1, /* comparisons against constants */
	TP_STRAT_HASH,	     /* hash set lookup */
	TP_STRAT_LPM,	     /* LPM trie on the bytes (Prefix) */
	TP_STRAT_LPM_REV,    /* LPM trie on the reversed bytes (Postfix) */
};

struct tp_bytes {
	uint8_t *data; /* owned */
	size_t len;
	int words_id; /* > TP_INLINE_WORDS words: tp_words_<id> array, else -1 */
};

enum tp_map_kind {
	TP_MAP_HASH = 1,
	TP_MAP_LPM,
};

/* Value set i of a plan is the map TP_SET_NAME "<i>"; its values are one byte, 1. */
#define TP_SET_NAME	  "tp_set_"
#define TP_SET_VALUE_SIZE 1

/* A map filled by tprun from .tp.meta and frozen. */
struct tp_lmap {
	enum tp_map_kind kind;
	uint32_t key_size;
	uint32_t count;
	uint32_t data_len;   /* bytes of key data (for string keys) */
	uint8_t *entries;    /* count * (key_size + TP_SET_VALUE_SIZE), owned */
	uint64_t *bloom;     /* a string hash set's: bit tp_bloom_bit() of each value, owned */
	uint32_t bloom_log2; /* bits in bloom, log2 */
};

/* One filter on an argument, the return value or a binary path. */
struct tp_lfilter {
	int index;    /* position in its selector list (matchArgs[index], ...) */
	int arg_pos;  /* position in hook args; -1 for the return value or a binary */
	int arg2_pos; /* CapabilitiesGained: the new set's position (arg_pos: the old one) */
	enum tp_arg_type type;
	enum tp_op op;
	enum tp_base_op base;
	bool negate;	/* NotEqual, NotPrefix, NotPostfix, NotIn */
	bool is_signed; /* integer comparisons are signed */
	int narrow;	/* integers: bytes of the arg compared, zero-extended; 0: as read */
	enum tp_strategy strat;
	uint64_t *nums; /* integer values (Equal sets; one folded value otherwise) */
	size_t nnums;
	uint64_t *spans; /* InMap, InRange: ranges min..max as pairs (nums: single values) */
	size_t nspans;
	struct tp_bytes *strs; /* byte values (strings and buffers) */
	size_t nstrs;
	size_t ninline;	     /* strs[0..ninline) compared inline: all of them, or
				with a map those too long for its key */
	int map;	     /* index in plan maps for HASH/LPM strategies, else -1 */
	uint32_t key_len;    /* string maps: bytes of data in a key */
	uint64_t len_mask;   /* TP_STRAT_HASH: bit len % 64 of each value in the map */
	uint32_t bloom_log2; /* TP_STRAT_HASH: the map's bloom has 1 << bloom_log2 bits */
};

/*
 * A matchBinaries or matchParentBinaries filter: its bit in the process table
 * says "binary matched"; a matchParentBinaries filter has a second one, pbit,
 * "the parent binary matched" (bit as it was before the last exec).
 */
struct tp_lbinfilter {
	int bit;
	int pbit; /* matchParentBinaries; -1 for matchBinaries */
	bool follow_children;
	struct tp_lfilter f; /* base EQ/PREFIX/POSTFIX over the path; negate always false */
};

struct tp_lbinref {
	int index;   /* matchBinaries[index], or matchParentBinaries[index] */
	bool parent; /* matchParentBinaries: bit is the parent binary's */
	int bit;
	bool negate; /* NotIn, NotPrefix, NotPostfix */
};

/* A matchPIDs filter. followForks ones have a bit; others compare directly. */
struct tp_lpid {
	int index;   /* matchPIDs[index] */
	bool negate; /* NotIn */
	bool follow; /* followForks: uses the bit */
	bool ns;     /* isNamespacePID */
	int bit;     /* follow only */
	uint32_t *pids;
	size_t npids;
};

struct tp_laction {
	enum tp_action kind;
	int sig;	    /* Sigkill: SIGKILL, Signal: argSig */
	int error;	    /* Override: argError, the return value it sets */
	int fd_pos;	    /* FollowFD, UnfollowFD, CopyFD: position of the argFd arg */
	int name_pos;	    /* FollowFD: of the argName arg; CopyFD: of the new fd */
	int sock_pos;	    /* TrackSock, UntrackSock: of the argSock arg */
	int set_pos;	    /* Set: of the arg whose USDT argument it writes */
	uint32_t set_value; /* Set: argValue */
	bool report_only; /* policy-mode: monitor: a Sigkill, Signal, Override or Set is not done */
	uint32_t rate_limit_ms;		 /* Post: rateLimit's window, 0 none */
	int rate_limit_scope;		 /* Post: enum tp_rl_scope */
	enum tp_action rate_limit_prior; /* Post: the action before it, its key's (POST: none) */
};

/*
 * A network filter (SPort ... State) on a sock, socket, skb or sockaddr arg
 * (net.c). Numbers are lo..hi ranges of a 16-bit field; addresses are
 * prefixes per family. Up to the inline limit they are compared inline; past
 * it they go to LPM tries keyed by the big-endian field (ports too: a range
 * is a few prefixes, never one entry per port).
 */
struct tp_lnet_range {
	uint32_t lo, hi;
};

struct tp_lnet_prefix {
	uint8_t addr[16]; /* network order, bits past the prefix cleared */
	int bits;
};

struct tp_lnet {
	int index;	       /* matchArgs[index] */
	int arg_pos;	       /* position in hook args */
	enum tp_arg_type type; /* sock, socket, skb or sockaddr */
	enum tp_op op;
	enum tp_net_field field;
	bool negate;		      /* Not forms: no value matches */
	bool priv;		      /* SPortPriv, DPortPriv: port < 1024 (negate: >= 1024) */
	struct tp_lnet_range *ranges; /* ports, protocol, family, state */
	size_t nranges;
	struct tp_lnet_prefix *v4, *v6; /* addresses, by family */
	size_t nv4, nv6;
	int map;	/* ranges: LPM trie index in plan maps, -1 inline */
	int map4, map6; /* addresses: LPM tries per family, -1 inline */
};

struct tp_lselector {
	struct tp_lpid *pids;
	size_t npids;
	struct tp_lbinref *bins;
	size_t nbins;
	struct tp_lfilter *ints; /* integer args, cheapest after pids and binaries */
	size_t nints;
	struct tp_lfilter *strs; /* string and buffer args, last */
	size_t nstrs;
	struct tp_lnet *nets; /* sock, socket, skb, sockaddr args */
	size_t nnets;
	struct tp_lfilter *rets; /* matchReturnArgs */
	size_t nrets;
	const struct tp_match_ns *ns; /* matchNamespaces (borrowed, checked) */
	size_t nns;
	const struct tp_match_cap *caps; /* matchCapabilities (borrowed, checked) */
	size_t ncaps;
	const struct tp_match_ns_change *ns_changes; /* matchNamespaceChanges (borrowed) */
	size_t nns_changes;
	const struct tp_match_cap *cap_changes; /* matchCapabilityChanges (borrowed) */
	size_t ncap_changes;
	struct tp_laction *actions;
	size_t nactions;
	struct tp_laction *ret_actions;
	size_t nret_actions;
	enum tp_action event_action;	 /* what the entry event reports: the last action */
	enum tp_action ret_event_action; /* what the return half reports, 0 none */
	bool post;			 /* false with NoPost */
	uint32_t stack;			 /* TP_HOOKEV_{KERNEL,USER}_STACK: Post's stack traces */
	bool ima;			 /* Post's imaHash: the record waits for the hash */
	bool ret_post;			 /* false with NoPost in matchReturnActions */
	bool audit; /* an action enforces (tp_action__enforces): records go to tp_audit */
};

/* The filters a selector's entry half tests (its return filters, nrets, apart). */
static inline size_t tp_lselector__filters(const struct tp_lselector *ls)
{
	return ls->npids + ls->nbins + ls->nints + ls->nstrs + ls->nnets + ls->nns + ls->ncaps +
	       ls->nns_changes + ls->ncap_changes;
}

struct tp_lhook {
	const struct tp_hook *hook;
	int id;
	struct tp_lselector *sels;
	size_t nsels;
	int *slot; /* per arg position: filter read slot, -1 none */
	/*
	 * Hooks on the same function run in one program, the first one's (its
	 * leader): each hook in turn, an arg read into a slot once for all of
	 * them. leader is the hook whose programs run this one (its own id when
	 * alone); fused, it is in a group of two or more. shared: per arg
	 * position, the group's read its slot holds (-1 none); nshared, on the
	 * leader, the group's reads.
	 */
	int leader;
	bool fused;
	int *shared;
	int nshared;
	int part;	     /* the part of the generated file its code is compiled in (split.c) */
	uint32_t max_record; /* largest record this hook emits */
	uint32_t stack;	     /* the stack flags of any of its selectors */
	bool ima;	     /* a Post has imaHash: the hook has a hash program */
};

struct tp_plan {
	struct tp_lhook *hooks;
	size_t nhooks;
	struct tp_lbinfilter *bins;
	size_t nbins;
	size_t nbin_bits;	     /* the process table's binary bits: bins' bits and pbits */
	struct tp_lpid **pid_follow; /* followForks filters, by bit (borrowed) */
	size_t npid_follow;
	struct tp_lmap *maps;
	size_t nmaps;
	const struct tp_bytes **longs; /* values with a words_id, by id (borrowed) */
	size_t nlongs;
	int slots;	   /* string slots the heap needs (>= 1) */
	int shared_reads;  /* the largest group's shared reads (tp_lhook.nshared), 0 none */
	uint32_t out_mask; /* power of two minus one >= every max_record */
	int parts;	   /* parts of the generated file, compiled at once (split.c) */
};

struct tp_lower_opts {
	size_t inline_max; /* 0: TP_INLINE_MAX_DEFAULT */
	bool no_fuse;	   /* every hook in programs of its own (gen/lower/fuse.c) */
};

/* Returns NULL with errno set (ENOMEM, or E2BIG past a hard limit; message in err). */
struct tp_plan *tp_plan__new(const struct tp_policy *p, const struct tp_lower_opts *o, char *err,
			     size_t errlen);
void tp_plan__free(struct tp_plan *plan);

#endif /* TP_PLAN_H */
