// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Record dispatch: keep the process cache current, hold hook entries whose
 * return is pending (join.c), and hand finished events to the JSON or
 * compact printer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libtp.h"
#include "output.h"
#include "ima.h"
#include "join.h"
#include "filter.h"
#include "loader.h"
#include "metrics_count.h"
#include "print.h"
#include "proc_ns.h"
#include "record.h"
#include "stack.h"

struct tp_output {
	FILE *f;
	enum tp_output_fmt fmt;
	char *node;
	const struct tp_meta *meta;
	struct tp_proc_cache *cache;
	struct tp_json *json;
	struct tp_proc_json *procs; /* JSON: each process rendered once */
	struct tp_frag_json *frags; /* JSON: each hook's constant members rendered once */
	struct tp_join *join;
	struct tp_arg_val *args; /* decode buffer: the most args any hook has */
	size_t args_cap;
	struct tp_stacks *stacks; /* made when the first stack comes */
	bool stack_addresses;	  /* --expose-stack-addresses */
	bool ima_warned;	  /* said once that the kernel computed no imaHash */
	unsigned int skip;	  /* 1u << TP_EV_*: another output handles these records */
	unsigned int proc_fields; /* TP_OUT_PROC_*: --enable-process-cred, --enable-process-ns */
	const uint32_t *host_ns;  /* is_host compares with these */
	struct tp_output_stats stats;
	struct tp_loader_seen *loads;	  /* loader: true, what was reported */
	struct tp_filter_list *allow;	  /* --export-allowlist, not owned; NULL: none */
	struct tp_filter_list *deny;	  /* --export-denylist, not owned; NULL: none */
	struct tp_metrics_count *metrics; /* --metrics-addr: its counting; NULL: none */
};

/* A hook record whose return is pending, held in the join, decoded when it came. */
struct held {
	struct tp_join_entry link; /* first: the join frees the block */
	struct tp_event_hook e;
	const struct tp_meta_hook_view *hv;
	int nargs;
	struct tp_stack_raw stacks;
	struct tp_arg_val args[]; /* nargs of them, then the record they point into */
};

struct tp_output *tp_output__new(FILE *f, enum tp_output_fmt fmt, const char *node_name,
				 const struct tp_meta *meta, struct tp_proc_cache *cache)
{
	struct tp_output *o = NULL;
	size_t i;
	int err = -EINVAL;

	if (!f || !cache || (fmt != TP_OUT_JSON && fmt != TP_OUT_COMPACT))
		goto cleanup;
	err = -ENOMEM;
	o = calloc(1, sizeof(*o));
	if (!o)
		goto cleanup;
	o->f = f;
	o->fmt = fmt;
	o->meta = meta;
	o->cache = cache;
	o->node = strdup(node_name ? node_name : "");
	o->json = tp_json__new();
	o->procs = tp_proc_json__new();
	o->frags = tp_frag_json__new();
	o->join = tp_join__new();
	o->loads = tp_loader_seen__new();
	for (i = 0; meta && i < tp_meta__hook_cnt(meta); i++)
		if (tp_meta__hook(meta, i)->nargs > o->args_cap)
			o->args_cap = tp_meta__hook(meta, i)->nargs;
	o->args = calloc(o->args_cap ? o->args_cap : 1, sizeof(*o->args));
	if (!o->node || !o->json || !o->procs || !o->frags || !o->join || !o->args || !o->loads)
		goto cleanup;
	return o;

cleanup:
	tp_output__free(o);
	errno = -err;
	return NULL;
}

void tp_output__free(struct tp_output *o)
{
	if (!o)
		return;
	free(o->args);
	tp_metrics_count__free(o->metrics);
	tp_loader_seen__free(o->loads);
	tp_stacks__free(o->stacks);
	tp_join__free(o->join);
	tp_frag_json__free(o->frags);
	tp_proc_json__free(o->procs);
	tp_json__free(o->json);
	free(o->node);
	free(o);
}

