// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Record dispatch: keep the process cache current, hold hook entries whose
 * return is pending, and hand finished events to the JSON or compact printer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libtp.h"
#include "output_priv.h"
#include "record.h"

/* Entries waiting for their return; past the cap the oldest are dropped. */
#ifndef TP_PENDING_MAX
#define TP_PENDING_MAX 65536
#endif
#define PENDING_BUCKETS 1024

struct pending {
	struct pending *hnext;		/* hash chain */
	struct pending *older, *newer;	/* age list */
	uint32_t tid, hook, pid;
	size_t size;
	uint8_t rec[];			/* the TP_EV_HOOK record */
};

struct tp_output {
	FILE *f;
	enum tp_output_fmt fmt;
	char *node;
	const struct tp_meta *meta;
	struct tp_proc_cache *cache;
	struct tp_json *json;
	struct tp_arg_val *args;	/* decode buffer: the most args any hook has */
	size_t args_cap;
	struct pending *buckets[PENDING_BUCKETS];
	struct pending *oldest, *newest;
	size_t npending;
	struct tp_output_stats stats;
};

const char *tp_out_event__function(const struct tp_out_event *ev, char *buf, size_t len)
{
	const struct tp_meta_hook_view *h = ev->hook;
	const char *p, *nl;
	uint32_t i;

	if (!(h->flags & TP_HOOKF_LIST) || !h->nvariants)
		return *h->function_name ? h->function_name : h->call;
	/* every variant of a list targets the list's functions, one per line */
	p = h->variants[0].target;
	for (i = 0; i < ev->func && p; i++)
		if ((p = strchr(p, '\n')))
			p++;
	if (!p || !*p)
		return h->call;
	nl = strchr(p, '\n');
	snprintf(buf, len, "%.*s", (int)(nl ? (size_t)(nl - p) : strlen(p)), p);
	return buf;
}

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
	for (i = 0; meta && i < tp_meta__hook_cnt(meta); i++)
		if (tp_meta__hook(meta, i)->nargs > o->args_cap)
			o->args_cap = tp_meta__hook(meta, i)->nargs;
	o->args = calloc(o->args_cap ? o->args_cap : 1, sizeof(*o->args));
	if (!o->node || !o->json || !o->args)
		goto cleanup;
	return o;

cleanup:
	tp_output__free(o);
	errno = -err;
	return NULL;
}

static void pending_unlink(struct tp_output *o, struct pending *p)
{
	struct pending **pp = &o->buckets[(p->tid ^ p->hook * 31u) % PENDING_BUCKETS];

	while (*pp != p)
		pp = &(*pp)->hnext;
	*pp = p->hnext;
	if (p->older)
		p->older->newer = p->newer;
	else
		o->oldest = p->newer;
	if (p->newer)
		p->newer->older = p->older;
	else
		o->newest = p->older;
	o->npending--;
}

void tp_output__free(struct tp_output *o)
{
	if (!o)
		return;
	while (o->oldest) {
		struct pending *p = o->oldest;

		pending_unlink(o, p);
		free(p);
	}
	free(o->args);
	tp_json__free(o->json);
	free(o->node);
	free(o);
}

void tp_output__stats(const struct tp_output *o, struct tp_output_stats *s)
{
	*s = o->stats;
}

static struct pending *pending_find(struct tp_output *o, uint32_t tid, uint32_t hook)
{
	struct pending *p = o->buckets[(tid ^ hook * 31u) % PENDING_BUCKETS];

	for (; p; p = p->hnext)
		if (p->tid == tid && p->hook == hook)
			return p;
	return NULL;
}

static int pending_add(struct tp_output *o, const void *rec, size_t size,
		       const struct tp_event_hook *e)
{
	struct pending *p, **head;

	/* a thread is in one call of a hook at a time: a stale entry is replaced */
	p = pending_find(o, e->hdr.tid, e->hook);
	if (p) {
		pending_unlink(o, p);
		free(p);
	}
	if (o->npending >= TP_PENDING_MAX) {
		p = o->oldest;
		pending_unlink(o, p);
		free(p);
	}
	p = malloc(sizeof(*p) + size);
	if (!p)
		return -ENOMEM;
	p->tid = e->hdr.tid;
	p->hook = e->hook;
	p->pid = e->hdr.pid;
	p->size = size;
	memcpy(p->rec, rec, size);
	head = &o->buckets[(p->tid ^ p->hook * 31u) % PENDING_BUCKETS];
	p->hnext = *head;
	*head = p;
	p->older = o->newest;
	p->newer = NULL;
	if (o->newest)
		o->newest->newer = p;
	else
		o->oldest = p;
	o->newest = p;
	o->npending++;
	return 0;
}

