// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* gen/lower/: strategies, folding, slots, bits, actions, limits. */
#include <check.h>
#include <errno.h>
#include <string.h>

#include <tp/ratelimit.h>

#include <tp/event.h>

#include "lower/plan.h"
#include "lower/maps.h"
#include "tp_testpolicy.h"
#include "tp_test.h"

#define OPENAT(sel)                                                                      \
	"  kprobes:\n  - call: sys_openat\n    args:\n    - index: 0\n      type: int\n" \
	"    - index: 1\n      type: string\n    - index: 2\n      type: uint32\n"       \
	"    selectors:\n" sel

static struct tp_policy *P;
static struct tp_plan *L;

static const struct tp_plan *plan_of(const char *spec, size_t inline_max)
{
	struct tp_lower_opts o = { .inline_max = inline_max };
	char err[200];

	P = tp_test_policy(spec);
	ck_assert_msg(P != NULL, "policy parses and checks");
	L = tp_plan__new(P, &o, err, sizeof(err));
	ck_assert_msg(L != NULL, "plan: %s", err);
	return L;
}

static void teardown(void)
{
	tp_plan__free(L);
	tp_policy__free(P);
	L = NULL;
	P = NULL;
}

static const struct tp_lselector *sel0(const struct tp_plan *pl)
{
	ck_assert_msg(pl->nhooks == 1 && pl->hooks[0].nsels >= 1, "one hook with a selector");
	return &pl->hooks[0].sels[0];
}

START_TEST(gt_lt_mask_fold)
{
	const struct tp_plan *pl = plan_of(
	    OPENAT("    - matchArgs:\n"
		   "      - {index: 0, operator: GT, values: [\"5\", \"-3\", \"9\"]}\n"
		   "      - {index: 0, operator: LT, values: [\"5\", \"-3\", \"9\"]}\n"
		   "      - {index: 2, operator: Mask, values: [\"1\", \"0x40\", \"0200\"]}\n"
		   "      - {index: 2, operator: GT, values: [\"4294967295\", \"7\"]}\n"),
	    0);
	const struct tp_lselector *s = sel0(pl);

	ck_assert_int_eq(s->nints, 4);
	ck_assert_msg(s->ints[0].base == TP_BASE_GT && s->ints[0].nnums == 1 &&
			  (int64_t)s->ints[0].nums[0] == -3,
		      "GT of many values is GT of the smallest (signed)");
	ck_assert_msg(s->ints[1].base == TP_BASE_LT && (int64_t)s->ints[1].nums[0] == 9,
		      "LT of many values is LT of the largest");
	ck_assert_msg(s->ints[2].base == TP_BASE_MASK && s->ints[2].nums[0] == (1 | 0x40 | 0200),
		      "Mask of many values is Mask of their OR");
	ck_assert_msg(!s->ints[3].is_signed && s->ints[3].nums[0] == 7,
		      "unsigned GT folds with unsigned order");
}
END_TEST

START_TEST(int_sets_become_maps_past_inline_max)
{
	const struct tp_plan *pl = plan_of(
	    OPENAT(
		"    - matchArgs:\n"
		"      - {index: 2, operator: Equal, values: [\"1\", \"2\", \"3\"]}\n"
		"      - {index: 2, operator: NotEqual, values: [\"4\", \"5\", \"6\", \"7\"]}\n"),
	    3);
	const struct tp_lselector *s = sel0(pl);

	ck_assert_msg(s->ints[0].strat == TP_STRAT_INLINE && s->ints[0].map == -1,
		      "3 values with inline_max 3 stay inline");
	ck_assert_msg(s->ints[1].strat == TP_STRAT_HASH && s->ints[1].negate,
		      "4 values become a hash set, negated");
	ck_assert_int_eq(pl->nmaps, 1);
	ck_assert_msg(pl->maps[0].kind == TP_MAP_HASH && pl->maps[0].key_size == 8 &&
			  pl->maps[0].count == 4,
		      "int set map shape");
	ck_assert_msg(pl->maps[0].entries[9] == 5 && pl->maps[0].entries[8] == 1,
		      "entries are little-endian keys with value 1");
}
END_TEST

