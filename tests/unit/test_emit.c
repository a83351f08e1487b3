// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * gen/emit*.c: what the generated C says, and what it must never say (policy
 * text of any kind). Whether the C compiles and verifies is the verifier
 * suite's job; here we read it.
 */
#include <check.h>

#include "emit.h"
#include "lower.h"
#include "tp_testpolicy.h"

static char *emit_spec(const char *spec, size_t inline_max)
{
	struct tp_lower_opts o = { .inline_max = inline_max };
	struct tp_policy *p = tp_test_policy(spec);
	struct tp_emitter e;
	struct tp_plan *pl;
	char err[200], *out = NULL;
	size_t len = 0;
	FILE *f;

	ck_assert_msg(p != NULL, "policy parses and checks");
	pl = tp_plan__new(p, &o, err, sizeof(err));
	ck_assert_msg(pl != NULL, "plan: %s", err);
	f = open_memstream(&out, &len);
	tp_emitter__init(&e, f);
	ck_assert_msg(tp_emit__policy(&e, p, pl) == 0, "emit succeeds");
	fclose(f);
	tp_plan__free(pl);
	tp_policy__free(p);
	return out;
}

#define OPENAT_STR(op, vals)                                                                     \
	"  kprobes:\n  - call: sys_openat\n    message: \"msg */ evil()\"\n"                       \
	"    tags: [\"tag\\\"); x(\"]\n    args:\n    - {index: 1, type: string, label: \"lab*/\"}\n" \
	"    - {index: 2, type: int}\n    selectors:\n    - matchArgs:\n"                         \
	"      - {index: 1, operator: " op ", values: " vals "}\n"                                 \
	"      matchActions:\n      - {action: Sigkill}\n"

START_TEST(no_policy_text_in_c)
{
	char *c = emit_spec(OPENAT_STR("Equal",
		"[\"/x\\\"); bpf_send_signal(1); //\", \"*/ #include <x>\\n\", \"/etc/passwd\"]"), 0);

	ck_assert_msg(strstr(c, "bpf_send_signal(1)") == NULL, "value not pasted as code");
	ck_assert_msg(strstr(c, "#include <x>") == NULL, "value not pasted as a directive");
	ck_assert_msg(strstr(c, "/etc/passwd") == NULL, "not even a harmless value appears as text");
	ck_assert_msg(strstr(c, "evil") == NULL && strstr(c, "lab") == NULL &&
		      strstr(c, "tag") == NULL, "message, labels and tags stay out of the C");
	ck_assert_msg(strstr(c, "openat") == NULL, "the call name is data in .tp.meta, not C");
	ck_assert_msg(strstr(strchr(c, '\n'), "unit") == NULL,
		      "the policy name stays out of the C (the banner names only the file)");
	/* "/etc/pas" little-endian, then "swd" masked to 3 bytes */
	ck_assert_msg(strstr(c, "TP_W(s_, 0) == 0x7361702f6374652fULL") != NULL,
		      "strings become little-endian words");
	ck_assert_msg(strstr(c, "(TP_W(s_, 8) & 0xffffffULL) == 0x647773ULL") != NULL,
		      "the last word is masked");
	ck_assert_msg(strstr(c, "n0 == 11") != NULL, "length is checked first");
	free(c);
}
END_TEST

START_TEST(sections_carry_no_targets)
{
	char *c = emit_spec(OPENAT_STR("Prefix", "[\"/a\"]"), 0);
	const char *p = c;
	int n = 0;

	while ((p = strstr(p, "SEC(\""))) {
		p += 5;
		ck_assert_msg(!strncmp(p, "fentry\")", 8) || !strncmp(p, "kprobe\")", 8) ||
			      !strncmp(p, "tracepoint\")", 12) || !strncmp(p, ".maps\")", 7) ||
			      !strncmp(p, "fexit\")", 7) || !strncmp(p, "kretprobe\")", 11),
			      "SEC names carry no attach target: %.30s", p);
		n++;
	}
	ck_assert_msg(n == 3, "three variants for a syscall hook without return (%d)", n);
	ck_assert_msg(strstr(c, "int BPF_PROG(tp_h0_fentry") && strstr(c, "int tp_h0_kprobe(") &&
		      strstr(c, "int tp_h0_tp("), "one program per variant, named by hook id");
	free(c);
}
END_TEST

START_TEST(deterministic)
{
	const char *spec = OPENAT_STR("Postfix", "[\"/a\", \"bb\", \"ccc\"]");
	char *a = emit_spec(spec, 1), *b = emit_spec(spec, 1);

	ck_assert_msg(!strcmp(a, b), "same policy, same C");
	ck_assert_msg(strstr(a, "tp_set_0 SEC(\".maps\")") && strstr(a, "BPF_MAP_TYPE_LPM_TRIE") &&
		      strstr(a, "tp_key_postfix(h->key, 3, s_, n0)"),
		      "a large postfix set is a reversed LPM lookup");
	ck_assert_msg(strstr(a, "BPF_F_RDONLY_PROG") != NULL, "value sets are read-only to BPF");
	free(a);
	free(b);
}
END_TEST

