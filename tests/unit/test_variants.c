// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * gen/emit/variants.c through gen/link/meta_build.c: which attach variants each hook
 * shape gets, best first, as tprun reads them back from .tp.meta.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lower/plan.h"
#include "meta.h"
#include "libtp.h"
#include "link/meta_build.h"
#include "tp_testpolicy.h"
#include "tp_test.h"

static struct tp_policy *P;
static struct tp_plan *L;
static struct tp_meta *M;
static void *data;

static const struct tp_meta_hook_view *hook_of(const char *spec)
{
	struct tp_lower_opts o = { .inline_max = 8 };
	char err[256];
	size_t size;

	P = tp_test_policy(spec);
	ck_assert_msg(P != NULL, "policy parses and checks");
	L = tp_plan__new(P, &o, err, sizeof(err));
	ck_assert_msg(L != NULL, "plan: %s", err);
	ck_assert_int_eq(tp_meta__build(P, L, NULL, &data, &size), 0);
	M = tp_meta__parse(data, size, err, sizeof(err));
	ck_assert_msg(M != NULL, "meta: %s", err);
	return tp_meta__hook(M, 0);
}

static void teardown(void)
{
	tp_meta__free(M);
	free(data);
	tp_plan__free(L);
	tp_policy__free(P);
	M = NULL;
	data = NULL;
	L = NULL;
	P = NULL;
}

/* "fentry:fexit kprobe:kretprobe": kinds and whether each has an exit program */
static void assert_variants(const struct tp_meta_hook_view *h, size_t n, const int *kinds,
			    bool exits)
{
	size_t i;

	ck_assert_int_eq(h->nvariants, n);
	for (i = 0; i < n; i++) {
		ck_assert_msg((int)h->variants[i].kind == kinds[i], "variant %zu is %s, want %s", i,
			      tp_variant__name(h->variants[i].kind), tp_variant__name(kinds[i]));
		ck_assert_msg(!*h->variants[i].prog_exit == !exits, "variant %zu exit program '%s'",
			      i, h->variants[i].prog_exit);
	}
}

START_TEST(kernel_function_prefers_fentry_then_kprobe)
{
	const struct tp_meta_hook_view *h =
	    hook_of("  kprobes:\n  - call: fd_install\n    syscall: false\n    return: true\n"
		    "    returnArg:\n      type: int\n");
	static const int k[] = { TP_VAR_FENTRY, TP_VAR_KPROBE };

	assert_variants(h, 2, k, true);
	ck_assert_str_eq(h->variants[0].target, "fd_install");
	ck_assert_str_eq(h->variants[0].prog, "tp_h0_fentry");
	ck_assert_str_eq(h->variants[1].prog_exit, "tp_h0_kretprobe");
	ck_assert_msg(!(h->flags & (TP_HOOKF_SYSCALL | TP_HOOKF_OVERRIDE)), "flags %#x", h->flags);
}
END_TEST

START_TEST(override_offers_only_variants_that_can_override)
{
	static const char *const spec =
	    "%s  kprobes:\n  - call: %s\n%s    selectors:\n    - matchActions:\n"
	    "      - action: Override\n        argError: -1\n";
	static const int both[] = { TP_VAR_FMOD_RET, TP_VAR_KPROBE };
	static const int fmod[] = { TP_VAR_FMOD_RET };
	static const int ret[] = { TP_VAR_KPROBE };
	static const int mon[] = { TP_VAR_FENTRY, TP_VAR_KPROBE };
	char y[512];

	snprintf(y, sizeof(y), spec, "", "security_file_open", "    syscall: false\n");
	assert_variants(hook_of(y), 2, both, false);
	ck_assert_msg(tp_meta__hook(M, 0)->flags & TP_HOOKF_OVERRIDE, "override flag");
	teardown();
	/* a syscall: no tracepoint, which cannot change a return value */
	snprintf(y, sizeof(y), spec, "", "sys_openat", "");
	assert_variants(hook_of(y), 2, both, false);
	ck_assert_str_eq(tp_meta__hook(M, 0)->variants[0].target, "__x64_sys_openat");
	teardown();
	snprintf(y, sizeof(y), spec, "  options:\n  - name: override-method\n    value: fmod-ret\n",
		 "security_file_open", "    syscall: false\n");
	assert_variants(hook_of(y), 1, fmod, false);
	teardown();
	snprintf(y, sizeof(y), spec,
		 "  options:\n  - name: override-method\n    value: override-return\n",
		 "security_file_open", "    syscall: false\n");
	assert_variants(hook_of(y), 1, ret, false);
	teardown();
	/* monitor mode enforces nothing: the plain variants */
	snprintf(y, sizeof(y), spec, "  options:\n  - name: policy-mode\n    value: monitor\n",
		 "security_file_open", "    syscall: false\n");
	assert_variants(hook_of(y), 2, mon, false);
	ck_assert_msg(!(tp_meta__hook(M, 0)->flags & TP_HOOKF_OVERRIDE), "no override flag");
}
END_TEST

