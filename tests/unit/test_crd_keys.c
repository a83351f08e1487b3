// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Every key of Tetragon's TracingPolicy CRD is honoured or refused, never
 * accepted and ignored.
 *
 * The list below is written out from the CRD's schema
 * (pkg/k8s/apis/cilium.io/client/crds/v1alpha1/cilium.io_tracingpolicies.yaml in
 * cilium/tetragon, 2026-08). Each key is put into a policy that compiles without
 * it, at the place the CRD has it, and the policy is parsed and checked:
 * - a key we honour must be accepted, and its row names the test that shows what
 *   it does (that file must exist and use the key);
 * - a key we refuse must be refused at its own line and column, with
 *   "not supported".
 * Keys below a refused key (every key of spec.uprobes, say) are reached only
 * through it and are listed with the key that refuses them. The args, data and
 * returnArg entries of every hook kind, and the selectors of every hook kind, go
 * through the same parser as those of kprobes: they are listed once, on kprobes.
 * So do spec.fentries[] entries, which are Tetragon's KProbeSpec too, whole
 * (tests/unit/test_parse.c test_fentries): their keys are those of spec.kprobes[].
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "file.h"
#include "model/ops.h"
#include "vocab.h"
#include "parse/parse.h"
#include "tp_fixtures.h"
#include "tp_test.h"

#define HDR                                \
	"apiVersion: cilium.io/v1alpha1\n" \
	"kind: TracingPolicy\n"            \
	"metadata:\n"                      \
	"  name: \"crd\"\n"                \
	"spec:\n"

/* Where a key goes: a marker line in one of the base policies below. */
enum at {
	AT_SPEC,       /* spec, beside a kprobe */
	AT_KPROBE,     /* a kprobe */
	AT_ARG,	       /* a kprobe's arg */
	AT_SELECTOR,   /* a kprobe's selector */
	AT_MATCH_ARG,  /* a matchArgs entry */
	AT_MATCH_BIN,  /* a matchBinaries entry */
	AT_MATCH_PID,  /* a matchPIDs entry */
	AT_ACTION,     /* a matchActions entry (a Post) */
	AT_TP,	       /* a tracepoint */
	AT_LSM,	       /* an LSM hook */
	AT_LIST,       /* a spec.lists entry */
	AT_BUF_ARG,    /* a char_buf arg (sys_write's) */
	AT_KF_ARG,     /* a kernel function's arg (security_file_open's file) */
	AT_LSM_ACTION, /* an LSM hook's Post */
	AT_RET_ARG,    /* a kprobe's returnArg */
	AT_RET_ACTION, /* a matchReturnActions entry (a Post) */
	AT_TP_ARG,     /* a tracepoint's arg */
	AT_UPROBE,     /* a uprobe */
	AT_USDT,       /* a usdt */
	AT_DATA,       /* a kprobe's data entry */
	AT_IN_BASE,    /* already in a base policy: that it compiles shows it */
	AT_BELOW,      /* below a refused key, named in shown_by */
};

/* marker, indent */
static const struct {
	const char *mark;
	int indent;
} marks[] = {
	[AT_SPEC] = { "#SPEC\n", 2 },
	[AT_KPROBE] = { "#KPROBE\n", 4 },
	[AT_ARG] = { "#ARG\n", 6 },
	[AT_SELECTOR] = { "#SELECTOR\n", 6 },
	[AT_MATCH_ARG] = { "#MATCHARG\n", 8 },
	[AT_MATCH_BIN] = { "#MATCHBIN\n", 8 },
	[AT_MATCH_PID] = { "#MATCHPID\n", 8 },
	[AT_ACTION] = { "#ACTION\n", 8 },
	[AT_TP] = { "#TP\n", 4 },
	[AT_LSM] = { "#LSM\n", 4 },
	[AT_LIST] = { "#LIST\n", 4 },
	[AT_BUF_ARG] = { "#BUFARG\n", 6 },
	[AT_KF_ARG] = { "#KFARG\n", 6 },
	[AT_RET_ARG] = { "#RETARG\n", 6 },
	[AT_RET_ACTION] = { "#RETACTION\n", 8 },
	[AT_TP_ARG] = { "#TPARG\n", 6 },
	[AT_LSM_ACTION] = { "#LSMACTION\n", 8 },
	[AT_UPROBE] = { "#UPROBE\n", 4 },
	[AT_USDT] = { "#USDT\n", 4 },
	[AT_DATA] = { "#DATA\n", 6 },
};

/* A kprobe with every selector list we build, and the policy mode option. */
static const char base_kprobe[] = HDR "  options:\n"
				      "  - name: \"policy-mode\"\n"
				      "    value: \"monitor\"\n"
				      "#SPEC\n"
				      "  kprobes:\n"
				      "  - call: \"sys_openat\"\n"
				      "    syscall: true\n"
				      "    return: true\n"
				      "    returnArg:\n"
				      "      index: 0\n"
				      "      type: \"int\"\n"
				      "#RETARG\n"
				      "    message: \"an open\"\n"
				      "    tags: [\"crd\"]\n"
				      "#KPROBE\n"
				      "    args:\n"
				      "    - index: 1\n"
				      "      type: \"string\"\n"
				      "#ARG\n"
				      "    - index: 2\n"
				      "      type: \"int\"\n"
				      "    data:\n"
				      "    - source: \"current_task\"\n"
				      "      resolve: \"pid\"\n"
				      "#DATA\n"
				      "    selectors:\n"
				      "    - matchArgs:\n"
				      "      - index: 1\n"
				      "        operator: \"Equal\"\n"
				      "        values:\n"
				      "        - \"/tmp/crd\"\n"
				      "#MATCHARG\n"
				      "      matchBinaries:\n"
				      "      - operator: \"In\"\n"
				      "        values:\n"
				      "        - \"/bin/cat\"\n"
				      "#MATCHBIN\n"
				      "      matchPIDs:\n"
				      "      - operator: \"NotIn\"\n"
				      "        values:\n"
				      "        - 1\n"
				      "#MATCHPID\n"
				      "      matchReturnArgs:\n"
				      "      - index: 0\n"
				      "        operator: \"Equal\"\n"
				      "        values:\n"
				      "        - \"0\"\n"
				      "      matchReturnActions:\n"
				      "      - action: Post\n"
				      "#RETACTION\n"
				      "#SELECTOR\n"
				      "      matchActions:\n"
				      "      - action: Post\n"
				      "#ACTION\n"
				      "    - matchActions:\n"
				      "      - action: Signal\n"
				      "        argSig: 10\n"
				      "#TP\n#LSM\n#LIST\n#BUFARG\n";

