// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * gen/emit/: what the generated C says, how it reads, and what it must never
 * say (policy text of any kind). Whether the C compiles and verifies is the
 * verifier suite's job; here we read it.
 */
#include <check.h>

#include "tp_testpolicy.h"
#include "tp_test.h"

#define OPENAT_STR(op, vals)                                                              \
	"  kprobes:\n  - call: sys_openat\n    message: \"msg */ evil()\"\n"              \
	"    tags: [\"tag\\\"); x(\"]\n    args:\n    - {index: 1, type: string, label: " \
	"\"lab*/\"}\n"                                                                    \
	"    - {index: 2, type: int}\n    selectors:\n    - matchArgs:\n"                 \
	"      - {index: 1, operator: " op ", values: " vals "}\n"                        \
	"      matchActions:\n      - {action: Sigkill}\n"

#define HAS(c, s)   ck_assert_msg(strstr(c, s) != NULL, "generated C has '%s'", s)
#define LACKS(c, s) ck_assert_msg(strstr(c, s) == NULL, "generated C lacks '%s'", s)

START_TEST(no_policy_text_in_c)
{
	char *c = tp_test_emit(
	    OPENAT_STR(
		"Equal",
		"[\"/x\\\"); bpf_send_signal(1); //\", \"*/ #include <x>\\n\", \"/etc/passwd\"]"),
	    0);

	ck_assert_msg(strstr(c, "bpf_send_signal(1)") == NULL, "value not pasted as code");
	ck_assert_msg(strstr(c, "#include <x>") == NULL, "value not pasted as a directive");
	ck_assert_msg(strstr(c, "/etc/passwd") == NULL,
		      "not even a harmless value appears as text");
	ck_assert_msg(strstr(c, "evil") == NULL && strstr(c, "lab") == NULL &&
			  strstr(c, "tag") == NULL,
		      "message, labels and tags stay out of the C");
	ck_assert_msg(strstr(c, "openat") == NULL, "the call name is data in .tp.meta, not C");
	ck_assert_msg(strstr(strchr(c, '\n'), "unit") == NULL,
		      "the policy name stays out of the C (the banner names only the file)");
	/* "/etc/pas" little-endian, then "swd" masked to 3 bytes */
	HAS(c, "TP_W(s, 0) == 0x7361702f6374652fULL");
	HAS(c, "(TP_W(s, 8) & 0xffffffULL) == 0x647773ULL");
	HAS(c, "if (n == 11 &&");
	free(c);
}
END_TEST

START_TEST(filters_are_named_functions)
{
	char *c = tp_test_emit(OPENAT_STR("Prefix", "[\"/a\", \"/b\"]"), 0);

	HAS(c, "/* hook 0, selector 0, matchArgs[0]: arg 1 (string), Prefix, 2 values */\n"
	       "static __always_inline bool tp_h0_s0_match0(const char *s, long n)\n");
	/* an arg that could not be read fails the filter, however it is negated */
	HAS(c, "\tif (n < 0)\n\t\treturn false;");
	/* one selector: a failed filter returns at once */
	HAS(c, "\tif (!tp_h0_s0_match0(h->slot[0], n1))\n\t\treturn 0;\n");
	free(c);
}
END_TEST

START_TEST(names_not_numbers)
{
	char *c =
	    tp_test_emit("  kprobes:\n  - call: sys_openat\n    args:\n"
			 "    - {index: 2, type: int}\n    selectors:\n"
			 "    - matchArgs:\n      - {index: 2, operator: Equal, values: [\"1\"]}\n"
			 "      matchActions:\n      - {action: Sigkill}\n"
			 "    - matchArgs:\n      - {index: 2, operator: Equal, values: [\"2\"]}\n"
			 "      matchActions:\n      - {action: Signal, argSig: 10}\n"
			 "    - matchArgs:\n      - {index: 2, operator: Equal, values: [\"3\"]}\n"
			 "      matchActions:\n      - {action: Signal, argSig: 40}\n",
			 0);

	HAS(c, "action = TP_ACT_SIGKILL;");
	HAS(c, "bpf_send_signal(TP_SIGKILL);");
	HAS(c, "action = TP_ACT_SIGNAL;");
	HAS(c, "bpf_send_signal(TP_SIGUSR1);");
	HAS(c, "bpf_send_signal(40);\t/* a real-time signal */");
	HAS(c, "tp_sys_arg(variant, ctx, regs, 2)");
	LACKS(c, "action = 3");
	LACKS(c, "(void)");
	free(c);
}
END_TEST

START_TEST(lines_fit_in_100_columns)
{
	char *spec = malloc(65536), *c;
	int i;

	/* long values, big sets, many selectors, buffers and kernel objects */
	c = tp_test_emit(
	    OPENAT_STR(
		"Postfix",
		"[\"/0123456789012345678901234567890123456789012345678901234567890123456789\", "
		"\"/x\"]"),
	    0);
	tp_test_assert_columns(c);
	free(c);
	c = tp_test_emit(OPENAT_STR("NotPrefix", "[\"/a\", \"/b\", \"/c\"]"), 1);
	tp_test_assert_columns(c);
	free(c);
	strcpy(spec, "  kprobes:\n  - call: sys_write\n    args:\n    - {index: 0, type: fd}\n"
		     "    - {index: 1, type: char_buf, sizeArgIndex: 3}\n"
		     "    - {index: 2, type: size_t}\n    selectors:\n");
	for (i = 0; i < 70; i++)
		sprintf(spec + strlen(spec),
			"    - matchArgs:\n      - {index: 2, operator: Equal, values: [\"%d\"]}\n"
			"      - {index: 1, operator: Prefix, values: [\"ab\"]}\n"
			"      - {index: 0, operator: Postfix, values: [\"/f\"]}\n",
			i);
	c = tp_test_emit(spec, 0);
	tp_test_assert_columns(c);
	free(c);
	free(spec);
}
END_TEST

