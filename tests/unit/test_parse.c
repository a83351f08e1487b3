// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"
#include "parse/parse.h"
#include "tp_test.h"

#define HEADER                             \
	"apiVersion: cilium.io/v1alpha1\n" \
	"kind: TracingPolicy\n"            \
	"metadata:\n"                      \
	"  name: test\n"

/* A parse whose diagnostics land in a memory buffer. */
struct run {
	struct tp_policy *p;
	char *out; /* everything the parser printed */
	size_t out_len;
	int errors;
	int err; /* errno when p is NULL */
};

static void parse_n(struct run *r, const char *text, size_t len)
{
	struct tp_diag d;
	FILE *f;

	memset(r, 0, sizeof(*r));
	f = open_memstream(&r->out, &r->out_len);
	ck_assert_msg(f != NULL, "open_memstream");
	tp_diag__init(&d, "t.yaml", f);
	errno = 0;
	r->p = tp_policy__parse("t.yaml", text, len, &d);
	r->err = r->p ? 0 : errno;
	r->errors = d.errors;
	fclose(f);
}

static void parse_text(struct run *r, const char *text)
{
	parse_n(r, text, strlen(text));
}

static void parse_done(struct run *r)
{
	tp_policy__free(r->p);
	free(r->out);
}

/* Parse text and require exactly the diagnostics in want (the whole output). */
static void expect_diag(const char *text, const char *want, int nerrors)
{
	struct run r;

	parse_text(&r, text);
	ck_assert_msg(!strcmp(r.out, want), "diagnostics for:\n%s\n--- want:\n%s--- got:\n%s", text,
		      want, r.out);
	ck_assert_msg(r.errors == nerrors, "error count: want %d, got %d", nerrors, r.errors);
	parse_done(&r);
}

#define ck_loc(l, L, C, what)                                                                     \
	ck_assert_msg((l).line == (L) && (l).col == (C), "%s: want %d:%d, got %d:%d", what, L, C, \
		      (l).line, (l).col)

#define ck_str(got, want, what)                                                               \
	ck_assert_msg((got) && !strcmp((got), (want)), "%s: want '%s', got '%s'", what, want, \
		      (got) ? (got) : "(null)")

/* --- well-formed policies ------------------------------------------------------ */

static const char openat_policy[] = "apiVersion: cilium.io/v1alpha1\n" /* 1 */
				    "kind: TracingPolicy\n"	       /* 2 */
				    "metadata:\n"		       /* 3 */
				    "  name: \"sys-openat\"\n"	       /* 4 */
				    "spec:\n"			       /* 5 */
				    "  kprobes:\n"		       /* 6 */
				    "  - call: \"sys_openat\"\n"       /* 7 */
				    "    args:\n"		       /* 8 */
				    "    - index: 0\n"		       /* 9 */
				    "      type: \"int\"\n"	       /* 10 */
				    "    - index: 1\n"		       /* 11 */
				    "      type: \"string\"\n"	       /* 12 */
				    "    - index: 2\n"		       /* 13 */
				    "      type: \"int\"\n"	       /* 14 */
				    "    selectors:\n"		       /* 15 */
				    "    - matchArgs:\n"	       /* 16 */
				    "      - index: 1\n"	       /* 17 */
				    "        operator: \"Equal\"\n"    /* 18 */
				    "        values:\n"		       /* 19 */
				    "        - \"/etc/passwd\"\n"      /* 20 */
				    "        - \"/etc/shadow\"\n";     /* 21 */

START_TEST(test_openat_example)
{
	struct tp_match_arg *m;
	struct tp_hook *h;
	struct run r;

	parse_text(&r, openat_policy);
	ck_assert_msg(r.p != NULL, "policy parsed");
	ck_assert_msg(r.errors == 0, "no errors, got:\n%s", r.out);
	ck_str(r.p->api_version, "cilium.io/v1alpha1", "apiVersion");
	ck_str(r.p->kind, "TracingPolicy", "kind");
	ck_str(r.p->name, "sys-openat", "metadata.name");
	ck_str(r.p->path, "t.yaml", "path");
	ck_assert_msg(r.p->source_len == strlen(openat_policy) &&
			  !memcmp(r.p->source, openat_policy, r.p->source_len),
		      "source kept verbatim");
	ck_loc(r.p->loc, 1, 1, "policy loc");
	ck_assert_msg(r.p->nhooks == 1, "one hook, got %zu", r.p->nhooks);

	h = &r.p->hooks[0];
	ck_assert_msg(h->kind == TP_HOOK_KPROBE, "hook kind kprobe");
	ck_str(h->call, "sys_openat", "call");
	ck_assert_msg(h->syscall, "syscall defaults to true");
	ck_assert_msg(!h->ret && !h->has_ret_arg, "no return");
	ck_assert_msg(h->message == NULL && h->ntags == 0, "no message, no tags");
	ck_loc(h->loc, 7, 5, "hook loc");
	ck_assert_msg(h->nargs == 3, "3 args, got %zu", h->nargs);
	ck_assert_msg(h->args[0].index == 0 && h->args[0].type == TP_ARG_INT, "arg 0 int");
	ck_assert_msg(h->args[1].index == 1 && h->args[1].type == TP_ARG_STRING, "arg 1 string");
	ck_assert_msg(h->args[2].index == 2 && h->args[2].type == TP_ARG_INT, "arg 2 int");
	ck_str(h->args[1].type_name, "string", "arg 1 type_name");
	ck_loc(h->args[1].loc, 11, 7, "arg 1 loc");
	ck_loc(h->args[1].type_loc, 12, 13, "arg 1 type loc");
	ck_assert_msg(h->args[1].label == NULL && h->args[1].size_arg_index == 0,
		      "no label, no sizeArgIndex");

	ck_assert_msg(h->nselectors == 1, "one selector, got %zu", h->nselectors);
	ck_loc(h->selectors[0].loc, 16, 7, "selector loc");
	ck_assert_msg(h->selectors[0].nargs == 1, "one matchArgs entry");
	m = &h->selectors[0].args[0];
	ck_assert_msg(m->index == 1, "matchArgs index 1, got %d", m->index);
	ck_assert_msg(m->op == TP_OP_EQUAL, "operator Equal, got %d", m->op);
	ck_str(m->op_name, "Equal", "op_name");
	ck_loc(m->loc, 17, 9, "matchArgs loc");
	ck_loc(m->op_loc, 18, 19, "operator loc");
	ck_assert_msg(m->nvalues == 2, "two values, got %zu", m->nvalues);
	ck_assert_msg(m->values[0].len == 11 && !strcmp(m->values[0].str, "/etc/passwd"),
		      "value 0");
	ck_assert_msg(m->values[1].len == 11 && !strcmp(m->values[1].str, "/etc/shadow"),
		      "value 1");
	ck_loc(m->values[0].loc, 20, 11, "value 0 loc");
	ck_loc(m->values[1].loc, 21, 11, "value 1 loc");
	ck_assert_msg(h->selectors[0].npids == 0 && h->selectors[0].nactions == 0 &&
			  h->selectors[0].nunsupported == 0,
		      "nothing else in the selector");
	parse_done(&r);
}
END_TEST

START_TEST(test_tracepoint_and_order)
{
	struct tp_hook *h;
	struct run r;

	/* tracepoints written first still come after kprobes */
	parse_text(&r, HEADER "spec:\n"				  /* 5 */
			      "  tracepoints:\n"		  /* 6 */
			      "  - subsystem: \"raw_syscalls\"\n" /* 7 */
			      "    event: \"sys_enter\"\n"	  /* 8 */
			      "    args:\n"			  /* 9 */
			      "    - index: 4\n"		  /* 10 */
			      "      type: \"syscall64\"\n"	  /* 11 */
			      "  - subsystem: sched\n"		  /* 12 */
			      "    event: sched_switch\n"	  /* 13 */
			      "    raw: true\n"			  /* 14 */
			      "  kprobes:\n"			  /* 15 */
			      "  - call: fd_install\n"		  /* 16 */
			      "    syscall: false\n");		  /* 17 */
	ck_assert_msg(r.p && r.errors == 0, "parsed without errors:\n%s", r.out);
	ck_assert_msg(r.p->nhooks == 3, "three hooks, got %zu", r.p->nhooks);

	h = &r.p->hooks[0];
	ck_assert_msg(h->kind == TP_HOOK_KPROBE, "kprobe first");
	ck_str(h->call, "fd_install", "kprobe call");
	ck_assert_msg(!h->syscall, "syscall: false");
	ck_loc(h->loc, 16, 5, "kprobe loc");

	h = &r.p->hooks[1];
	ck_assert_msg(h->kind == TP_HOOK_TRACEPOINT, "tracepoint second");
	ck_str(h->subsystem, "raw_syscalls", "subsystem");
	ck_str(h->event, "sys_enter", "event");
	ck_assert_msg(!h->raw, "raw defaults to false");
	ck_assert_msg(h->call == NULL, "no call on tracepoints");
	ck_loc(h->loc, 7, 5, "tracepoint loc");
	ck_assert_msg(h->nargs == 1 && h->args[0].index == 4, "arg index 4");
	ck_assert_msg(h->args[0].type == TP_ARG_SYSCALL64, "type syscall64");
	ck_loc(h->args[0].type_loc, 11, 13, "type loc");

	h = &r.p->hooks[2];
	ck_str(h->subsystem, "sched", "second tracepoint subsystem");
	ck_assert_msg(h->raw, "raw: true");
	parse_done(&r);
}
END_TEST