static const char base_write[] = HDR "  kprobes:\n"
				     "  - call: \"sys_write\"\n"
				     "    syscall: true\n"
				     "    args:\n"
				     "    - index: 1\n"
				     "      type: \"char_buf\"\n"
				     "      sizeArgIndex: 3\n"
				     "#BUFARG\n"
				     "    - index: 2\n"
				     "      type: \"size_t\"\n";

static const char base_kfunc[] = HDR "  kprobes:\n"
				     "  - call: \"security_file_open\"\n"
				     "    syscall: false\n"
				     "    args:\n"
				     "    - index: 0\n"
				     "      type: \"uint64\"\n"
				     "#KFARG\n";

static const char base_tp[] = HDR "  tracepoints:\n"
				  "  - subsystem: \"syscalls\"\n"
				  "    event: \"sys_enter_openat\"\n"
				  "    raw: false\n"
				  "    message: \"an open\"\n"
				  "    tags: [\"crd\"]\n"
				  "#TP\n"
				  "    args:\n"
				  "    - index: 5\n"
				  "      type: \"string\"\n"
				  "#TPARG\n"
				  "    selectors:\n"
				  "    - matchActions:\n"
				  "      - action: Post\n";

static const char base_lsm[] = HDR "  lsmhooks:\n"
				   "  - hook: \"file_open\"\n"
				   "    message: \"an open\"\n"
				   "    tags: [\"crd\"]\n"
				   "#LSM\n"
				   "    args:\n"
				   "    - index: 0\n"
				   "      type: \"file\"\n"
				   "    selectors:\n"
				   "    - matchActions:\n"
				   "      - action: Post\n"
				   "#LSMACTION\n";

#define UPROBE_HEAD                         \
	HDR "  uprobes:\n"                  \
	    "  - path: \"/usr/bin/true\"\n" \
	    "    message: \"a call\"\n"     \
	    "    tags: [\"crd\"]\n"         \
	    "    return: true\n"            \
	    "    returnArg:\n"              \
	    "      index: 0\n"              \
	    "      type: \"int\"\n"         \
	    "    args:\n"                   \
	    "    - index: 0\n"              \
	    "      type: \"int\"\n"         \
	    "    selectors:\n"              \
	    "    - matchActions:\n"         \
	    "      - action: Post\n"        \
	    "#UPROBE\n"

static const char base_uprobe[] = UPROBE_HEAD "    symbols:\n"
					      "    - \"main\"\n";

static const char base_uprobe_off[] = UPROBE_HEAD "    offsets:\n"
						  "    - 0x1000\n";

/* no target: the addrs row gives it */
static const char base_uprobe_bare[] = UPROBE_HEAD;

/* an arg that resolves: the btfPath rows give the BTF (this machine's kernel's serves) */
#define BTF_ARG                     \
	"    args:\n"               \
	"    - index: 0\n"          \
	"      type: \"uint32\"\n"  \
	"      btfType: \"file\"\n" \
	"      resolve: \"f_flags\"\n"
static const char base_uprobe_btf[] = HDR "  uprobes:\n"
					  "  - path: \"/usr/bin/true\"\n"
					  "    symbols: [\"main\"]\n" BTF_ARG "#UPROBE\n";
static const char base_usdt_btf[] = HDR "  usdts:\n"
					"  - path: \"/usr/bin/true\"\n"
					"    provider: \"prov\"\n"
					"    name: \"probe\"\n" BTF_ARG "#USDT\n";

static const char base_usdt[] = HDR "  usdts:\n"
				    "  - path: \"/usr/bin/true\"\n"
				    "    provider: \"prov\"\n"
				    "    name: \"probe\"\n"
				    "    message: \"a probe\"\n"
				    "    tags: [\"crd\"]\n"
				    "    args:\n"
				    "    - index: 0\n"
				    "      type: \"int64\"\n"
				    "    selectors:\n"
				    "    - matchActions:\n"
				    "      - action: Post\n"
				    "#USDT\n";

static const char base_list[] = HDR "  lists:\n"
				    "  - name: \"opens\"\n"
				    "    type: \"syscalls\"\n"
				    "    values:\n"
				    "    - \"sys_openat\"\n"
				    "#LIST\n"
				    "  kprobes:\n"
				    "  - call: \"list:opens\"\n"
				    "    syscall: true\n";

struct crd_key {
	const char *path;     /* as the CRD spells it */
	enum at at;	      /* where it goes */
	const char *yaml;     /* "key: value" as written at that place */
	const char *shown_by; /* honoured: the test that shows it; refused: NULL;
			       * AT_BELOW: the refused key above it */
};

#define HONOURED(path, at, yaml, test) \
	{                              \
		path, at, yaml, test   \
	}
#define REFUSED(path, at, yaml)      \
	{                            \
		path, at, yaml, NULL \
	}
#define IN_BASE(path, test)                  \
	{                                    \
		path, AT_IN_BASE, NULL, test \
	}
#define BELOW(path, above)                  \
	{                                   \
		path, AT_BELOW, NULL, above \
	}

#define KP  "spec.kprobes[]."
#define SEL KP "selectors[]."
#define ACT SEL "matchActions[]."