START_TEST(variants_come_from_the_template)
{
	char *c = tp_test_emit(OPENAT_STR("Prefix", "[\"/a\"]"), 0);
	const char *p = c;
	int n = 0;

	while ((p = strstr(p, "SEC(\""))) {
		p += 5;
		/* the file's own section, not a program's (tp_emit__policy) */
		if (!strncmp(p, "license\")", 9))
			continue;
		ck_assert_msg(!strncmp(p, "fentry\")", 8) || !strncmp(p, "kprobe\")", 8) ||
				  !strncmp(p, "tracepoint\")", 12) || !strncmp(p, ".maps\")", 7),
			      "SEC names carry no attach target: %.30s", p);
		n++;
	}
	ck_assert_msg(n == 3, "three variants for a syscall hook without return (%d)", n);
	HAS(c, "#line 18 \"tp_variants.bpf.c\"\nSEC(\"fentry\")\n"
	       "int BPF_PROG(tp_h0_fentry, const struct pt_regs *regs)\n");
	HAS(c, "int tp_h0_kprobe(struct pt_regs *ctx)");
	HAS(c, "int tp_h0_tp(void *ctx)");
	HAS(c, "\ttp_h0_enter(TP_VAR_FENTRY, ctx, regs);");
	/* and back to the generated file's own lines */
	HAS(c, "\n#line ");
	HAS(c, " \"policy.bpf.c\"\n");
	/* the three run one body, compiled once (tp_emit__enter_decl) */
	HAS(c,
	    "\nTP_SUBPROG long tp_h0_enter(int variant, void *ctx, const struct pt_regs *regs)\n");
	free(c);
	/* one variant: its program inlines the body */
	c = tp_test_emit("  tracepoints:\n  - subsystem: syscalls\n    event: sys_enter_openat\n"
			 "    args:\n    - {index: 5, type: int}\n",
			 0);
	HAS(c, "\nstatic __always_inline long tp_h0_enter(int variant, void *ctx, "
	       "const struct pt_regs *regs)\n");
	LACKS(c, "TP_SUBPROG long tp_h0_enter");
	free(c);
	/* two hooks on one function: their group's body is the subprogram, theirs inlined in it */
	c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    syscall: true\n"
			 "    args:\n    - {index: 1, type: string}\n"
			 "  - call: sys_openat\n    syscall: true\n"
			 "    args:\n    - {index: 2, type: int}\n",
			 0);
	HAS(c,
	    "\nTP_SUBPROG long tp_g0_enter(int variant, void *ctx, const struct pt_regs *regs)\n");
	HAS(c, "\nstatic __always_inline long tp_h1_enter(struct tp_heap *h, int variant, ");
	free(c);
}
END_TEST

/*
 * A split file (gen/lower/split.c): each hook's code in the part it is
 * compiled in, the process table's bits in part 0, which defines what both
 * share; a value set's map declared by the other (TP_SHARED). One hook: no
 * parts.
 */
START_TEST(split_files_guard_each_hook)
{
	char *c = tp_test_emit(
	    "  kprobes:\n  - call: sys_openat\n    syscall: true\n"
	    "    args:\n    - {index: 1, type: string}\n"
	    "    selectors:\n    - matchArgs:\n"
	    "      - {index: 1, operator: Equal, values: [a, b, c, d, e, f, g, h, i]}\n"
	    "  - call: sys_write\n    syscall: true\n"
	    "    args:\n    - {index: 0, type: int}\n",
	    0);
	const char *h0 = strstr(c, "/* --- hook 0:"), *h1 = strstr(c, "/* --- hook 1:");

	ck_assert_ptr_nonnull(h0);
	ck_assert_ptr_nonnull(h1);
	HAS(c, "\n#if TP_IN_PART(0)\n\n/* the process table: ");
	HAS(c, "\n#if TP_IN_PART(0)\n\n/* --- hook 0:");
	HAS(c, "\n#if TP_IN_PART(1)\n\n/* --- hook 1:");
	HAS(h0, "#endif /* TP_IN_PART(0) */\n");
	HAS(h1, "#endif /* TP_IN_PART(1) */\n");
	HAS(c, "\nTP_SHARED struct {\n\t__uint(type, BPF_MAP_TYPE_HASH);");
	free(c);
	c = tp_test_emit(OPENAT_STR("Prefix", "[\"/a\"]"), 0);
	LACKS(c, "TP_IN_PART");
	free(c);
}
END_TEST

/*
 * The head tpgen precompiles (gen/link/cache.c) is what the file starts with
 * after its banner, and holds no definition of the file's own (clang puts a
 * precompiled one's LICENSE in a read-only section) nor libbpf's usdt.bpf.h
 * (clang writes no BTF for a precompiled extern): both come after it.
 */
START_TEST(the_head_is_how_the_file_starts)
{
	static const char *const specs[] = {
		OPENAT_STR("Prefix", "[\"/a\"]"),
		"  usdts:\n  - path: /bin/true\n    provider: p\n    name: n\n    args:\n"
		"    - {index: 0, type: int32}\n",
	};
	const char *body, *usdt;
	char *c, *h;
	size_t i;

	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		c = tp_test_emit(specs[i], 0);
		h = tp_test_emit_part(specs[i], 0, true);
		body = strstr(c, "\n\n");
		ck_assert_ptr_nonnull(body);
		body += 2;
		ck_assert_msg(!strncmp(body, h, strlen(h)),
			      "the file does not start with its head:\n%s", h);
		HAS(h, "#define TP_ACT_KEYS ");
		HAS(h, "#include \"tp_common.bpf.h\"\n");
		LACKS(h, "LICENSE");
		LACKS(h, "tp_usdt.bpf.h");
		HAS(body + strlen(h), "char LICENSE[] SEC(\"license\") = \"Dual BSD/GPL\";\n");
		usdt = strstr(c, "#include \"tp_usdt.bpf.h\"");
		ck_assert(i ? usdt >= body + strlen(h) : !usdt);
		free(h);
		free(c);
	}
}
END_TEST

