/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Export filters inside libtp: the fields, a parsed filter, and what an event shows them. */
#ifndef TP_FILTER_H
#define TP_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tp/nscaps.h>

#include "export_filter.h"

struct tp_out_event;

/*
 * Tetragon's Filter fields (events.proto, in field order): the proto name and
 * the JSON name protojson also takes, the value's kind, and for one tprun
 * refuses, why. Fields about pods (namespace, namespace_regex, pod_regex,
 * container_name_regex, health_check) are honoured as Tetragon honours them
 * for a process outside any pod, which every process tprun sees is.
 */
/* clang-format off */
#define TP_FILTER_FIELDS(X)								\
	X(BINARY_REGEX,		"binary_regex",		  "binaryRegex",	  REGEX,   NULL) \
	X(NAMESPACE,		"namespace",		  "namespace",		  STRINGS, NULL) \
	X(HEALTH_CHECK,		"health_check",		  "healthCheck",	  BOOL,	   NULL) \
	X(PID,			"pid",			  "pid",		  UINTS,   NULL) \
	X(PID_SET,		"pid_set",		  "pidSet",		  UINTS,   NULL) \
	X(EVENT_SET,		"event_set",		  "eventSet",		  EVENTS,  NULL) \
	X(POD_REGEX,		"pod_regex",		  "podRegex",		  REGEX,   NULL) \
	X(ARGUMENTS_REGEX,	"arguments_regex",	  "argumentsRegex",	  REGEX,   NULL) \
	X(LABELS,		"labels",		  "labels",		  NONE,			\
	  "Kubernetes label selectors are not parsed")					\
	X(POLICY_NAMES,		"policy_names",		  "policyNames",	  STRINGS, NULL) \
	X(CAPABILITIES,		"capabilities",		  "capabilities",	  CAPS,	   NULL) \
	X(PARENT_BINARY_REGEX,	"parent_binary_regex",	  "parentBinaryRegex",	  REGEX,   NULL) \
	X(CEL_EXPRESSION,	"cel_expression",	  "celExpression",	  NONE,			\
	  "CEL is not evaluated")							\
	X(PARENT_ARGUMENTS_REGEX, "parent_arguments_regex", "parentArgumentsRegex", REGEX, NULL) \
	X(CONTAINER_ID,		"container_id",		  "containerId",	  NONE,			\
	  "tprun does not know containers (process.docker)")				\
	X(IN_INIT_TREE,		"in_init_tree",		  "inInitTree",		  NONE,			\
	  "tprun does not know containers (process.in_init_tree)")			\
	X(ANCESTOR_BINARY_REGEX, "ancestor_binary_regex", "ancestorBinaryRegex", NONE,		\
	  "tprun's events carry no ancestors (Tetragon's --enable-ancestors)")		\
	X(CONTAINER_NAME_REGEX,	"container_name_regex",	  "containerNameRegex",	  REGEX,   NULL) \
	X(NAMESPACE_REGEX,	"namespace_regex",	  "namespaceRegex",	  REGEX,   NULL)

/*
 * Tetragon's EventType (events.proto): the names event_set takes, their
 * numbers, and whether an event of the type is a report beside the event
 * stream rather than an event of it: Tetragon's rate limiter hands its
 * rate_limit_info to the encoder itself (pkg/ratelimit/ratelimit.go,
 * reportRateLimitInfo), past the export filters and the event counters.
 */
#define TP_FILTER_EVENT_TYPES(X)		\
	X(UNDEF,		0,	false)	\
	X(PROCESS_EXEC,		1,	false)	\
	X(PROCESS_EXIT,		5,	false)	\
	X(PROCESS_KPROBE,	9,	false)	\
	X(PROCESS_TRACEPOINT,	10,	false)	\
	X(PROCESS_LOADER,	11,	false)	\
	X(PROCESS_UPROBE,	12,	false)	\
	X(PROCESS_THROTTLE,	27,	false)	\
	X(PROCESS_LSM,		28,	false)	\
	X(PROCESS_USDT,		29,	false)	\
	X(TEST,			40000,	false)	\
	X(RATE_LIMIT_INFO,	40001,	true)