/* clang-format off */
#define NS_SEL "matchNamespaces: [{namespace: Net, operator: NotIn, values: [\"host_ns\"]}]"
#define CAP_SEL "matchCapabilities: [{type: Permitted, operator: In, " \
		"isNamespaceCapability: true, values: [\"CAP_SYS_ADMIN\"]}]"
#define NSCHG_SEL "matchNamespaceChanges: [{operator: In, values: [\"Mnt\"]}]"
#define CAPCHG_SEL "matchCapabilityChanges: [{type: Effective, operator: In, " \
		"isNamespaceCapability: false, values: [\"CAP_SYS_ADMIN\"]}]"
#define NSCAPS_TEST "tests/e2e/test_nscaps.sh"
#define MDATA_SEL "matchData: [{index: 0, operator: Equal, values: [\"1\"]}]"
#define MATCH_DATA_TEST "tests/e2e/test_match_data.sh"
/* its policy: openat_policy and kill_selector of the builders in policy_yaml.sh */
#define OPENAT_KILL_TEST "tests/e2e/test_openat_kill.sh tests/e2e/policy_yaml.sh"
static const struct crd_key crd_keys[] = {
	/* spec */
	IN_BASE("spec.kprobes", OPENAT_KILL_TEST),
	IN_BASE("spec.tracepoints", "tests/e2e/test_tracepoint.sh"),
	IN_BASE("spec.lsmhooks", "tests/vm/test_lsm_file_open.sh policies/lsm-file-open-cat-kill.yaml"),
	IN_BASE("spec.lists", "tests/vm/test_kfunc_return_lists.sh"),
	IN_BASE("spec.options", OPENAT_KILL_TEST),
	IN_BASE("spec.options[].name", OPENAT_KILL_TEST),
	IN_BASE("spec.options[].value", OPENAT_KILL_TEST),
	HONOURED("spec.fentries", AT_SPEC,
		 "fentries:\n- call: \"security_file_open\"\n  syscall: false",
		 "tests/vm/test_fentries.sh"),
	HONOURED("spec.enforcers", AT_SPEC, "enforcers: [{calls: [\"sys_dup\"]}]",
		 "tests/e2e/test_enforcer.sh tests/vm/test_enforcer.sh"),
	HONOURED("spec.loader", AT_SPEC, "loader: true", "tests/e2e/test_loader.sh"),
	HONOURED("spec.selectorsMacros", AT_SPEC,
		 "selectorsMacros: {m: {matchActions: [{action: Post}]}}", "tests/e2e/test_macros.sh"),
	REFUSED("spec.podSelector", AT_SPEC, "podSelector: {}"),
	REFUSED("spec.containerSelector", AT_SPEC, "containerSelector: {}"),
	REFUSED("spec.hostSelector", AT_SPEC, "hostSelector: {}"),
	REFUSED("spec.nodeSelector", AT_SPEC, "nodeSelector: {}"),
	HONOURED("spec.enforcers[].calls", AT_SPEC, "enforcers: [{calls: [\"sys_dup\"]}]",
		 "tests/e2e/test_enforcer.sh tests/vm/test_enforcer.sh"),
	BELOW("spec.podSelector.*", "spec.podSelector"),
	BELOW("spec.containerSelector.*", "spec.containerSelector"),
	BELOW("spec.hostSelector.*", "spec.hostSelector"),
	BELOW("spec.nodeSelector.*", "spec.nodeSelector"),

	/* spec.lists[] */
	IN_BASE("spec.lists[].name", "tests/vm/test_kfunc_return_lists.sh"),
	IN_BASE("spec.lists[].type", "tests/vm/test_kfunc_return_lists.sh"),
	IN_BASE("spec.lists[].values", "tests/vm/test_kfunc_return_lists.sh"),
	REFUSED("spec.lists[].pattern", AT_LIST, "pattern: \"sys_open.*\""),
	REFUSED("spec.lists[].validated", AT_LIST, "validated: true"),

	/* spec.kprobes[] */
	IN_BASE(KP "call", OPENAT_KILL_TEST),
	IN_BASE(KP "syscall", OPENAT_KILL_TEST),
	IN_BASE(KP "return", "tests/e2e/test_return.sh"),
	IN_BASE(KP "returnArg", "tests/e2e/test_return.sh"),
	IN_BASE(KP "message", "tests/e2e/test_bad_objects.sh"),
	IN_BASE(KP "tags", "tests/e2e/test_bad_objects.sh"),
	IN_BASE(KP "args", OPENAT_KILL_TEST),
	IN_BASE(KP "selectors", OPENAT_KILL_TEST),
	HONOURED(KP "ignore", AT_KPROBE, "ignore: {callNotFound: true}",
		 "tests/vm/test_missing_hook.sh"),
	HONOURED(KP "ignore.callNotFound", AT_KPROBE, "ignore: {callNotFound: true}",
		 "tests/vm/test_missing_hook.sh"),
	HONOURED(KP "returnArgAction", AT_KPROBE, "returnArgAction: TrackSock",
		 "tests/vm/test_socktrack.sh"),
	IN_BASE(KP "data", MATCH_DATA_TEST),
	IN_BASE(KP "data[].source", MATCH_DATA_TEST),
	IN_BASE(KP "data[].resolve", MATCH_DATA_TEST),
	HONOURED(KP "data[].type", AT_DATA, "type: \"int\"", MATCH_DATA_TEST),
	HONOURED(KP "data[].label", AT_DATA, "label: \"pid\"", MATCH_DATA_TEST),
	/* read by neither Tetragon nor tpgen; Tetragon takes 0 to 4 */
	HONOURED(KP "data[].index", AT_DATA, "index: 0", MATCH_DATA_TEST),
	REFUSED(KP "data[].sizeArgIndex", AT_DATA, "sizeArgIndex: 1"),
	REFUSED(KP "data[].returnCopy", AT_DATA, "returnCopy: true"),
	REFUSED(KP "data[].maxData", AT_DATA, "maxData: true"),
	REFUSED(KP "data[].btfType", AT_DATA, "btfType: \"task_struct\""),
	REFUSED(KP "data[].btfTypeModule", AT_DATA, "btfTypeModule: \"vmlinux\""),

	/* spec.kprobes[].args[] (and data[], returnArg) */
	IN_BASE(KP "args[].index", OPENAT_KILL_TEST),
	IN_BASE(KP "args[].type", OPENAT_KILL_TEST),
	IN_BASE(KP "args[].sizeArgIndex", "tests/e2e/test_buffers.sh"),
	HONOURED(KP "args[].returnCopy", AT_BUF_ARG, "returnCopy: true", "tests/e2e/test_arg_keys.sh"),
	HONOURED(KP "args[].maxData", AT_BUF_ARG, "maxData: true", "tests/e2e/test_arg_keys.sh"),
	HONOURED(KP "args[].label", AT_ARG, "label: \"path\"", "tests/e2e/test_arg_keys.sh"),
	HONOURED(KP "args[].resolve", AT_KF_ARG, "resolve: \"f_inode.i_ino\"",
		 "tests/vm/test_resolve.sh"),
	REFUSED(KP "args[].source", AT_ARG, "source: \"pt_regs\""),
	HONOURED(KP "args[].btfType", AT_KF_ARG, "btfType: \"file\"\nresolve: \"f_inode.i_ino\"",
		 "tests/vm/test_resolve.sh"),
	HONOURED(KP "args[].btfTypeModule", AT_KF_ARG,
		 "btfTypeModule: \"vmlinux\"\nbtfType: \"file\"\nresolve: \"f_inode.i_ino\"",
		 "tests/vm/test_resolve.sh"),

	/* spec.kprobes[].returnArg: an integer read at return */
	IN_BASE(KP "returnArg.index", "tests/e2e/test_return.sh"),
	IN_BASE(KP "returnArg.type", "tests/e2e/test_return.sh"),
	REFUSED(KP "returnArg.sizeArgIndex", AT_RET_ARG, "sizeArgIndex: 1"),
	REFUSED(KP "returnArg.returnCopy", AT_RET_ARG, "returnCopy: true"),
	REFUSED(KP "returnArg.maxData", AT_RET_ARG, "maxData: true"),
	REFUSED(KP "returnArg.resolve", AT_RET_ARG, "resolve: \"f_inode\""),
	REFUSED(KP "returnArg.btfType", AT_RET_ARG, "btfType: \"file\""),
	REFUSED(KP "returnArg.btfTypeModule", AT_RET_ARG, "btfTypeModule: \"vmlinux\""),
	REFUSED(KP "returnArg.source", AT_RET_ARG, "source: \"pt_regs\""),
	HONOURED(KP "returnArg.label", AT_RET_ARG, "label: \"ret\"", "tests/e2e/test_return.sh"),

	/* spec.kprobes[].selectors[] */
	IN_BASE(SEL "matchArgs", "tests/e2e/test_operators.sh"),
	IN_BASE(SEL "matchBinaries", "tests/e2e/test_binaries.sh"),
	IN_BASE(SEL "matchPIDs", "tests/e2e/test_pids.sh"),
	IN_BASE(SEL "matchReturnArgs", "tests/e2e/test_return.sh"),
	IN_BASE(SEL "matchReturnActions", "tests/e2e/test_return.sh"),
	IN_BASE(SEL "matchActions", OPENAT_KILL_TEST),
	HONOURED(SEL "matchParentBinaries", AT_SELECTOR,
		 "matchParentBinaries: [{operator: In, values: [\"/bin/sh\"]}]",
		 "tests/e2e/test_parent_binaries.sh"),
	HONOURED(SEL "matchNamespaces", AT_SELECTOR, NS_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchNamespaceChanges", AT_SELECTOR, NSCHG_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchCapabilities", AT_SELECTOR, CAP_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchCapabilityChanges", AT_SELECTOR, CAPCHG_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchData", AT_SELECTOR, MDATA_SEL, MATCH_DATA_TEST),
	HONOURED(SEL "matchData[].index", AT_SELECTOR, MDATA_SEL, MATCH_DATA_TEST),
	HONOURED(SEL "matchData[].operator", AT_SELECTOR, MDATA_SEL, MATCH_DATA_TEST),
	HONOURED(SEL "matchData[].values", AT_SELECTOR, MDATA_SEL, MATCH_DATA_TEST),
	HONOURED(SEL "matchData[].args", AT_SELECTOR,
		 "matchData: [{args: [0], operator: Equal, values: [\"1\"]}]", MATCH_DATA_TEST),
	REFUSED(SEL "matchWorkloads", AT_SELECTOR, "matchWorkloads: {}"),
	HONOURED(SEL "macros", AT_SELECTOR, "macros: []", "tests/e2e/test_macros.sh"),
	REFUSED(SEL "label", AT_SELECTOR, "label: \"s\""),
	HONOURED(SEL "matchNamespaces[].namespace", AT_SELECTOR, NS_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchNamespaces[].operator", AT_SELECTOR, NS_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchNamespaces[].values", AT_SELECTOR, NS_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchNamespaceChanges[].operator", AT_SELECTOR, NSCHG_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchNamespaceChanges[].values", AT_SELECTOR, NSCHG_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchCapabilities[].type", AT_SELECTOR, CAP_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchCapabilities[].operator", AT_SELECTOR, CAP_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchCapabilities[].isNamespaceCapability", AT_SELECTOR, CAP_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchCapabilities[].values", AT_SELECTOR, CAP_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchCapabilityChanges[].type", AT_SELECTOR, CAPCHG_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchCapabilityChanges[].operator", AT_SELECTOR, CAPCHG_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchCapabilityChanges[].isNamespaceCapability", AT_SELECTOR, CAPCHG_SEL, NSCAPS_TEST),
	HONOURED(SEL "matchCapabilityChanges[].values", AT_SELECTOR, CAPCHG_SEL, NSCAPS_TEST),
	BELOW(SEL "matchWorkloads.*", SEL "matchWorkloads"),

	/* matchArgs[] (and matchReturnArgs[]) */
	IN_BASE(SEL "matchArgs[].index", "tests/e2e/test_operators.sh"),
	IN_BASE(SEL "matchArgs[].operator", "tests/e2e/test_operators.sh"),
	IN_BASE(SEL "matchArgs[].values", "tests/e2e/test_operators.sh"),
	HONOURED(SEL "matchArgs[].args", AT_MATCH_ARG, "args: [0]", "tests/e2e/test_cap_gained.sh"),

	/* matchBinaries[] */
	IN_BASE(SEL "matchBinaries[].operator", "tests/e2e/test_binaries.sh"),
	IN_BASE(SEL "matchBinaries[].values", "tests/e2e/test_binaries.sh"),
	HONOURED(SEL "matchBinaries[].followChildren", AT_MATCH_BIN, "followChildren: true",
		 "tests/e2e/test_binaries.sh"),

	/* matchParentBinaries[] */
	HONOURED(SEL "matchParentBinaries[].operator", AT_SELECTOR,
		 "matchParentBinaries: [{operator: NotIn, values: [\"/bin/sh\"]}]",
		 "tests/e2e/test_parent_binaries.sh"),
	HONOURED(SEL "matchParentBinaries[].values", AT_SELECTOR,
		 "matchParentBinaries: [{operator: In, values: [\"/bin/sh\", \"/bin/bash\"]}]",
		 "tests/e2e/test_parent_binaries.sh"),
	HONOURED(SEL "matchParentBinaries[].followChildren", AT_SELECTOR,
		 "matchParentBinaries: [{operator: In, values: [\"/bin/sh\"], followChildren: true}]",
		 "tests/e2e/test_parent_binaries.sh"),

	/* matchPIDs[] */
	IN_BASE(SEL "matchPIDs[].operator", "tests/e2e/test_pids.sh"),
	IN_BASE(SEL "matchPIDs[].values", "tests/e2e/test_pids.sh"),
	HONOURED(SEL "matchPIDs[].followForks", AT_MATCH_PID, "followForks: true",
		 "tests/e2e/test_pids.sh"),
	HONOURED(SEL "matchPIDs[].isNamespacePID", AT_MATCH_PID, "isNamespacePID: true",
		 "tests/e2e/test_pids.sh"),

	/* matchActions[] (and matchReturnActions[]) */
	IN_BASE(ACT "action", OPENAT_KILL_TEST),
	IN_BASE(ACT "argSig", "tests/e2e/test_selectors.sh"),
	/* a parameter on an action that does not read it (the base's action is a Post) */
	REFUSED(ACT "argError", AT_ACTION, "argError: -1"),
	REFUSED(ACT "argFqdn", AT_ACTION, "argFqdn: \"example.com\""),
	REFUSED(ACT "argUrl", AT_ACTION, "argUrl: \"http://example.com\""),
	REFUSED(ACT "argSock", AT_ACTION, "argSock: 0"),
	REFUSED(ACT "argIndex", AT_ACTION, "argIndex: 0"),
	REFUSED(ACT "argValue", AT_ACTION, "argValue: 0"),
	REFUSED(ACT "argRegs", AT_ACTION, "argRegs: [\"rax=1\"]"),
	REFUSED(ACT "argNewAddr", AT_ACTION, "argNewAddr: 0"),
	REFUSED(ACT "argNewOffset", AT_ACTION, "argNewOffset: 0"),
	REFUSED(ACT "argNewSymbol", AT_ACTION, "argNewSymbol: \"f\""),
	HONOURED(ACT "rateLimit", AT_ACTION, "rateLimit: \"1m\"", "tests/e2e/test_ratelimit.sh"),
	HONOURED(ACT "rateLimitScope", AT_ACTION, "rateLimit: \"1m\"\nrateLimitScope: \"process\"",
		 "tests/e2e/test_ratelimit.sh"),
	HONOURED(ACT "kernelStackTrace", AT_ACTION, "kernelStackTrace: true", "tests/e2e/test_stacks.sh"),
	HONOURED(ACT "userStackTrace", AT_ACTION, "userStackTrace: true", "tests/e2e/test_stacks.sh"),
	/* on a kprobe, as Tetragon hashes only for lsmhooks: tests/vm/test_ima_hash.sh */
	/* honoured on an LSM hook's Post; refused on kprobes (tests/unit/test_check_arg_keys.c) */
	HONOURED(ACT "imaHash", AT_LSM_ACTION, "imaHash: true", "tests/vm/test_ima_hash.sh"),

	/* matchReturnActions[]: what differs from matchActions */
	REFUSED(SEL "matchReturnActions[].rateLimit", AT_RET_ACTION, "rateLimit: \"1m\""),
	REFUSED(SEL "matchReturnActions[].kernelStackTrace", AT_RET_ACTION,
		"kernelStackTrace: true"),

	/* spec.tracepoints[] */
	IN_BASE("spec.tracepoints[].subsystem", "tests/e2e/test_tracepoint.sh"),
	IN_BASE("spec.tracepoints[].event", "tests/e2e/test_tracepoint.sh"),
	IN_BASE("spec.tracepoints[].raw", "tests/e2e/test_tracepoint.sh"),
	IN_BASE("spec.tracepoints[].message", "tests/e2e/test_tracepoint.sh"),
	IN_BASE("spec.tracepoints[].tags", "tests/e2e/test_tracepoint.sh"),
	IN_BASE("spec.tracepoints[].args", "tests/e2e/test_tracepoint.sh"),
	IN_BASE("spec.tracepoints[].selectors", "tests/e2e/test_tracepoint.sh"),
	/* a tracepoint's args: what differs from a kprobe's (generictracepoint.go) */
	REFUSED("spec.tracepoints[].args[].label", AT_TP_ARG, "label: \"name\""),
	REFUSED("spec.tracepoints[].args[].maxData", AT_TP_ARG, "maxData: true"),
	REFUSED("spec.tracepoints[].args[].returnCopy", AT_TP_ARG, "returnCopy: true"),
	REFUSED("spec.tracepoints[].args[].resolve", AT_TP_ARG, "resolve: \"f_inode\""),

	/* spec.lsmhooks[] */
	IN_BASE("spec.lsmhooks[].hook", "tests/vm/test_lsm_file_open.sh policies/lsm-file-open-cat-kill.yaml"),
	IN_BASE("spec.lsmhooks[].message", "tests/vm/test_lsm_file_open.sh policies/lsm-file-open-cat-kill.yaml"),
	IN_BASE("spec.lsmhooks[].tags", "tests/vm/test_lsm_file_open.sh policies/lsm-file-open-cat-kill.yaml"),
	IN_BASE("spec.lsmhooks[].args", "tests/vm/test_lsm_file_open.sh policies/lsm-file-open-cat-kill.yaml"),
	IN_BASE("spec.lsmhooks[].selectors", "tests/vm/test_lsm_file_open.sh policies/lsm-file-open-cat-kill.yaml"),

	/* spec.uprobes[]: args, returnArg and selectors as on kprobes */
	IN_BASE("spec.uprobes", "tests/e2e/test_uprobe.sh"),
	IN_BASE("spec.uprobes[].path", "tests/e2e/test_uprobe.sh"),
	IN_BASE("spec.uprobes[].symbols", "tests/e2e/test_uprobe.sh"),
	IN_BASE("spec.uprobes[].offsets", "tests/e2e/test_uprobe.sh"),
	IN_BASE("spec.uprobes[].message", "tests/e2e/test_uprobe.sh"),
	IN_BASE("spec.uprobes[].tags", "tests/e2e/test_uprobe.sh"),
	IN_BASE("spec.uprobes[].return", "tests/e2e/test_uprobe.sh"),
	IN_BASE("spec.uprobes[].returnArg", "tests/e2e/test_uprobe.sh"),
	IN_BASE("spec.uprobes[].args", "tests/e2e/test_uprobe.sh"),
	IN_BASE("spec.uprobes[].selectors", "tests/e2e/test_uprobe.sh"),
	HONOURED("spec.uprobes[].addrs", AT_UPROBE, "addrs: [0x1000]", "tests/e2e/test_uprobe.sh"),
	HONOURED("spec.uprobes[].refCtrOffsets", AT_UPROBE, "refCtrOffsets: [0x10]",
		 "tests/e2e/test_uprobe.sh"),
	HONOURED("spec.uprobes[].btfPath", AT_UPROBE, "btfPath: \"/sys/kernel/btf/vmlinux\"",
		 "tests/e2e/test_uprobe.sh"),
	HONOURED("spec.uprobes[].data", AT_UPROBE,
		 "data: [{source: \"current_task\", resolve: \"pid\"}]", MATCH_DATA_TEST),
	REFUSED("spec.uprobes[].binaryDigests", AT_UPROBE, "binaryDigests: [\"sha256:00\"]"),
	REFUSED("spec.uprobes[].ignore", AT_UPROBE, "ignore: {digestVerificationFailure: true}"),
	BELOW("spec.uprobes[].ignore.digestVerificationFailure", "spec.uprobes[].ignore"),

	/* spec.usdts[]: args and selectors as on kprobes */
	IN_BASE("spec.usdts", "tests/e2e/test_usdt.sh"),
	IN_BASE("spec.usdts[].path", "tests/e2e/test_usdt.sh"),
	IN_BASE("spec.usdts[].provider", "tests/e2e/test_usdt.sh"),
	IN_BASE("spec.usdts[].name", "tests/e2e/test_usdt.sh"),
	IN_BASE("spec.usdts[].message", "tests/e2e/test_usdt.sh"),
	IN_BASE("spec.usdts[].tags", "tests/e2e/test_usdt.sh"),
	IN_BASE("spec.usdts[].args", "tests/e2e/test_usdt.sh"),
	IN_BASE("spec.usdts[].selectors", "tests/e2e/test_usdt.sh"),
	HONOURED("spec.usdts[].btfPath", AT_USDT, "btfPath: \"/sys/kernel/btf/vmlinux\"",
		 "tests/e2e/test_usdt.sh"),
};
/* clang-format on */

static const char *base_for(const struct crd_key *k)
{
	if (!strcmp(k->path, "spec.uprobes[].offsets"))
		return base_uprobe_off;
	if (!strcmp(k->path, "spec.uprobes[].addrs"))
		return base_uprobe_bare;
	if (!strcmp(k->path, "spec.uprobes[].btfPath"))
		return base_uprobe_btf;
	if (!strcmp(k->path, "spec.usdts[].btfPath"))
		return base_usdt_btf;
	if (k->at == AT_UPROBE || !strncmp(k->path, "spec.uprobes", 12))
		return base_uprobe;
	if (k->at == AT_USDT || !strncmp(k->path, "spec.usdts", 10))
		return base_usdt;
	if (k->at == AT_TP || k->at == AT_TP_ARG || !strncmp(k->path, "spec.tracepoints", 16))
		return base_tp;
	if (k->at == AT_KF_ARG)
		return base_kfunc;
	if (k->at == AT_LSM || k->at == AT_LSM_ACTION || !strncmp(k->path, "spec.lsmhooks", 13))
		return base_lsm;
	if (k->at == AT_LIST || !strncmp(k->path, "spec.lists", 10))
		return base_list;
	if (k->at == AT_BUF_ARG || !strcmp(k->path, KP "args[].sizeArgIndex"))
		return base_write;
	return base_kprobe;
}

/* The key's own name: the last part of its path. */
static const char *key_name(const char *path, char *buf, size_t size)
{
	const char *dot = strrchr(path, '.');

	snprintf(buf, size, "%s", dot ? dot + 1 : path);
	buf[strcspn(buf, "[")] = 0;
	return buf;
}

/*
 * The base with the key's line at its marker and every other marker gone;
 * *line is the line the key is on (1-based).
 */
static char *build_from(const char *base, const struct crd_key *k, int *line)
{
	const char *p = base;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int n = 1;

	ck_assert_msg(f != NULL, "open_memstream");
	*line = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p + 1) : strlen(p);

		if (*p == '#') {
			if (k->at < AT_IN_BASE && !strncmp(p, marks[k->at].mark, l)) {
				const char *y = k->yaml;

				*line = n;
				while (*y) {
					size_t yl = strcspn(y, "\n");

					fprintf(f, "%*s%.*s\n", marks[k->at].indent, "", (int)yl,
						y);
					n++;
					y += yl + (y[yl] == '\n');
				}
			}
		} else {
			fwrite(p, 1, l, f);
			if (nl)
				n++;
		}
		p += l;
	}
	fclose(f);
	return out;
}