/* the line a "#line N \"policy.bpf.c\"" directive names is the line after it */
START_TEST(line_directives_are_true)
{
	char *c = tp_test_emit(OPENAT_STR("Prefix", "[\"/a\"]"), 0), *p;
	int line = 1, checked = 0;

	for (p = c; *p; p++) {
		unsigned int named;
		int end = 0;

		if (p == c || p[-1] == '\n') {
			if (sscanf(p, "#line %u \"policy.bpf.c\"%n", &named, &end) == 1 && end) {
				ck_assert_msg(named == (unsigned int)line + 1,
					      "#line %u on line %d", named, line);
				checked++;
			}
		}
		line += *p == '\n';
	}
	ck_assert_msg(checked == 3, "one resync after each of the 3 programs (%d)", checked);
	free(c);
}
END_TEST

START_TEST(only_the_templates_it_needs)
{
	char *c = tp_test_emit(OPENAT_STR("Equal", "[\"/a\"]"), 0);

	HAS(c, "#include \"tp_common.bpf.h\"");
	HAS(c, "#include \"tp_syscall.bpf.h\"");
	HAS(c, "#include \"tp_match.bpf.h\"");
	LACKS(c, "tp_file.bpf.h");
	LACKS(c, "tp_net.bpf.h");
	LACKS(c, "tp_kobj.bpf.h");
	LACKS(c, "tp_kfunc.bpf.h");
	LACKS(c, "tp_return.bpf.h");
	LACKS(c, "TP_FOLLOW_FD");
	LACKS(c, "tp_ratelimit.bpf.h");
	free(c);
	c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    args:\n"
			 "    - {index: 2, type: int}\n    selectors:\n"
			 "    - matchArgs:\n      - {index: 2, operator: Mask, values: [\"1\"]}\n",
			 0);
	LACKS(c, "tp_match.bpf.h"); /* integers only */
	free(c);
}
END_TEST

/* Records wake tprun past a quarter of the ring, unless it must read /proc for them at once. */
START_TEST(user_stacks_wake_tprun_each_time)
{
	char *c = tp_test_emit(OPENAT_STR("Equal", "[\"/a\"]"), 0);

	LACKS(c, "TP_WAKE_EACH");
	free(c);
	c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    args:\n"
			 "    - {index: 2, type: int}\n    selectors:\n"
			 "    - matchActions:\n      - action: Post\n"
			 "        userStackTrace: true\n",
			 0);
	HAS(c, "#define TP_WAKE_EACH 1");
	free(c);
}
END_TEST

START_TEST(deterministic)
{
	const char *spec = OPENAT_STR("Postfix", "[\"/a\", \"bb\", \"ccc\"]");
	char *a = tp_test_emit(spec, 1), *b = tp_test_emit(spec, 1);

	ck_assert_msg(!strcmp(a, b), "same policy, same C");
	HAS(a, "} tp_set_0 SEC(\".maps\");");
	HAS(a, "BPF_MAP_TYPE_LPM_TRIE");
	HAS(a,
	    "if (tp_key_postfix(key, 3, s, n) == 0 &&\n\t    bpf_map_lookup_elem(&tp_set_0, key))");
	HAS(a, "BPF_F_RDONLY_PROG");
	free(a);
	free(b);
}
END_TEST

START_TEST(cheap_filters_first)
{
	char *c =
	    tp_test_emit("  kprobes:\n  - call: sys_openat\n    args:\n"
			 "    - {index: 1, type: string}\n    - {index: 2, type: int}\n"
			 "    selectors:\n    - matchArgs:\n"
			 "      - {index: 1, operator: Prefix, values: [\"/a\"]}\n"
			 "      - {index: 2, operator: Mask, values: [\"1\"]}\n"
			 "      matchBinaries:\n      - {operator: In, values: [\"/bin/x\"]}\n"
			 "      matchPIDs:\n      - {operator: NotIn, values: [\"1\"]}\n",
			 0);
	const char *enter = strstr(c, "tp_h0_enter(int");
	const char *pid = strstr(enter, "tp_h0_s0_pids0(tgid)"),
		   *in = strstr(enter, "a2 = (__s32)");
	const char *bin = strstr(enter, "tp_proc_bin(proc, 0, false)"),
		   *str = strstr(enter, "tp_slot_str(");
	const char *cap = strstr(enter, "tp_out_hook_begin");

	ck_assert_msg(pid && bin && in && str && cap, "all phases present");
	ck_assert_msg(pid < in && in < bin && bin < str && str < cap,
		      "pids, then integers, then binaries, then strings, then capture");
	HAS(c, "return pid != 1;");
	free(c);
}
END_TEST

/*
 * matchParentBinaries: the filter's own bit is computed like a matchBinaries
 * one, the parent bit copied from it at exec, and the hook tests the parent
 * bit; Not operators are negated by the helper (an unknown binary passes none).
 */
START_TEST(parent_binaries_test_the_parent_bit)
{
	char *c =
	    tp_test_emit("  kprobes:\n  - call: sys_openat\n    args:\n"
			 "    - {index: 1, type: string}\n"
			 "    selectors:\n    - matchBinaries:\n"
			 "      - {operator: NotIn, values: [\"/bin/x\"]}\n"
			 "      matchParentBinaries:\n"
			 "      - {operator: In, values: [\"/bin/sh\"], followChildren: true}\n",
			 0);

	HAS(c, "/* matchBinaries bit 0: In, 1 value */");
	HAS(c, "/* matchParentBinaries bit 1: In, 1 value, followChildren */");
	HAS(c, "TP_HIDDEN const __u64 tp_bin_follow[TP_BIN_WORDS] = {\n\t0x2,\n};");
	HAS(c, "\tif (tp_bin1(path, len))\n\t\ttp_bits_set(bits, 1);");
	HAS(c, "tp_policy_parent_bits(__u64 *bits, const __u64 *old)\n{\n"
	       "\tif (tp_bits_has(old, 1))\n\t\ttp_bits_set(bits, 2);\n}");
	HAS(c, "if (!tp_proc_bin(proc, 0, true))");
	HAS(c, "if (!tp_proc_pbin(proc, 2, false))");
	free(c);
}
END_TEST

