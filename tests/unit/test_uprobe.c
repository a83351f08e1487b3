// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Unit tests for uprobes and usdts (gen/parse/hooks.c, gen/check/uprobe.c): the targets
 * tpgen makes of symbols, offsets and addrs, Set, and the keys and actions it refuses,
 * each at its line.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tp_checkrun.h"
#include "tp_test.h"

/* a uprobe on /bin/true (lines 6-7) with TARGETS (from line 8) and REST after it */
#define UPROBE(targets, rest) HDR "  uprobes:\n  - path: /bin/true\n" targets rest

START_TEST(test_uprobe_targets)
{
	struct result r;
	const struct tp_hook *h;

	run(&r, UPROBE("    symbols: [main, \"readline+0x10\"]\n",
		       "    args:\n    - index: 0\n      type: int\n    - index: 5\n"
		       "      type: string\n"));
	ASSERT_OUT(&r, "");
	h = &r.p->hooks[0];
	ck_assert_int_eq(h->kind, TP_HOOK_UPROBE);
	ck_assert_str_eq(h->call, "/bin/true");
	ck_assert_uint_eq(h->nfuncs, 2);
	ck_assert_str_eq(h->funcs[0], "main");
	ck_assert_str_eq(h->funcs[1], "readline+0x10");
	ck_assert_uint_eq(h->nargs, 2);
	result_free(&r);

	run(&r, UPROBE("    offsets: [4096, 0x20]\n", ""));
	ASSERT_OUT(&r, "");
	h = &r.p->hooks[0];
	ck_assert_uint_eq(h->nfuncs, 2);
	ck_assert_str_eq(h->funcs[0], "+0x1000");
	ck_assert_str_eq(h->funcs[1], "+0x20");
	result_free(&r);

	/* addrs: tprun makes each a file offset from the binary it attaches to */
	run(&r, UPROBE("    addrs: [0x401000]\n    refCtrOffsets: [0x3020]\n", ""));
	ASSERT_OUT(&r, "");
	ck_assert_uint_eq(r.p->hooks[0].nfuncs, 1);
	ck_assert_str_eq(r.p->hooks[0].funcs[0], "@0x401000\t0x3020");
	result_free(&r);

	run(&r, UPROBE("    symbols: [main]\n    refCtrOffsets: [0x3020]\n", ""));
	ASSERT_OUT(&r, "");
	ck_assert_str_eq(r.p->hooks[0].funcs[0], "main\t0x3020");
	result_free(&r);
}
END_TEST

START_TEST(test_uprobe_errors)
{
	CHECK_YAML(UPROBE("", ""), 1,
		   "p.yaml:7:5: error: uprobe '/bin/true': uprobe needs exactly one of symbols, "
		   "offsets or addrs\n");
	CHECK_YAML(UPROBE("    symbols: [main]\n    offsets: [1]\n", ""), 1,
		   "p.yaml:7:5: error: uprobe '/bin/true': uprobe needs exactly one of symbols, "
		   "offsets or addrs\n");
	CHECK_YAML(UPROBE("    symbols: [\"+0x10\", \"f+x\", \"g+1+2\"]\n", ""), 3,
		   "p.yaml:7:5: error: uprobe '/bin/true': symbol '+0x10' has no name before '+' "
		   "(use offsets)\n"
		   "p.yaml:7:5: error: uprobe '/bin/true': symbol 'f+x': wrong offset after '+'\n"
		   "p.yaml:7:5: error: uprobe '/bin/true': symbol 'g+1+2': wrong offset after "
		   "'+'\n");
	parse_fails(UPROBE("    offsets: [-1]\n", ""), 1,
		    "p.yaml:8:15: error: offset '-1' is not an unsigned number\n");
	CHECK_YAML(UPROBE("    addrs: [0x401000]\n    offsets: [1]\n", ""), 1,
		   "p.yaml:7:5: error: uprobe '/bin/true': uprobe needs exactly one of symbols, "
		   "offsets or addrs\n");
	parse_fails(UPROBE("    addrs: [-1]\n", ""), 1,
		    "p.yaml:8:13: error: address '-1' is not an unsigned number\n");
	parse_fails(UPROBE("    symbols: [main]\n    refCtrOffsets: [-1]\n"
			   "    btfPath: /b\n    data: []\n    binaryDigests: []\n    ignore: {}\n",
			   ""),
		    3,
		    "p.yaml:9:21: error: offset '-1' is not an unsigned number\n"
		    "p.yaml:12:5: error: binaryDigests is not supported yet\n"
		    "p.yaml:13:5: error: ignore is not supported yet\n");
	/* one reference counter per target, as Tetragon's dimension check */
	CHECK_YAML(
	    UPROBE("    symbols: [main, f]\n    refCtrOffsets: [0x10]\n", ""), 1,
	    "p.yaml:7:5: error: uprobe '/bin/true': refCtrOffsets has 1 entries, symbols 2\n");
	parse_fails(HDR "  uprobes:\n  - symbols: [main]\n", 1,
		    "p.yaml:7:5: error: missing required key 'path' in uprobe\n");
}
END_TEST

