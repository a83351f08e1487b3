/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Selector actions: the one table the parser, checker, lowering, emitter and
 * the event printers derive from. Numbers are Tetragon's KprobeAction values
 * (tetragon.proto), so events carry them as they are and print as
 * "KPROBE_ACTION_" #ID.
 *
 * X(ID, NUMBER, NAME, BUILT, ENFORCES)
 *   NAME      the policy's spelling (matched case-insensitively)
 *   BUILT     1: tpgen enforces it; 0: refused with "not supported yet"
 *   ENFORCES  1: it changes what the process does (kills, signals, a return value
 *             overridden, a value set): policy-mode monitor only reports it, and
 *             the records of a selector that has it go to the audit ring (tp_audit)
 */
#ifndef TP_ACTIONS_H
#define TP_ACTIONS_H

/* clang-format off */
#define TP_ACTIONS(X)							\
	X(POST,				1,  "Post",			1, 0) \
	X(FOLLOWFD,			2,  "FollowFD",			1, 0) \
	X(SIGKILL,			3,  "Sigkill",			1, 1) \
	X(UNFOLLOWFD,			4,  "UnfollowFD",		1, 0) \
	X(OVERRIDE,			5,  "Override",			1, 1) \
	X(COPYFD,			6,  "CopyFD",			1, 0) \
	X(GETURL,			7,  "GetUrl",			1, 0) \
	X(DNSLOOKUP,			8,  "DnsLookup",		1, 0) \
	X(NOPOST,			9,  "NoPost",			1, 0) \
	X(SIGNAL,			10, "Signal",			1, 1) \
	X(TRACKSOCK,			11, "TrackSock",		1, 0) \
	X(UNTRACKSOCK,			12, "UntrackSock",		1, 0) \
	X(NOTIFYENFORCER,		13, "NotifyEnforcer",		1, 1) \
	X(CLEANUPENFORCERNOTIFICATION,	14, "CleanupEnforcerNotification", 1, 0) \
	X(SET,				15, "Set",			1, 1)

/* Older spellings of earlier Tetragon versions (its current table has none): X(NAME, ID). */
#define TP_ACTION_ALIASES(X)						\
	X("NotifyKiller", NOTIFYENFORCER)
/* clang-format on */

/*
 * What the kernel counts of the actions selectors take (the map tp_actions):
 * Tetragon's policy stats (bpf/lib/policy_stats.h, enum policy_actions; names
 * as pkg/metrics/policymetrics gives them to tracingpolicy_selector_actions_total).
 * POST is counted by tprun as records arrive, as Tetragon counts a post once
 * its event is out. X(ID, NUMBER, NAME)
 */
/* clang-format off */
#define TP_ACT_STATS(X)						\
	X(POST,				1,  "post")		\
	X(SIGNAL,			2,  "signal")		\
	X(MONITOR_SIGNAL,		3,  "monitor_signal")	\
	X(OVERRIDE,			4,  "override")		\
	X(MONITOR_OVERRIDE,		5,  "monitor_override")	\
	X(NOTIFY_ENFORCER,		6,  "notify_enforcer")	\
	X(MONITOR_NOTIFY_ENFORCER,	7,  "monitor_notify_enforcer") \
	X(SET,				8,  "set")		\
	X(MONITOR_SET,			9,  "monitor_set")	\
	X(NOPOST,			10, "nopost")
/* clang-format on */

enum tp_act_stat {
	TP_ACTSTAT_NONE = 0,
/* clang-format off */
#define TP_ACTSTAT_ENUM(id, num, name) TP_ACTSTAT_##id = num,
	TP_ACT_STATS(TP_ACTSTAT_ENUM)
#undef TP_ACTSTAT_ENUM
	TP_ACTSTAT__MAX,
	/* clang-format on */
};

enum tp_action {
	TP_ACT_UNKNOWN = 0,
/* clang-format off */
#define TP_ACT_ENUM(id, num, ...) TP_ACT_##id = num,
	TP_ACTIONS(TP_ACT_ENUM)
#undef TP_ACT_ENUM
	TP_ACT__MAX,
	/* clang-format on */
};

#endif /* TP_ACTIONS_H */