START_TEST(string_sets_become_hash_and_lpm)
{
	const struct tp_plan *pl =
	    plan_of(OPENAT("    - matchArgs:\n"
			   "      - {index: 1, operator: Equal, values: [\"/a\", \"/bcdefghij\"]}\n"
			   "      - {index: 1, operator: Prefix, values: [\"/p\", \"/pq\"]}\n"
			   "      - {index: 1, operator: Postfix, values: [\"xy\", \"z\"]}\n"),
		    1);
	const struct tp_lselector *s = sel0(pl);
	const uint8_t *e;

	ck_assert_int_eq(pl->nmaps, 3);
	ck_assert_msg(s->strs[0].strat == TP_STRAT_HASH && pl->maps[0].key_size == 8 + 16,
		      "hash keys are u64 len + data rounded to 8 (got %u)", pl->maps[0].key_size);
	e = pl->maps[0].entries + (8 + 16 + 1);
	ck_assert_msg(e[0] == 10 && !memcmp(e + 8, "/bcdefghij", 10) && e[8 + 10] == 0,
		      "hash key: length then zero-padded bytes");
	ck_assert_msg(s->strs[0].len_mask == ((1ULL << 2) | (1ULL << 10)),
		      "the set's lengths mod 64 (2 and 10) let other lengths skip the lookup");
	ck_assert_msg(
	    pl->maps[0].bloom && pl->maps[0].bloom_log2 == 6 && s->strs[0].bloom_log2 == 6,
	    "two values: a one-word bloom filter (got 2^%u bits)", pl->maps[0].bloom_log2);
	{
		uint32_t a = tp_bloom_bit((const uint8_t *)"/a", 2, 6);
		uint32_t b = tp_bloom_bit((const uint8_t *)"/bcdefghij", 10, 6);

		ck_assert_msg(pl->maps[0].bloom[0] == ((1ULL << a) | (1ULL << b)),
			      "the bloom holds each value's bit and no other");
	}
	ck_assert_msg(!pl->maps[1].bloom && !pl->maps[2].bloom, "LPM tries have no bloom");
	ck_assert_msg(s->strs[1].strat == TP_STRAT_LPM && pl->maps[1].kind == TP_MAP_LPM &&
			  pl->maps[1].key_size == 4 + 3,
		      "prefix set is an LPM trie");
	e = pl->maps[1].entries + (4 + 3 + 1);
	ck_assert_msg(e[0] == 24 && !memcmp(e + 4, "/pq", 3), "LPM prefixlen is in bits");
	ck_assert_msg(s->strs[2].strat == TP_STRAT_LPM_REV, "postfix set is a reversed LPM trie");
	e = pl->maps[2].entries;
	ck_assert_msg(e[0] == 16 && e[4] == 'y' && e[5] == 'x', "postfix keys are reversed");
}
END_TEST

START_TEST(trailing_nul_is_stripped_and_long_values_get_arrays)
{
	const struct tp_plan *pl = plan_of(
	    OPENAT(
		"    - matchArgs:\n"
		"      - {index: 1, operator: Equal, values: [\"/etc/passwd\\0\", "
		"\"/0123456789012345678901234567890123456789012345678901234567890123456789\"]}\n"),
	    0);
	const struct tp_lselector *s = sel0(pl);

	ck_assert_msg(s->strs[0].strs[0].len == 11, "\"/etc/passwd\\0\" means /etc/passwd");
	ck_assert_msg(s->strs[0].strs[0].words_id == -1, "short values are inline words");
	ck_assert_msg(s->strs[0].strs[1].words_id == 0 && pl->nlongs == 1,
		      "values past 64 bytes get a words array");
}
END_TEST