START_TEST(test_uprobe_args_actions)
{
	CHECK_YAML(
	    UPROBE("    symbols: [main]\n",
		   "    args:\n    - index: 6\n      type: int\n    - index: 1\n"
		   "    - index: 2\n      type: file\n    - index: 3\n      type: int\n"
		   "      resolve: a.b\n"),
	    4,
	    "p.yaml:10:7: error: uprobe '/bin/true': arg 6: index out of range (arguments 0 "
	    "to 5 are passed in registers and can be read)\n"
	    "p.yaml:12:7: error: uprobe '/bin/true': arg 1: type is required (no kernel BTF "
	    "to infer it from)\n"
	    "p.yaml:14:13: error: uprobe '/bin/true': arg 2: type 'file' is a kernel object: "
	    "it needs a kernel-function (syscall: false), LSM or raw tracepoint hook\n"
	    "p.yaml:17:16: error: uprobe '/bin/true': arg 3: resolve on uprobes needs btfPath "
	    "(the binary's BTF) and btfType (the struct the arg points to)\n");
	/* btfPath unused, or not a BTF file */
	CHECK_YAML(UPROBE("    symbols: [main]\n    btfPath: /b\n", ""), 1,
		   "p.yaml:9:5: error: uprobe '/bin/true': btfPath is not supported without an "
		   "arg that has resolve (Tetragon reads it only to resolve)\n");
	CHECK_YAML(UPROBE("    symbols: [main]\n    btfPath: /nonexistent.btf\n",
			  "    args:\n    - index: 0\n      type: int\n      btfType: s\n"
			  "      resolve: a\n"),
		   1,
		   "p.yaml:9:5: error: uprobe '/bin/true': arg 0: btfPath '/nonexistent.btf': No "
		   "such file or directory\n");
	CHECK_YAML(
	    UPROBE("    symbols: [main]\n",
		   "    selectors:\n    - matchActions:\n      - action: Override\n"
		   "        argError: -1\n      - action: FollowFD\n        argFd: 0\n"
		   "        argName: 1\n      - action: Post\n        userStackTrace: true\n"),
	    3,
	    "p.yaml:11:9: error: uprobe '/bin/true': action 'Override' is not supported on "
	    "uprobes yet (Post, Sigkill, Signal and NoPost are)\n"
	    "p.yaml:13:9: error: uprobe '/bin/true': action 'FollowFD' is not supported on "
	    "uprobes yet (Post, Sigkill, Signal and NoPost are)\n"
	    "p.yaml:17:9: error: uprobe '/bin/true': userStackTrace is not supported on "
	    "uprobes (Tetragon's uprobe events carry no stack trace)\n");
	CHECK_OK(
	    UPROBE("    symbols: [main]\n",
		   "    args:\n    - index: 0\n      type: int\n"
		   "    selectors:\n    - matchArgs:\n      - index: 0\n        operator: Equal\n"
		   "        values: [\"1\"]\n      matchActions:\n      - action: Sigkill\n"
		   "      - action: Signal\n        argSig: 10\n"));
}
END_TEST

