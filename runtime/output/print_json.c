// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Events as Tetragon exports them: protojson of GetEventsResponse with proto
 * field names, fields in declaration order, proto3 defaults (empty strings,
 * zero scalars, empty lists) omitted, wrapper types (pid, uid, auid, tid)
 * always printed, 64-bit integers as strings.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "ktime.h"
#include "json_arg.h"
#include "json_creds.h"
#include "print.h"
#include "proc_json.h"
#include "vocab.h"

static void put_str(struct tp_json *j, const char *key, const char *s)
{
	if (s && *s)
		tp_json__str(j, key, s);
}

static void put_time(struct tp_json *j, const char *key, uint64_t ktime)
{
	char buf[TP_TIME_STRLEN];
	int n = tp_ktime_format(ktime, buf, sizeof(buf));

	if (n > 0)
		tp_json__strn(j, key, buf, n);
}

/* A process's members before its tid: the same in every line that shows it. */
static void put_process_members(struct tp_json *j, const struct tp_process *p,
				const struct tp_out_event *ev)
{
	bool creds = p->creds.known;

	put_str(j, "exec_id", p->exec_id);
	tp_json__uint(j, "pid", p->pid);
	tp_json__uint(j, "uid", p->uid);
	put_str(j, "cwd", p->cwd);
	put_str(j, "binary", p->binary);
	put_str(j, "arguments", p->arguments);
	put_str(j, "flags", p->flags);
	if (p->ktime)
		put_time(j, "start_time", p->ktime);
	tp_json__uint(j, "auid", p->auid);
	put_str(j, "parent_exec_id", p->parent_exec_id);
	if (creds && (ev->proc_fields & TP_OUT_PROC_CRED))
		tp_json_creds__caps(j, "cap", &p->creds);
	if (creds && (ev->proc_fields & TP_OUT_PROC_NS))
		tp_json_creds__ns(j, "ns", &p->creds, ev->host_ns);
}

/* Those members rendered once per process (ev->procs) and pasted after. */
static void put_process_cached(struct tp_json *j, const struct tp_process *p,
			       const struct tp_out_event *ev)
{
	struct tp_json *r;
	const char *text;
	size_t len;

	if (!ev->procs) {
		put_process_members(j, p, ev);
		return;
	}
	text = tp_proc_json__get(ev->procs, p, &len);
	if (text) {
		tp_json__members(j, text, len);
		return;
	}
	r = tp_proc_json__writer(ev->procs);
	tp_json__reset(r);
	tp_json__begin_obj(r, NULL);
	put_process_members(r, p, ev);
	if (tp_json__error(r)) {
		put_process_members(j, p, ev); /* the line's writer latches the error */
		return;
	}
	text = tp_json__text(r, &len);
	tp_json__members(j, text + 1, len - 1);		    /* after its '{' */
	tp_proc_json__put(ev->procs, p, text + 1, len - 1); /* out of memory: rendered again */
}

/*
 * A process as Tetragon's cache holds it; cap, ns and process_credentials
 * when asked for (AnnotateProcess in pkg/process: the cached process, so a
 * parent shows them too) and known.
 */
static void put_process(struct tp_json *j, const char *key, const struct tp_process *p,
			uint32_t pid, const uint32_t *tid, const struct tp_out_event *ev)
{
	bool creds = p && p->creds.known;

	tp_json__begin_obj(j, key);
	if (p) {
		put_process_cached(j, p, ev);
	} else {
		/* Tetragon's word for a process missing from its cache */
		tp_json__uint(j, "pid", pid);
		tp_json__str(j, "flags", "unknown");
	}
	if (tid)
		tp_json__uint(j, "tid", *tid);
	if (creds && (ev->proc_fields & TP_OUT_PROC_CRED)) {
		tp_json__begin_obj(j, "process_credentials");
		tp_json_creds__ids(j, &p->creds);
		tp_json__end_obj(j);
	}
	tp_json__end_obj(j);
}

static void put_action(struct tp_json *j, const char *key, uint32_t action)
{
	const char *name = tp_action__proto_name(action);

	if (!action)
		return;
	if (name)
		tp_json__str(j, key, name);
	else
		tp_json__uint(j, key, action); /* protojson prints unnamed values as numbers */
}

/* One KprobeArgument: its oneof member (always printed), then its label. */
static void put_arg(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	tp_json__begin_obj(j, key);
	tp_json_arg__put(j, a);
	put_str(j, "label", a->label);
	tp_json__end_obj(j);
}