/* spec.fentries: kprobe entries (Tetragon's KProbeSpec) marked as trampoline-only, after kprobes */
START_TEST(test_fentries)
{
	struct tp_hook *h;
	struct run r;

	parse_text(&r, HEADER "spec:\n"				   /* 5 */
			      "  fentries:\n"			   /* 6 */
			      "  - call: \"sys_openat\"\n"	   /* 7 */
			      "    return: true\n"		   /* 8 */
			      "    returnArg:\n"		   /* 9 */
			      "      index: 0\n"		   /* 10 */
			      "      type: \"int\"\n"		   /* 11 */
			      "    message: \"an open\"\n"	   /* 12 */
			      "  - call: security_file_open\n"	   /* 13 */
			      "    syscall: false\n"		   /* 14 */
			      "    ignore: {callNotFound: true}\n" /* 15 */
			      "  kprobes:\n"			   /* 16 */
			      "  - call: fd_install\n"		   /* 17 */
			      "    syscall: false\n");		   /* 18 */
	ck_assert_msg(r.p && r.errors == 0, "parsed without errors:\n%s", r.out);
	ck_assert_msg(r.p->nhooks == 3, "three hooks, got %zu", r.p->nhooks);
	h = &r.p->hooks[0];
	ck_assert_msg(h->kind == TP_HOOK_KPROBE && !h->fentry, "the kprobe first, not fentry");
	h = &r.p->hooks[1];
	ck_assert_msg(h->kind == TP_HOOK_KPROBE && h->fentry, "a fentry is a kprobe-kind hook");
	ck_str(h->call, "sys_openat", "fentry call");
	ck_assert_msg(h->syscall && !h->syscall_written, "syscall defaults to true, as on kprobes");
	ck_assert_msg(h->ret && h->has_ret_arg && h->ret_arg.type == TP_ARG_INT, "returnArg int");
	ck_str(h->message, "an open", "message");
	ck_loc(h->loc, 7, 5, "fentry loc");
	h = &r.p->hooks[2];
	ck_assert_msg(h->fentry && !h->syscall && h->ignore_call_not_found, "second fentry");
	parse_done(&r);
	/* keys are the kprobes' keys, taken, refused or required alike */
	expect_diag(HEADER "spec:\n  fentries:\n  - call: f\n    data: []\n    hook: x\n"
			   "  - syscall: false\n",
		    "t.yaml:9:5: error: unknown key 'hook' in fentry\n"
		    "t.yaml:10:5: error: missing required key 'call' in fentry\n",
		    2);
}
END_TEST

START_TEST(test_selectors_full)
{
	struct tp_selector *s;
	struct tp_hook *h;
	struct run r;

	parse_text(&r, HEADER "spec:\n"				      /* 5 */
			      "  kprobes:\n"			      /* 6 */
			      "  - call: sys_write\n"		      /* 7 */
			      "    return: true\n"		      /* 8 */
			      "    returnArg:\n"		      /* 9 */
			      "      index: 0\n"		      /* 10 */
			      "      type: int\n"		      /* 11 */
			      "    args:\n"			      /* 12 */
			      "    - index: 0\n"		      /* 13 */
			      "      type: fd\n"		      /* 14 */
			      "    selectors:\n"		      /* 15 */
			      "    - matchPIDs:\n"		      /* 16 */
			      "      - operator: In\n"		      /* 17 */
			      "        followForks: true\n"	      /* 18 */
			      "        isNamespacePID: yes\n"	      /* 19 */
			      "        values: [1, 0x10]\n"	      /* 20 */
			      "      - operator: NotIn\n"	      /* 21 */
			      "        followforks: True\n"	      /* 22 */
			      "        values:\n"		      /* 23 */
			      "        - 7\n"			      /* 24 */
			      "      matchBinaries:\n"		      /* 25 */
			      "      - operator: \"NotPrefix\"\n"     /* 26 */
			      "        followChildren: true\n"	      /* 27 */
			      "        values: [\"/usr/bin/\"]\n"     /* 28 */
			      "      matchActions:\n"		      /* 29 */
			      "      - action: Signal\n"	      /* 30 */
			      "        argSig: 10\n"		      /* 31 */
			      "      - action: sigkill\n"	      /* 32 */
			      "      - action: FollowFD\n"	      /* 33 */
			      "        argFd: 0\n"		      /* 34 */
			      "        argName: 1\n"		      /* 35 */
			      "    - matchArgs:\n"		      /* 36 */
			      "      - index: 0\n"		      /* 37 */
			      "        operator: gt\n"		      /* 38 */
			      "        values: [\"2\"]\n"	      /* 39 */
			      "      - index: 0\n"		      /* 40 */
			      "        operator: LessThan\n"	      /* 41 */
			      "        values: [\"100\"]\n"	      /* 42 */
			      "      - index: 0\n"		      /* 43 */
			      "        operator: DPort\n"	      /* 44 */
			      "        values: [\"80\"]\n"	      /* 45 */
			      "      matchReturnArgs:\n"	      /* 46 */
			      "      - operator: NotEqual\n"	      /* 47 */
			      "        values: [0]\n"		      /* 48 */
			      "      matchNamespaces:\n"	      /* 49 */
			      "      - namespace: Pid\n"	      /* 50 */
			      "        operator: In\n"		      /* 51 */
			      "        values: [host_ns]\n"	      /* 52 */
			      "      matchData:\n"		      /* 53 */
			      "      - {index: 0, operator: Equal}\n" /* 54 */
			      "      matchReturnActions:\n"	      /* 55 */
			      "      - action: Post\n"		      /* 56 */
			      "        userStackTrace: false\n"	      /* 57 */
			      "        kernelStackTrace: false\n"     /* 58 */
			      "      - action: Override\n"	      /* 59 */
			      "        argError: -1\n"		      /* 60 */
			      "      - action: NoPost\n");	      /* 61 */
	ck_assert_msg(r.p && r.errors == 0, "parsed without errors:\n%s", r.out);
	h = &r.p->hooks[0];
	ck_assert_msg(h->ret, "return: true");
	ck_assert_msg(h->has_ret_arg, "returnArg present");
	ck_assert_msg(h->ret_arg.type == TP_ARG_INT && h->ret_arg.index == 0, "returnArg int 0");
	ck_loc(h->ret_arg.loc, 10, 7, "returnArg loc");
	ck_assert_msg(h->args[0].type == TP_ARG_FD, "arg fd");
	ck_assert_msg(h->nselectors == 2, "two selectors, got %zu", h->nselectors);

	s = &h->selectors[0];
	ck_assert_msg(s->npids == 2, "two matchPIDs, got %zu", s->npids);
	ck_assert_msg(s->pids[0].op == TP_OP_IN && s->pids[0].follow_forks && s->pids[0].is_ns_pid,
		      "pids[0] In followForks isNamespacePID");
	ck_assert_msg(s->pids[0].nvalues == 2 && !strcmp(s->pids[0].values[1].str, "0x10"),
		      "pid values kept as text");
	ck_loc(s->pids[0].values[1].loc, 20, 21, "pid value loc");
	ck_loc(s->pids[0].op_loc, 17, 19, "pid op loc");
	ck_assert_msg(s->pids[1].op == TP_OP_NOT_IN, "NotIn");
	ck_str(s->pids[1].op_name, "NotIn", "op_name as written");
	ck_assert_msg(s->pids[1].follow_forks && !s->pids[1].is_ns_pid,
		      "followforks (docs spelling) accepted");
	ck_assert_msg(s->nbinaries == 1 && s->binaries[0].op == TP_OP_NOT_PREFIX,
		      "matchBinaries NotPrefix");
	ck_assert_msg(s->binaries[0].follow_children, "followChildren");
	ck_str(s->binaries[0].values[0].str, "/usr/bin/", "binary value");
	ck_assert_msg(s->nactions == 3, "three actions, got %zu", s->nactions);
	ck_assert_msg(s->actions[0].action == TP_ACT_SIGNAL && s->actions[0].has_arg_sig &&
			  s->actions[0].arg_sig == 10,
		      "Signal argSig 10");
	ck_loc(s->actions[0].loc, 30, 9, "action loc");
	ck_assert_msg(s->actions[1].action == TP_ACT_SIGKILL && !s->actions[1].has_arg_sig,
		      "sigkill, any case");
	ck_assert_msg(s->actions[2].action == TP_ACT_FOLLOWFD, "FollowFD");
	ck_assert_msg(s->actions[2].has_arg_fd && s->actions[2].arg_fd == 0, "FollowFD argFd 0");
	ck_assert_msg(s->actions[2].has_arg_name && s->actions[2].arg_name == 1,
		      "FollowFD argName 1");
	ck_str(s->actions[2].name, "FollowFD", "action name kept");

	s = &h->selectors[1];
	ck_assert_msg(s->nargs == 3, "three matchArgs, got %zu", s->nargs);
	ck_assert_msg(s->args[0].op == TP_OP_GT, "gt");
	ck_assert_msg(s->args[1].op == TP_OP_LT, "LessThan");
	ck_assert_msg(s->args[2].op == TP_OP_DPORT, "DPort");
	ck_str(s->args[2].op_name, "DPort", "op_name kept");
	ck_assert_msg(s->nret_args == 1 && s->ret_args[0].op == TP_OP_NOT_EQUAL,
		      "matchReturnArgs without index");
	ck_str(s->ret_args[0].values[0].str, "0", "return value");
	ck_assert_msg(s->nns == 1 && s->ns[0].op == TP_OP_IN, "matchNamespaces In");
	ck_str(s->ns[0].ns_name, "Pid", "namespace as written");
	ck_loc(s->ns[0].ns_loc, 50, 20, "namespace loc");
	ck_str(s->ns[0].values[0].str, "host_ns", "namespace value kept as text");
	ck_assert_msg(s->nunsupported == 0, "no unsupported filter, got %zu", s->nunsupported);
	ck_assert_msg(s->ndata == 1 && s->data[0].index == 0 && s->data[0].op == TP_OP_EQUAL,
		      "matchData: index 0, Equal");
	ck_loc(s->data[0].loc, 54, 9, "matchData[0] loc");
	ck_assert_msg(s->nret_actions == 3, "three return actions");
	ck_assert_msg(s->ret_actions[0].action == TP_ACT_POST, "Post");
	ck_assert_msg(s->ret_actions[1].action == TP_ACT_OVERRIDE &&
			  s->ret_actions[1].has_arg_error && s->ret_actions[1].arg_error == -1,
		      "Override argError -1");
	ck_assert_msg(s->ret_actions[2].action == TP_ACT_NOPOST, "NoPost");
	parse_done(&r);
}
END_TEST