int tp_output__metrics(struct tp_output *o, struct tp_metrics *m)
{
	tp_metrics_count__free(o->metrics);
	o->metrics = m ? tp_metrics_count__new(m, o->meta) : NULL;
	return m && !o->metrics ? -ENOMEM : 0;
}

void tp_output__expose_stack_addresses(struct tp_output *o, bool on)
{
	o->stack_addresses = on;
}

void tp_output__skip(struct tp_output *o, unsigned int types)
{
	o->skip = types;
}

void tp_output__process_fields(struct tp_output *o, bool cred, bool ns, const uint32_t *host_ns)
{
	o->proc_fields = (cred ? TP_OUT_PROC_CRED : 0) | (ns ? TP_OUT_PROC_NS : 0);
	o->host_ns = host_ns ? host_ns : tp_proc_ns__host();
	tp_proc_json__clear(o->procs); /* rendered with the fields before */
}

void tp_output__filters(struct tp_output *o, struct tp_filter_list *allow,
			struct tp_filter_list *deny)
{
	o->allow = allow;
	o->deny = deny;
}

int tp_output__flush(struct tp_output *o)
{
	return fflush(o->f) ? -EIO : 0;
}

void tp_output__stats(const struct tp_output *o, struct tp_output_stats *s)
{
	*s = o->stats;
}

/* Counted for the summary; the detail only with -v, a flood must not drown the events. */
static int malformed(struct tp_output *o, const void *rec, size_t size, const char *why)
{
	struct tp_event_hdr h = {};

	if (rec && size >= sizeof(h))
		memcpy(&h, rec, sizeof(h));
	o->stats.malformed++;
	tp_log(TP_LOG_DEBUG, "malformed record (type %u, %zu bytes): %s\n", h.type, size, why);
	return -EINVAL;
}

/* The cached parent, unless the pid has since been reused by another process. */
static const struct tp_process *parent_of(struct tp_output *o, const struct tp_process *p)
{
	const struct tp_process *parent;

	if (!p)
		return NULL;
	parent = tp_proc_cache__get(o->cache, p->ppid);
	if (!parent || parent == p)
		return NULL;
	if (p->parent_exec_id && strcmp(p->parent_exec_id, parent->exec_id))
		return NULL;
	return parent;
}

static void count_printed(struct tp_output *o, enum tp_event_type type)
{
	if (type == TP_EV_EXEC)
		o->stats.exec++;
	else if (type == TP_EV_EXIT)
		o->stats.exit++;
	else if (type == TP_EV_HOOK)
		o->stats.hook++;
	else if (type == TP_EV_LOADER)
		o->stats.loader++;
}

/* Print ev unless the export filters keep it out; count it when printed. */
static int print(struct tp_output *o, struct tp_out_event *ev)
{
	/* a hook's event names the hook's own policy: an object may hold a set of them */
	const char *policy = o->meta && ev->hook ? tp_meta__hook_policy(o->meta, ev->hook) : "";
	struct tp_filter_event fe;
	int err;

	ev->proc_fields = o->proc_fields;
	ev->host_ns = o->host_ns;
	ev->procs = o->procs;
	ev->frags = o->frags;
	/* a report beside the stream (rate_limit_info) goes past the filters and counters */
	bool report = tp_filter_event__type_is_report(tp_filter_event__type(ev));

	if ((o->allow || o->deny) && !report) {
		tp_filter_event__from(ev, policy, &fe);
		if (!tp_filter__pass(o->allow, o->deny, &fe)) {
			o->stats.filtered++;
			if (o->metrics)
				tp_metrics_count__event(o->metrics, ev, policy, false);
			return 0;
		}
	}
	if (o->metrics && !report)
		tp_metrics_count__event(o->metrics, ev, policy, true);
	if (o->fmt == TP_OUT_COMPACT)
		err = tp_output_compact__print(o->f, o->node, ev);
	else
		err = tp_output_json__print(o->f, o->json, o->node, policy, ev);
	if (!err)
		count_printed(o, ev->type);
	return err;
}

