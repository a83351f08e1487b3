// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A set of policies in one object (tpgen a.yaml b.yaml): the merge
 * (gen/model/set.c: hooks in file order, each naming its policy, the YAML as
 * one stream) and what a set refuses (gen/check/set.c), each at its own
 * file:line:col. tests/e2e/test_sets.sh runs a set under tprun.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach/pin.h"
#include "check/set.h"
#include "link/meta_build.h"
#include "lower/plan.h"
#include "meta.h"
#include "model/set.h"
#include "tp_checkrun.h"
#include "tp_test.h"

/* Lines 1-5, metadata.name on line 4; a policy's YAML starts on line 6. */
#define NAMED(name)                        \
	"apiVersion: cilium.io/v1alpha1\n" \
	"kind: TracingPolicy\n"            \
	"metadata:\n"                      \
	"  name: " name "\n"               \
	"spec:\n"

/* sys_openat posting a path (lines 6-14) */
#define OPENAT                                                                              \
	"  kprobes:\n  - call: sys_openat\n    args:\n    - index: 1\n      type: string\n" \
	"    selectors:\n    - matchArgs:\n"                                                \
	"      - {index: 1, operator: Equal, values: [\"/etc/passwd\"]}\n"                  \
	"      matchActions:\n      - action: Post\n"

/* sys_write reading its fd's path (lines 6-10) */
#define WRITE_FD "  kprobes:\n  - call: sys_write\n    args:\n    - index: 0\n      type: fd\n"

/* fd_install following fds (lines 6-16, FollowFD at 16:9) */
#define FOLLOW                                                                                \
	"  kprobes:\n  - call: fd_install\n    syscall: false\n    args:\n"                   \
	"    - index: 0\n      type: int\n    - index: 1\n      type: file\n    selectors:\n" \
	"    - matchActions:\n      - {action: FollowFD, argFd: 0, argName: 1}\n"

/* an enforcer on sys_dup (line 7) and a notifier (NotifyEnforcer at 16:9) */
#define ENFORCER                                                                         \
	"  enforcers:\n  - calls: [sys_dup]\n"                                           \
	"  tracepoints:\n  - subsystem: raw_syscalls\n    event: sys_enter\n    args:\n" \
	"    - index: 4\n      type: int64\n    selectors:\n    - matchActions:\n"       \
	"      - {action: NotifyEnforcer, argSig: 9}\n"

/* sk_alloc tracking the sock it returns (lines 6-14) */
#define SK_ALLOC                                                                       \
	"  kprobes:\n  - call: sk_alloc\n    syscall: false\n    return: true\n"       \
	"    args:\n    - index: 1\n      type: int\n    returnArg:\n      index: 0\n" \
	"      type: sock\n    returnArgAction: TrackSock\n"

/* __sk_free(sk) with one action (lines 6-14: its sock at 11:13, the action at 14:9) */
#define SK_FREE(action)                                                                    \
	"  kprobes:\n  - call: __sk_free\n    syscall: false\n    args:\n    - index: 0\n" \
	"      type: sock\n    selectors:\n    - matchActions:\n      - action: " action "\n"

struct set {
	struct tp_policy *ps[4];
	size_t n;
	char *out; /* what tp_set__check printed */
	size_t len;
	int errors;
};

/* Parse and check yaml as file path (cleanly), the next policy of s. */
static void add(struct set *s, const char *path, const char *yaml)
{
	struct result r;

	run(&r, yaml);
	ASSERT_OUT(&r, "");
	free(r.p->path);
	r.p->path = strdup(path);
	s->ps[s->n++] = r.p;
	free(r.out);
}

static void check_set(struct set *s)
{
	struct tp_diag ds[4];
	FILE *f = open_memstream(&s->out, &s->len);
	size_t i;

	ck_assert_ptr_nonnull(f);
	for (i = 0; i < s->n; i++)
		tp_diag__init(&ds[i], s->ps[i]->path, f);
	s->errors = tp_set__check(s->ps, s->n, ds);
	fclose(f);
}

static void set_free(struct set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		tp_policy__free(s->ps[i]);
	free(s->out);
	memset(s, 0, sizeof(*s));
}