#define TP_FF_ENUM(ID, NAME, JSON, KIND, WHY) TP_FF_##ID,
enum tp_filter_field { TP_FILTER_FIELDS(TP_FF_ENUM) TP_FF__N };
#undef TP_FF_ENUM
#define TP_ET_ENUM(NAME, NUM, REPORT) TP_ET_##NAME = NUM,
enum tp_filter_event_type { TP_FILTER_EVENT_TYPES(TP_ET_ENUM) };
#undef TP_ET_ENUM
/* clang-format on */

struct tp_filter_regex;

/* A list of values of one field. */
struct tp_filter_vals {
	size_t n;
	char **strs;		     /* STRINGS */
	int64_t *nums;		     /* UINTS, EVENTS */
	struct tp_filter_regex **re; /* REGEX */
};

/* pid_set's children seen so far (Tetragon's ChildCache): an open-addressed set */
struct tp_pid_cache {
	uint32_t *slots; /* 0: empty (pid 0 is never a child) */
	size_t cap, n, warn_at;
};

/* CapFilterSet: one of its lists, as a mask of capability numbers */
enum tp_cap_match { TP_CAPM_NONE_GIVEN, TP_CAPM_ANY, TP_CAPM_ALL, TP_CAPM_EXACTLY, TP_CAPM_NONE };

struct tp_filter_caps {
	enum tp_cap_match how;
	uint64_t set;
};

struct tp_filter {
	uint32_t has;				  /* 1u << TP_FF_*: the fields given */
	bool health_check;			  /* its value */
	struct tp_filter_caps caps[TP_CAPSET__N]; /* capabilities, by enum tp_cap_set */
	struct tp_filter_vals v[TP_FF__N];
	struct tp_pid_cache children;
};

struct tp_filter_list {
	struct tp_filter *f;
	size_t n;
};

/* What the filters look at in an event. */
struct tp_filter_event {
	int64_t type;  /* TP_ET_* */
	bool has_proc; /* the process is known (in the cache): else pid alone */
	uint32_t pid;  /* process.pid */
	const char *binary, *arguments;
	bool has_parent;
	uint32_t parent_pid;
	const char *parent_binary, *parent_arguments;
	const char *policy;   /* "" for events without one */
	const uint64_t *caps; /* process.cap by enum tp_cap_set (caps_buf); NULL: not shown */
	uint64_t caps_buf[TP_CAPSET__N];
};

/* A printed event's, with policy the name its hook's events carry. */
/*
 * Tetragon's EventType of an event: the member it prints under (print_json.c)
 * and what event_set matches. TP_ET_UNDEF for none.
 */
enum tp_filter_event_type tp_filter_event__type(const struct tp_out_event *ev);
/* Its name: "PROCESS_EXEC", ...; "UNDEF" for a number not in the table. */
const char *tp_filter_event__type_name(enum tp_filter_event_type t);
/*
 * Is an event of type t a report beside the stream (TP_FILTER_EVENT_TYPES),
 * which the export filters do not choose among and the event counters do
 * not count?
 */
bool tp_filter_event__type_is_report(enum tp_filter_event_type t);
void tp_filter_event__from(const struct tp_out_event *ev, const char *policy,
			   struct tp_filter_event *fe);

/* Empty allow, or one of allow matches; and none of deny (NULL: empty). */
bool tp_filter__pass(struct tp_filter_list *allow, struct tp_filter_list *deny,
		     const struct tp_filter_event *e);

/* The regex (Go RE2 syntax, PCRE2 underneath) and its match; NULL after saying why. */
struct tp_filter_regex *tp_filter_regex__new(const char *pattern, char *err, size_t len);
bool tp_filter_regex__match(struct tp_filter_regex *re, const char *s);
void tp_filter_regex__free(struct tp_filter_regex *re);

#endif /* TP_FILTER_H */