/* Trailing NULs by operator and type, as Tetragon's pkg/selectors/kernel.go drops them */
START_TEST(trailing_nuls_by_operator)
{
	const struct tp_plan *pl =
	    plan_of("  kprobes:\n  - call: sys_write\n    args:\n    - index: 0\n      type: fd\n"
		    "    - index: 1\n      type: char_buf\n      sizeArgIndex: 3\n"
		    "    - index: 2\n      type: size_t\n"
		    "    selectors:\n"
		    "    - matchArgs:\n"
		    "      - {index: 0, operator: Postfix, values: [\"/null\\0\\0\"]}\n"
		    "      - {index: 1, operator: Postfix, values: [\"a\\0\"]}\n"
		    "      - {index: 1, operator: Prefix, values: [\"b\\0\"]}\n"
		    "      - {index: 1, operator: Equal, values: [\"c\\0\"]}\n",
		    0);
	const struct tp_lselector *s = sel0(pl);

	ck_assert_uint_eq(s->nstrs, 4);
	ck_assert_msg(s->strs[0].strs[0].len == 5, "Postfix on an fd drops them");
	ck_assert_msg(s->strs[1].strs[0].len == 2, "Postfix on a char_buf keeps them");
	ck_assert_msg(s->strs[2].strs[0].len == 2, "Prefix keeps them");
	ck_assert_msg(s->strs[3].strs[0].len == 2, "Equal on a char_buf keeps them");
}
END_TEST

START_TEST(slots_are_shared_per_arg)
{
	const struct tp_plan *pl = plan_of(
	    OPENAT("    - matchArgs:\n      - {index: 1, operator: Prefix, values: [\"/a\"]}\n"
		   "    - matchArgs:\n      - {index: 1, operator: Postfix, values: [\"b\"]}\n"),
	    0);

	ck_assert_int_eq(pl->slots, 1);
	ck_assert_int_eq(pl->hooks[0].slot[1], 0);
	ck_assert_int_eq(pl->hooks[0].slot[0], -1);
	ck_assert_msg(pl->hooks[0].max_record <= pl->out_mask &&
			  ((pl->out_mask + 1) & pl->out_mask) == 0,
		      "out_mask covers the largest record");
}
END_TEST

/*
 * Hooks on one function run in the first one's program (gen/lower/fuse.c):
 * the same string arg takes one slot for all, each hook's own reads the
 * slots after the shared ones; a hook with a return half keeps its program.
 */
START_TEST(hooks_on_one_function_are_fused)
{
	const struct tp_plan *pl =
	    plan_of(OPENAT("    - matchArgs:\n      - {index: 1, operator: Prefix, values: "
			   "[\"/a\"]}\n") "  - call: sys_openat\n    args:\n    - index: 1\n      "
					  "type: char_buf\n"
					  "      sizeArgIndex: 3\n    - index: 2\n      type: int\n"
					  "    selectors:\n    - matchArgs:\n"
					  "      - {index: 1, operator: Equal, values: [\"/b\"]}\n"
					  "  - call: sys_openat\n    return: true\n    returnArg: "
					  "{index: 0, type: int}\n"
					  "    args:\n    - index: 1\n      type: string\n"
					  "    selectors:\n    - matchArgs:\n"
					  "      - {index: 1, operator: Equal, values: [\"/c\"]}\n"
					  "  - call: sys_write\n    args:\n    - index: 0\n      "
					  "type: int\n",
		    0);
	const struct tp_lhook *h = pl->hooks;

	ck_assert_int_eq(pl->nhooks, 4);
	ck_assert_msg(h[0].fused && h[1].fused, "hooks 0 and 1 share a program");
	ck_assert_int_eq(h[0].leader, 0);
	ck_assert_int_eq(h[1].leader, 0);
	ck_assert_msg(!h[2].fused && h[2].leader == 2, "a return hook keeps its own");
	ck_assert_msg(!h[3].fused && h[3].leader == 3, "another function keeps its own");
	/*
	 * hook 0's string: a read any hook may share, slot 0; hook 1's char_buf,
	 * sized by another arg, its own read in the slot after the shared one
	 */
	ck_assert_int_eq(h[0].nshared, 1);
	ck_assert_int_eq(h[0].shared[1], 0);
	ck_assert_int_eq(h[0].slot[1], 0);
	ck_assert_int_eq(h[0].shared[0], -1); /* an int: no slot */
	ck_assert_int_eq(h[1].shared[0], -1);
	ck_assert_int_eq(h[1].slot[0], 1);
	ck_assert_int_eq(pl->slots, 2);
}
END_TEST