static int handle_exec(struct tp_output *o, const void *rec, size_t size,
		       const struct tp_event_hdr *h)
{
	struct tp_out_event ev = {
		.type = TP_EV_EXEC, .ktime = h->ktime, .pid = h->pid, .tid = h->tid
	};

	ev.proc = tp_proc_cache__on_exec(o->cache, rec, size);
	if (!ev.proc)
		return errno == ENOMEM ? -ENOMEM : malformed(o, rec, size, "exec does not decode");
	ev.parent = parent_of(o, ev.proc);
	return print(o, &ev);
}

static int handle_clone(struct tp_output *o, const void *rec, size_t size)
{
	if (tp_proc_cache__on_clone(o->cache, rec, size))
		return 0;
	return errno == ENOMEM ? -ENOMEM : malformed(o, rec, size, "clone does not decode");
}

static int handle_exit(struct tp_output *o, const void *rec, size_t size)
{
	struct tp_out_event ev = { .type = TP_EV_EXIT };
	struct tp_event_exit e;
	int err;

	if (size < sizeof(e))
		return malformed(o, rec, size, "exit too short");
	memcpy(&e, rec, sizeof(e));
	/* no return will come for the calls its threads were in */
	tp_join__drop_pid(o->join, e.hdr.pid);
	if (o->stacks)
		tp_stacks__forget(o->stacks, e.hdr.pid);
	ev.proc = o->skip & (1u << TP_EV_EXIT) ? NULL : tp_proc_cache__get(o->cache, e.hdr.pid);
	if (!ev.proc)
		return 0; /* a process we never knew (exited during the scan): nothing to say */
	ev.ktime = e.hdr.ktime;
	ev.pid = e.hdr.pid;
	ev.tid = e.hdr.tid;
	ev.exit_code = e.exit_code;
	ev.parent = parent_of(o, ev.proc);
	err = print(o, &ev);
	tp_proc_cache__remove(o->cache, e.hdr.pid);
	return err;
}

/* The record's stacks as frames, symbolised now: the process may yet be there. */
static void stacks(struct tp_output *o, const struct tp_stack_raw *raw, struct tp_out_event *ev)
{
	if (!raw->kernel && !raw->user)
		return;
	if (!o->stacks)
		o->stacks = tp_stacks__new(o->stack_addresses);
	if (!o->stacks)
		return;
	tp_stacks__symbolise(o->stacks, raw, ev->pid, ev->proc ? ev->proc->ktime : 0,
			     &ev->kernel_stack, &ev->nkernel_stack, &ev->user_stack,
			     &ev->nuser_stack);
}

/* Print a decoded TP_EV_HOOK record, with its return half when ret is given. */
static int print_hook(struct tp_output *o, const struct tp_event_hook *e,
		      const struct tp_meta_hook_view *hv, const struct tp_arg_val *args, int nargs,
		      const struct tp_stack_raw *raw, const struct tp_event_hook_ret *ret,
		      const struct tp_arg_val *rv, const char *ima_hash)
{
	struct tp_out_event ev = { .type = TP_EV_HOOK, .ima_hash = ima_hash };

	ev.ktime = e->hdr.ktime;
	ev.pid = e->hdr.pid;
	ev.tid = e->hdr.tid;
	ev.proc = tp_proc_cache__get(o->cache, e->hdr.pid);
	ev.parent = parent_of(o, ev.proc);
	ev.hook = hv;
	ev.action = e->action;
	ev.selector = e->selector;
	ev.function = tp_out_event__function(o->meta, hv, e->func);
	ev.args = args;
	ev.nargs = nargs;
	if (ret && hv->ret.type != TP_ARG_NONE)
		ev.ret = rv;
	/*
	 * No matchReturnActions ran: Tetragon's return half (generic_retprobe)
	 * leaves the message's action as the entry half set it, so that is
	 * what its return_action says.
	 */
	if (ret)
		ev.ret_action = ret->action ? ret->action : e->action;
	stacks(o, raw, &ev);
	return print(o, &ev);
}