/*
 * The args (data false) or data entries (data true, Tetragon's data: kprobes and
 * uprobes) under key. Those whose type has no member (nop) are left out, as
 * Tetragon leaves them; extra (a uprobe's return value, NULL when none) comes last.
 */
static void put_arg_list(struct tp_json *j, const char *key, const struct tp_out_event *ev,
			 bool data, const struct tp_arg_val *extra)
{
	size_t i, n = extra != NULL;

	for (i = 0; i < ev->nargs; i++)
		n += ev->args[i].data == data && tp_json_arg__key(ev->args[i].type) != NULL;
	if (!n)
		return;
	tp_json__begin_arr(j, key);
	for (i = 0; i < ev->nargs; i++)
		if (ev->args[i].data == data && tp_json_arg__key(ev->args[i].type))
			put_arg(j, NULL, &ev->args[i]);
	if (extra)
		put_arg(j, NULL, extra);
	tp_json__end_arr(j);
}

static void put_args_and(struct tp_json *j, const struct tp_out_event *ev,
			 const struct tp_arg_val *extra)
{
	put_arg_list(j, "args", ev, false, extra);
}

static void put_args(struct tp_json *j, const struct tp_out_event *ev)
{
	put_args_and(j, ev, NULL);
}

static void put_tags(struct tp_json *j, const struct tp_meta_hook_view *h)
{
	size_t i;

	if (!h->ntags)
		return;
	tp_json__begin_arr(j, "tags");
	for (i = 0; i < h->ntags; i++)
		tp_json__str(j, NULL, h->tags[i]);
	tp_json__end_arr(j);
}

/*
 * The event's member, opened with its process and parent. A hook event's
 * process has the calling thread's tid; Tetragon's cached processes have tid
 * = pid (pkg/process: "a cached process will always have its TGID == TID"),
 * which is what an exec, an exit and every parent show.
 */
static void begin_event(struct tp_json *j, const char *member, const struct tp_out_event *ev)
{
	const uint32_t *tid = ev->type == TP_EV_HOOK ? &ev->tid : NULL;
	bool keep = ev->procs && ev->proc; /* the pair rendered once per thread (ev->procs) */
	const char *text;
	size_t start, len;

	if (!tid && ev->proc)
		tid = &ev->proc->pid;
	tp_json__begin_obj(j, member);
	text = keep ? tp_proc_json__get_pair(ev->procs, ev->proc, *tid, ev->parent, &len) : NULL;
	if (text) {
		tp_json__members(j, text, len);
		return;
	}
	tp_json__text(j, &start);
	put_process(j, "process", ev->proc, ev->pid, tid, ev);
	if (ev->parent)
		put_process(j, "parent", ev->parent, 0, &ev->parent->pid, ev);
	if (keep && !tp_json__error(j)) {
		text = tp_json__text(j, &len); /* the members after the object's '{' */
		tp_proc_json__put_pair(ev->procs, ev->proc, *tid, ev->parent, text + start,
				       len - start); /* out of memory: rendered again */
	}
}

/* Runs of members that depend on the hook, the policy and one number of the event alone. */
enum frag {
	FRAG_TP_HEAD,	  /* subsys, event */
	FRAG_TP_TAIL,	  /* policy_name, action, message, tags: the action */
	FRAG_LSM_HEAD,	  /* function_name, policy_name, message */
	FRAG_LSM_TAIL,	  /* action, tags: the action */
	FRAG_KPROBE_TAIL, /* policy_name, return_action, message, tags: the return action */
};

typedef void put_fn(struct tp_json *j, const char *policy, const struct tp_out_event *ev);

/* What put writes for (ev->hook, frag, num): rendered once (ev->frags), pasted after. */
static void put_frag(struct tp_json *j, const char *policy, const struct tp_out_event *ev,
		     enum frag frag, uint32_t num, put_fn *put)
{
	uint64_t key = (uint64_t)num << 8 | frag;
	size_t start, len;
	const char *text;

	text = ev->frags ? tp_frag_json__get(ev->frags, ev->hook, key, &len) : NULL;
	if (text) {
		tp_json__members(j, text, len);
		return;
	}
	tp_json__text(j, &start);
	put(j, policy, ev);
	if (!ev->frags || tp_json__error(j))
		return;
	text = tp_json__text(j, &len);
	if (len > start && text[start] == ',')
		start++; /* the separator after the members before: pasting writes its own */
	tp_frag_json__put(ev->frags, ev->hook, key, text + start, len - start);
}