static char *build(const struct crd_key *k, int *line)
{
	return build_from(base_for(k), k, line);
}

/* Parse and check text; everything printed goes to *out; returns the errors. */
static int compile(const char *text, char **out)
{
	size_t len = 0;
	struct tp_diag d;
	struct tp_policy *p;
	FILE *f = open_memstream(out, &len);

	ck_assert_msg(f != NULL, "open_memstream");
	tp_diag__init(&d, "p.yaml", f);
	p = tp_policy__parse("p.yaml", text, strlen(text), &d);
	if (p && !d.errors)
		tp_policy__check(p, tp_test_target(), &d);
	tp_policy__free(p);
	fclose(f);
	return d.errors;
}

static const struct crd_key *find(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(crd_keys) / sizeof(crd_keys[0]); i++)
		if (!strcmp(crd_keys[i].path, path))
			return &crd_keys[i];
	return NULL;
}

/*
 * The test named for an honoured key exists and names the key, itself or in
 * the policy named after it ("TEST POLICY").
 */
static void assert_shown(const struct crd_key *k)
{
	char files[512], name[64], *file, *save = NULL;
	bool used = false;

	key_name(k->path, name, sizeof(name));
	snprintf(files, sizeof(files), "%s", k->shown_by);
	for (file = strtok_r(files, " ", &save); file; file = strtok_r(NULL, " ", &save)) {
		char path[4096], *text = NULL;
		size_t len;

		snprintf(path, sizeof(path), "%s/../../%s", TP_SRC_TEMPLATES, file);
		ck_assert_msg(tp_file__read(path, 1 << 20, &text, &len) >= 0,
			      "%s: %s, which shows it, is missing", k->path, file);
		used = used || strstr(text, name) != NULL;
		free(text);
	}
	ck_assert_msg(used, "%s: %s does not use %s", k->path, k->shown_by, name);
}