START_TEST(test_hook_fields)
{
	struct tp_hook *h;
	struct run r;

	parse_text(&r, HEADER "  namespace: kube-system\n"
			      "  labels: {a: b}\n"
			      "  annotations:\n"
			      "    x: [1, 2]\n"
			      "spec:\n"						  /* 9 */
			      "  kprobes:\n"					  /* 10 */
			      "  - call: \"security_file_permission\"\n"	  /* 11 */
			      "    syscall: no\n"				  /* 12 */
			      "    message: \"file accessed\"\n"		  /* 13 */
			      "    tags: [\"observability.filesystem\", \"x\"]\n" /* 14 */
			      "    ignore:\n"					  /* 15 */
			      "      callNotFound: true\n"			  /* 16 */
			      "    args:\n"					  /* 17 */
			      "    - index: 0\n"				  /* 18 */
			      "      type: \"file\"\n"				  /* 19 */
			      "      label: \"the file\"\n"			  /* 20 */
			      "    - index: 1\n"				  /* 21 */
			      "      type: char_buf\n"				  /* 22 */
			      "      sizeArgIndex: 3\n"				  /* 23 */
			      "      returnCopy: false\n"			  /* 24 */
			      "      maxData: false\n"				  /* 25 */
			      "    - index: 2\n"				  /* 26 */
			      "      label: \"a dentry\"\n"			  /* 27 */
			      "    - index: 0x3\n"				  /* 28 */
			      "      type: auto\n"				  /* 29 */
			      "    - index: 010\n"				  /* 30 */
			      "      type: ulong\n"				  /* 31 */
			      "    selectors:\n"				  /* 32 */
			      "    - matchPIDs:\n"				  /* 33 */
			      "      matchArgs:\n"				  /* 34 */
			      "  tracepoints:\n");
	ck_assert_msg(r.p && r.errors == 0, "parsed without errors:\n%s", r.out);
	ck_assert_msg(r.p->nhooks == 1, "one hook");
	h = &r.p->hooks[0];
	ck_assert_msg(!h->syscall, "syscall: no");
	ck_str(h->message, "file accessed", "message");
	ck_assert_msg(h->ntags == 2, "two tags, got %zu", h->ntags);
	ck_str(h->tags[0], "observability.filesystem", "tag 0");
	ck_str(h->tags[1], "x", "tag 1");
	ck_assert_msg(h->nargs == 5, "five args, got %zu", h->nargs);
	ck_assert_msg(h->args[0].type == TP_ARG_FILE, "file");
	ck_str(h->args[0].type_name, "file", "type_name kept for the checker");
	ck_loc(h->args[0].type_loc, 19, 13, "file type loc");
	ck_str(h->args[0].label, "the file", "label");
	ck_assert_msg(h->args[1].type == TP_ARG_CHAR_BUF && h->args[1].size_arg_index == 3,
		      "char_buf sizeArgIndex (returnCopy and maxData false: what tpgen does)");
	ck_str(h->args[2].label, "a dentry", "label of an arg without a type");
	ck_assert_msg(h->args[2].type == TP_ARG_NONE, "missing type: auto");
	ck_str(h->args[2].type_name, "auto", "missing type_name is auto");
	ck_loc(h->args[2].type_loc, 26, 7, "missing type points at the arg");
	ck_assert_msg(h->args[3].index == 3 && h->args[3].type == TP_ARG_NONE, "hex index, auto");
	ck_assert_msg(h->args[4].index == 8 && h->args[4].type == TP_ARG_UINT64, "octal, ulong");
	ck_assert_msg(h->nselectors == 1, "one selector");
	ck_assert_msg(h->selectors[0].npids == 0 && h->selectors[0].nargs == 0,
		      "null filters are empty lists");
	parse_done(&r);
}
END_TEST

/* The type a policy's "type: name" gives (TP_ARG_NONE for auto), -1 after an error. */
static int parsed_type(const char *name)
{
	char buf[512];
	struct run r;
	int t;

	snprintf(buf, sizeof(buf),
		 HEADER "spec:\n  kprobes:\n  - call: f\n    args:\n    - index: 0\n"
			"      type: %s\n",
		 name);
	parse_text(&r, buf);
	t = r.p && r.errors == 0 ? (int)r.p->hooks[0].args[0].type : -1;
	if (r.p)
		ck_str(r.p->hooks[0].args[0].type_name, name, "type_name as written");
	parse_done(&r);
	return t;
}

/*
 * Tetragon's type names (pkg/generictypes, the docs), each with the name
 * tpgen prints for it: aliases are the same type as their canonical name.
 */
START_TEST(test_arg_types)
{
	static const struct {
		const char *name;
		const char *is;
	} types[] = {
		{ "int", "int" },
		{ "sint32", "int" },
		{ "int32", "int" },
		{ "sint8", "sint8" },
		{ "int8", "sint8" },
		{ "uint8", "uint8" },
		{ "sint16", "sint16" },
		{ "int16", "sint16" },
		{ "uint16", "uint16" },
		{ "uint32", "uint32" },
		{ "long", "sint64" },
		{ "sint64", "sint64" },
		{ "int64", "sint64" },
		{ "ulong", "uint64" },
		{ "unsigned long", "uint64" },
		{ "uint64", "uint64" },
		{ "size_t", "size_t" },
		{ "fd", "fd" },
		{ "syscall64", "syscall64" },
		{ "string", "string" },
		{ "char_buf", "char_buf" },
		{ "const_buf", "const_buf" },
		{ "file", "file" },
		{ "path", "path" },
		{ "dentry", "dentry" },
		{ "filename", "filename" },
		{ "linux_binprm", "linux_binprm" },
		{ "kiocb", "kiocb" },
		{ "sock", "sock" },
		{ "skb", "skb" },
		{ "sockaddr", "sockaddr" },
		{ "socket", "socket" },
		{ "net_device", "net_device" },
		{ "cred", "cred" },
		{ "capability", "capability" },
		{ "kernel_cap_t", "kernel_cap_t" },
		{ "cap_inheritable", "cap_inheritable" },
		{ "cap_permitted", "cap_permitted" },
		{ "cap_effective", "cap_effective" },
		{ "user_namespace", "user_namespace" },
		{ "bpf_attr", "bpf_attr" },
		{ "bpf_map", "bpf_map" },
		{ "bpf_prog", "bpf_prog" },
		{ "perf_event", "perf_event" },
		{ "module", "module" },
		{ "load_info", "load_info" },
		{ "iov_iter", "iov_iter" },
		{ "char_iovec", "char_iovec" },
		{ "data_loc", "data_loc" },
		{ "nop", "nop" },
		{ "sockaddr_un", "sockaddr_un" },
		{ "bpf_cmd", "bpf_cmd" },
	};
	size_t i;
	int t;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		t = parsed_type(types[i].name);
		ck_assert_msg(t > TP_ARG_NONE, "type %s parses to a type", types[i].name);
		ck_str(tp_arg_type__name(t), types[i].is, types[i].name);
		ck_assert_msg(parsed_type(types[i].is) == t, "%s is %s", types[i].name,
			      types[i].is);
	}
	ck_assert_msg(parsed_type("auto") == TP_ARG_NONE, "auto");
	/* names match exactly: an unknown spelling parses, for the checker to refuse */
	ck_assert_msg(parsed_type("Int") == TP_ARG_NONE, "Int is not int");
	/* round trip: every type there is parses back from its name, and is in the list */
	for (t = TP_ARG_NONE + 1; t < TP_ARG__MAX; t++) {
		bool listed = false;

		ck_assert_msg(parsed_type(tp_arg_type__name(t)) == t, "round trip of %s",
			      tp_arg_type__name(t));
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			listed |= !strcmp(types[i].is, tp_arg_type__name(t));
		ck_assert_msg(listed, "type %s is in the list", tp_arg_type__name(t));
	}
}
END_TEST

/*
 * Tetragon's operator names, as its documentation writes them (and in other
 * cases: keys and operators match case-insensitively), with the operator each
 * must mean: its own name and whether it is a Not form.
 */
