// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * spec.enforcers and NotifyEnforcer: the parser's enforcer hooks (a list call
 * expanded), the checker's names and located errors, the generated C, and
 * the variants and flags .tp.meta gives tprun. tests/e2e/test_enforcer.sh
 * and tests/vm/test_enforcer.sh show them on real kernels.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "libtp.h"
#include "link/meta_build.h"
#include "lower/plan.h"
#include "meta.h"
#include "tp_checkrun.h"
#include "tp_testpolicy.h"
#include "tp_test.h"

/* raw_syscalls/sys_enter notifying with the action parameters given */
#define NOTIFIER(params)                                                                 \
	"  tracepoints:\n  - subsystem: raw_syscalls\n    event: sys_enter\n    args:\n" \
	"    - index: 4\n      type: int64\n    selectors:\n    - matchActions:\n"       \
	"      - action: NotifyEnforcer\n" params

#define DUPS                                                                         \
	"  lists:\n  - name: dups\n    type: syscalls\n    values:\n    - sys_dup\n" \
	"    - sys_dup2\n    - __ia32_sys_dup\n"

START_TEST(test_hooks_and_names)
{
	struct result r;

	run(&r,
	    HDR DUPS "  enforcers:\n  - calls:\n    - list:dups\n    - security_file_open\n"
		     "    - sys_openat\n" NOTIFIER("        argError: -1\n        argSig: 9\n"));
	ASSERT_OUT(&r, "");
	ck_assert_uint_eq(r.p->nhooks, 6);
	ck_assert_int_eq(r.p->hooks[0].kind, TP_HOOK_TRACEPOINT);
	/* as written, one per list value, each at its line */
	ck_assert_int_eq(r.p->hooks[1].kind, TP_HOOK_ENFORCER);
	ck_assert_str_eq(r.p->hooks[1].call, "sys_dup");
	ck_assert_int_eq(r.p->hooks[1].loc.line, 10);
	ck_assert_str_eq(r.p->hooks[1].function_name, "__x64_sys_dup");
	ck_assert_str_eq(r.p->hooks[2].function_name, "__x64_sys_dup2");
	/* an arch prefix stays (Tetragon's SyscallVal.Symbol) */
	ck_assert_str_eq(r.p->hooks[3].function_name, "__ia32_sys_dup");
	ck_assert_int_eq(r.p->hooks[3].loc.line, 12);
	ck_assert(r.p->hooks[3].syscall);
	ck_assert_str_eq(r.p->hooks[4].function_name, "security_file_open");
	ck_assert(!r.p->hooks[4].syscall);
	ck_assert_str_eq(r.p->hooks[5].function_name, "__x64_sys_openat");
	ck_assert(r.p->hooks[5].syscall);
	ck_assert(!r.p->hooks[5].signal_only);
	result_free(&r);

	/* argError 0 everywhere: signals only */
	run(&r, HDR "  enforcers:\n  - calls: [sys_dup]\n" NOTIFIER("        argSig: 9\n"));
	ASSERT_OUT(&r, "");
	ck_assert(r.p->hooks[1].signal_only);
	result_free(&r);
	/* monitor notifies nobody */
	run(&r, HDR "  options:\n  - name: policy-mode\n    value: monitor\n"
		    "  enforcers:\n  - calls: [sys_dup]\n" NOTIFIER("        argError: -1\n"));
	ASSERT_OUT(&r, "");
	ck_assert(r.p->hooks[1].signal_only);
	result_free(&r);
}
END_TEST

START_TEST(test_parse_errors)
{
	parse_fails(HDR "  enforcers:\n  - calls: [list:nope]\n", 1,
		    "p.yaml:7:13: error: enforcer call 'list:nope': no list named 'nope' in "
		    "spec.lists\n");
	parse_fails(HDR "  lists:\n  - name: all\n    type: generated_syscalls\n"
			"  enforcers:\n  - calls: [list:all]\n",
		    1,
		    "p.yaml:10:13: error: enforcer call 'list:all': a list of type "
		    "'generated_syscalls' is not supported yet (lists of syscalls or of functions "
		    "are)\n");
	/* Tetragon: "we support only single enforcer sensor" */
	parse_fails(HDR "  enforcers:\n  - calls: [sys_dup]\n  - calls: [sys_dup2]\n", 1,
		    "p.yaml:8:5: error: only one enforcer is supported (Tetragon's rule)\n");
	parse_fails(HDR "  enforcers:\n  - calls: [sys_dup]\n    action: x\n", 1,
		    "p.yaml:8:5: error: unknown key 'action' in enforcer\n");
	parse_fails(HDR "  enforcers:\n  - {}\n", 1,
		    "p.yaml:7:5: error: missing required key 'calls' in enforcer\n");
	parse_fails(HDR "  enforcers:\n  - calls: []\n", 1,
		    "p.yaml:7:12: error: enforcer has no calls\n");
}
END_TEST