START_TEST(long_values_use_word_arrays)
{
	char *c = tp_test_emit(
	    OPENAT_STR(
		"Equal",
		"[\"/0123456789012345678901234567890123456789012345678901234567890123456789\"]"),
	    0);

	HAS(c, "static const __u64 tp_words_0[9] TP_RODATA = {");
	HAS(c, "tp_words_eq(s, tp_words_0, 9, 0xffffffffffffffULL)");
	free(c);
}
END_TEST

/* InMap: single values inline (or a hash set past the limit), ranges as bounds; Not negates all */
#define OPENAT_INT(op, vals)                                                         \
	"  kprobes:\n  - call: sys_openat\n    args:\n    - {index: 2, type: int}\n" \
	"    selectors:\n    - matchArgs:\n"                                         \
	"      - {index: 2, operator: " op ", values: " vals "}\n"

START_TEST(in_map_values_and_ranges)
{
	char *c =
	    tp_test_emit(OPENAT_INT("InMap", "[\"1\", \"4294967291:4294967294\", \"16\"]"), 0);

	/* Tetragon looks an int up zero-extended (filter_32ty_map): -5..-2 are these keys */
	HAS(c, "matchArgs[0]: arg 2 (int), InMap, 3 values */");
	HAS(c, "(__u64 v)\n{\n\tv = (__u32)v;	/* the low 32 bits, as Tetragon compares */\n");
	HAS(c, "\treturn v == 1 ||\n\t       v == 16 ||\n\t       (v >= 0xfffffffbULL && v <= "
	       "0xfffffffeULL);\n");
	free(c);
	c = tp_test_emit(OPENAT_INT("NotInRange", "[\"1:2\", \"7:7\"]"), 0);
	HAS(c, "\treturn v != 7 &&\n\t       (v < 1 || v > 2);\n");
	free(c);
	c = tp_test_emit(OPENAT_INT("NotInMap", "[\"1\", \"2\", \"3\", \"4:9\"]"), 2);
	HAS(c, "\tif (bpf_map_lookup_elem(&tp_set_0, &v))\n\t\treturn false;\n"
	       "\treturn (v < 4 || v > 9);\n");
	free(c);
}
END_TEST

/*
 * SubString: a bpf_loop callback tests every offset; IgnCase compares lowered words to lowered
 * values. Each value's words are read where they fit in the slot (the clamp the verifier
 * bounds them by): no slack after the last slot.
 */
START_TEST(substring_searches_with_bpf_loop)
{
	char *c = tp_test_emit(OPENAT_STR("SubStringIgnCase", "[\"AbC\", \"0123456789\"]"), 0);

	HAS(c, "static long tp_h0_s0_match0_at(__u64 o, void *ctx)\n");
	HAS(c,
	    "\tq = o;\n\tTP_CLAMP(q, TP_SLOT_SIZE - 8);\n\tp = c->s + q;\n"
	    "\tif (c->n - (long)o >= 3 &&\n\t    (TP_WL(p, 0) & 0xffffffULL) == 0x636261ULL) {\n");
	HAS(c, "\tTP_CLAMP(q, TP_SLOT_SIZE - 16);\n");
	HAS(c, "\tbpf_loop(n - 3 + 1, tp_h0_s0_match0_at, &c, 0);\n\treturn c.hit;\n");
	free(c);
	/* values of the same number of words share one clamp */
	c = tp_test_emit(OPENAT_STR("SubString", "[\"0123456789\", \"abc\", \"xyz\"]"), 0);
	ck_assert_int_eq(tp_test_count(c, "TP_CLAMP(q, TP_SLOT_SIZE - 8);"), 1);
	ck_assert_int_eq(tp_test_count(c, "TP_CLAMP(q, TP_SLOT_SIZE - 16);"), 1);
	ck_assert_int_eq(tp_test_count(c, "c->hit = true;"), 3);
	free(c);
	c = tp_test_emit(OPENAT_STR("SubString", "[\"x\", \"\"]"), 0);
	HAS(c, "\treturn true;	/* an empty value is in every string */");
	LACKS(c, "TP_WL(");
	LACKS(c, "_at(__u64 o");
	free(c);
}
END_TEST

START_TEST(many_selectors_use_more_candidate_words)
{
	char *spec = malloc(65536), *c;
	int i;

	strcpy(spec, "  kprobes:\n  - call: sys_openat\n    args:\n    - {index: 2, type: int}\n"
		     "    selectors:\n");
	for (i = 0; i < 70; i++)
		strcat(spec,
		       "    - matchArgs:\n      - {index: 2, operator: Equal, values: [\"1\"]}\n");
	c = tp_test_emit(spec, 0);
	free(spec);
	HAS(c, "cand[0] = 0xffffffffffffffffULL;");
	HAS(c, "cand[1] = 0x3fULL;");
	HAS(c, "#define TP_CAND_WORDS 2");
	/* a fresh copy of the arg for each selector's test (tp_fresh) */
	HAS(c, "if (!tp_h0_s69_match0(tp_fresh(h, a2)))\n\t\ttp_cand_drop(cand, 69);");
	/* the last needs no test: one is left (self_check) */
	HAS(c, "} else if (tp_cand_has(cand, 68)) {\n\t\tsel = 68;");
	HAS(c, "} else {\n\t\tsel = 69;");
	LACKS(c, "tp_cand_has(cand, 69)");
	LACKS(c, "} else {\n\t\treturn 0;\n\t}");
	free(c);
}
END_TEST