/* The set of the given policies checks with exactly the diagnostics want, nerr errors. */
#define SET_CHECKS(nerr, want, ...)                                                             \
	do {                                                                                    \
		struct set s_ = { 0 };                                                          \
		const char *py_[] = { __VA_ARGS__ };                                            \
		size_t i_;                                                                      \
		for (i_ = 0; i_ < sizeof(py_) / sizeof(py_[0]); i_ += 2)                        \
			add(&s_, py_[i_], py_[i_ + 1]);                                         \
		check_set(&s_);                                                                 \
		ck_assert_msg(!strcmp(s_.out, want), "set check:\n%.3000s\n--- want:\n%.3000s", \
			      s_.out, want);                                                    \
		ck_assert_int_eq(s_.errors, nerr);                                              \
		set_free(&s_);                                                                  \
	} while (0)

START_TEST(test_merge)
{
	struct set s = { 0 };
	struct tp_policy *p, *ps[2];
	struct tp_plan *plan;
	struct tp_meta *m;
	char err[256], name[64];
	void *data;
	size_t size;

	add(&s, "a.yaml", NAMED("posts") OPENAT);
	add(&s, "b.yaml", NAMED("writes") WRITE_FD);
	check_set(&s);
	ck_assert_str_eq(s.out, "");
	/* one policy alone is itself */
	ck_assert_ptr_eq(tp_set__merge(s.ps, 1), s.ps[0]);
	memcpy(ps, s.ps, sizeof(ps));
	p = tp_set__merge(ps, 2);
	ck_assert_ptr_nonnull(p);
	s.n = 0; /* the set's */
	ck_assert_uint_eq(p->nmembers, 2);
	ck_assert_uint_eq(p->nhooks, 2);
	ck_assert_str_eq(p->hooks[0].call, "sys_openat");
	ck_assert_int_eq(p->hooks[0].policy, 0);
	ck_assert_str_eq(p->hooks[1].call, "sys_write");
	ck_assert_int_eq(p->hooks[1].policy, 1);
	ck_assert_str_eq(tp_set__hook_policy(p, &p->hooks[0]), "posts");
	ck_assert_str_eq(tp_set__hook_policy(p, &p->hooks[1]), "writes");
	ck_assert_uint_eq(p->members[0]->nhooks, 0);
	/* the YAML as one stream, as tprun --show-policy prints several objects */
	ck_assert_str_eq(p->source, NAMED("posts") OPENAT "---\n" NAMED("writes") WRITE_FD);
	ck_assert_uint_eq(p->source_len, strlen(p->source));

	/* .tp.meta: both names, each hook its own */
	plan = tp_plan__new(p, &(struct tp_lower_opts){ 0 }, err, sizeof(err));
	ck_assert_msg(plan != NULL, "plan: %s", err);
	ck_assert_int_eq(tp_meta__build(p, plan, NULL, &data, &size), 0);
	m = tp_meta__parse(data, size, err, sizeof(err));
	ck_assert_msg(m != NULL, "meta: %s", err);
	ck_assert_uint_eq(tp_meta__policy_cnt(m), 2);
	ck_assert_str_eq(tp_meta__hook_policy(m, tp_meta__hook(m, 0)), "posts");
	ck_assert_str_eq(tp_meta__hook_policy(m, tp_meta__hook(m, 1)), "writes");
	ck_assert_str_eq(tp_meta__set_name(m), "'posts', 'writes'");
	/* tprun --pin DIR: the set's directory, DIR/posts+writes */
	ck_assert_int_eq(tp_pin__name(m, name, sizeof(name)), 0);
	ck_assert_str_eq(name, "posts+writes");
	ck_assert_int_eq(tp_pin__name(m, name, 12), -ENAMETOOLONG);
	tp_meta__free(m);
	free(data);
	tp_plan__free(plan);
	tp_policy__free(p);
	set_free(&s);
}
END_TEST

START_TEST(test_same_name)
{
	SET_CHECKS(1,
		   "b.yaml:4:9: error: policy name 'posts' is already the name of a.yaml: two "
		   "policies of one name in a set are not supported (Tetragon refuses a second "
		   "policy of a name)\n",
		   "a.yaml", NAMED("posts") OPENAT, "b.yaml", NAMED("posts") WRITE_FD);
	/* the later one is refused, naming the file of the first */
	SET_CHECKS(1,
		   "c.yaml:4:9: error: policy name 'x' is already the name of a.yaml: two "
		   "policies of one name in a set are not supported (Tetragon refuses a second "
		   "policy of a name)\n",
		   "a.yaml", NAMED("x") OPENAT, "b.yaml", NAMED("y") OPENAT, "c.yaml",
		   NAMED("x") OPENAT);
}
END_TEST