/*
 * Reads that another hook's state can change, or that another arg sizes, are
 * each hook's own (gen/lower/fuse.c, shareable): an fd names a file through
 * the follow map a FollowFD may change. Hooks that attach differently are
 * not fused (fentries: trampolines only; ignore.callNotFound), and no_fuse
 * keeps every hook apart.
 */
START_TEST(what_fused_hooks_do_not_share)
{
	const char *two_fds =
	    "  kprobes:\n"
	    "  - call: sys_write\n    args:\n    - {index: 0, type: fd}\n"
	    "    selectors:\n    - matchArgs:\n      - {index: 0, operator: Prefix, values: [/a]}\n"
	    "  - call: sys_write\n    args:\n    - {index: 0, type: fd}\n"
	    "    selectors:\n    - matchArgs:\n      - {index: 0, operator: Prefix, values: [/b]}\n"
	    "  - call: sys_write\n    ignore: {callNotFound: true}\n    args:\n"
	    "    - {index: 1, type: string}\n"
	    "    selectors:\n    - matchArgs:\n      - {index: 1, operator: Prefix, values: [x]}\n"
	    "  fentries:\n"
	    "  - call: sys_write\n    syscall: true\n    args:\n    - {index: 1, type: string}\n"
	    "    selectors:\n    - matchArgs:\n      - {index: 1, operator: Prefix, values: [y]}\n";
	struct tp_lower_opts o = { .no_fuse = true };
	const struct tp_plan *pl = plan_of(two_fds, 0);
	const struct tp_lhook *h = pl->hooks;
	char err[200];
	struct tp_plan *apart;
	size_t i;

	ck_assert_int_eq(pl->nhooks, 4);
	ck_assert_msg(h[0].fused && h[1].leader == 0, "two fd hooks on write share a program");
	ck_assert_int_eq(h[0].nshared, 0);
	ck_assert_int_eq(h[0].shared[0], -1);
	ck_assert_int_eq(h[1].shared[0], -1);
	/* each reads its own, into a slot the other reuses once it has run */
	ck_assert_int_eq(h[0].slot[0], 0);
	ck_assert_int_eq(h[1].slot[0], 0);
	ck_assert_msg(!h[2].fused, "ignore.callNotFound attaches otherwise");
	ck_assert_msg(!h[3].fused, "a fentries hook attaches otherwise");
	apart = tp_plan__new(P, &o, err, sizeof(err));
	ck_assert_ptr_nonnull(apart);
	for (i = 0; i < apart->nhooks; i++)
		ck_assert_msg(!apart->hooks[i].fused && apart->hooks[i].leader == (int)i,
			      "no_fuse: hook %zu alone", i);
	tp_plan__free(apart);
}
END_TEST

/*
 * A policy with two programs' worth of hooks is compiled in two parts
 * (gen/lower/split.c): the heaviest unit first, each to the lighter part; a
 * fused group's hooks in one part; one hook, or one group, in one part.
 */
START_TEST(hooks_are_split_in_two_parts)
{
	const char *spec =
	    "  kprobes:\n"
	    "  - call: sys_write\n    args:\n    - {index: 0, type: int}\n"
	    "  - call: sys_openat\n    args:\n    - {index: 1, type: string}\n"
	    "    selectors:\n    - matchArgs:\n      - {index: 1, operator: Prefix, values: [/a]}\n"
	    "    - matchArgs:\n      - {index: 1, operator: Prefix, values: [/b]}\n"
	    "  - call: sys_openat\n    args:\n    - {index: 1, type: string}\n"
	    "    selectors:\n    - matchArgs:\n      - {index: 1, operator: Prefix, values: [/c]}\n"
	    "  - call: sys_lseek\n    args:\n    - {index: 0, type: int}\n"
	    "    selectors:\n    - matchArgs:\n      - {index: 0, operator: Equal, values: [1]}\n";
	const struct tp_plan *pl = plan_of(spec, 0);
	const struct tp_lhook *h = pl->hooks;

	ck_assert_int_eq(pl->nhooks, 4);
	ck_assert_int_eq(pl->parts, 2);
	/* the openat group (weights 4+1+2+2 and 4+1+2) first, in part 0; lseek (4+1+2), write (4+1)
	 */
	ck_assert_int_eq(h[1].leader, 1);
	ck_assert_int_eq(h[2].leader, 1);
	ck_assert_int_eq(h[1].part, 0);
	ck_assert_int_eq(h[2].part, 0);
	ck_assert_int_eq(h[3].part, 1);
	ck_assert_int_eq(h[0].part, 1);
	teardown();
	pl = plan_of(OPENAT("    - matchArgs:\n      - {index: 0, operator: Equal, values: [1]}\n"),
		     0);
	ck_assert_int_eq(pl->parts, 1);
	ck_assert_int_eq(pl->hooks[0].part, 0);
	teardown();
	/* two hooks, one program: one part */
	pl = plan_of("  kprobes:\n"
		     "  - call: sys_write\n    args:\n    - {index: 0, type: int}\n"
		     "  - call: sys_write\n    args:\n    - {index: 0, type: int}\n",
		     0);
	ck_assert_int_eq(pl->hooks[1].leader, 0);
	ck_assert_int_eq(pl->parts, 1);
}
END_TEST