START_TEST(candidates_live_where_the_verifier_does_not_track_them)
{
	char *c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    args:\n"
			       "    - {index: 1, type: string}\n    - {index: 2, type: int}\n"
			       "    selectors:\n    - matchArgs:\n"
			       "      - {index: 2, operator: Equal, values: [\"7\"]}\n"
			       "    - matchArgs:\n"
			       "      - {index: 1, operator: Prefix, values: [\"/x\"]}\n",
			       0);

	HAS(c, "volatile __u64 *cand;");
	HAS(c, "cand = h->cand;");
	HAS(c, "if (!h)\n\t\treturn 0;");
	/* selector 1's only filter: no test of a bit that is certainly set */
	HAS(c, "if (!tp_h0_s1_match0(h->slot[0], n1))\n\t\ttp_cand_drop(cand, 1);");
	free(c);
}
END_TEST

/*
 * tprun's own events: where no filter takes the tgid, the check comes after
 * the filters, once a selector is left, so a non-matching event asks for no
 * tgid; where one does (matchPIDs, the process table), first, as the tgid is
 * read anyway.
 */
START_TEST(self_check_after_the_filters_that_need_no_tgid)
{
	const char *args = "  kprobes:\n  - call: sys_openat\n    args:\n"
			   "    - {index: 1, type: string}\n    selectors:\n";
	const char *prefix = "    - matchArgs:\n"
			     "      - {index: 1, operator: Prefix, values: [\"/x\"]}\n";
	char *yaml = NULL, *c;
	const char *filter, *self;

	/* one selector: its failed filters return; the check is what follows them */
	ck_assert_int_gt(asprintf(&yaml, "%s%s", args, prefix), 0);
	c = tp_test_emit(yaml, 0);
	filter = strstr(c, "if (!tp_h0_s0_match0(h->slot[0], n1))\n\t\treturn 0;");
	self = strstr(c, "if (tp_current_tgid() == tp_self_tgid)\n\t\treturn 0;");
	ck_assert_msg(filter && self && filter < self, "the check after the filter");
	LACKS(c, "__u32 tgid = ");
	free(c);
	free(yaml);

	/* 65 selectors: none left in either word returns before the check */
	yaml = NULL;
	{
		size_t len = 0, i;
		FILE *f = open_memstream(&yaml, &len);

		ck_assert_ptr_nonnull(f);
		fputs(args, f);
		for (i = 0; i < 65; i++)
			fputs(prefix, f);
		fclose(f);
	}
	c = tp_test_emit(yaml, 0);
	HAS(c, "\tif (!tp_cand_any(cand, 0, 0xffffffffffffffff) &&\n"
	       "\t    !tp_cand_any(cand, 1, 0x1))\n"
	       "\t\treturn 0;	/* no selector is left */\n"
	       "\tif (tp_current_tgid() == tp_self_tgid)\n"
	       "\t\treturn 0;	/* tprun's own event */\n\n"
	       "\tif (tp_cand_has(cand, 0)) {");
	free(c);
	free(yaml);

	/* a last selector with no filter always acts: no candidate test */
	ck_assert_int_gt(
	    asprintf(&yaml, "%s%s    - matchActions:\n      - {action: Post}\n", args, prefix), 0);
	c = tp_test_emit(yaml, 0);
	HAS(c,
	    "\n\tif (tp_current_tgid() == tp_self_tgid)\n\t\treturn 0;	/* tprun's own event */\n\n"
	    "\tif (tp_cand_has(cand, 0)) {");
	LACKS(c, "no selector is left");
	free(c);
	free(yaml);

	/* matchPIDs takes the tgid: the check first, with the heap's */
	ck_assert_int_gt(asprintf(&yaml,
				  "%s%s      matchPIDs:\n"
				  "      - {operator: NotIn, values: [\"1\"]}\n",
				  args, prefix),
			 0);
	c = tp_test_emit(yaml, 0);
	HAS(c, "__u32 tgid = tp_current_tgid();");
	HAS(c, "if (tgid == tp_self_tgid || !h)\n\t\treturn 0;");
	LACKS(c, "tp_current_tgid() == tp_self_tgid");
	free(c);
	free(yaml);

	/* matchBinaries: the process table's lookup takes it */
	ck_assert_int_gt(asprintf(&yaml,
				  "%s%s      matchBinaries:\n"
				  "      - {operator: In, values: [\"/bin/x\"]}\n",
				  args, prefix),
			 0);
	c = tp_test_emit(yaml, 0);
	HAS(c, "if (tgid == tp_self_tgid || !h)\n\t\treturn 0;");
	LACKS(c, "tp_current_tgid() == tp_self_tgid");
	free(c);
	free(yaml);

	/* a chain whose check came first: its last selector is tested, none left returns */
	ck_assert_int_gt(asprintf(&yaml,
				  "%s%s      matchPIDs:\n"
				  "      - {operator: NotIn, values: [\"1\"]}\n%s",
				  args, prefix, prefix),
			 0);
	c = tp_test_emit(yaml, 0);
	HAS(c, "\t} else if (tp_cand_has(cand, 1)) {\n");
	HAS(c, "\t} else {\n\t\treturn 0;\n\t}\n");
	LACKS(c, "no selector is left");
	free(c);
	free(yaml);

	/*
	 * Fused hooks (two on one function) check each for itself: the first
	 * after its filter, the second, whose matchBinaries takes the tgid,
	 * first; their program asks for none.
	 */
	ck_assert_int_gt(asprintf(&yaml,
				  "%s%s%s%s      matchBinaries:\n"
				  "      - {operator: In, values: [\"/bin/x\"]}\n",
				  args, prefix, args + strlen("  kprobes:\n"), prefix),
			 0);
	c = tp_test_emit(yaml, 0);
	filter = strstr(c, "if (!tp_h0_s0_match0(h->slot[0], n1))\n\t\treturn 0;");
	self = strstr(c, "if (tp_current_tgid() == tp_self_tgid)\n\t\treturn 0;");
	ck_assert_msg(filter && self && filter < self, "the first checks after its filter");
	self = strstr(c, "long tp_h1_enter(");
	ck_assert_ptr_nonnull(self);
	filter = strstr(c, "long tp_h0_enter(");
	ck_assert_msg(filter && filter < self && !memmem(filter, self - filter, "tgid =", 6),
		      "the first asks for no tgid");
	HAS(self, "{\n\t__u32 tgid = tp_current_tgid();");
	HAS(self, "\n\tif (tgid == tp_self_tgid)\n\t\treturn 0;\n");
	self = strstr(c, "long tp_g0_enter(");
	ck_assert_ptr_nonnull(self);
	HAS(self, "{\n\tstruct tp_heap *h = tp_heap_get();\n\n\tif (!h)\n\t\treturn 0;\n");
	filter = strstr(self, "\n}\n");
	ck_assert_msg(filter && !memmem(self, filter - self, "tgid", 4),
		      "the group passes no tgid");
	free(c);
	free(yaml);
}
END_TEST