START_TEST(test_operators)
{
	static const struct {
		const char *name;  /* as the policy writes it */
		const char *means; /* the operator it is */
		bool negated;
	} ops[] = {
		{ "Equal", "Equal", false },
		{ "eq", "Equal", false },
		{ "neq", "NotEqual", true },
		{ "notprefix", "NotPrefix", true },
		{ "Sport", "SPort", false },
		{ "NotDportPriv", "NotDPortPriv", true },
		{ "NotEqual", "NotEqual", true },
		{ "Prefix", "Prefix", false },
		{ "NotPrefix", "NotPrefix", true },
		{ "Postfix", "Postfix", false },
		{ "NotPostfix", "NotPostfix", true },
		{ "Mask", "Mask", false },
		{ "GT", "GT", false },
		{ "GreaterThan", "GT", false },
		{ "lt", "LT", false },
		{ "LessThan", "LT", false },
		{ "In", "In", false },
		{ "NotIn", "NotIn", true },
		{ "SPort", "SPort", false },
		{ "NotSPort", "NotSPort", true },
		{ "SPortPriv", "SPortPriv", false },
		{ "NotSPortPriv", "NotSPortPriv", true },
		{ "DPort", "DPort", false },
		{ "dport", "DPort", false },
		{ "NotDPort", "NotDPort", true },
		{ "DPortPriv", "DPortPriv", false },
		{ "NotDPortPriv", "NotDPortPriv", true },
		{ "SAddr", "SAddr", false },
		{ "NotSAddr", "NotSAddr", true },
		{ "DAddr", "DAddr", false },
		{ "NotDAddr", "NotDAddr", true },
		{ "Protocol", "Protocol", false },
		{ "Family", "Family", false },
		{ "State", "State", false },
		/* known to Tetragon; the checker refuses them, the parser keeps them */
		{ "InMap", "InMap", false },
		{ "NotInMap", "NotInMap", true },
		{ "InRange", "InRange", false },
		{ "NotInRange", "NotInRange", true },
		{ "SubString", "SubString", false },
		{ "SubStringIgnCase", "SubStringIgnCase", false },
		{ "CapabilitiesGained", "CapabilitiesGained", false },
		{ "FileType", "FileType", false },
		{ "NotFileType", "NotFileType", true },
		{ "CelExpr", "CelExpr", false },
	};
	const struct tp_op_info *oi;
	char buf[512];
	struct run r;
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		snprintf(buf, sizeof(buf),
			 HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n    - matchArgs:\n"
				"      - index: 0\n        operator: %s\n        values: [\"1\"]\n",
			 ops[i].name);
		parse_text(&r, buf);
		ck_assert_msg(r.p && r.errors == 0, "operator %s parses:\n%s", ops[i].name, r.out);
		oi = tp_op__info(r.p->hooks[0].selectors[0].args[0].op);
		ck_assert_msg(oi != NULL, "operator %s is known", ops[i].name);
		ck_str(oi->name, ops[i].means, ops[i].name);
		ck_assert_msg(oi->negate == ops[i].negated, "operator %s negated: %d", ops[i].name,
			      oi->negate);
		ck_str(r.p->hooks[0].selectors[0].args[0].op_name, ops[i].name, "op_name");
		parse_done(&r);
	}
	/* names match as written, as Tetragon's SelectorOp switch does */
	expect_diag(HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n    - matchArgs:\n"
			   "      - index: 0\n        operator: equal\n        values: [\"1\"]\n",
		    "t.yaml:11:19: error: unknown operator 'equal'\n", 1);
}
END_TEST

/* Escapes are decoded by libyaml and kept byte for byte, NULs included. */
START_TEST(test_values_byte_exact)
{
	static const struct {
		const char *want;
		size_t len;
	} want[] = {
		{ "a\"b", 3 },	    { "back\\slash", 10 }, { "*/ /*", 5 }, { "line\nbreak", 10 },
		{ "nul\0byte", 8 }, { "it's", 4 },	   { "x\\0", 3 },  { "l1\nl2\n", 6 },
		{ "", 0 },	    { "\xc3\xa9\t", 3 },
	};
	struct tp_match_arg *m;
	struct run r;
	size_t i;

	parse_text(&r, HEADER "spec:\n"
			      "  kprobes:\n"
			      "  - call: f\n"
			      "    selectors:\n"
			      "    - matchArgs:\n"
			      "      - index: 0\n"
			      "        operator: Equal\n"
			      "        values:\n"
			      "        - \"a\\\"b\"\n"
			      "        - \"back\\\\slash\"\n"
			      "        - \"*/ /*\"\n"
			      "        - \"line\\nbreak\"\n"
			      "        - \"nul\\0byte\"\n"
			      "        - 'it''s'\n"
			      "        - 'x\\0'\n"
			      "        - |\n"
			      "          l1\n"
			      "          l2\n"
			      "        - \"\"\n"
			      "        - \"\\u00e9\\t\"\n");
	ck_assert_msg(r.p && r.errors == 0, "parsed without errors:\n%s", r.out);
	m = &r.p->hooks[0].selectors[0].args[0];
	ck_assert_msg(m->nvalues == sizeof(want) / sizeof(want[0]), "value count %zu", m->nvalues);
	for (i = 0; i < m->nvalues; i++) {
		ck_assert_msg(m->values[i].len == want[i].len, "value %zu length: want %zu got %zu",
			      i, want[i].len, m->values[i].len);
		ck_assert_msg(!memcmp(m->values[i].str, want[i].want, want[i].len),
			      "value %zu bytes", i);
		ck_assert_msg(m->values[i].str[want[i].len] == '\0', "value %zu NUL terminated", i);
	}
	parse_done(&r);
}
END_TEST

START_TEST(test_long_value)
{
	size_t vlen = 1 << 20, n;
	char *text, *v;
	struct run r;

	text = malloc(vlen + 1024);
	ck_assert_msg(text != NULL, "malloc");
	n = (size_t)sprintf(text,
			    HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n"
				   "    - matchArgs:\n      - index: 0\n        operator: Prefix\n"
				   "        values:\n        - \"");
	memset(text + n, 'x', vlen);
	n += vlen;
	memcpy(text + n, "\"\n", 3);
	n += 2;
	parse_n(&r, text, n);
	ck_assert_msg(r.p && r.errors == 0, "1 MiB value parses:\n%s", r.out);
	v = r.p->hooks[0].selectors[0].args[0].values[0].str;
	ck_assert_msg(r.p->hooks[0].selectors[0].args[0].values[0].len == vlen, "value length");
	ck_assert_msg(v[0] == 'x' && v[vlen - 1] == 'x' && v[vlen] == '\0', "value bytes");
	parse_done(&r);

	/* and as a key (explicit: simple keys stop at 1024 chars): the message stays short */
	n = (size_t)sprintf(text, HEADER "spec:\n  ? ");
	memset(text + n, 'k', vlen);
	n += vlen;
	memcpy(text + n, "\n  : 1\n", 8);
	n += 7;
	parse_n(&r, text, n);
	ck_assert_msg(r.errors == 1, "one error for a long unknown key, got %d", r.errors);
	ck_assert_msg(r.out_len < 200, "long key truncated in the message: %zu bytes", r.out_len);
	ck_assert_msg(strstr(r.out, "t.yaml:6:5: error: unknown key 'kkkk") == r.out &&
			  strstr(r.out, "...' in spec\n") != NULL,
		      "truncated message: %s", r.out);
	parse_done(&r);
	free(text);
}
END_TEST

/* --- diagnostics ------------------------------------------------------------ */

START_TEST(test_err_wrong_kinds)
{
	expect_diag(HEADER "spec:\n  kprobes: {call: f}\n  tracepoints: x\n",
		    "t.yaml:6:12: error: expected a sequence\n"
		    "t.yaml:7:16: error: expected a sequence\n",
		    2);
	expect_diag("apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata: [a]\nspec: 3\n",
		    "t.yaml:3:11: error: expected a mapping\n"
		    "t.yaml:4:7: error: expected a mapping\n",
		    2);
	/* one bad sibling does not stop the next */
	expect_diag(HEADER "spec:\n  kprobes:\n  - call: [f]\n  - x\n  - call: g\n"
			   "    args: {index: 0}\n    tags: [[a], b]\n    message: {}\n",
		    "t.yaml:7:11: error: expected a scalar\n"
		    "t.yaml:8:5: error: expected a mapping\n"
		    "t.yaml:10:11: error: expected a sequence\n"
		    "t.yaml:11:12: error: expected a scalar\n"
		    "t.yaml:12:14: error: expected a scalar\n",
		    5);
	expect_diag(HEADER
		    "spec:\n  kprobes:\n  - call: f\n    selectors:\n    - matchArgs:\n"
		    "      - index: 0\n        operator: Equal\n        values: [[a], {b: c}, d]\n"
		    "    - 3\n",
		    "t.yaml:12:18: error: expected a scalar\n"
		    "t.yaml:12:23: error: expected a scalar\n"
		    "t.yaml:13:7: error: expected a mapping\n",
		    3);
	expect_diag("- a\n- b\n", "t.yaml:1:1: error: expected a mapping\n", 1);
	expect_diag("just a scalar\n", "t.yaml:1:1: error: expected a mapping\n", 1);
	expect_diag(HEADER "spec:\n  ? [a]\n  : b\n", "t.yaml:6:5: error: expected a scalar\n", 1);
}
END_TEST

START_TEST(test_err_unknown_keys)
{
	expect_diag(HEADER
		    "status: {}\nspec:\n  kprobe: []\n  kprobes:\n  - call: f\n    calls: g\n"
		    "    args:\n    - index: 0\n      size: 3\n    selectors:\n"
		    "    - matchFoo: []\n      matchArgs:\n      - index: 1\n        op: Equal\n"
		    "        operator: Equal\n      matchActions:\n      - action: Post\n"
		    "        argFoo: 1\n",
		    "t.yaml:5:1: error: unknown key 'status' in policy\n"
		    "t.yaml:7:3: error: unknown key 'kprobe' in spec\n"
		    "t.yaml:10:5: error: unknown key 'calls' in kprobe\n"
		    "t.yaml:13:7: error: unknown key 'size' in arg\n"
		    "t.yaml:15:7: error: unknown key 'matchFoo' in selector\n"
		    "t.yaml:18:9: error: unknown key 'op' in matchArgs\n"
		    "t.yaml:22:9: error: unknown key 'argFoo' in matchActions\n",
		    7);
	/* unprintable key text is escaped */
	expect_diag(HEADER "spec:\n  \"a\\nb\\x01'\\\\\": 1\n",
		    "t.yaml:6:3: error: unknown key 'a\\nb\\x01\\'\\\\' in spec\n", 1);
}
END_TEST