/* Object-wide maps Tetragon keeps per policy: one policy alone may use them, not two. */
START_TEST(test_shared_state)
{
	/* FollowFD's map: another's FollowFD, or an fd arg that would read it */
	SET_CHECKS(1,
		   "b.yaml:10:13: error: an fd arg is not supported in a set with policy 'a' "
		   "(a.yaml), which has FollowFD: one object has one map of followed fds, and the "
		   "two policies would act on each other's\n",
		   "a.yaml", NAMED("a") FOLLOW, "b.yaml", NAMED("b") WRITE_FD);
	SET_CHECKS(1,
		   "b.yaml:16:9: error: FollowFD is not supported in a set with policy 'a' "
		   "(a.yaml), which has an fd arg: one object has one map of followed fds, and the "
		   "two policies would act on each other's\n",
		   "a.yaml", NAMED("a") WRITE_FD, "b.yaml", NAMED("b") FOLLOW);
	SET_CHECKS(1,
		   "b.yaml:16:9: error: FollowFD is not supported in a set with policy 'a' "
		   "(a.yaml), which has FollowFD: one object has one map of followed fds, and the "
		   "two policies would act on each other's\n",
		   "a.yaml", NAMED("a") FOLLOW, "b.yaml", NAMED("b") FOLLOW);
	/* fd args alone share nothing */
	SET_CHECKS(0, "", "a.yaml", NAMED("a") WRITE_FD, "b.yaml", NAMED("b") WRITE_FD);
	/* one policy follows fds, the other has no fd arg */
	SET_CHECKS(0, "", "a.yaml", NAMED("a") FOLLOW, "b.yaml", NAMED("b") OPENAT);

	/* the enforcer map: one policy's NotifyEnforcer would make another's enforcer act */
	SET_CHECKS(1,
		   "b.yaml:16:9: error: NotifyEnforcer is not supported in a set with policy 'a' "
		   "(a.yaml), which has NotifyEnforcer: one object has one enforcer map, and the "
		   "two policies would act on each other's\n",
		   "a.yaml", NAMED("a") ENFORCER, "b.yaml", NAMED("b") ENFORCER);
	SET_CHECKS(1,
		   "b.yaml:7:13: error: spec.enforcers is not supported in a set with policy 'a' "
		   "(a.yaml), which has NotifyEnforcer: one object has one enforcer map, and the "
		   "two policies would act on each other's\n",
		   "a.yaml", NAMED("a") ENFORCER, "b.yaml",
		   NAMED("b") "  enforcers:\n  - calls: [sys_dup]\n" OPENAT);
	SET_CHECKS(0, "", "a.yaml", NAMED("a") ENFORCER, "b.yaml", NAMED("b") OPENAT);

	/* TrackSock's map: another's TrackSock (returnArgAction too), or a sock arg reading it */
	SET_CHECKS(1,
		   "b.yaml:11:13: error: a sock arg is not supported in a set with policy 'a' "
		   "(a.yaml), which has returnArgAction: one object has one map of tracked socks, "
		   "and the two policies would act on each other's\n",
		   "a.yaml", NAMED("a") SK_ALLOC, "b.yaml", NAMED("b") SK_FREE("Post"));
	SET_CHECKS(1,
		   "b.yaml:14:9: error: TrackSock is not supported in a set with policy 'a' "
		   "(a.yaml), which has a sock arg: one object has one map of tracked socks, and "
		   "the two policies would act on each other's\n",
		   "a.yaml", NAMED("a") SK_FREE("Post"), "b.yaml", NAMED("b") SK_FREE("TrackSock"));
	SET_CHECKS(0, "", "a.yaml", NAMED("a") SK_FREE("Post"), "b.yaml",
		   NAMED("b") SK_FREE("Post"));

	/* loader: true, twice */
	SET_CHECKS(1,
		   "b.yaml:6:3: error: loader: true is not supported in a set with policy 'a' "
		   "(a.yaml), which has loader: true: one object has one map of loader calls in "
		   "progress, and the two policies would act on each other's\n",
		   "a.yaml", NAMED("a") "  loader: true\n", "b.yaml",
		   NAMED("b") "  loader: true\n");
	SET_CHECKS(0, "", "a.yaml", NAMED("a") "  loader: true\n", "b.yaml", NAMED("b") OPENAT);
}
END_TEST

static Suite *set_suite(void)
{
	Suite *s = suite_create("set");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_merge);
	tcase_add_test(tc, test_same_name);
	tcase_add_test(tc, test_shared_state);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(set_suite());
}