/* The process's threads are gone: no return will come for their calls. */
static void pending_drop_pid(struct tp_output *o, uint32_t pid)
{
	struct pending *p = o->oldest, *next;

	for (; p; p = next) {
		next = p->newer;
		if (p->pid == pid) {
			pending_unlink(o, p);
			free(p);
		}
	}
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

static int print(struct tp_output *o, const struct tp_out_event *ev)
{
	if (o->fmt == TP_OUT_COMPACT)
		return tp_output_compact__print(o->f, o->node, ev);
	return tp_output_json__print(o->f, o->json, o->node,
				     o->meta ? tp_meta__policy_name(o->meta) : "", ev);
}

static int handle_exec(struct tp_output *o, const void *rec, size_t size,
		       const struct tp_event_hdr *h)
{
	struct tp_out_event ev = { .type = TP_EV_EXEC, .ktime = h->ktime, .pid = h->pid,
				   .tid = h->tid };
	int err;

	ev.proc = tp_proc_cache__on_exec(o->cache, rec, size);
	if (!ev.proc)
		return errno == ENOMEM ? -ENOMEM : malformed(o, rec, size, "exec does not decode");
	ev.parent = parent_of(o, ev.proc);
	err = print(o, &ev);
	if (!err)
		o->stats.exec++;
	return err;
}

static int handle_exit(struct tp_output *o, const void *rec, size_t size,
		       const struct tp_event_hdr *h)
{
	struct tp_out_event ev = { .type = TP_EV_EXIT, .ktime = h->ktime, .pid = h->pid,
				   .tid = h->tid };
	struct tp_event_exit e;
	int err;

	ev.proc = tp_proc_cache__on_exit(o->cache, rec, size);
	if (!ev.proc) {
		if (errno == EINVAL)
			return malformed(o, rec, size, "exit too short");
		/* a process we never knew (a kernel thread): nothing to say */
		pending_drop_pid(o, h->pid);
		return 0;
	}
	memcpy(&e, rec, sizeof(e));
	ev.exit_code = e.exit_code;
	ev.parent = parent_of(o, ev.proc);
	err = print(o, &ev);
	if (!err)
		o->stats.exit++;
	pending_drop_pid(o, h->pid);
	tp_proc_cache__remove(o->cache, h->pid);
	return err;
}

/* Print a TP_EV_HOOK record, with its return half when ret is given. */
static int print_hook(struct tp_output *o, const void *rec, size_t size,
		      const struct tp_event_hook_ret *ret)
{
	const struct tp_meta_hook_view *hv;
	struct tp_out_event ev = { .type = TP_EV_HOOK };
	struct tp_event_hook e;
	struct tp_arg_val rv;
	int n, err;

	memcpy(&e, rec, sizeof(e));
	hv = tp_meta__hook(o->meta, e.hook);
	n = tp_arg_val__decode_hook(hv, rec, size, o->args, o->args_cap);
	if (n < 0)
		return malformed(o, rec, size, "hook args do not decode");
	ev.ktime = e.hdr.ktime;
	ev.pid = e.hdr.pid;
	ev.tid = e.hdr.tid;
	ev.proc = tp_proc_cache__get(o->cache, e.hdr.pid);
	ev.parent = parent_of(o, ev.proc);
	ev.hook = hv;
	ev.action = e.action;
	ev.func = e.func;
	ev.args = o->args;
	ev.nargs = n;
	if (ret && hv->ret.type != TP_ARG_NONE) {
		/* the reader lets integer types only be return types */
		rv.label = hv->ret.label;
		tp_arg_val__from_int(&rv, hv->ret.type, (uint64_t)ret->retval);
		ev.ret = &rv;
	}
	if (ret)
		ev.ret_action = ret->action;
	err = print(o, &ev);
	if (!err)
		o->stats.hook++;
	return err;
}

static int handle_hook(struct tp_output *o, const void *rec, size_t size)
{
	struct tp_event_hook e;
	int n;

	if (size < sizeof(e))
		return malformed(o, rec, size, "hook too short");
	memcpy(&e, rec, sizeof(e));
	if (!o->meta || !tp_meta__hook(o->meta, e.hook))
		return malformed(o, rec, size, "hook id not in .tp.meta");
	if (!(e.flags & TP_HOOKEV_RETURN_PENDING))
		return print_hook(o, rec, size, NULL);
	/* check it decodes now, so that a bad record is reported when it arrives */
	n = tp_arg_val__decode_hook(tp_meta__hook(o->meta, e.hook), rec, size, o->args,
				o->args_cap);
	if (n < 0)
		return malformed(o, rec, size, "hook args do not decode");
	return pending_add(o, rec, size, &e);
}

static int handle_hook_ret(struct tp_output *o, const void *rec, size_t size)
{
	struct tp_event_hook_ret r;
	struct pending *p;
	int err = 0;

	if (size < sizeof(r))
		return malformed(o, rec, size, "hook return too short");
	memcpy(&r, rec, sizeof(r));
	p = pending_find(o, r.hdr.tid, r.hook);
	if (!p)
		return 0;
	pending_unlink(o, p);
	if (r.post)
		err = print_hook(o, p->rec, p->size, &r);
	free(p);
	return err;
}

int tp_output__record(struct tp_output *o, const void *rec, size_t size)
{
	struct tp_event_hdr h;
	struct tp_process *p;
	size_t n = tp_record__hdr(rec, size, sizeof(h), &h);

	if (!n)
		return malformed(o, rec, size, "no whole header, or its size out of range");
	size = n;
	switch (h.type) {
	case TP_EV_EXEC:
		return handle_exec(o, rec, size, &h);
	case TP_EV_CLONE:
		p = tp_proc_cache__on_clone(o->cache, rec, size);
		if (!p && errno == ENOMEM)
			return -ENOMEM;
		if (!p)
			return malformed(o, rec, size, "clone does not decode");
		return 0;
	case TP_EV_EXIT:
		return handle_exit(o, rec, size, &h);
	case TP_EV_HOOK:
		return handle_hook(o, rec, size);
	case TP_EV_HOOK_RET:
		return handle_hook_ret(o, rec, size);
	default:
		return malformed(o, rec, size, "unknown record type");
	}
}