/* Whether out has an error line that starts with where (and says what). */
static bool error_on(const char *out, const char *where, const char *what)
{
	const char *l;

	for (l = out; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *end = strchrnul(l, '\n'), *e = strstr(l, ": error: ");

		if (strncmp(l, where, strlen(where)) || !e || e > end)
			continue;
		if (!what || (strstr(e, what) && strstr(e, what) < end))
			return true;
	}
	return false;
}

START_TEST(test_bases_compile)
{
	const struct crd_key none = { "", AT_IN_BASE, NULL, NULL };
	const char *bases[] = { base_kprobe, base_tp,	  base_lsm,	   base_list, base_write,
				base_kfunc,  base_uprobe, base_uprobe_off, base_usdt };
	size_t i;

	for (i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		char *text, *out = NULL;
		int line, errors;

		text = build_from(bases[i], &none, &line);
		errors = compile(text, &out);
		ck_assert_msg(errors == 0, "base %zu does not compile:\n%s\n---\n%s", i, out, text);
		free(text);
		free(out);
	}
}
END_TEST

START_TEST(test_crd_key)
{
	const struct crd_key *k = &crd_keys[_i];
	char name[64], want[128], *text, *out = NULL;
	int line, errors;

	key_name(k->path, name, sizeof(name));
	if (k->at == AT_BELOW) {
		const struct crd_key *above = find(k->shown_by);

		ck_assert_msg(above && above->at < AT_IN_BASE && !above->shown_by,
			      "%s: the key above it, %s, is not listed as refused", k->path,
			      k->shown_by);
		return;
	}
	if (k->at == AT_IN_BASE) {
		snprintf(want, sizeof(want), "%s:", name);
		ck_assert_msg(strstr(base_for(k), want) != NULL, "%s: not in its base policy",
			      k->path);
		assert_shown(k);
		return;
	}
	text = build(k, &line);
	ck_assert_msg(line > 0, "%s: no marker", k->path);
	errors = compile(text, &out);
	if (k->shown_by) {
		ck_assert_msg(errors == 0, "%s is listed as honoured but refused:\n%s", k->path,
			      out);
		assert_shown(k);
	} else {
		/* an error at the key, or at its value on the same line */
		snprintf(want, sizeof(want), "p.yaml:%d:", line);
		ck_assert_msg(error_on(out, want, NULL),
			      "%s is not refused at its line (%s):\n%s\n---\n%s", k->path, want,
			      out, text);
		ck_assert_msg(error_on(out, want, "not supported"),
			      "%s: refused without \"not supported\":\n%s", k->path, out);
	}
	free(text);
	free(out);
}
END_TEST