/*
 * argError is optional, 0 by default: on a syscall Tetragon's kprobe still skips the call
 * and returns 0 (generic_kprobe_override), which only bpf_override_return can do (fmod_ret's
 * 0 runs it); on a security_ function fmod_ret's 0 lets it run, as Tetragon's does
 */
START_TEST(override_with_zero_skips_a_syscall_through_the_kprobe)
{
	static const int ret[] = { TP_VAR_KPROBE };
	static const int both[] = { TP_VAR_FMOD_RET, TP_VAR_KPROBE };
	char *c;

	assert_variants(hook_of("  kprobes:\n  - call: sys_openat\n    selectors:\n"
				"    - matchActions:\n      - action: Override\n"),
			1, ret, false);
	teardown();
	c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    selectors:\n"
			 "    - matchActions:\n      - action: Override\n        argError: 0\n",
			 0);
	ck_assert_msg(strstr(c, "rv = TP_OVERRIDE_ZERO;"), "%s", c);
	free(c);
	assert_variants(hook_of("  kprobes:\n  - call: security_file_open\n    syscall: false\n"
				"    selectors:\n    - matchActions:\n      - action: Override\n"),
			2, both, false);
	teardown();
	c = tp_test_emit("  kprobes:\n  - call: security_file_open\n    syscall: false\n"
			 "    selectors:\n    - matchActions:\n      - action: Override\n",
			 0);
	ck_assert_msg(strstr(c, "rv = 0;") && !strstr(c, "TP_OVERRIDE_ZERO;"), "%s", c);
	free(c);
}
END_TEST

/* spec.fentries: the trampoline variant alone (fmod_ret for Override), flagged as fentries */
START_TEST(fentries_get_trampolines_only)
{
	static const int fentry[] = { TP_VAR_FENTRY };
	static const int fmod[] = { TP_VAR_FMOD_RET };
	const struct tp_meta_hook_view *h =
	    hook_of("  fentries:\n  - call: fd_install\n    syscall: false\n    return: true\n"
		    "    returnArg:\n      type: int\n");

	assert_variants(h, 1, fentry, true);
	ck_assert_int_eq(h->kind, TP_HOOK_KPROBE);
	ck_assert_str_eq(h->variants[0].target, "fd_install");
	ck_assert_str_eq(h->variants[0].prog, "tp_h0_fentry");
	ck_assert_str_eq(h->variants[0].prog_exit, "tp_h0_fexit");
	ck_assert_msg(h->flags == (TP_HOOKF_FENTRY | TP_HOOKF_RETURN), "flags %#x", h->flags);
	teardown();
	h = hook_of("  fentries:\n  - call: sys_openat\n");
	assert_variants(h, 1, fentry, false);
	ck_assert_str_eq(h->variants[0].target, "__x64_sys_openat");
	ck_assert_msg(h->flags == (TP_HOOKF_FENTRY | TP_HOOKF_SYSCALL), "flags %#x", h->flags);
	teardown();
	/* Override: fmod_ret only, never kprobe + bpf_override_return */
	h = hook_of("  fentries:\n  - call: security_file_open\n    syscall: false\n"
		    "    selectors:\n    - matchActions:\n      - action: Override\n"
		    "        argError: -1\n");
	assert_variants(h, 1, fmod, false);
	ck_assert_str_eq(h->variants[0].prog, "tp_h0_fmod_ret");
	ck_assert_msg(h->flags == (TP_HOOKF_FENTRY | TP_HOOKF_OVERRIDE), "flags %#x", h->flags);
	teardown();
	/* a kprobes entry beside it keeps its fallbacks */
	hook_of("  fentries:\n  - call: sys_openat\n  kprobes:\n  - call: sys_openat\n");
	ck_assert_int_eq(tp_meta__hook(M, 0)->nvariants, 3);
	ck_assert_msg(!(tp_meta__hook(M, 0)->flags & TP_HOOKF_FENTRY), "kprobes entry flagged");
	ck_assert_int_eq(tp_meta__hook(M, 1)->nvariants, 1);
}
END_TEST

START_TEST(lsm_hooks_are_bpf_lsm)
{
	const struct tp_meta_hook_view *h = hook_of("  lsmhooks:\n  - hook: file_open\n");
	static const int k[] = { TP_VAR_LSM };

	assert_variants(h, 1, k, false);
	ck_assert_int_eq(h->kind, TP_HOOK_LSM);
	ck_assert_str_eq(h->function_name, "file_open");
	ck_assert_str_eq(h->variants[0].target, "file_open");
}
END_TEST