START_TEST(unreachable_selectors_are_not_emitted)
{
	char *c =
	    tp_test_emit("  kprobes:\n  - call: sys_openat\n    args:\n"
			 "    - {index: 2, type: int}\n    selectors:\n"
			 "    - matchActions:\n      - {action: Post}\n"
			 "    - matchArgs:\n      - {index: 2, operator: Equal, values: [\"7\"]}\n"
			 "      matchActions:\n      - {action: Sigkill}\n",
			 0);

	LACKS(c, "tp_h0_s1_match0");
	LACKS(c, "bpf_send_signal");
	LACKS(c, "cand");
	HAS(c, "off = tp_out_hook_begin(TP_WRITE, &r, 0, TP_ACT_POST, 0, 0);");
	free(c);
}
END_TEST

/*
 * The records of a selector that enforces (Sigkill, Signal, Override,
 * NotifyEnforcer, Set) carry TP_HOOKEV_AUDIT, which sends them on tp_audit;
 * a chain of selectors sets the flag where it chooses; a return half takes it
 * from its entry half. Post, FollowFD and the like do not.
 */
/* TP_ACTIONS' ENFORCES column: what policy-mode monitor only reports */
START_TEST(the_actions_that_enforce)
{
	static const char *const enforcing[] = { "Sigkill", "Signal", "Override", "NotifyEnforcer",
						 "Set" };
	unsigned int n = 0, i;

	for (i = 0; i < TP_ACT__MAX; i++)
		n += tp_action__enforces(i);
	ck_assert_uint_eq(n, sizeof(enforcing) / sizeof(enforcing[0]));
	for (i = 0; i < sizeof(enforcing) / sizeof(enforcing[0]); i++)
		ck_assert_msg(
		    tp_action__enforces(tp_action__by_name(enforcing[i], strlen(enforcing[i]))),
		    "%s enforces", enforcing[i]);
	ck_assert(!tp_action__enforces(TP_ACT_UNKNOWN) && !tp_action__enforces(TP_ACT__MAX));
}
END_TEST

START_TEST(enforcing_selectors_take_the_audit_ring)
{
	char *c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    args:\n"
			       "    - {index: 2, type: int}\n    selectors:\n"
			       "    - matchActions:\n      - {action: Sigkill}\n",
			       0);

	HAS(c, "off = tp_out_hook_begin(TP_WRITE, &r, 0, TP_ACT_SIGKILL, 0, TP_HOOKEV_AUDIT);");
	free(c);
	/* an enforcing action before Post: the event names Post, the record is still audit */
	c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    selectors:\n"
			 "    - matchActions:\n      - {action: Signal, argSig: 10}\n"
			 "      - {action: Post}\n",
			 0);
	HAS(c, "off = tp_out_hook_begin(TP_WRITE, &r, 0, TP_ACT_POST, 0, TP_HOOKEV_AUDIT);");
	free(c);
	c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    args:\n"
			 "    - {index: 2, type: int}\n    selectors:\n"
			 "    - matchArgs:\n      - {index: 2, operator: Equal, values: [\"7\"]}\n"
			 "      matchActions:\n      - {action: Sigkill}\n"
			 "    - matchArgs:\n      - {index: 2, operator: Equal, values: [\"8\"]}\n",
			 0);
	HAS(c, "__u32 audit = 0;");
	HAS(c, "\t\taction = TP_ACT_SIGKILL;\n\t\taudit = TP_HOOKEV_AUDIT;\n");
	HAS(c, "off = tp_out_hook_begin(TP_WRITE, &r, 0, action, sel, audit);");
	free(c);
	c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    return: true\n"
			 "    returnArg: {index: 0, type: int}\n    selectors:\n"
			 "    - matchActions:\n      - {action: Sigkill}\n",
			 0);
	HAS(c, "tp_pending_put(0, 0, true, TP_HOOKEV_AUDIT);");
	HAS(c, "tp_out_hook_begin(TP_WRITE, &r, 0, TP_ACT_SIGKILL, 0,\n"
	       "\t                        TP_HOOKEV_RETURN_PENDING | TP_HOOKEV_AUDIT);");
	HAS(c, "if (tp_pending_take(0, &sel, &post, &flags))");
	HAS(c, "tp_out_hook_ret(0, TP_ACT_UNKNOWN, r, true, flags);");
	free(c);
	/* NoPost: the return half prints nothing, so it stays on tp_events */
	c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    return: true\n"
			 "    returnArg: {index: 0, type: int}\n    selectors:\n"
			 "    - matchActions:\n      - {action: Sigkill}\n"
			 "      - {action: NoPost}\n",
			 0);
	HAS(c, "tp_pending_put(0, 0, false, 0);");
	LACKS(c, "TP_HOOKEV_AUDIT");
	free(c);
	c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    args:\n"
			 "    - {index: 0, type: fd}\n    selectors:\n"
			 "    - matchActions:\n      - {action: FollowFD, argFd: 0, argName: 0}\n",
			 0);
	LACKS(c, "AUDIT");
	LACKS(c, "audit");
	free(c);
}
END_TEST