/* The CRD's enums, as it lists them: each value is known, and honoured or "not supported". */
static const char *const crd_arg_operators[] = {
	"Equal",
	"NotEqual",
	"Prefix",
	"NotPrefix",
	"Postfix",
	"NotPostfix",
	"GreaterThan",
	"LessThan",
	"GT",
	"LT",
	"Mask",
	"SPort",
	"NotSPort",
	"SPortPriv",
	"NotSportPriv",
	"DPort",
	"NotDPort",
	"DPortPriv",
	"NotDPortPriv",
	"SAddr",
	"NotSAddr",
	"DAddr",
	"NotDAddr",
	"Protocol",
	"Family",
	"State",
	"InMap",
	"NotInMap",
	"CapabilitiesGained",
	"InRange",
	"NotInRange",
	"SubString",
	"SubStringIgnCase",
	"CelExpr",
	"FileType",
	"NotFileType",
};
static const char *const crd_binary_operators[] = { "In",	 "NotIn",   "Prefix",
						    "NotPrefix", "Postfix", "NotPostfix" };
static const char *const crd_actions[] = {
	"Post",
	"Sigkill",
	"Override",
	"GetUrl",
	"DnsLookup",
	"NoPost",
	"Signal",
	"TrackSock",
	"UntrackSock",
	"NotifyEnforcer",
	"CleanupEnforcerNotification",
	"Set",
};
static const char *const crd_arg_types[] = {
	"auto",		 "int",
	"sint8",	 "int8",
	"uint8",	 "sint16",
	"int16",	 "uint16",
	"uint32",	 "sint32",
	"int32",	 "ulong",
	"uint64",	 "size_t",
	"long",		 "sint64",
	"int64",	 "char_buf",
	"char_iovec",	 "skb",
	"sock",		 "sockaddr",
	"socket",	 "sockaddr_un",
	"string",	 "fd",
	"file",		 "filename",
	"path",		 "nop",
	"bpf_attr",	 "perf_event",
	"bpf_map",	 "user_namespace",
	"capability",	 "kiocb",
	"iov_iter",	 "cred",
	"const_buf",	 "load_info",
	"module",	 "syscall64",
	"kernel_cap_t",	 "cap_inheritable",
	"cap_permitted", "cap_effective",
	"linux_binprm",	 "data_loc",
	"net_device",	 "bpf_cmd",
	"dentry",	 "bpf_prog",
};