/* A program runs at most 32 hooks (gen/lower/fuse.c, FUSE_MAX): the 33rd starts a group */
START_TEST(a_group_holds_at_most_32_hooks)
{
	char spec[8192] = "  kprobes:\n";
	const struct tp_plan *pl;
	size_t i;

	for (i = 0; i < 40; i++)
		strcat(spec, "  - call: sys_openat\n    args:\n    - index: 1\n      type: string\n"
			     "    selectors:\n    - matchArgs:\n"
			     "      - {index: 1, operator: Prefix, values: [\"/a\"]}\n");
	pl = plan_of(spec, 0);
	ck_assert_int_eq(pl->nhooks, 40);
	for (i = 0; i < 40; i++)
		ck_assert_int_eq(pl->hooks[i].leader, i < 32 ? 0 : 32);
	ck_assert_int_eq(pl->slots, 1);
}
END_TEST

/* tp_out_finish drops a record larger than TP_OUT_MASK: one of a power of two bytes fits too */
START_TEST(out_mask_holds_a_power_of_two_record)
{
	const struct tp_plan *pl =
	    plan_of("  kprobes:\n  - call: sys_lseek\n    args:\n    - {index: 0, type: int}\n"
		    "    - {index: 2, type: int}\n",
		    0);
	uint32_t max = pl->hooks[0].max_record;

	ck_assert_msg((max & (max - 1)) == 0, "the record is a power of two bytes (%u)", max);
	ck_assert_msg(max <= pl->out_mask, "record %u, TP_OUT_MASK %#x", max, pl->out_mask);
}
END_TEST

/* a resolved arg's record starts with its status word: counted, or the record is dropped */
START_TEST(resolved_arg_counts_its_status)
{
	const struct tp_plan *pl =
	    plan_of("  tracepoints:\n  - subsystem: sched\n    event: sched_process_exec\n"
		    "    raw: true\n    args:\n"
		    "    - {index: 2, type: uint64, resolve: file.f_inode.i_ino}\n",
		    0);
	uint32_t max = pl->hooks[0].max_record;

	ck_assert_uint_eq(max, sizeof(struct tp_event_hook) + 2 * sizeof(__u64));
	ck_assert_msg(max <= pl->out_mask, "record %u, TP_OUT_MASK %#x", max, pl->out_mask);
}
END_TEST

START_TEST(binaries_and_pids_get_bits)
{
	const struct tp_plan *pl =
	    plan_of(OPENAT("    - matchBinaries:\n      - {operator: In, values: [\"/bin/a\"], "
			   "followChildren: true}\n"
			   "      - {operator: NotPostfix, values: [\"sh\"]}\n"
			   "      matchPIDs:\n      - {operator: In, followForks: true, values: "
			   "[\"1\", \"42\"]}\n"
			   "      - {operator: NotIn, values: [\"7\"]}\n"),
		    0);
	const struct tp_lselector *s = sel0(pl);

	ck_assert_int_eq(pl->nbins, 2);
	ck_assert_msg(pl->bins[0].follow_children && !pl->bins[1].follow_children,
		      "followChildren");
	ck_assert_msg(pl->bins[1].f.base == TP_BASE_POSTFIX && s->bins[1].negate,
		      "NotPostfix is a negated postfix membership bit");
	ck_assert_int_eq(pl->npid_follow, 1);
	ck_assert_msg(s->pids[0].follow && s->pids[0].bit == 0 && s->pids[0].npids == 2,
		      "followForks filter has a bit");
	ck_assert_msg(!s->pids[1].follow && s->pids[1].negate && s->pids[1].pids[0] == 7,
		      "plain NotIn compares directly");
}
END_TEST