/*
 * A rate-limited Post: the record built, then sent unless its key posted
 * within the window; a NoPost selector's limit is never looked at.
 */
START_TEST(rate_limited_post_holds_the_record_back)
{
	char *c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    args:\n"
			       "    - {index: 1, type: string}\n    - {index: 2, type: int}\n"
			       "    selectors:\n    - matchActions:\n"
			       "      - {action: Signal, argSig: 17}\n"
			       "      - {action: Post, rateLimit: 3m, rateLimitScope: process}\n",
			       0);

	HAS(c, "#include \"tp_ratelimit.bpf.h\"");
	/* after the Signal, per process, 180 s, arg 1 (the int) inline, two args */
	HAS(c, "\ttp_rec_scratch(h, &r, off);\n");
	HAS(c, "\tif (!tp_rate_limited(h, &r, TP_ACT_SIGNAL, TP_RL_PROCESS, 180000000000ULL, 0x2, "
	       "2))\n"
	       "\t\ttp_out_send(h, &r, TP_EV_HOOK, off);\n\ttp_rec_scratch_end(&r);\n");
	free(c);
	c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    selectors:\n"
			 "    - matchActions:\n      - {action: Post, rateLimit: 1}\n"
			 "      - {action: NoPost}\n",
			 0);
	LACKS(c, "tp_rate_limited");
	free(c);
}
END_TEST

/* imaHash: the chosen selector's record waits for the hash program, which returns the Override */
START_TEST(ima_hash_holds_the_record_for_the_hash_program)
{
	char *c = tp_test_emit(
	    "  lsmhooks:\n  - hook: file_open\n    args:\n    - {index: 0, type: file}\n"
	    "    selectors:\n    - matchArgs:\n      - {index: 0, operator: Prefix, values: [/a]}\n"
	    "      matchActions:\n      - {action: Override, argError: -1}\n"
	    "      - {action: Post, imaHash: true}\n"
	    "    - matchArgs:\n      - {index: 0, operator: Prefix, values: [/b]}\n",
	    0);

	HAS(c, "#define TP_IMA_HASH 1\n");
	HAS(c, "#include \"tp_ima.bpf.h\"");
	/* selector 0 hashes, selector 1 posts as ever */
	HAS(c, "\t\tima = true;\n\t\ttp_count_action(0, 0, TP_ACTSTAT_OVERRIDE);\n\t\trv = -1;\n"
	       "\t} else {\n");
	HAS(c, "\trv = tp_ima_finish(h, &r, off, ima, rv);\n\ttp_rec_scratch_end(&r);\n\treturn "
	       "rv;\n");
	HAS(c, "SEC(\"lsm.s\")\nint tp_h0_ima(__u64 *ctx)\n");
	HAS(c, "tp_ima_send((struct file *)ctx[0])");
	free(c);
	c = tp_test_emit("  lsmhooks:\n  - hook: file_open\n    selectors:\n"
			 "    - matchActions:\n      - {action: Post}\n",
			 0);
	LACKS(c, "tp_ima");
	LACKS(c, "lsm.s");
	free(c);
}
END_TEST

/*
 * Set: after the record is captured, so the event shows what the probe passed
 * (Tetragon reads args before its actions); in the branch when it does not post
 */
START_TEST(set_writes_after_the_record)
{
	char *c = tp_test_emit(
	    "  usdts:\n  - path: /bin/true\n    provider: p\n    name: n\n    args:\n"
	    "    - {index: 2, type: int32}\n    - {index: 0, type: int32}\n    selectors:\n"
	    "    - matchArgs:\n      - {index: 2, operator: Equal, values: [\"7\"]}\n"
	    "      matchActions:\n      - {action: Set, argIndex: 0, argValue: 32}\n"
	    "      - {action: NoPost}\n"
	    "    - matchActions:\n      - {action: Set, argIndex: 1, argValue: 4294967295}\n",
	    0);

	HAS(c, "#include \"tp_usdt.bpf.h\"");
	/* selector 0 writes the note's argument 2 (args[0]), then returns */
	HAS(c, "\t\ttp_count_action(0, 0, TP_ACTSTAT_SET);\n\t\ttp_usdt_set(ctx, 2, 32U);\n"
	       "\t\ttp_count_action(0, 0, TP_ACTSTAT_NOPOST);\n\t\treturn 0;\n");
	HAS(c, "\ttp_out_finish(&r, TP_EV_HOOK, off);\n"
	       "\tif (sel == 1) {\n\t\ttp_count_action(0, 1, TP_ACTSTAT_SET);\n"
	       "\t\ttp_usdt_set(ctx, 0, 4294967295U);\n\t}\n\treturn 0;\n");
	free(c);
}
END_TEST

START_TEST(write_errors_are_latched)
{
	struct tp_emitter e;
	FILE *f = fopen("/dev/full", "w");

	ck_assert_msg(f != NULL, "/dev/full");
	setvbuf(f, NULL, _IONBF, 0);
	tp_emitter__init(&e, f, "x.c");
	tp_emitter__line(&e, "int x;");
	tp_emitter__line(&e, "int y;");
	ck_assert_msg(tp_emitter__finish(&e) < 0, "a failed write is reported at finish");
	fclose(f);
}
END_TEST

/*
 * data with source pt_regs: the register's field of struct pt_regs, cut to the bytes its name
 * reads (rdi 8, edx 4, r8w 2, al 1); a syscall's from its caller's registers, the policy's
 * register names never in the C
 */