START_TEST(test_lists_options_lsmhooks)
{
	struct run r;

	parse_text(&r, HEADER "spec:\n  lists:\n  - name: dups\n    type: syscalls\n"
			      "    values: [sys_dup, \"sys_dup2\"]\n  options:\n"
			      "  - name: disable-kprobe-multi\n    value: \"true\"\n"
			      "  lsmhooks:\n  - hook: file_open\n    message: \"opened\"\n");
	ck_assert_msg(r.p && r.errors == 0, "parses: %s", r.out);
	ck_assert_int_eq(r.p->nlists, 1);
	ck_str(r.p->lists[0].name, "dups", "list name");
	ck_str(r.p->lists[0].type, "syscalls", "list type");
	ck_assert_int_eq(r.p->lists[0].nvalues, 2);
	ck_str(r.p->lists[0].values[1].str, "sys_dup2", "list value");
	ck_assert_int_eq(r.p->noptions, 1);
	ck_str(r.p->options[0].value, "true", "option value");
	ck_assert_int_eq(r.p->nhooks, 1);
	ck_assert_int_eq(r.p->hooks[0].kind, TP_HOOK_LSM);
	ck_str(r.p->hooks[0].call, "file_open", "lsm hook");
	parse_done(&r);
	expect_diag(HEADER "spec:\n  lists:\n  - type: syscalls\n",
		    "t.yaml:7:5: error: missing required key 'name' in list\n", 1);
	expect_diag(HEADER "spec:\n  options:\n  - value: x\n",
		    "t.yaml:7:5: error: missing required key 'name' in option\n", 1);
	expect_diag(HEADER "spec:\n  options:\n  - name: a\n    colour: red\n",
		    "t.yaml:8:5: error: unknown key 'colour' in option (expected name, value)\n",
		    1);
	expect_diag(HEADER "spec:\n  lsmhooks:\n  - message: \"no hook\"\n",
		    "t.yaml:7:5: error: missing required key 'hook' in lsmhook\n", 1);
}
END_TEST

START_TEST(test_err_unsupported)
{
	expect_diag(
	    HEADER "spec:\n  fentries: [{call: \"list:x\"}]\n  podSelector: {}\n"
		   "  kprobes:\n  - call: f\n    returnArgAction: TrackSock\n    data: []\n",
	    "t.yaml:7:3: error: spec.podSelector is not supported: it selects Kubernetes "
	    "objects (pods by their labels), which an appliance does not have\n"
	    "t.yaml:10:5: error: returnArgAction is not supported without returnArg\n"
	    "t.yaml:6:21: error: call: \"list:\" is not supported in fentries yet (a fentry "
	    "program attaches to one function; write one entry a function)\n",
	    3);
	/* arg and action keys tpgen does not build: refused at the key, never ignored;
	 * the boolean ones only when true (false is what tpgen does) */
	expect_diag(
	    HEADER "spec:\n  kprobes:\n  - call: f\n    args:\n"
		   "    - index: 0\n      type: char_buf\n      returnCopy: true\n"
		   "      maxData: true\n      resolve: f_path\n      btfType: file\n"
		   "      source: pt_regs\n"
		   "    - index: 1\n      returnCopy: false\n      maxData: false\n"
		   "    selectors:\n    - matchActions:\n      - action: Post\n"
		   "        rateLimit: 1m\n        rateLimitScope: thread\n"
		   "        kernelStackTrace: true\n        userStackTrace: true\n"
		   "        stackTrace: true\n        imaHash: true\n"
		   "      - action: Post\n        kernelStackTrace: false\n"
		   "        userStackTrace: false\n        imaHash: false\n",
	    "t.yaml:15:7: error: source is not supported on args (Tetragon takes it only in "
	    "'data' entries)\n"
	    "t.yaml:26:9: error: stackTrace is not supported: Tetragon names it "
	    "kernelStackTrace\n",
	    2);
}
END_TEST

/* arg keys Tetragon has that change how an arg is read: honoured, or refused at the key */
START_TEST(test_arg_keys)
{
	struct run r;
	struct tp_policy *p;

	parse_text(&r, HEADER "spec:\n  kprobes:\n  - call: f\n    args:\n"
			      "    - index: 0\n      type: char_buf\n      sizeArgIndex: 2\n"
			      "      returnCopy: true\n      label: data\n      source: \"\"\n"
			      "    - index: 1\n      type: char_buf\n      sizeArgIndex: 3\n"
			      "      maxData: true\n      returnCopy: false\n");
	ck_assert_msg(r.p && !r.errors, "parses: %s", r.out);
	p = r.p;
	ck_assert_msg(p->hooks[0].args[0].return_copy && !p->hooks[0].args[0].max_data,
		      "returnCopy kept");
	ck_assert_int_eq(p->hooks[0].args[0].return_copy_loc.line, 12);
	ck_assert_msg(p->hooks[0].args[1].max_data && !p->hooks[0].args[1].return_copy,
		      "maxData kept, returnCopy: false is none");
	ck_assert_int_eq(p->hooks[0].args[1].max_data_loc.line, 18);
	parse_done(&r);
	/* resolve and btfType are kept with where they are: the path's first character */
	parse_text(&r, HEADER "spec:\n  kprobes:\n  - call: f\n    args:\n"
			      "    - index: 0\n      resolve: \"f_path.dentry\"\n"
			      "      btfType: file\n      btfTypeModule: vmlinux\n"
			      "    - {index: 1, resolve: pid}\n");
	ck_assert_msg(r.p && !r.errors, "parses: %s", r.out);
	p = r.p;
	ck_str(p->hooks[0].args[0].resolve, "f_path.dentry", "resolve");
	ck_loc(p->hooks[0].args[0].resolve_loc, 10, 17, "resolve loc (after the quote)");
	ck_str(p->hooks[0].args[0].btf_type, "file", "btfType");
	ck_loc(p->hooks[0].args[0].btf_module_loc, 12, 7, "btfTypeModule loc");
	ck_loc(p->hooks[0].args[1].resolve_loc, 13, 27, "resolve loc (plain)");
	parse_done(&r);
	expect_diag(
	    HEADER "spec:\n  kprobes:\n  - call: f\n    args:\n"
		   "    - index: 0\n      type: file\n      btfTypeModule: m\n"
		   "      source: current_task\n",
	    "t.yaml:11:7: error: btfTypeModule 'm' is not supported (btfType is looked up in "
	    "vmlinux's BTF only)\n"
	    "t.yaml:12:7: error: source is not supported on args (Tetragon takes it only in "
	    "'data' entries)\n",
	    2);
}
END_TEST

/*
 * data with source pt_regs: resolve names a register as Tetragon's RegOffsetSize does
 * (pkg/asm/regoffset_linux_amd64.go): rdi 8 bytes, esi 4, r10w 2, al 1, eip 4; a name it
 * lacks is refused at the name
 */
START_TEST(test_data_pt_regs)
{
	static const struct {
		const char *name;
		enum tp_reg reg;
		int size;
	} regs[] = {
		{ "rdi", TP_REG_DI, 8 }, { "esi", TP_REG_SI, 4 }, { "r10w", TP_REG_R10, 2 },
		{ "al", TP_REG_AX, 1 },	 { "eip", TP_REG_IP, 4 }, { "spl", TP_REG_SP, 1 },
	};
	struct run r;
	char y[512];
	size_t i;

	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		snprintf(y, sizeof(y),
			 HEADER "spec:\n  uprobes:\n  - path: /bin/true\n    symbols: [main]\n"
				"    data:\n    - {source: pt_regs, resolve: %s, type: int}\n",
			 regs[i].name);
		parse_text(&r, y);
		ck_assert_msg(r.p && !r.errors, "%s parses: %s", regs[i].name, r.out);
		ck_assert_msg(r.p->hooks[0].args[0].data && r.p->hooks[0].args[0].pt_regs, "%s",
			      regs[i].name);
		ck_assert_int_eq(r.p->hooks[0].args[0].reg, regs[i].reg);
		ck_assert_int_eq(r.p->hooks[0].args[0].reg_size, regs[i].size);
		ck_loc(r.p->hooks[0].args[0].source_loc, 10, 16, "source loc");
		parse_done(&r);
	}
	expect_diag(HEADER "spec:\n  kprobes:\n  - call: f\n    data:\n"
			   "    - {source: pt_regs, resolve: ip, type: int}\n"
			   "    - {source: pt_regs, resolve: xmm0, type: int}\n",
		    "t.yaml:9:34: error: data: register 'ip' is not supported: source pt_regs "
		    "reads an x86-64 register as Tetragon names it (rdi, edi, di, dil, ..., r15, "
		    "r15d, r15w, r15b, rip, eip)\n"
		    "t.yaml:10:34: error: data: register 'xmm0' is not supported: source pt_regs "
		    "reads an x86-64 register as Tetragon names it (rdi, edi, di, dil, ..., r15, "
		    "r15d, r15w, r15b, rip, eip)\n",
		    2);
}
END_TEST

START_TEST(test_err_duplicates)
{
	expect_diag(HEADER "  name: again\nspec:\n  kprobes:\n  - call: f\n    Call: g\n"
			   "    selectors:\n    - matchPIDs:\n      - operator: In\n"
			   "        followForks: true\n        followforks: false\n"
			   "  kprobes: []\n",
		    "t.yaml:5:3: error: duplicate key 'name'\n"
		    "t.yaml:15:3: error: duplicate key 'kprobes'\n"
		    "t.yaml:9:5: error: duplicate key 'Call'\n"
		    "t.yaml:14:9: error: duplicate key 'followforks'\n",
		    4);
}
END_TEST

/*
 * Every map of the grammar refuses a repeated key, known or not (issue 11:
 * a second "value" in an option won): one policy per map, the key repeated.
 */