static void put_tp_head(struct tp_json *j, const char *policy, const struct tp_out_event *ev)
{
	(void)policy;
	put_str(j, "subsys", ev->hook->subsys);
	put_str(j, "event", ev->hook->event);
}

static void put_tp_tail(struct tp_json *j, const char *policy, const struct tp_out_event *ev)
{
	put_str(j, "policy_name", policy);
	put_action(j, "action", ev->action);
	put_str(j, "message", ev->hook->message);
	put_tags(j, ev->hook);
}

/* Each member's fields in tetragon.proto's declaration order. */
static void put_tracepoint(struct tp_json *j, const char *policy, const struct tp_out_event *ev)
{
	begin_event(j, "process_tracepoint", ev);
	put_frag(j, policy, ev, FRAG_TP_HEAD, 0, put_tp_head);
	put_args(j, ev);
	put_frag(j, policy, ev, FRAG_TP_TAIL, ev->action, put_tp_tail);
	tp_json__end_obj(j);
}

static void put_lsm_head(struct tp_json *j, const char *policy, const struct tp_out_event *ev)
{
	put_str(j, "function_name", ev->hook->function_name);
	put_str(j, "policy_name", policy);
	put_str(j, "message", ev->hook->message);
}

static void put_lsm_tail(struct tp_json *j, const char *policy, const struct tp_out_event *ev)
{
	(void)policy;
	put_action(j, "action", ev->action);
	put_tags(j, ev->hook);
}

static void put_lsm(struct tp_json *j, const char *policy, const struct tp_out_event *ev)
{
	begin_event(j, "process_lsm", ev);
	put_frag(j, policy, ev, FRAG_LSM_HEAD, 0, put_lsm_head);
	put_args(j, ev);
	put_frag(j, policy, ev, FRAG_LSM_TAIL, ev->action, put_lsm_tail);
	put_str(j, "ima_hash", ev->ima_hash);
	tp_json__end_obj(j);
}

/*
 * A uprobe's target is its symbol as written, or an offset, which Tetragon
 * reports as offset with no symbol (include/tp/meta.h).
 * The return value is the last arg: Tetragon's retprobeMerge appends it.
 */
static void put_uprobe(struct tp_json *j, const char *policy, const struct tp_out_event *ev)
{
	const struct tp_meta_hook_view *h = ev->hook;
	struct tp_uprobe_target u;

	tp_meta__uprobe_target(ev->function, &u);
	begin_event(j, "process_uprobe", ev);
	put_str(j, "path", h->call);
	put_str(j, "symbol", u.symbol);
	put_str(j, "policy_name", policy);
	put_str(j, "message", h->message);
	put_args_and(j, ev, ev->ret);
	put_tags(j, h);
	if (!*u.symbol)
		tp_json__uint_str(j, "offset", u.off);
	if (u.ref_ctr_off)
		tp_json__uint_str(j, "ref_ctr_offset", u.ref_ctr_off);
	put_action(j, "action", ev->action);
	put_arg_list(j, "data", ev, true, NULL);
	tp_json__end_obj(j);
}

static void put_usdt(struct tp_json *j, const char *policy, const struct tp_out_event *ev)
{
	const struct tp_meta_hook_view *h = ev->hook;

	begin_event(j, "process_usdt", ev);
	put_str(j, "path", h->call);
	put_str(j, "provider", h->subsys);
	put_str(j, "name", h->event);
	put_str(j, "policy_name", policy);
	put_str(j, "message", h->message);
	put_args(j, ev);
	put_tags(j, h);
	put_action(j, "action", ev->action);
	tp_json__end_obj(j);
}

/* repeated StackTraceEntry: address, offset, symbol, module, each left out when empty */
static void put_stack(struct tp_json *j, const char *key, const struct tp_stack_frame *f, size_t n)
{
	size_t i;

	if (!n)
		return;
	tp_json__begin_arr(j, key);
	for (i = 0; i < n; i++) {
		tp_json__begin_obj(j, NULL);
		if (f[i].address)
			tp_json__uint_str(j, "address", f[i].address);
		if (f[i].offset)
			tp_json__uint_str(j, "offset", f[i].offset);
		put_str(j, "symbol", f[i].symbol);
		put_str(j, "module", f[i].module);
		tp_json__end_obj(j);
	}
	tp_json__end_arr(j);
}