START_TEST(cheap_filters_first)
{
	char *c = emit_spec("  kprobes:\n  - call: sys_openat\n    args:\n"
			    "    - {index: 1, type: string}\n    - {index: 2, type: int}\n"
			    "    selectors:\n    - matchArgs:\n"
			    "      - {index: 1, operator: Prefix, values: [\"/a\"]}\n"
			    "      - {index: 2, operator: Mask, values: [\"1\"]}\n"
			    "      matchBinaries:\n      - {operator: In, values: [\"/bin/x\"]}\n"
			    "      matchPIDs:\n      - {operator: NotIn, values: [\"1\"]}\n", 0);
	const char *pid = strstr(c, "tgid == 1"), *bin = strstr(c, "proc->bin_bits[0]"),
		   *in = strstr(c, "a1 = ("), *str = strstr(c, "tp_slot_read_str(");
	const char *cap = strstr(c, "tp_out_hook_begin");

	ck_assert_msg(pid && bin && in && str && cap, "all phases present");
	ck_assert_msg(pid < in && in < bin && bin < str && str < cap,
		      "pids, then integers, then binaries, then strings, then capture");
	free(c);
}
END_TEST

START_TEST(long_values_use_word_arrays)
{
	char *c = emit_spec(OPENAT_STR("Equal",
		"[\"/0123456789012345678901234567890123456789012345678901234567890123456789\"]"), 0);

	ck_assert_msg(strstr(c, "static const __u64 tp_words_0[9]") != NULL, "a 71-byte value is 9 words");
	ck_assert_msg(strstr(c, "tp_words_eq(s_, tp_words_0, 9, 0xffffffffffffffULL)") != NULL,
		      "compared in a loop, last word masked to 7 bytes");
	free(c);
}
END_TEST

START_TEST(many_selectors_use_more_mask_words)
{
	char *spec = malloc(65536), *c;
	int i;

	strcpy(spec, "  kprobes:\n  - call: sys_openat\n    args:\n    - {index: 0, type: int}\n"
		     "    selectors:\n");
	for (i = 0; i < 70; i++)
		strcat(spec, "    - matchArgs:\n      - {index: 0, operator: Equal, values: [\"1\"]}\n");
	c = emit_spec(spec, 0);
	free(spec);
	ck_assert_msg(strstr(c, "cand[0] = 0xffffffffffffffffULL;") &&
		      strstr(c, "cand[1] = 0x3fULL;") && strstr(c, "#define TP_CAND_WORDS 2"),
		      "70 selectors: 64 + 6 candidate bits");
	ck_assert_msg(strstr(c, "if ((cand[1] & 0x20ULL) && !") != NULL, "selector 69 is bit 5 of cand[1]");
	ck_assert_msg(strstr(c, "sel = 69;") != NULL, "selector 69 can act");
	free(c);
}
END_TEST

START_TEST(candidates_live_where_the_verifier_does_not_track_them)
{
	char *c = emit_spec("  kprobes:\n  - call: sys_openat\n    args:\n"
			    "    - {index: 1, type: string}\n    - {index: 2, type: int}\n"
			    "    selectors:\n    - matchArgs:\n"
			    "      - {index: 2, operator: Equal, values: [\"7\"]}\n", 0);

	ck_assert_msg(strstr(c, "volatile __u64 *cand;") && strstr(c, "cand = h->cand;"),
		      "candidates are volatile heap memory");
	ck_assert_msg(strstr(c, "if (tgid == tp_self_tgid || !h)") != NULL,
		      "tprun's own process is never a candidate");
	free(c);
}
END_TEST

START_TEST(write_errors_are_latched)
{
	struct tp_emitter e;
	FILE *f = fopen("/dev/full", "w");

	ck_assert_msg(f != NULL, "/dev/full");
	setvbuf(f, NULL, _IONBF, 0);
	tp_emitter__init(&e, f);
	tp_emitter__line(&e, "int x;");
	tp_emitter__line(&e, "int y;");
	ck_assert_msg(tp_emitter__finish(&e) < 0, "a failed write is reported at finish");
	fclose(f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("emit");
	TCase *tc = tcase_create("emit");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, no_policy_text_in_c);
	tcase_add_test(tc, sections_carry_no_targets);
	tcase_add_test(tc, deterministic);
	tcase_add_test(tc, cheap_filters_first);
	tcase_add_test(tc, long_values_use_word_arrays);
	tcase_add_test(tc, many_selectors_use_more_mask_words);
	tcase_add_test(tc, candidates_live_where_the_verifier_does_not_track_them);
	tcase_add_test(tc, write_errors_are_latched);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