/*
 * Hold a record until its return: a copy, decoded now (so that a bad record
 * is reported when it arrives) into args that point into the copy.
 */
static int hold_hook(struct tp_output *o, const void *rec, size_t size,
		     const struct tp_event_hook *e, const struct tp_meta_hook_view *hv)
{
	struct held *held = malloc(sizeof(*held) + hv->nargs * sizeof(held->args[0]) + size);
	uint8_t *copy;
	size_t end;

	if (!held)
		return -ENOMEM;
	copy = (uint8_t *)&held->args[hv->nargs];
	memcpy(copy, rec, size);
	held->e = *e;
	held->hv = hv;
	held->nargs = tp_arg_val__decode_hook_end(hv, copy, size, held->args, hv->nargs, &end);
	if (held->nargs < 0 || tp_stack_raw__decode(copy, size, end, e->flags, &held->stacks)) {
		free(held);
		return malformed(o, rec, size, "hook args do not decode");
	}
	/* the return record is the calling thread's, whoever owns a sock arg */
	tp_join__hold(o->join, &held->link, e->hdr.pid,
		      e->flags & TP_HOOKEV_SOCK_OWNER ? e->caller : e->hdr.tid, e->hook);
	return 0;
}

static int handle_hook(struct tp_output *o, const void *rec, size_t size)
{
	char ima[TP_IMA_STR_MAX];
	int32_t algo;
	const struct tp_meta_hook_view *hv;
	struct tp_stack_raw raw;
	struct tp_event_hook e;
	size_t end;
	int n;

	if (size < sizeof(e))
		return malformed(o, rec, size, "hook too short");
	memcpy(&e, rec, sizeof(e));
	hv = o->meta ? tp_meta__hook(o->meta, e.hook) : NULL;
	if (!hv)
		return malformed(o, rec, size, "hook id not in .tp.meta");
	if (e.flags & TP_HOOKEV_RETURN_PENDING)
		return hold_hook(o, rec, size, &e, hv);
	n = tp_arg_val__decode_hook_end(hv, rec, size, o->args, o->args_cap, &end);
	if (n < 0)
		return malformed(o, rec, size, "hook args do not decode");
	if (tp_stack_raw__decode(rec, size, end, e.flags, &raw))
		return malformed(o, rec, size, "hook stacks do not decode");
	if (tp_ima__format(rec, size, e.flags, ima, sizeof(ima), &algo))
		return malformed(o, rec, size, "hook imaHash does not decode");
	if (algo < 0 && !o->ima_warned) {
		/* Tetragon leaves ima_hash out then, and says so only at debug level */
		tp_log(TP_LOG_WARN,
		       "imaHash: hook '%s': the kernel gave no hash (bpf_ima_file_hash: %s); "
		       "such events have no ima_hash, as in Tetragon\n",
		       tp_meta__hook_name(hv), strerror(-algo));
		o->ima_warned = true;
	}
	return print_hook(o, &e, hv, o->args, n, &raw, NULL, NULL, ima);
}

static int handle_hook_ret(struct tp_output *o, const void *rec, size_t size)
{
	struct tp_event_hook_ret r;
	struct tp_arg_val rv;
	struct held *held;
	int err = 0;

	if (size < sizeof(r))
		return malformed(o, rec, size, "hook return too short");
	memcpy(&r, rec, sizeof(r));
	held = (struct held *)tp_join__take(o->join, r.hdr.tid, r.hook);
	if (!held)
		return 0;
	/* returnCopy: the bytes read at return take the entry's place, as Tetragon merges them */
	if (tp_arg_val__decode_ret_copy(held->hv, rec, size, held->args, held->nargs))
		err = malformed(o, rec, size, "hook return's copied arg does not decode");
	else if (tp_arg_val__decode_ret(held->hv, rec, size, &r, &rv))
		err = malformed(o, rec, size, "hook return's value does not decode");
	else if (r.post)
		err = print_hook(o, &held->e, held->hv, held->args, held->nargs, &held->stacks, &r,
				 &rv, NULL);
	free(held);
	return err;
}