START_TEST(test_err_duplicates_in_every_map)
{
	static const struct {
		const char *what, *yaml, *key;
	} cases[] = {
		{ "root", HEADER "spec: {}\nkind: TracingPolicy\n", "kind" },
		{ "metadata", HEADER "  labels: {}\n  labels: {}\nspec: {}\n", "labels" },
		{ "spec", HEADER "spec:\n  kprobes: []\n  lists: []\n  lists: []\n", "lists" },
		{ "kprobe",
		  HEADER "spec:\n  kprobes:\n  - {call: f, syscall: false, syscall: true}\n",
		  "syscall" },
		{ "tracepoint",
		  HEADER "spec:\n  tracepoints:\n  - {subsystem: a, event: b, event: c}\n",
		  "event" },
		{ "lsmhook", HEADER "spec:\n  lsmhooks:\n  - {hook: file_open, hook: bprm}\n",
		  "hook" },
		{ "uprobe",
		  HEADER "spec:\n  uprobes:\n  - {path: /bin/true, symbols: [a], path: /x}\n",
		  "path" },
		{ "usdt", HEADER "spec:\n  usdts:\n  - {path: /x, provider: p, name: n, name: m}\n",
		  "name" },
		{ "ignore",
		  HEADER "spec:\n  kprobes:\n  - call: f\n    ignore: {callNotFound: true, "
			 "callNotFound: false}\n",
		  "callNotFound" },
		{ "arg",
		  HEADER "spec:\n  kprobes:\n  - call: f\n    args:\n"
			 "    - {index: 0, type: int, type: string}\n",
		  "type" },
		{ "returnArg",
		  HEADER "spec:\n  kprobes:\n  - call: f\n    return: true\n"
			 "    returnArg: {index: 0, index: 1, type: int}\n",
		  "index" },
		{ "data",
		  HEADER "spec:\n  kprobes:\n  - call: f\n    data:\n"
			 "    - {source: current_task, resolve: pid, type: int, resolve: tgid}\n",
		  "resolve" },
		{ "selector",
		  HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n"
			 "    - {matchPIDs: [], matchPIDs: []}\n",
		  "matchPIDs" },
		{ "matchArgs",
		  HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n    - matchArgs:\n"
			 "      - {index: 0, operator: Equal, operator: Prefix, values: [a]}\n",
		  "operator" },
		{ "matchData",
		  HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n    - matchData:\n"
			 "      - {index: 0, operator: Equal, values: [a], values: [b]}\n",
		  "values" },
		{ "matchPIDs",
		  HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n    - matchPIDs:\n"
			 "      - {operator: In, values: [1], isNamespacePID: true, "
			 "isNamespacePID: false}\n",
		  "isNamespacePID" },
		{ "matchBinaries",
		  HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n"
			 "    - matchBinaries:\n      - {operator: In, operator: NotIn, "
			 "values: [/a]}\n",
		  "operator" },
		{ "matchNamespaces",
		  HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n"
			 "    - matchNamespaces:\n      - {namespace: Pid, namespace: "
			 "Mnt, operator: In, values: [host_ns]}\n",
		  "namespace" },
		{ "matchCapabilities",
		  HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n"
			 "    - matchCapabilities:\n      - {type: Effective, type: "
			 "Permitted, operator: In, values: [CAP_SYS_ADMIN]}\n",
		  "type" },
		{ "matchNamespaceChanges",
		  HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n"
			 "    - matchNamespaceChanges:\n      - {operator: In, "
			 "values: [Mnt], values: [Pid]}\n",
		  "values" },
		{ "matchActions",
		  HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n"
			 "    - matchActions:\n      - {action: Signal, argSig: 9, argSig: 10}\n",
		  "argSig" },
		{ "list",
		  HEADER "spec:\n  lists:\n  - {name: a, type: syscalls, name: b, values: []}\n",
		  "name" },
		{ "option",
		  HEADER "spec:\n  options:\n  - {name: policy-mode, value: monitor, value: "
			 "enforce}\n",
		  "value" },
		{ "enforcer",
		  HEADER "spec:\n  enforcers:\n  - {calls: [sys_dup], calls: [sys_dup2]}\n",
		  "calls" },
		{ "case", HEADER "spec:\n  kprobes:\n  - {call: f, Call: g}\n", "Call" },
	};
	char want[128];
	struct run r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse_text(&r, cases[i].yaml);
		snprintf(want, sizeof(want), "error: duplicate key '%s'", cases[i].key);
		ck_assert_msg(strstr(r.out, want) && r.errors >= 1, "%s: want '%s', got:\n%s",
			      cases[i].what, want, r.out);
		parse_done(&r);
	}
}
END_TEST

START_TEST(test_err_scalars)
{
	expect_diag(HEADER
		    "spec:\n  kprobes:\n  - call: f\n    syscall: maybe\n    return: 1\n"
		    "    returnArg: {index: 0}\n"
		    "    args:\n    - index: -1\n    - index: abc\n    - index: 99999999999\n"
		    "    - index: 0\n      sizeArgIndex: 0x\n      maxData: \"\"\n"
		    "    - index: 2147483647\n"
		    "    selectors:\n    - matchActions:\n      - action: Signal\n"
		    "        argSig: -9\n      - action: Signal\n        argSig: 9x\n"
		    "      - action: Sigkill\n        userStackTrace: sometimes\n",
		    "t.yaml:8:14: error: expected a boolean\n"
		    "t.yaml:9:13: error: expected a boolean\n"
		    "t.yaml:12:14: error: expected a non-negative integer\n"
		    "t.yaml:13:14: error: expected a non-negative integer\n"
		    "t.yaml:14:14: error: integer '99999999999' is out of range\n"
		    "t.yaml:16:21: error: expected a non-negative integer\n"
		    "t.yaml:17:16: error: expected a boolean\n"
		    "t.yaml:24:17: error: expected an integer\n"
		    "t.yaml:26:25: error: expected a boolean\n",
		    9);
}
END_TEST

START_TEST(test_err_required)
{
	expect_diag(HEADER "spec:\n  kprobes:\n  - syscall: true\n  - call: f\n    return: true\n"
			   "    args:\n    - type: int\n    selectors:\n    - matchArgs:\n"
			   "      - operator: Equal\n      - index: 0\n"
			   "      matchPIDs:\n      - values: [1]\n      matchBinaries:\n"
			   "      - values: [a]\n      matchActions:\n      - argSig: 9\n"
			   "  tracepoints:\n  - subsystem: a\n  - {}\n",
		    "t.yaml:7:5: error: missing required key 'call' in kprobe\n"
		    "t.yaml:11:7: error: missing required key 'index' in arg\n"
		    "t.yaml:14:9: error: missing required key 'index' in matchArgs\n"
		    "t.yaml:15:9: error: missing required key 'operator' in matchArgs\n"
		    "t.yaml:17:9: error: missing required key 'operator' in matchPIDs\n"
		    "t.yaml:19:9: error: missing required key 'operator' in matchBinaries\n"
		    "t.yaml:21:9: error: missing required key 'action' in matchActions\n"
		    "t.yaml:9:5: error: returnArg is required when return is true\n"
		    "t.yaml:23:5: error: missing required key 'event' in tracepoint\n"
		    "t.yaml:24:5: error: missing required key 'subsystem' in tracepoint\n"
		    "t.yaml:24:5: error: missing required key 'event' in tracepoint\n",
		    11);
	expect_diag("kind: TracingPolicy\nmetadata: {labels: {a: b}}\n",
		    "t.yaml:2:11: error: missing required key 'name' in metadata\n"
		    "t.yaml:1:1: error: missing required key 'apiVersion' in policy\n"
		    "t.yaml:1:1: error: missing required key 'spec' in policy\n",
		    3);
}
END_TEST

START_TEST(test_err_names)
{
	struct run r;

	expect_diag("apiVersion: cilium.io/v1\nkind: Policy\nmetadata: {name: x}\nspec: {}\n",
		    "t.yaml:1:13: error: unsupported apiVersion 'cilium.io/v1': expected "
		    "'cilium.io/v1alpha1'\n"
		    "t.yaml:2:7: error: unsupported kind 'Policy': expected 'TracingPolicy'\n",
		    2);
	expect_diag(HEADER
		    "spec:\n  kprobes:\n  - call: f\n    selectors:\n    - matchArgs:\n"
		    "      - index: 0\n        operator: Equals\n      matchPIDs:\n"
		    "      - operator: Equal\n      - operator: Bogus\n      matchBinaries:\n"
		    "      - operator: Equal\n      matchActions:\n      - action: Explode\n"
		    "      - action: Set\n",
		    "t.yaml:11:19: error: unknown operator 'Equals'\n"
		    "t.yaml:13:19: error: matchPIDs: operator 'Equal' is not valid, expected In or "
		    "NotIn\n"
		    "t.yaml:14:19: error: unknown operator 'Bogus'\n"
		    "t.yaml:16:19: error: unknown operator 'Equal'\n"
		    "t.yaml:18:17: error: unknown action 'Explode'\n",
		    5);

	/* TracingPolicyNamespaced is Tetragon's, for the pods of one namespace: refused */
	expect_diag("apiVersion: cilium.io/v1alpha1\nkind: TracingPolicyNamespaced\n"
		    "metadata: {name: x, namespace: y}\nspec:\n  kprobes:\n  - call: f\n",
		    "t.yaml:2:7: error: kind TracingPolicyNamespaced is not supported: it applies "
		    "to the pods of a Kubernetes namespace, and tpgen has no pods\n",
		    1);
	/* unknown-operator entries are kept for context */
	parse_text(&r, "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\n"
		       "metadata: {name: x, namespace: y}\nspec:\n  kprobes:\n  - call: f\n"
		       "    selectors:\n    - matchArgs:\n      - {index: 0, operator: Nope}\n"
		       "      matchActions:\n      - {action: Nope}\n      - {action: Set}\n");
	ck_assert_msg(r.p && r.errors == 2, "two errors, got %d:\n%s", r.errors, r.out);
	ck_assert_msg(r.p->hooks[0].selectors[0].nargs == 1 &&
			  r.p->hooks[0].selectors[0].args[0].op == TP_OP_NONE,
		      "unknown operator kept as TP_OP_NONE");
	ck_assert_msg(r.p->hooks[0].selectors[0].nactions == 1 &&
			  r.p->hooks[0].selectors[0].actions[0].action == TP_ACT_SET,
		      "unknown action dropped, Set kept for the checker to refuse");
	parse_done(&r);
}
END_TEST