START_TEST(test_check_errors)
{
	CHECK_YAML(HDR "  enforcers:\n  - calls: [do_dup]\n", 1,
		   "p.yaml:7:13: error: enforcer 'do_dup': enforcer calls must be syscalls or "
		   "security_ functions, and 'do_dup' appears to be neither (Tetragon's rule)\n");
	CHECK_YAML(HDR "  lists:\n  - name: l\n    type: syscalls\n    values: [dup]\n"
		       "  enforcers:\n  - calls: [list:l]\n",
		   1,
		   "p.yaml:9:14: error: enforcer 'dup': 'dup' is not a syscall (sys_NAME or "
		   "__ARCH_sys_NAME)\n");
	CHECK_YAML(HDR "  lists:\n  - name: l\n    type: syscalls\n    values: [i386/sys_dup]\n"
		       "  enforcers:\n  - calls: [list:l]\n",
		   1,
		   "p.yaml:9:14: error: enforcer 'i386/sys_dup': an ABI/NAME syscall "
		   "('i386/sys_dup') is not supported yet\n");
	CHECK_YAML(HDR "  enforcers:\n  - calls: [security_no_such_hook]\n", 1,
		   "p.yaml:7:13: error: enforcer 'security_no_such_hook': kernel function "
		   "'security_no_such_hook' not found in this kernel's BTF\n");
	/* bpf_override_return cannot change a security_ function (enforcer.go) */
	CHECK_YAML(HDR "  options:\n  - name: override-method\n    value: override-return\n"
		       "  enforcers:\n  - calls: [security_file_open]\n",
		   1,
		   "p.yaml:10:13: error: enforcer 'security_file_open': override-method "
		   "override-return cannot override the security function 'security_file_open' "
		   "(only fmod_ret can)\n");
	/* generickprobe.go, preValidateKprobes */
	CHECK_YAML(HDR NOTIFIER("        argSig: 9\n"), 1,
		   "p.yaml:14:9: error: tracepoint 'raw_syscalls/sys_enter': action "
		   "'NotifyEnforcer' specified, but spec contains no enforcers (spec.enforcers)\n");
	CHECK_YAML(HDR "  enforcers:\n  - calls: [sys_dup]\n" NOTIFIER(
		       "        argSig: 99\n        argError: -40000\n"),
		   2,
		   "p.yaml:17:9: error: tracepoint 'raw_syscalls/sys_enter': action "
		   "'NotifyEnforcer': argSig 99 is not a signal number (1 to 64, or 0 for none)\n"
		   "p.yaml:18:9: error: tracepoint 'raw_syscalls/sys_enter': action "
		   "'NotifyEnforcer': argError -40000 does not fit the enforcer's 16 bits\n");
	/* the parameters CleanupEnforcerNotification does not read */
	CHECK_YAML(HDR "  enforcers:\n  - calls: [sys_dup]\n  tracepoints:\n"
		       "  - subsystem: raw_syscalls\n    event: sys_enter\n    selectors:\n"
		       "    - matchActions:\n      - action: CleanupEnforcerNotification\n"
		       "        argSig: 9\n",
		   1,
		   "p.yaml:14:9: error: tracepoint 'raw_syscalls/sys_enter': argSig is not "
		   "supported with action 'CleanupEnforcerNotification': only Signal or "
		   "NotifyEnforcer reads it\n");
}
END_TEST

#define HAS(c, s)     ck_assert_msg(strstr(c, s) != NULL, "generated C has '%s':\n%s", s, c)
#define HAS_NOT(c, s) ck_assert_msg(strstr(c, s) == NULL, "generated C has no '%s'", s)