START_TEST(parent_binaries_get_two_bits)
{
	const struct tp_plan *pl = plan_of(
	    OPENAT("    - matchParentBinaries:\n"
		   "      - {operator: NotIn, values: [\"/bin/sh\"], followChildren: true}\n"
		   "      matchBinaries:\n      - {operator: Prefix, values: [\"/usr/\"]}\n"),
	    0);
	const struct tp_lselector *s = sel0(pl);

	ck_assert_int_eq(pl->nbins, 2);
	ck_assert_int_eq(pl->nbin_bits, 3);
	ck_assert_msg(pl->bins[0].bit == 0 && pl->bins[0].pbit == -1, "matchBinaries: one bit");
	ck_assert_msg(pl->bins[1].bit == 1 && pl->bins[1].pbit == 2 && pl->bins[1].follow_children,
		      "matchParentBinaries: its own bit and the parent's");
	ck_assert_msg(pl->bins[1].f.base == TP_BASE_EQ, "NotIn is a negated In membership");
	ck_assert_int_eq(s->nbins, 2);
	ck_assert_msg(!s->bins[0].parent && s->bins[0].bit == 0 && !s->bins[0].negate,
		      "the hook tests the binary's bit");
	ck_assert_msg(s->bins[1].parent && s->bins[1].bit == 2 && s->bins[1].negate,
		      "the hook tests the parent bit, negated");
}
END_TEST

START_TEST(actions)
{
	const struct tp_plan *pl = plan_of(
	    OPENAT("    - matchActions:\n      - {action: Signal, argSig: 10}\n      - {action: "
		   "NoPost}\n"
		   "    - matchActions:\n      - {action: Post}\n      - {action: Sigkill}\n"
		   "    - matchActions:\n      - {action: Sigkill}\n      - {action: Post}\n"),
	    0);
	const struct tp_lselector *s = pl->hooks[0].sels;

	ck_assert_msg(!s[0].post && s[0].actions[0].sig == 10 && s[0].ret_post,
		      "Signal argSig with NoPost");
	/* the event names the last action run (Tetragon's do_action sets e->action each time) */
	ck_assert_msg(s[1].event_action == TP_ACT_SIGKILL && s[1].post && s[1].actions[1].sig == 9,
		      "Post then Sigkill reports SIGKILL and sends 9");
	ck_assert_msg(s[2].event_action == TP_ACT_POST && s[2].post,
		      "Sigkill then Post reports POST");
	teardown();
	pl = plan_of("  kprobes:\n  - call: sys_openat\n    return: true\n    returnArg:\n"
		     "      index: 0\n      type: int\n    selectors:\n    - matchReturnActions:\n"
		     "      - {action: NoPost}\n",
		     0);
	s = pl->hooks[0].sels;
	ck_assert_msg(s[0].ret_event_action == TP_ACT_NOPOST && !s[0].ret_post && s[0].post,
		      "NoPost in matchReturnActions drops the return");
}
END_TEST