/* compile yaml (a printf format of one %s) with value; out: what was printed */
static int compile_with(const char *fmt, const char *value, char **out)
{
	char text[2048];

	snprintf(text, sizeof(text), fmt, value);
	return compile(text, out);
}

START_TEST(test_operator_enum)
{
	const char *fmt = HDR "  kprobes:\n  - call: \"sys_openat\"\n    args:\n"
			      "    - index: 1\n      type: \"string\"\n    selectors:\n"
			      "    - matchArgs:\n      - index: 1\n        operator: \"%s\"\n"
			      "        values: [\"/tmp/x\"]\n";
	size_t i;

	for (i = 0; i < sizeof(crd_arg_operators) / sizeof(crd_arg_operators[0]); i++) {
		const char *name = crd_arg_operators[i];
		enum tp_op op = tp_op__by_name(name, strlen(name));
		char *out = NULL;

		compile_with(fmt, name, &out);
		ck_assert_msg(op != TP_OP_NONE && !strstr(out, "unknown operator"),
			      "operator %s is unknown:\n%s", name, out);
		if (tp_op__info(op)->base == TP_BASE_NONE)
			ck_assert_msg(strstr(out, "not supported") != NULL,
				      "operator %s is not built but not refused:\n%s", name, out);
		free(out);
	}
	fmt = HDR "  kprobes:\n  - call: \"sys_openat\"\n    selectors:\n"
		  "    - matchBinaries:\n      - operator: \"%s\"\n        values: [\"/bin/x\"]\n";
	for (i = 0; i < sizeof(crd_binary_operators) / sizeof(crd_binary_operators[0]); i++) {
		char *out = NULL;

		ck_assert_msg(compile_with(fmt, crd_binary_operators[i], &out) == 0,
			      "matchBinaries operator %s:\n%s", crd_binary_operators[i], out);
		free(out);
	}
}
END_TEST