START_TEST(test_err_syntax)
{
	struct run r;

	parse_text(&r, HEADER "spec:\n  kprobes: [a\n");
	ck_assert_msg(r.p == NULL && r.err == EINVAL, "syntax error returns NULL, EINVAL");
	ck_str(r.out, "t.yaml:7:1: error: did not find expected ',' or ']'\n", "syntax error");
	ck_assert_msg(r.errors == 1, "one error");
	parse_done(&r);

	parse_text(&r, "a: b\n c: d\n");
	ck_str(r.out, "t.yaml:2:3: error: mapping values are not allowed in this context\n",
	       "bad indentation");
	ck_assert_msg(r.p == NULL, "NULL");
	parse_done(&r);

	parse_text(&r, "a: \"x\n");
	ck_str(r.out, "t.yaml:2:1: error: found unexpected end of stream\n", "open quote");
	parse_done(&r);

	parse_text(&r, "a: b\nc: \xff\n");
	ck_str(r.out, "t.yaml:2:4: error: invalid leading UTF-8 octet\n", "bad UTF-8");
	ck_assert_msg(r.p == NULL, "NULL on bad UTF-8");
	parse_done(&r);

	parse_text(&r, "a: *nope\n");
	ck_str(r.out, "t.yaml:1:4: error: found undefined alias\n", "undefined alias");
	parse_done(&r);

	parse_text(&r, "");
	ck_str(r.out, "t.yaml: error: policy is empty\n", "empty input");
	ck_assert_msg(r.p == NULL && r.err == EINVAL, "empty: NULL, EINVAL");
	parse_done(&r);

	parse_text(&r, "# nothing\n");
	ck_str(r.out, "t.yaml: error: policy is empty\n", "comment only");
	parse_done(&r);

	parse_text(&r, openat_policy);
	parse_done(&r);
	{
		char *two = malloc(sizeof(openat_policy) + 16);

		sprintf(two, "%s---\nb: 1\n", openat_policy);
		parse_text(&r, two);
		ck_str(r.out,
		       "t.yaml:22:1: error: a policy file holds one document, found another\n",
		       "two documents");
		ck_assert_msg(r.p && r.p->nhooks == 1, "first document still parsed");
		parse_done(&r);
		free(two);
	}
}
END_TEST

START_TEST(test_err_nul_byte)
{
	static const char text[] = "apiVersion: cilium.io/v1alpha1\nkind: Tracing\0Policy\n";
	struct run r;

	parse_n(&r, text, sizeof(text) - 1);
	ck_assert_msg(r.p == NULL && r.err == EINVAL, "NUL byte rejected");
	ck_str(r.out, "t.yaml:2:14: error: policy contains a NUL byte\n", "NUL position");
	parse_done(&r);

	parse_n(&r, "\0", 1);
	ck_str(r.out, "t.yaml:1:1: error: policy contains a NUL byte\n", "leading NUL");
	parse_done(&r);
}
END_TEST

START_TEST(test_err_deep_nesting)
{
	size_t n = 10000, i;
	char *text = malloc(2 * n + 2);
	struct run r;

	ck_assert_msg(text != NULL, "malloc");
	for (i = 0; i < n; i++) {
		text[i] = '[';
		text[n + i] = ']';
	}
	text[2 * n] = '\n';
	text[2 * n + 1] = '\0';
	parse_text(&r, text);
	ck_assert_msg(r.p == NULL && r.err == EINVAL, "deep nesting rejected");
	ck_str(r.out, "t.yaml:1:65: error: policy nests too deeply\n", "deep flow nesting");
	parse_done(&r);

	/* unbalanced: still cut off at the depth limit, before libyaml slows down */
	text[n] = '\0';
	parse_text(&r, text);
	ck_str(r.out, "t.yaml:1:65: error: policy nests too deeply\n", "unbalanced nesting");
	parse_done(&r);

	/* deep block nesting inside the schema */
	{
		char *b = malloc(200 * 200), *o = b;

		o += sprintf(o, HEADER "spec:\n  kprobes:\n  - call: f\n    ignore:\n");
		for (i = 0; i < 100; i++)
			o += sprintf(o, "%*sk:\n", (int)(6 + 2 * i), "");
		parse_text(&r, b);
		ck_assert_msg(r.p == NULL, "deep block nesting rejected");
		ck_assert_msg(strstr(r.out, "error: policy nests too deeply\n") != NULL,
			      "deep block nesting message: %s", r.out);
		parse_done(&r);
		free(b);
	}

	/* a self-referencing alias is infinitely deep */
	parse_text(&r, HEADER "spec: &s\n  kprobes:\n  - call: f\n    ignore: *s\n");
	ck_assert_msg(r.p == NULL && r.errors == 1, "recursive alias rejected: %s", r.out);
	ck_assert_msg(strstr(r.out, "error: policy nests too deeply\n") != NULL,
		      "recursive alias message: %s", r.out);
	parse_done(&r);
	parse_text(&r, "a: &a [*a]\n");
	ck_str(r.out, "t.yaml:1:4: error: policy nests too deeply\n", "alias cycle");
	parse_done(&r);
	free(text);
}
END_TEST

START_TEST(test_err_alias_bomb)
{
	struct run r;

	parse_text(
	    &r, HEADER
	    "  labels:\n"
	    "    a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	    "    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	    "    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	    "    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	    "    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	    "    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	    "    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	    "    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
	    "    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
	    "spec: {}\n");
	ck_assert_msg(r.p == NULL && r.err == EINVAL, "alias bomb rejected");
	ck_assert_msg(r.errors == 1, "one error, got %d", r.errors);
	ck_assert_msg(strstr(r.out, "error: policy too large\n") != NULL, "bomb message: %s",
		      r.out);
	parse_done(&r);

	/* aliases that stay small are fine and share nothing in the model */
	parse_text(&r,
		   HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n"
			  "    - matchArgs:\n      - index: 0\n        operator: Equal\n"
			  "        values: &v [a, b]\n      - index: 1\n        operator: Equal\n"
			  "        values: *v\n");
	ck_assert_msg(r.p && r.errors == 0, "small aliases parse: %s", r.out);
	ck_assert_msg(r.p->hooks[0].selectors[0].args[1].nvalues == 2 &&
			  r.p->hooks[0].selectors[0].args[0].values[0].str !=
			      r.p->hooks[0].selectors[0].args[1].values[0].str,
		      "aliased values are copied");
	parse_done(&r);
}
END_TEST

/* Every prefix and many byte mutations of a real policy: no crash, no leak. */
START_TEST(test_hostile_mutations)
{
	size_t len = strlen(openat_policy), i;
	static const char junk[] = "\0\n\t :-[]{}&*!|>'\"%@`#,?\\\xff\xc3";
	unsigned int seed = 12345;
	char *buf = malloc(len + 1);
	struct run r;
	int k;

	ck_assert_msg(buf != NULL, "malloc");
	for (i = 0; i <= len; i++) {
		parse_n(&r, openat_policy, i);
		parse_done(&r);
	}
	for (k = 0; k < 3000; k++) {
		int edits = 1 + k % 4, e;

		memcpy(buf, openat_policy, len + 1);
		for (e = 0; e < edits; e++) {
			seed = seed * 1103515245u + 12345u;
			i = (seed >> 8) % len;
			seed = seed * 1103515245u + 12345u;
			buf[i] = junk[(seed >> 8) % (sizeof(junk) - 1)];
		}
		parse_n(&r, buf, len);
		ck_assert_msg(r.p != NULL || r.errors > 0, "mutation %d: NULL without an error", k);
		parse_done(&r);
	}
	free(buf);
}
END_TEST

/* --- selectorsMacros (Tetragon's appendMacrosSelectors and useMacro,
 * pkg/sensors/tracing/generic.go) */

#define MACROS                                                          \
	"spec:\n"                                                       \
	"  selectorsMacros:\n"                                          \
	"    bin:\n"                                                    \
	"      matchBinaries: [{operator: In, values: [\"/bin/a\"]}]\n" \
	"    kill:\n"                                                   \
	"      matchActions: [{action: Sigkill}]\n"                     \
	"      matchPIDs: [{operator: NotIn, values: [1]}]\n"

START_TEST(test_macros_expanded)
{
	struct tp_selector *s;
	struct tp_policy *p;
	struct run r;

	/* lines 5-11 MACROS, then the hook */
	parse_text(&r,
		   HEADER MACROS "  kprobes:\n  - call: f\n    selectors:\n"
				 "    - macros: [kill, bin]\n"
				 "      matchArgs: [{index: 0, operator: Equal, values: [\"1\"]}]\n"
				 "    - macros: [kill]\n");
	p = r.p;
	ck_assert_msg(p && r.errors == 0, "parsed:\n%s", r.out);
	ck_assert_int_eq(p->hooks[0].nselectors, 2);
	s = &p->hooks[0].selectors[0];
	ck_assert_int_eq(s->nargs, 1);
	ck_assert_int_eq(s->nbinaries, 1);
	ck_assert_str_eq(s->binaries[0].values[0].str, "/bin/a");
	ck_assert_int_eq(s->binaries[0].loc.line, 9 - 1);
	ck_assert_int_eq(s->nactions, 1);
	ck_assert_int_eq(s->actions[0].action, TP_ACT_SIGKILL);
	ck_assert_int_eq(s->npids, 1);
	s = &p->hooks[0].selectors[1];
	ck_assert_int_eq(s->nargs + s->nbinaries, 0);
	ck_assert_int_eq(s->nactions + s->npids, 2);
	parse_done(&r);
}
END_TEST