START_TEST(test_emit)
{
	char *c = tp_test_emit("  enforcers:\n  - calls: [sys_dup, security_file_open]\n" NOTIFIER(
				   "        argError: -1\n        argSig: 9\n"
				   "      - action: CleanupEnforcerNotification\n"),
			       0);

	HAS(c, "#include \"tp_enforcer.bpf.h\"\n");
	HAS(c, "\ttp_enforcer_notify(-1, 9);\n");
	HAS(c, "\ttp_enforcer_clear();\n");
	HAS(c, "/* --- hook 1: enforcer on a syscall, policy line 7 --- */\n");
	HAS(c, "static __always_inline long tp_h1_enter(int variant, void *ctx, "
	       "const struct pt_regs *regs)\n{\n\treturn tp_enforcer_take();\n}\n");
	HAS(c, "int tp_h1_fmod_ret(__u64 *ctx)\n");
	HAS(c, "int tp_h1_kprobe(struct pt_regs *ctx)\n");
	HAS(c, "\t\tbpf_override_return(ctx, r);\n");
	/* a security_ function: fmod_ret only */
	HAS(c, "/* --- hook 2: enforcer on a security function, policy line 7 --- */\n");
	HAS(c, "int tp_h2_fmod_ret(__u64 *ctx)\n");
	HAS_NOT(c, "tp_h2_kprobe");
	tp_test_assert_columns(c);
	free(c);

	/* monitor: said, not done */
	c = tp_test_emit("  options:\n  - name: policy-mode\n    value: monitor\n"
			 "  enforcers:\n  - calls: [sys_dup]\n" NOTIFIER("        argSig: 9\n"),
			 0);
	HAS(c, "/* policy-mode: monitor: no enforcer notified */\n");
	HAS_NOT(c, "tp_enforcer_notify(");
	free(c);

	/* no enforcer: no map */
	c = tp_test_emit("  tracepoints:\n  - subsystem: raw_syscalls\n    event: sys_enter\n", 0);
	HAS_NOT(c, "tp_enforcer");
	free(c);
}
END_TEST

/* The .tp.meta of spec, checked, parsed back. */
static struct tp_meta *meta_of(const char *spec, void **data)
{
	struct tp_lower_opts o = { .inline_max = 8 };
	struct tp_policy *p = tp_test_policy(spec);
	struct tp_plan *l;
	struct tp_meta *m;
	char err[256];
	size_t size;

	ck_assert_msg(p != NULL, "policy parses and checks");
	l = tp_plan__new(p, &o, err, sizeof(err));
	ck_assert_msg(l != NULL, "plan: %s", err);
	ck_assert_int_eq(tp_meta__build(p, l, NULL, data, &size), 0);
	m = tp_meta__parse(*data, size, err, sizeof(err));
	ck_assert_msg(m != NULL, "meta: %s", err);
	tp_plan__free(l);
	tp_policy__free(p);
	return m;
}

START_TEST(test_meta_variants)
{
	void *data;
	struct tp_meta *m =
	    meta_of("  enforcers:\n  - calls: [sys_dup, security_file_open]\n" NOTIFIER(
			"        argSig: 9\n"),
		    &data);
	const struct tp_meta_hook_view *h = tp_meta__hook(m, 1);

	ck_assert_int_eq(h->kind, TP_HOOK_ENFORCER);
	ck_assert_str_eq(h->call, "sys_dup");
	ck_assert_str_eq(h->function_name, "__x64_sys_dup");
	ck_assert_uint_eq(h->flags, TP_HOOKF_SYSCALL | TP_HOOKF_OVERRIDE | TP_HOOKF_SIGNAL_ONLY);
	ck_assert_uint_eq(h->nvariants, 2);
	ck_assert_int_eq(h->variants[0].kind, TP_VAR_FMOD_RET);
	ck_assert_str_eq(h->variants[0].target, "__x64_sys_dup");
	ck_assert_str_eq(h->variants[0].prog, "tp_h1_fmod_ret");
	ck_assert_int_eq(h->variants[1].kind, TP_VAR_KPROBE);
	ck_assert_str_eq(h->variants[1].prog, "tp_h1_kprobe");
	h = tp_meta__hook(m, 2);
	ck_assert_uint_eq(h->flags, TP_HOOKF_OVERRIDE | TP_HOOKF_SIGNAL_ONLY);
	ck_assert_uint_eq(h->nvariants, 1);
	ck_assert_int_eq(h->variants[0].kind, TP_VAR_FMOD_RET);
	ck_assert_str_eq(h->variants[0].target, "security_file_open");
	tp_meta__free(m);
	free(data);

	/* override-method picks one; an error to return clears SIGNAL_ONLY */
	m = meta_of("  options:\n  - name: override-method\n    value: override-return\n"
		    "  enforcers:\n  - calls: [sys_dup]\n" NOTIFIER("        argError: -1\n"),
		    &data);
	h = tp_meta__hook(m, 1);
	ck_assert_uint_eq(h->flags, TP_HOOKF_SYSCALL | TP_HOOKF_OVERRIDE);
	ck_assert_uint_eq(h->nvariants, 1);
	ck_assert_int_eq(h->variants[0].kind, TP_VAR_KPROBE);
	tp_meta__free(m);
	free(data);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("enforcer");
	TCase *tc = tcase_create("enforcer");

	tcase_add_test(tc, test_hooks_and_names);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_check_errors);
	tcase_add_test(tc, test_emit);
	tcase_add_test(tc, test_meta_variants);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