START_TEST(test_action_enum)
{
	const char *fmt = HDR "  kprobes:\n  - call: \"sys_openat\"\n    selectors:\n"
			      "    - matchActions:\n      - action: \"%s\"\n";
	size_t i;

	for (i = 0; i < sizeof(crd_actions) / sizeof(crd_actions[0]); i++) {
		const char *name = crd_actions[i];
		enum tp_action a = tp_action__by_name(name, strlen(name));
		char *out = NULL;

		compile_with(fmt, name, &out);
		ck_assert_msg(a != TP_ACT_UNKNOWN && !strstr(out, "unknown action"),
			      "action %s is unknown:\n%s", name, out);
		if (!tp_action__built(a))
			ck_assert_msg(strstr(out, "not supported") != NULL,
				      "action %s is not built but not refused:\n%s", name, out);
		free(out);
	}
}
END_TEST

START_TEST(test_arg_type_enum)
{
	const char *fmt = HDR "  kprobes:\n  - call: \"security_file_open\"\n"
			      "    syscall: false\n    args:\n    - index: 0\n      type: \"%s\"\n";
	size_t i;

	for (i = 0; i < sizeof(crd_arg_types) / sizeof(crd_arg_types[0]); i++) {
		char *out = NULL;

		compile_with(fmt, crd_arg_types[i], &out);
		ck_assert_msg(!strstr(out, "unknown type"), "type %s is unknown:\n%s",
			      crd_arg_types[i], out);
		free(out);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("crd_keys");
	TCase *tc = tcase_create("keys");

	tcase_add_test(tc, test_bases_compile);
	tcase_add_loop_test(tc, test_crd_key, 0, sizeof(crd_keys) / sizeof(crd_keys[0]));
	tcase_add_test(tc, test_operator_enum);
	tcase_add_test(tc, test_action_enum);
	tcase_add_test(tc, test_arg_type_enum);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