/* imaHash: the LSM program and, as its second, the sleepable hash program on the same hook */
START_TEST(ima_hash_adds_the_hash_program)
{
	const struct tp_meta_hook_view *h =
	    hook_of("  lsmhooks:\n  - hook: bprm_check_security\n    selectors:\n"
		    "    - matchActions:\n      - action: Post\n        imaHash: true\n");
	static const int k[] = { TP_VAR_LSM };

	assert_variants(h, 1, k, true);
	ck_assert_msg(h->flags & TP_HOOKF_IMA_HASH, "flags %#x", h->flags);
	ck_assert_str_eq(h->variants[0].prog, "tp_h0_lsm");
	ck_assert_str_eq(h->variants[0].prog_exit, "tp_h0_ima");
	ck_assert_str_eq(h->variants[0].target, "bprm_check_security");
	ck_assert_str_eq(h->variants[0].target_exit, "");
}
END_TEST

START_TEST(lists_use_kprobe_multi_unless_disabled)
{
	static const int multi[] = { TP_VAR_KPROBE_MULTI, TP_VAR_KPROBE };
	static const int single[] = { TP_VAR_KPROBE };
	const struct tp_meta_hook_view *h = hook_of(
	    "  lists:\n  - name: dups\n    type: syscalls\n    values: [sys_dup, sys_dup2, "
	    "sys_dup]\n"
	    "  kprobes:\n  - call: \"list:dups\"\n    args:\n    - index: 0\n      type: int\n");

	assert_variants(h, 2, multi, false);
	ck_assert_msg(h->flags & TP_HOOKF_LIST && h->flags & TP_HOOKF_SYSCALL, "flags %#x",
		      h->flags);
	ck_assert_str_eq(h->variants[0].target, "__x64_sys_dup\n__x64_sys_dup2");
	ck_assert_str_eq(h->variants[1].target, h->variants[0].target);
	teardown();
	h = hook_of("  options:\n  - name: disable-kprobe-multi\n    value: \"true\"\n"
		    "  lists:\n  - name: fns\n    values: [fd_install, do_mkdirat]\n"
		    "  kprobes:\n  - call: \"list:fns\"\n    syscall: false\n");
	assert_variants(h, 1, single, false);
	ck_assert_str_eq(h->variants[0].target, "fd_install\ndo_mkdirat");
	ck_assert_msg(!(h->flags & TP_HOOKF_SYSCALL), "a list of kernel functions");
}
END_TEST

/* data from pt_regs: the kprobe variant alone (syscall or not, Override or not), flagged */
START_TEST(pt_regs_data_take_the_kprobe_alone)
{
	static const char *const spec = "  kprobes:\n  - call: %s\n%s    data:\n"
					"    - source: pt_regs\n      resolve: rdi\n"
					"      type: uint64\n%s";
	static const char *const over = "    selectors:\n    - matchActions:\n"
					"      - action: Override\n        argError: -1\n";
	static const int k[] = { TP_VAR_KPROBE };
	char y[512];

	snprintf(y, sizeof(y), spec, "fd_install", "    syscall: false\n", "");
	assert_variants(hook_of(y), 1, k, false);
	ck_assert_str_eq(tp_meta__hook(M, 0)->variants[0].prog, "tp_h0_kprobe");
	ck_assert_msg(tp_meta__hook(M, 0)->flags & TP_HOOKF_PT_REGS, "pt_regs flag");
	teardown();
	snprintf(y, sizeof(y), spec, "sys_openat", "", "");
	assert_variants(hook_of(y), 1, k, false);
	ck_assert_str_eq(tp_meta__hook(M, 0)->variants[0].target, "__x64_sys_openat");
	teardown();
	snprintf(y, sizeof(y), spec, "sys_openat", "", over);
	assert_variants(hook_of(y), 1, k, false);
	ck_assert_msg(tp_meta__hook(M, 0)->flags & TP_HOOKF_OVERRIDE, "override flag");
	teardown();
	/* current_task data keep every variant */
	snprintf(y, sizeof(y), spec, "fd_install", "    syscall: false\n", "");
	*strstr(y, "pt_regs") = 0;
	strcat(y, "current_task\n      resolve: pid\n");
	assert_variants(hook_of(y), 2, (const int[]){ TP_VAR_FENTRY, TP_VAR_KPROBE }, false);
	ck_assert_msg(!(tp_meta__hook(M, 0)->flags & TP_HOOKF_PT_REGS), "no pt_regs flag");
}
END_TEST

static Suite *variants_suite(void)
{
	Suite *s = suite_create("variants");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, kernel_function_prefers_fentry_then_kprobe);
	tcase_add_test(tc, override_offers_only_variants_that_can_override);
	tcase_add_test(tc, override_with_zero_skips_a_syscall_through_the_kprobe);
	tcase_add_test(tc, fentries_get_trampolines_only);
	tcase_add_test(tc, lsm_hooks_are_bpf_lsm);
	tcase_add_test(tc, ima_hash_adds_the_hash_program);
	tcase_add_test(tc, lists_use_kprobe_multi_unless_disabled);
	tcase_add_test(tc, pt_regs_data_take_the_kprobe_alone);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(variants_suite());
}