/* a usdt on /bin/true's prov:probe (lines 6-9) with REST after it */
#define USDT(rest) HDR "  usdts:\n  - path: /bin/true\n    provider: prov\n    name: probe\n" rest

START_TEST(test_usdt)
{
	struct result r;

	run(&r, USDT("    args:\n    - index: 11\n      type: int64\n"));
	ASSERT_OUT(&r, "");
	ck_assert_int_eq(r.p->hooks[0].kind, TP_HOOK_USDT);
	ck_assert_str_eq(r.p->hooks[0].subsystem, "prov");
	ck_assert_str_eq(r.p->hooks[0].event, "probe");
	result_free(&r);
	CHECK_YAML(USDT("    args:\n    - index: 12\n      type: int64\n"), 1,
		   "p.yaml:11:7: error: usdt 'prov:probe': arg 12: index out of range (a USDT "
		   "probe has at most 12 arguments, 0 to 11)\n");
	CHECK_YAML(USDT("    selectors:\n    - matchActions:\n      - action: Override\n"
			"        argError: -1\n"),
		   1,
		   "p.yaml:12:9: error: usdt 'prov:probe': action 'Override' is not supported on "
		   "usdts yet (Post, Sigkill, Signal and NoPost are)\n");
	CHECK_YAML(HDR "  usdts:\n  - path: /bin/true\n    provider: \"\"\n    name: probe\n", 1,
		   "p.yaml:7:5: error: usdt ':probe': provider and name must name the probe\n");
	parse_fails(USDT("    btfPath: /b\n    return: true\n"), 1,
		    "p.yaml:11:5: error: unknown key 'return' in usdt\n");
	parse_fails(HDR "  usdts:\n  - path: /bin/true\n    name: probe\n", 1,
		    "p.yaml:7:5: error: missing required key 'provider' in usdt\n");
}
END_TEST

/* Set: argIndex a position in args, argValue a uint32 (Tetragon's ActionSelector) */
START_TEST(test_usdt_set)
{
	const struct tp_action_spec *a;
	struct result r;

	run(&r, USDT("    args:\n    - index: 2\n      type: int32\n    - index: 0\n"
		     "      type: int32\n    selectors:\n    - matchActions:\n"
		     "      - action: Set\n        argIndex: 1\n        argValue: 0xffffffff\n"));
	ASSERT_OUT(&r, "");
	a = &r.p->hooks[0].selectors[0].actions[0];
	ck_assert_int_eq(a->action, TP_ACT_SET);
	ck_assert_int_eq(a->set_pos, 1);
	ck_assert_uint_eq(a->arg_value, 0xffffffffu);
	result_free(&r);
	CHECK_YAML(USDT("    args:\n    - index: 0\n      type: int32\n    selectors:\n"
			"    - matchActions:\n      - action: set\n        argIndex: 1\n"),
		   1,
		   "p.yaml:16:9: error: usdt 'prov:probe': action 'set': argIndex 1 is not a "
		   "position in args (the hook has 1)\n");
	parse_fails(USDT("    selectors:\n    - matchActions:\n      - action: Set\n"
			 "        argValue: 0x100000000\n"),
		    1,
		    "p.yaml:13:19: error: argValue '0x100000000' is not an unsigned 32-bit "
		    "number\n");
	CHECK_YAML(UPROBE("    symbols: [main]\n",
			  "    args:\n    - index: 0\n      type: int\n    selectors:\n"
			  "    - matchActions:\n      - action: Set\n        argValue: 1\n"),
		   1,
		   "p.yaml:14:9: error: uprobe '/bin/true': action 'Set' is not supported on "
		   "uprobes: Tetragon's Set writes a USDT argument, and does nothing elsewhere\n");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("uprobe");
	TCase *tc = tcase_create("uprobe");

	tcase_add_test(tc, test_uprobe_targets);
	tcase_add_test(tc, test_uprobe_errors);
	tcase_add_test(tc, test_uprobe_args_actions);
	tcase_add_test(tc, test_usdt);
	tcase_add_test(tc, test_usdt_set);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