/*
 * A file mapped executable: reported once per process and path, as
 * Tetragon's handleLoader does, with the build id read from the file.
 */
static int handle_loader(struct tp_output *o, const void *rec, size_t size)
{
	struct tp_out_event ev = { .type = TP_EV_LOADER };
	uint8_t buildid[TP_BUILD_ID_MAX];
	struct tp_loader_file file;
	struct tp_event_loader e;
	size_t off = sizeof(e);
	const uint8_t *path;
	uint32_t len, info;
	char *p;
	int err;

	if (size < sizeof(e))
		return malformed(o, rec, size, "loader too short");
	memcpy(&e, rec, sizeof(e));
	if (tp_record__blob(rec, size, &off, &path, &len, &info) || (info & TP_BLOB_ERROR) || !len)
		return malformed(o, rec, size, "loader path does not decode");
	ev.ktime = e.hdr.ktime;
	ev.pid = e.hdr.pid;
	ev.tid = e.hdr.tid;
	ev.proc = tp_proc_cache__get(o->cache, e.hdr.pid);
	if (!tp_loader_seen__first(o->loads, e.hdr.pid, ev.proc ? ev.proc->ktime : 0, path, len))
		return 0;
	p = strndup((const char *)path, len);
	if (!p)
		return -ENOMEM;
	ev.parent = parent_of(o, ev.proc);
	ev.path = p;
	ev.buildid = buildid;
	file.pid = e.hdr.pid;
	file.path = info & TP_BLOB_TRUNCATED ? "" : p; /* a cut path names another file */
	file.ino = e.ino;
	file.start = e.start;
	file.end = e.end;
	ev.buildid_len = tp_loader__build_id(&file, buildid);
	err = print(o, &ev);
	free(p);
	return err;
}

void tp_output__defer_exits(struct tp_output *o, bool on)
{
	tp_join__defer(o->join, on);
}

void tp_output__reap(struct tp_output *o)
{
	tp_join__reap(o->join);
}

int tp_output__rate_limit_info(struct tp_output *o, uint64_t dropped, uint64_t ktime)
{
	struct tp_out_event ev = { .type = (enum tp_event_type)TP_OUT_RATE_LIMIT_INFO };
	int err;

	if (!dropped)
		return 0;
	ev.ktime = ktime;
	ev.dropped = dropped;
	err = print(o, &ev);
	if (!err)
		o->stats.rate_limit_info++;
	return err;
}

int tp_output__record(struct tp_output *o, const void *rec, size_t size)
{
	struct tp_event_hdr h;
	size_t n = tp_record__hdr(rec, size, sizeof(h), &h);

	if (!n)
		return malformed(o, rec, size, "no whole header, or its size out of range");
	/* an exit still ends what this output holds for the process (handle_exit) */
	if (h.type < 32 && h.type != TP_EV_EXIT && (o->skip & (1u << h.type))) {
		o->stats.skipped++;
		return 0;
	}
	switch (h.type) {
	case TP_EV_EXEC:
		return handle_exec(o, rec, n, &h);
	case TP_EV_CLONE:
		return handle_clone(o, rec, n);
	case TP_EV_EXIT:
		return handle_exit(o, rec, n);
	case TP_EV_HOOK:
		return handle_hook(o, rec, n);
	case TP_EV_HOOK_RET:
		return handle_hook_ret(o, rec, n);
	case TP_EV_LOADER:
		return handle_loader(o, rec, n);
	default:
		return malformed(o, rec, n, "unknown record type");
	}
}