/* rateLimit: the window in ms (capped at 2^32 - 1), the scope, the action before the Post */
START_TEST(rate_limits)
{
	const struct tp_plan *pl =
	    plan_of(OPENAT("    - matchActions:\n      - {action: Post, rateLimit: 2M, "
			   "rateLimitScope: global}\n"
			   "      - {action: Signal, argSig: 10}\n"
			   "      - {action: Post, rateLimit: 4294967295h}\n"
			   "      - {action: Post, rateLimit: \"0\", rateLimitScope: process}\n"),
		    0);
	const struct tp_laction *a = pl->hooks[0].sels[0].actions;

	ck_assert_msg(a[0].rate_limit_ms == 120000 && a[0].rate_limit_scope == TP_RL_GLOBAL &&
			  a[0].rate_limit_prior == TP_ACT_POST,
		      "2M: 120 s, global, first");
	ck_assert_msg(a[2].rate_limit_ms == UINT32_MAX && a[2].rate_limit_scope == TP_RL_THREAD &&
			  a[2].rate_limit_prior == TP_ACT_SIGNAL,
		      "capped, thread by default, after a Signal");
	ck_assert_msg(a[3].rate_limit_ms == 0 && a[3].rate_limit_scope == TP_RL_PROCESS,
		      "0 limits nothing");
}
END_TEST

START_TEST(monitor_marks_what_it_only_reports)
{
	const char *sels = "    - matchActions:\n      - {action: Sigkill}\n"
			   "    - matchActions:\n      - {action: Override, argError: -1}\n"
			   "    - matchActions:\n      - {action: Post}\n";
	char spec[1024];
	const struct tp_lselector *s;
	const struct tp_plan *pl;

	snprintf(spec, sizeof(spec),
		 "  options:\n  - name: policy-mode\n    value: monitor\n" OPENAT("%s"), sels);
	pl = plan_of(spec, 0);
	s = pl->hooks[0].sels;
	ck_assert_msg(s[0].actions[0].report_only && s[0].event_action == TP_ACT_SIGKILL,
		      "monitor: Sigkill reported, not sent");
	ck_assert_msg(s[1].actions[0].report_only && s[1].event_action == TP_ACT_OVERRIDE,
		      "monitor: Override reported, not done");
	ck_assert_msg(!s[2].actions[0].report_only, "Post is not an enforcing action");
	teardown();
	snprintf(spec, sizeof(spec), OPENAT("%s"), sels);
	pl = plan_of(spec, 0);
	ck_assert_msg(!pl->hooks[0].sels[0].actions[0].report_only &&
			  !pl->hooks[0].sels[1].actions[0].report_only,
		      "enforce: Sigkill and Override are done");
}
END_TEST

START_TEST(any_number_of_selectors)
{
	char *spec = malloc(65536), err[200];
	struct tp_plan *pl;
	int i;

	strcpy(spec, "  kprobes:\n  - call: sys_openat\n    args:\n    - {index: 0, type: int}\n"
		     "    selectors:\n");
	for (i = 0; i < 130; i++)
		strcat(spec,
		       "    - matchArgs:\n      - {index: 0, operator: Equal, values: [\"1\"]}\n");
	P = tp_test_policy(spec);
	free(spec);
	ck_assert_msg(P != NULL, "130 selectors parse and check");
	pl = tp_plan__new(P, NULL, err, sizeof(err));
	ck_assert_msg(pl != NULL, "130 selectors lower: %s", pl ? "" : err);
	ck_assert_int_eq(pl->hooks[0].nsels, 130);
	L = pl;
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lower");
	TCase *tc = tcase_create("lower");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, gt_lt_mask_fold);
	tcase_add_test(tc, int_sets_become_maps_past_inline_max);
	tcase_add_test(tc, string_sets_become_hash_and_lpm);
	tcase_add_test(tc, trailing_nul_is_stripped_and_long_values_get_arrays);
	tcase_add_test(tc, trailing_nuls_by_operator);
	tcase_add_test(tc, slots_are_shared_per_arg);
	tcase_add_test(tc, hooks_on_one_function_are_fused);
	tcase_add_test(tc, a_group_holds_at_most_32_hooks);
	tcase_add_test(tc, hooks_are_split_in_two_parts);
	tcase_add_test(tc, what_fused_hooks_do_not_share);
	tcase_add_test(tc, binaries_and_pids_get_bits);
	tcase_add_test(tc, parent_binaries_get_two_bits);
	tcase_add_test(tc, actions);
	tcase_add_test(tc, rate_limits);
	tcase_add_test(tc, monitor_marks_what_it_only_reports);
	tcase_add_test(tc, any_number_of_selectors);
	tcase_add_test(tc, out_mask_holds_a_power_of_two_record);
	tcase_add_test(tc, resolved_arg_counts_its_status);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