START_TEST(pt_regs_data_read_their_field)
{
	char *c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    data:\n"
			       "    - {source: pt_regs, resolve: rdi, type: uint64}\n"
			       "    - {source: pt_regs, resolve: edx, type: int}\n"
			       "    - {source: pt_regs, resolve: r8w, type: uint16}\n"
			       "    - {source: pt_regs, resolve: al, type: uint8}\n",
			       0);

	HAS(c, "BPF_CORE_READ(regs, di)");
	HAS(c, "(__u32)BPF_CORE_READ(regs, dx)");
	HAS(c, "(__u16)BPF_CORE_READ(regs, r8)");
	HAS(c, "(__u8)BPF_CORE_READ(regs, ax)");
	LACKS(c, "(__u64)(__u64)");
	LACKS(c, "rdi");
	LACKS(c, "edx");
	LACKS(c, "SEC(\"fentry");
	free(c);
	c = tp_test_emit("  kprobes:\n  - call: fd_install\n    syscall: false\n    data:\n"
			 "    - {source: pt_regs, resolve: esi, type: int}\n",
			 0);
	HAS(c, "(__u32)((const struct pt_regs *)ctx)->si");
	LACKS(c, "SEC(\"fentry");
	free(c);
}
END_TEST

/*
 * The record is written in two passes (gen/emit/capture.c), but each arg it
 * takes is read once, before them: an integer no filter read into its aN,
 * a string no filter read into pN. The kprobe variant reads a syscall's arg
 * with a helper: two passes would call it twice.
 */
START_TEST(the_record_reads_each_arg_once)
{
	char *c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    syscall: true\n"
			       "    args:\n    - {index: 1, type: string}\n"
			       "    - {index: 0, type: int}\n    - {index: 2, type: int}\n"
			       "    selectors:\n    - matchArgs:\n"
			       "      - {index: 0, operator: NotEqual, values: [\"7\"]}\n",
			       0);
	int i;

	for (i = 0; i <= 2; i++) {
		char read[64];

		snprintf(read, sizeof(read), "tp_sys_arg(variant, ctx, regs, %d)", i);
		ck_assert_msg(tp_test_count(c, read) == 1, "arg %d read %d times, not once", i,
			      tp_test_count(c, read));
	}
	HAS(c, "off = tp_out_str(TP_SIZE, &r, off, (const void *)p1, TP_MEM_USER);");
	HAS(c, "off = tp_out_str(TP_WRITE, &r, off, (const void *)p1, TP_MEM_USER);");
	HAS(c, "off = tp_out_u64(TP_WRITE, &r, off, a2);");
	free(c);
	/* a narrow size arg: its aN is cast, the buffer takes its raw u64, read once too */
	c = tp_test_emit("  kprobes:\n  - call: sys_write\n    syscall: true\n"
			 "    args:\n    - {index: 1, type: char_buf, sizeArgIndex: 3}\n"
			 "    - {index: 2, type: int}\n",
			 0);
	ck_assert_msg(tp_test_count(c, "tp_sys_arg(variant, ctx, regs, 2)") == 1,
		      "the size read %d times, not once",
		      tp_test_count(c, "tp_sys_arg(variant, ctx, regs, 2)"));
	HAS(c, "p2 = (__u64)tp_sys_arg(variant, ctx, regs, 2);");
	free(c);
	/* a string the filters read only for some candidates: read again only where they did not */
	c = tp_test_emit("  kprobes:\n  - call: sys_openat\n    syscall: true\n"
			 "    args:\n    - {index: 0, type: int}\n    - {index: 1, type: string}\n"
			 "    selectors:\n    - matchArgs:\n"
			 "      - {index: 0, operator: Equal, values: [\"7\"]}\n"
			 "      - {index: 1, operator: Prefix, values: [\"/etc\"]}\n"
			 "    - matchArgs:\n"
			 "      - {index: 0, operator: Equal, values: [\"8\"]}\n"
			 "      - {index: 1, operator: Prefix, values: [\"/tmp\"]}\n",
			 0);
	ck_assert_int_eq(tp_test_count(c, "tp_sys_arg(variant, ctx, regs, 1)"), 2);
	HAS(c, "\tif (n1 == TP_SLOT_UNREAD)\n\t\tp1 = (__u64)tp_sys_arg(variant, ctx, regs, 1);\n");
	HAS(c, "\telse\n\t\toff = tp_out_str(TP_WRITE, &r, off, (const void *)p1, TP_MEM_USER);\n");
	free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("emit");
	TCase *tc = tcase_create("emit");

	tcase_add_test(tc, no_policy_text_in_c);
	tcase_add_test(tc, split_files_guard_each_hook);
	tcase_add_test(tc, the_head_is_how_the_file_starts);
	tcase_add_test(tc, filters_are_named_functions);
	tcase_add_test(tc, names_not_numbers);
	tcase_add_test(tc, lines_fit_in_100_columns);
	tcase_add_test(tc, variants_come_from_the_template);
	tcase_add_test(tc, line_directives_are_true);
	tcase_add_test(tc, only_the_templates_it_needs);
	tcase_add_test(tc, user_stacks_wake_tprun_each_time);
	tcase_add_test(tc, deterministic);
	tcase_add_test(tc, cheap_filters_first);
	tcase_add_test(tc, the_record_reads_each_arg_once);
	tcase_add_test(tc, long_values_use_word_arrays);
	tcase_add_test(tc, in_map_values_and_ranges);
	tcase_add_test(tc, substring_searches_with_bpf_loop);
	tcase_add_test(tc, parent_binaries_test_the_parent_bit);
	tcase_add_test(tc, many_selectors_use_more_candidate_words);
	tcase_add_test(tc, candidates_live_where_the_verifier_does_not_track_them);
	tcase_add_test(tc, self_check_after_the_filters_that_need_no_tgid);
	tcase_add_test(tc, unreachable_selectors_are_not_emitted);
	tcase_add_test(tc, rate_limited_post_holds_the_record_back);
	tcase_add_test(tc, ima_hash_holds_the_record_for_the_hash_program);
	tcase_add_test(tc, set_writes_after_the_record);
	tcase_add_test(tc, write_errors_are_latched);
	tcase_add_test(tc, the_actions_that_enforce);
	tcase_add_test(tc, enforcing_selectors_take_the_audit_ring);
	tcase_add_test(tc, pt_regs_data_read_their_field);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