static void put_kprobe_tail(struct tp_json *j, const char *policy, const struct tp_out_event *ev)
{
	put_str(j, "policy_name", policy);
	put_action(j, "return_action", ev->ret_action);
	put_str(j, "message", ev->hook->message);
	put_tags(j, ev->hook);
}

static void put_kprobe(struct tp_json *j, const char *policy, const struct tp_out_event *ev)
{
	begin_event(j, "process_kprobe", ev);
	put_str(j, "function_name", ev->function);
	put_args(j, ev);
	if (ev->ret)
		put_arg(j, "return", ev->ret);
	put_action(j, "action", ev->action);
	put_stack(j, "kernel_stack_trace", ev->kernel_stack, ev->nkernel_stack);
	put_frag(j, policy, ev, FRAG_KPROBE_TAIL, ev->ret_action, put_kprobe_tail);
	put_stack(j, "user_stack_trace", ev->user_stack, ev->nuser_stack);
	put_arg_list(j, "data", ev, true, NULL);
	tp_json__end_obj(j);
}

/* ProcessLoader: process, path, buildid (protojson bytes: base64), parent */
static void put_loader(struct tp_json *j, const struct tp_out_event *ev)
{
	tp_json__begin_obj(j, "process_loader");
	put_process(j, "process", ev->proc, ev->pid, ev->proc ? &ev->proc->pid : NULL, ev);
	put_str(j, "path", ev->path);
	if (ev->buildid_len)
		tp_json__base64(j, "buildid", ev->buildid, ev->buildid_len);
	if (ev->parent)
		put_process(j, "parent", ev->parent, 0, &ev->parent->pid, ev);
	tp_json__end_obj(j);
}

/* ProcessExit: process, parent, signal, status, time (pkg/grpc/exec/exec.go GetProcessExit) */
static void put_exit(struct tp_json *j, const struct tp_out_event *ev)
{
	const char *sig = tp_out_event__exit_signal(ev);

	begin_event(j, "process_exit", ev);
	if (sig)
		tp_json__str(j, "signal", sig);
	if (tp_out_event__exit_status(ev))
		tp_json__uint(j, "status", tp_out_event__exit_status(ev));
	put_time(j, "time", ev->ktime);
	tp_json__end_obj(j);
}

int tp_output_json__print(FILE *f, struct tp_json *j, const char *node, const char *policy,
			  const struct tp_out_event *ev)
{
	const char *text;
	size_t len;
	int err;

	tp_json__reset(j);
	tp_json__begin_obj(j, NULL);
	switch (tp_filter_event__type(ev)) {
	case TP_ET_PROCESS_EXEC:
		begin_event(j, "process_exec", ev);
		tp_json__end_obj(j);
		break;
	case TP_ET_PROCESS_EXIT:
		put_exit(j, ev);
		break;
	case TP_ET_PROCESS_TRACEPOINT:
		put_tracepoint(j, policy, ev);
		break;
	case TP_ET_PROCESS_LSM:
		put_lsm(j, policy, ev);
		break;
	case TP_ET_PROCESS_UPROBE:
		put_uprobe(j, policy, ev);
		break;
	case TP_ET_PROCESS_USDT:
		put_usdt(j, policy, ev);
		break;
	case TP_ET_PROCESS_KPROBE:
		put_kprobe(j, policy, ev);
		break;
	case TP_ET_PROCESS_LOADER:
		put_loader(j, ev);
		break;
	case TP_ET_RATE_LIMIT_INFO:
		/* RateLimitInfo: a uint64, so a string in protojson */
		tp_json__begin_obj(j, "rate_limit_info");
		tp_json__uint_str(j, "number_of_dropped_process_events", ev->dropped);
		tp_json__end_obj(j);
		break;
	default:
		return -EINVAL;
	}
	put_str(j, "node_name", node);
	put_time(j, "time", ev->ktime);
	tp_json__end_obj(j);

	err = tp_json__error(j);
	if (err)
		return err;
	text = tp_json__text(j, &len);
	/* tprun's one thread writes its lines: a flood need not take the stream's lock */
	if (fwrite_unlocked(text, 1, len, f) != len || putc_unlocked('\n', f) == EOF)
		return -EIO;
	return 0;
}