START_TEST(test_macros_refused)
{
	/* an undefined name; a list in both the selector and a macro, or in two macros */
	expect_diag(HEADER MACROS "  kprobes:\n  - call: f\n    selectors:\n"
				  "    - macros: [nope]\n"
				  "    - macros: [kill]\n"
				  "      matchActions: [{action: Post}]\n"
				  "    - macros: [bin, kill, bin]\n",
		    "t.yaml:15:16: error: undefined macro 'nope'\n"
		    "t.yaml:16:16: error: macro 'kill': matchActions is not supported in both a "
		    "selector and its macro, or in two of its macros (Tetragon refuses it)\n"
		    "t.yaml:18:27: error: macro 'bin': matchBinaries is not supported in both a "
		    "selector and its macro, or in two of its macros (Tetragon refuses it)\n",
		    3);
	/* no selectorsMacros at all */
	expect_diag(HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n    - macros: [m]\n",
		    "t.yaml:9:16: error: macro 'm' is used, but spec.selectorsMacros is not "
		    "defined\n",
		    1);
	/* a macro that uses macros; a key of a macro tpgen refuses is refused where written */
	expect_diag(HEADER "spec:\n  selectorsMacros:\n    m:\n      macros: [n]\n"
			   "    n:\n      matchData: []\n"
			   "  kprobes:\n  - call: f\n    selectors:\n    - macros: [m]\n",
		    "t.yaml:8:7: error: macros is not supported in a macro (Tetragon: a macro "
		    "definition cannot use other macros)\n",
		    1);
	/* Tetragon expands macros in kprobes and lsmhooks only */
	expect_diag(HEADER MACROS "  tracepoints:\n  - subsystem: a\n    event: b\n"
				  "    selectors:\n    - macros: [kill]\n",
		    "t.yaml:16:7: error: macros is not supported on tracepoints: Tetragon "
		    "expands macros in kprobes and lsmhooks only\n",
		    1);
	expect_diag(HEADER "spec:\n  selectorsMacros: [a]\n",
		    "t.yaml:6:20: error: expected a mapping\n", 1);
}
END_TEST

/* matchArgs args: positions in the hook's args (Tetragon's ArgSelector.Args), two at most */
START_TEST(test_match_arg_positions)
{
	struct run r;

	parse_text(&r, HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n"
			      "    - matchArgs:\n      - args: [1, 0]\n"
			      "        operator: CapabilitiesGained\n");
	ck_assert_msg(r.p && r.errors == 0, "parsed:\n%s", r.out);
	ck_assert_int_eq(r.p->hooks[0].selectors[0].args[0].npos, 2);
	ck_assert_int_eq(r.p->hooks[0].selectors[0].args[0].pos_list[0], 1);
	ck_assert_int_eq(r.p->hooks[0].selectors[0].args[0].pos_list[1], 0);
	ck_assert(!r.p->hooks[0].selectors[0].args[0].has_index);
	parse_done(&r);
	expect_diag(HEADER "spec:\n  kprobes:\n  - call: f\n    selectors:\n"
			   "    - matchArgs:\n      - args: [0, 1, 2]\n        operator: Equal\n"
			   "      - args: [-1]\n        operator: Equal\n",
		    "t.yaml:10:9: error: args with 3 positions is not supported: Tetragon reads "
		    "the first, and CapabilitiesGained a second\n"
		    "t.yaml:12:16: error: expected a non-negative integer\n",
		    2);
}
END_TEST

/* --- files ----------------------------------------------------------------- */

static struct tp_policy *load_file(const char *path, char **out, int *errors)
{
	struct tp_policy *p;
	struct tp_diag d;
	size_t len;
	FILE *f;

	*out = NULL;
	f = open_memstream(out, &len);
	ck_assert_msg(f != NULL, "open_memstream");
	tp_diag__init(&d, path, f);
	p = tp_policy__load_file(path, &d);
	*errors = d.errors;
	fclose(f);
	return p;
}

START_TEST(test_load_file)
{
	char path[] = "/tmp/tp_parse_XXXXXX";
	struct tp_policy *p;
	int fd, errors;
	char *out, want[128];
	FILE *f;

	fd = mkstemp(path);
	ck_assert_msg(fd >= 0, "mkstemp");
	ck_assert_msg(write(fd, openat_policy, strlen(openat_policy)) ==
			  (ssize_t)strlen(openat_policy),
		      "write policy");
	close(fd);
	p = load_file(path, &out, &errors);
	ck_assert_msg(p && errors == 0, "file parses: %s", out);
	ck_str(p->path, path, "path stored");
	ck_assert_msg(p->source_len == strlen(openat_policy) &&
			  !memcmp(p->source, openat_policy, p->source_len),
		      "source stored");
	ck_assert_msg(p->source[p->source_len] == '\0', "source NUL terminated");
	tp_policy__free(p);
	free(out);

	/* larger than 16 MiB */
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "reopen");
	ck_assert_msg(fseek(f, (16 << 20), SEEK_SET) == 0 && fputc('\n', f) == '\n', "grow");
	fclose(f);
	p = load_file(path, &out, &errors);
	ck_assert_msg(p == NULL && errno == EFBIG, "too large rejected");
	snprintf(want, sizeof(want), "%s: error: policy is larger than 16 MiB\n", path);
	ck_str(out, want, "too large message");
	free(out);
	unlink(path);

	p = load_file("/nonexistent/p.yaml", &out, &errors);
	ck_assert_msg(p == NULL && errno == ENOENT && errors == 1, "missing file");
	ck_str(out, "/nonexistent/p.yaml: error: cannot open policy: No such file or directory\n",
	       "missing file message");
	free(out);

	p = load_file("/", &out, &errors);
	ck_assert_msg(p == NULL && errors == 1, "directory rejected");
	ck_str(out, "/: error: cannot read policy: Is a directory\n", "directory message");
	free(out);

	ck_assert_msg(tp_policy__parse("x", NULL, 0, NULL) == NULL && errno == EINVAL, "NULL text");
	tp_policy__free(NULL);
}
END_TEST

static int corpus_walk(const char *dir, int *files)
{
	struct dirent *de;
	char path[4096];
	DIR *dp;
	int n = 0;

	dp = opendir(dir);
	if (!dp)
		return 0;
	while ((de = readdir(dp))) {
		size_t l = strlen(de->d_name);
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			n += corpus_walk(path, files);
		} else if ((l > 5 && !strcmp(de->d_name + l - 5, ".yaml")) ||
			   (l > 4 && !strcmp(de->d_name + l - 4, ".yml"))) {
			struct tp_policy *p;
			char *out;
			int errors;

			p = load_file(path, &out, &errors);
			ck_assert_msg(p != NULL, "%s: corpus policy is valid YAML: %s", path, out);
			ck_assert_msg(p->name != NULL, "%s: has a name", path);
			ck_assert_msg(errors == 0 || strstr(out, "not supported"),
				      "%s: only unsupported-feature errors: %s", path, out);
			if (errors == 0)
				n++;
			(*files)++;
			tp_policy__free(p);
			free(out);
		}
	}
	closedir(dp);
	return n;
}

START_TEST(test_corpus)
{
	int files = 0, clean;

	clean = corpus_walk(tp_test_corpus(), &files);
	ck_assert_msg(files >= 80, "%d corpus policies found under %s", files, tp_test_corpus());
	ck_assert_msg(clean > files / 2, "most of the corpus parses cleanly: %d of %d", clean,
		      files);
}
END_TEST

static Suite *parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *ok = tcase_create("policies");
	TCase *bad = tcase_create("diagnostics");
	TCase *files = tcase_create("files");

	tcase_add_test(ok, test_openat_example);
	tcase_add_test(ok, test_tracepoint_and_order);
	tcase_add_test(ok, test_fentries);
	tcase_add_test(ok, test_selectors_full);
	tcase_add_test(ok, test_hook_fields);
	tcase_add_test(ok, test_arg_types);
	tcase_add_test(ok, test_operators);
	tcase_add_test(ok, test_values_byte_exact);
	tcase_add_test(ok, test_long_value);
	tcase_add_test(ok, test_macros_expanded);
	suite_add_tcase(s, ok);

	tcase_add_test(bad, test_err_wrong_kinds);
	tcase_add_test(bad, test_err_unknown_keys);
	tcase_add_test(bad, test_err_unsupported);
	tcase_add_test(bad, test_arg_keys);
	tcase_add_test(bad, test_data_pt_regs);
	tcase_add_test(bad, test_lists_options_lsmhooks);
	tcase_add_test(bad, test_err_duplicates);
	tcase_add_test(bad, test_err_duplicates_in_every_map);
	tcase_add_test(bad, test_err_scalars);
	tcase_add_test(bad, test_err_required);
	tcase_add_test(bad, test_err_names);
	tcase_add_test(bad, test_err_syntax);
	tcase_add_test(bad, test_err_nul_byte);
	tcase_add_test(bad, test_err_deep_nesting);
	tcase_add_test(bad, test_err_alias_bomb);
	tcase_add_test(bad, test_hostile_mutations);
	tcase_add_test(bad, test_macros_refused);
	tcase_add_test(bad, test_match_arg_positions);
	tcase_set_timeout(bad, 120);
	suite_add_tcase(s, bad);

	tcase_add_test(files, test_load_file);
	tcase_add_test(files, test_corpus);
	tcase_set_timeout(files, 120);
	suite_add_tcase(s, files);
	return s;
}

int main(void)
{
	return tp_test_run(parse_suite());
}
