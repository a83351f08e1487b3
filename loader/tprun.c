// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tprun: attach tpgen objects, enforce them, print their events.
 *
 *   tprun policy.bpf.o [more.bpf.o...] [-o json|compact]
 *
 * stderr says which variant each hook uses, then "tprun: ready" once every
 * hook of every object is attached and enforcing. SIGINT/SIGTERM detach,
 * drain the ring buffers and exit 0 after a last line "tprun: drained: ...".
 *
 * With --pin DIR the objects are pinned there once attached (or adopted from
 * there, "tprun: adopted ..."): a signal then only ends tprun's hold on
 * them, enforcement goes on; tprun --unpin DIR ends it.
 *
 * Several objects share one process cache and one event stream: the first
 * object's exec, clone and exit records feed the cache (and print exec and
 * exit), the others' are skipped; each hook event names its own policy.
 */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "tp/event.h"

#include "export_file.h"
#include "export_filter.h"
#include "libtp.h"
#include "options.h"
#include "ordered_ring.h"
#include "output.h"
#include "proc_cache.h"
#include "useract.h"
#include "metrics.h"
#include "metrics_sample.h"

#define LOST_REPORT_SECS 5
/* stdout's buffer: a flood is written in blocks this large, not a line at a time */
#define STDOUT_BUF	 (1u << 20)
/* At exit, what the ring buffer holds is printed, but a flood cannot hold the exit. */
#define DRAIN_MAX	 (1u << 18)

struct tprun;

/* One object of the run and what is its own. */
struct tprun_obj {
	struct tprun *t; /* the run, for on_record */
	const char *path;
	char *who; /* "" alone, "PATH: " among several: what its stderr lines start with */
	struct tp_object *obj;
	struct tp_runtime *rt;
	struct tp_output *out;
	struct tp_useract *ua;		 /* GetUrl and DnsLookup, off this thread */
	struct tp_metrics_actions *acts; /* --metrics-addr: its hooks' labels */
	struct tp_reported seen; /* losses reported so far, by this tprun or (--pin) the last */
};

/* One run of tprun: what each step makes, freed in reverse order at the end. */
struct tprun {
	struct tprun_opts opts;
	struct tprun_obj *objs; /* opts.nobjects; objs[0]'s process records feed the cache */
	size_t nobjs;		/* opened so far */
	struct tp_proc_cache *cache;
	struct ring_buffer *rb;	      /* every object's tp_events */
	struct ordered_ring *feeder;  /* objs[0]'s tp_events alone: read first */
	struct ordered_ring **audits; /* every object's tp_audit, merged by time */
	size_t naudits;
	int epfd;	      /* epoll over the rings' wakeups */
	int known;	      /* processes learned from /proc */
	unsigned int drained; /* records consumed since the signal */
	bool drain_cut;	      /* DRAIN_MAX reached: records were left in the ring buffer */

	struct tp_export_file *export;	     /* --export-file: where events go, else stdout */
	struct tp_filter_list *allow, *deny; /* --export-allowlist, --export-denylist */
	struct tp_metrics *metrics;	     /* --metrics-addr: what /metrics shows */
	struct tp_metrics_server *metrics_server;
	uint64_t metrics_at; /* when sample_metrics last read the counters, ms */
};

#define for_each_obj(t, b) for ((b) = (t)->objs; (b) < (t)->objs + (t)->nobjs; (b)++)

static volatile sig_atomic_t exiting;

static void on_signal(int sig)
{
	exiting = 1;
}

static int catch_signals(struct tprun *t)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL))
		return -errno;
	return 0;
}

/* The object at path, signed by key when --verify-key names one; NULL after saying why. */
static struct tp_object *open_object(const char *path, const char *key)
{
	char err[1024];
	struct tp_object *o = key ? tp_object__open_signed(path, key, err, sizeof(err))
				  : tp_object__open(path, err, sizeof(err));

	if (!o)
		fprintf(stderr, "tprun: %s\n", err);
	return o;
}

static int check_object(const char *path, uint32_t forbid, const char *key)
{
	struct tp_object *o = open_object(path, key);
	int loaded, skipped, rejected;

	if (!o)
		return 1;
	rejected = tp_object__verify_all(o, forbid, &loaded, &skipped);
	fprintf(stderr, "tprun: %s: %d program%s loaded, %d rejected, %d skipped\n", path, loaded,
		loaded == 1 ? "" : "s", rejected, skipped);
	tp_object__close(o);
	return rejected ? 1 : 0;
}

/* --check: every object, each with its verdict line; 1 when any program was rejected */
static int check_objects(const struct tprun_opts *o)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < o->nobjects; i++)
		rc |= check_object(o->objects[i], o->rt.forbid, o->verify_key);
	return rc;
}

/* Several objects' policies as one YAML stream, a document each. */
static int show_policy(struct tprun *t)
{
	struct tprun_obj *b;
	size_t size;

	for_each_obj(t, b) {
		const char *src = tp_object__policy(b->obj, &size);

		if (!src) {
			fprintf(stderr, "tprun: %s has no %s section\n", b->path,
				TP_POLICY_SECTION);
			return -ENOENT;
		}
		if (b > t->objs)
			fputs(size && src[size - 1] == '\n' ? "---\n" : "\n---\n", stdout);
		if (fwrite(src, 1, size, stdout) != size)
			return -EIO;
	}
	return 0;
}

/*
 * Tetragon refuses a second policy of the same name (pkg/sensors/handler.go,
 * addTracingPolicy): every name of b (a set has several) against every name
 * of the objects before it (tpgen refused a name twice within one set).
 */
static int check_unique_name(const struct tprun *t, const struct tprun_obj *b)
{
	const struct tp_meta *mb = tp_object__meta(b->obj);
	const struct tprun_obj *a;
	size_t i, j;

	for (i = 0; i < tp_meta__policy_cnt(mb); i++) {
		const char *name = tp_meta__policy(mb, i);

		for (a = t->objs; a < b; a++) {
			const struct tp_meta *ma = tp_object__meta(a->obj);

			for (j = 0; j < tp_meta__policy_cnt(ma); j++) {
				if (strcmp(name, tp_meta__policy(ma, j)))
					continue;
				fprintf(stderr,
					"tprun: %s: policy '%s' is already loaded from %s\n",
					b->path, name, a->path);
				return -EEXIST;
			}
		}
	}
	return 0;
}

/* Every object opened and checked before any is loaded: a bad one starts nothing. */
static int open_objects(struct tprun *t)
{
	size_t n = t->opts.nobjects;

	t->objs = calloc(n, sizeof(*t->objs));
	if (!t->objs)
		return -ENOMEM;
	for (t->nobjs = 0; t->nobjs < n; t->nobjs++) {
		struct tprun_obj *b = &t->objs[t->nobjs];

		b->t = t;
		b->path = t->opts.objects[t->nobjs];
		if (n == 1)
			b->who = strdup("");
		else if (asprintf(&b->who, "%s: ", b->path) < 0)
			b->who = NULL;
		if (!b->who)
			return -ENOMEM;
		b->obj = open_object(b->path, t->opts.verify_key);
		if (!b->obj) {
			t->nobjs++; /* its who is freed with the rest */
			return -EINVAL;
		}
		if (check_unique_name(t, b)) {
			t->nobjs++;
			return -EEXIST;
		}
	}
	return 0;
}

/* Which variant each hook attaches with, or that ignore.callNotFound skips it. */
static void report_variants(const struct tprun_obj *b)
{
	const struct tp_meta *m = tp_object__meta(b->obj);
	const char *inline_why = tp_runtime__enforcer_inline(b->rt);
	char where[300];
	size_t i;

	if (inline_why)
		fprintf(stderr,
			"tprun: %s%s; the policy's NotifyEnforcer actions only send signals: the "
			"notifying hooks send them, no enforcer is attached\n",
			b->who, inline_why);
	for (i = 0; i < tp_meta__hook_cnt(m); i++) {
		const struct tp_meta_hook_view *h = tp_meta__hook(m, i);
		const struct tp_meta_variant_view *v = tp_runtime__variant(b->rt, i);
		size_t nfuncs;

		if (!v && h->kind == TP_HOOK_ENFORCER)
			continue; /* inline, said above */
		if (h->kind == TP_HOOK_ENFORCER)
			fprintf(stderr, "tprun: %senforcer '%s' attaches with %s (%s)\n", b->who,
				h->call, tp_variant__name(v->kind), v->target);
		else if (!v)
			fprintf(stderr,
				"tprun: %shook '%s' (%s) skipped: '%s' is not in "
				"this kernel (ignore.callNotFound)\n",
				b->who, h->call, tp_meta__hook_where(m, h, where, sizeof(where)),
				h->function_name);
		else if (tp_meta__list_funcs(m, h, &nfuncs))
			fprintf(stderr, "tprun: %shook '%s' attaches with %s (%zu functions)\n",
				b->who, h->call, tp_variant__name(v->kind), nfuncs);
		else
			fprintf(stderr, "tprun: %shook '%s' attaches with %s (%s)\n", b->who,
				tp_meta__hook_name(h), tp_variant__name(v->kind), v->target);
	}
}

/* --pin DIR: it holds nothing tprun pinned, or exactly these objects (all adopted). */
static int check_pins(struct tprun *t)
{
	const struct tp_meta **metas;
	char err[1024];
	size_t i;
	int e;

	if (!t->opts.pin)
		return 0;
	metas = calloc(t->nobjs, sizeof(*metas));
	if (!metas)
		return -ENOMEM;
	for (i = 0; i < t->nobjs; i++)
		metas[i] = tp_object__meta(t->objs[i].obj);
	e = tp_pin__check_run(t->opts.pin, metas, t->nobjs, err, sizeof(err));
	free(metas);
	if (e)
		fprintf(stderr, "tprun: %s\n", err);
	return e;
}

/* Each object loaded, with its own process tracking, before any hook attaches. */
static int start_runtimes(struct tprun *t)
{
	struct tprun_obj *b;
	char err[1024];
	size_t nlinks;

	for_each_obj(t, b) {
		struct tp_runtime_opts ro = t->opts.rt;

		/* the first object's exec and clone records feed the process cache */
		ro.quiet_processes = b != t->objs;
		ro.pin_index = b - t->objs;
		ro.pin_count = t->nobjs;
		b->rt = tp_runtime__start(b->obj, &ro, err, sizeof(err));
		if (!b->rt) {
			fprintf(stderr, "tprun: %s%s\n", b->who, err);
			return -EINVAL;
		}
		report_variants(b);
		if (tp_runtime__adopted(b->rt, &nlinks))
			fprintf(stderr,
				"tprun: %sadopted policy %s pinned at %s: %zu links attached by an "
				"earlier tprun, none attached again\n",
				b->who, tp_meta__set_name(tp_object__meta(b->obj)),
				tp_runtime__pin_path(b->rt), nlinks);
	}
	return 0;
}

/* A record printed and its user actions queued, never cut short. */
static void print_record(struct tprun_obj *b, void *data, size_t size)
{
	struct tprun *t = b->t;

	/* the exec or clone this record's process began with is in the feeder's ring */
	if (t->feeder && b != t->objs)
		ordered_ring__upto(t->feeder, UINT64_MAX);
	tp_output__record(b->out, data, size);
	tp_useract__record(b->ua, data, size); /* queued, never waited for */
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct tprun_obj *b = ctx;
	struct tprun *t = b->t;

	/* consumed by libbpf: printed, whatever comes next */
	print_record(b, data, size);
	/* libbpf consumes while records keep coming: a signal must stop it */
	if (exiting && ++t->drained > DRAIN_MAX) {
		t->drain_cut = true;
		return -ECANCELED;
	}
	return 0;
}

/*
 * The first object's tp_events. Read up to an audit record's time, the read
 * is bounded by that time and never cut short at exit (a cut would throw
 * away the record libbpf consumed).
 */
static int on_feed_record(void *ctx, void *data, size_t size, bool bounded)
{
	if (!bounded)
		return on_record(ctx, data, size);
	print_record(ctx, data, size);
	return 0;
}

/*
 * A record of an audit ring (a selector that enforces), in time among the
 * first object's tp_events: after the feeder's records up to its time (the
 * exec of its process among them), before the rest. The audit rings are
 * merged by time (ordered_rings__merge), so the exit of a process another
 * object killed, which only the first object's records print, follows the
 * kill. Never cut short at exit: the rings are small, and these are the
 * records that must not be lost.
 */
static int on_audit_record(void *ctx, void *data, size_t size, bool bounded)
{
	struct tprun_obj *b = ctx;

	/* records consumed are printed, cut or not */
	ordered_ring__upto(b->t->feeder, ordered_ring__ktime(data, size));
	tp_output__record(b->out, data, size);
	tp_useract__record(b->ua, data, size);
	return 0;
}

/*
 * Events go out in large blocks; poll_once flushes whenever the ring buffer
 * is empty, so a quiet stream still shows each event as it happens.
 */
static void buffer_stdout(void)
{
	/* glibc ignores the size without a buffer and writes 4 KiB at a time */
	static char buf[STDOUT_BUF];

	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
}

static bool has_loader(const struct tprun_obj *b)
{
	const struct tp_meta *m = tp_object__meta(b->obj);
	size_t i;

	for (i = 0; i < tp_meta__hook_cnt(m); i++)
		if (tp_meta__hook(m, i)->kind == TP_HOOK_LOADER)
			return true;
	return false;
}

/*
 * What the others print for b: its exec, clone and exit records unless it is
 * the first object; its loader records unless it is the first with a loader
 * hook (Tetragon's loader is one sensor, __loader__, whatever the policies).
 */
static unsigned int skipped_records(const struct tprun *t, const struct tprun_obj *b)
{
	const struct tprun_obj *a;
	unsigned int skip = 0;

	if (b != t->objs)
		skip |= 1u << TP_EV_EXEC | 1u << TP_EV_CLONE | 1u << TP_EV_EXIT;
	for (a = t->objs; a < b; a++)
		if (has_loader(a))
			skip |= 1u << TP_EV_LOADER;
	return skip;
}

/* One object's printer (sharing the process cache) and user actions. */
static int open_obj_output(struct tprun *t, struct tprun_obj *b, const char *node)
{
	char err[256];

	FILE *f = t->export ? tp_export_file__stream(t->export) : stdout;

	b->out = tp_output__new(f, t->opts.fmt, node, tp_object__meta(b->obj), t->cache);
	if (!b->out) {
		fprintf(stderr, "tprun: out of memory\n");
		return -ENOMEM;
	}
	tp_output__filters(b->out, t->allow, t->deny);
	if (tp_output__metrics(b->out, t->metrics)) {
		fprintf(stderr, "tprun: out of memory\n");
		return -ENOMEM;
	}
	tp_output__skip(b->out, skipped_records(t, b));
	tp_output__expose_stack_addresses(b->out, t->opts.stack_addresses);
	tp_output__process_fields(b->out, t->opts.process_cred, t->opts.process_ns, NULL);
	b->ua = tp_useract__new(tp_object__meta(b->obj), &t->opts.ua, err, sizeof(err));
	if (!b->ua) {
		fprintf(stderr, "tprun: %s%s\n", b->who, err);
		return -EINVAL;
	}
	return 0;
}

/* fd's ring into *rb, made with it when it is the first */
static int add_ring(struct ring_buffer **rb, int fd, ring_buffer_sample_fn fn, struct tprun_obj *b)
{
	if (*rb)
		return ring_buffer__add(*rb, fd, fn, b);
	errno = 0;
	*rb = ring_buffer__new(fd, fn, b, NULL);
	return *rb ? 0 : errno ? -errno : -EINVAL;
}

/* fd's wakeups into t->epfd */
static int watch_fd(struct tprun *t, int fd)
{
	struct epoll_event ev = { .events = EPOLLIN };

	return epoll_ctl(t->epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

/* b's tp_audit into t->audits, when it has one */
static int add_audit_ring(struct tprun *t, struct tprun_obj *b)
{
	int fd = tp_runtime__audit_fd(b->rt);
	struct ordered_ring *r;

	if (fd < 0)
		return 0;
	r = ordered_ring__new(fd, on_audit_record, b);
	if (!r)
		return -errno;
	t->audits[t->naudits++] = r;
	return watch_fd(t, ordered_ring__epoll_fd(r));
}

/*
 * The rings, read in a round (consume_rings) in this order: every object's
 * tp_audit (audits), merged by time; then every object's tp_events (rb).
 * The feeder (the first object's tp_events alone) is read up to each audit
 * record's time before it, and to its end before another object's record.
 */
static int open_ring_buffers(struct tprun *t)
{
	struct tprun_obj *b;
	int e = 0;

	t->epfd = epoll_create1(EPOLL_CLOEXEC);
	t->audits = calloc(t->nobjs, sizeof(*t->audits));
	if (t->epfd < 0 || !t->audits)
		e = t->epfd < 0 ? -errno : -ENOMEM;
	for_each_obj(t, b)
		if (!e)
			e = add_audit_ring(t, b);
	for_each_obj(t, b)
		if (!e)
			e = add_ring(&t->rb, tp_runtime__ringbuf_fd(b->rt), on_record, b);
	if (!e)
		e = watch_fd(t, ring_buffer__epoll_fd(t->rb));
	if (!e) {
		t->feeder = ordered_ring__new(tp_runtime__ringbuf_fd(t->objs[0].rt), on_feed_record,
					      t->objs);
		e = t->feeder ? 0 : -errno;
	}
	if (e) {
		fprintf(stderr, "tprun: ring buffer: %s\n", strerror(-e));
		return e;
	}
	/* a return on tp_audit may be read after its process's exit on tp_events */
	for_each_obj(t, b)
		tp_output__defer_exits(b->out, true);
	return 0;
}

/* One export filter list; "" or none: NULL. */
static int parse_filters(const struct tprun *t, const char *flag, const char *json,
			 struct tp_filter_list **out)
{
	char err[512];

	if (!json)
		return 0;
	unsigned int flags = (t->opts.pid_set_filter ? TP_FILTER_PID_SET : 0) |
			     (t->opts.process_cred ? TP_FILTER_PROCESS_CRED : 0);

	*out = tp_filter_list__parse(json, flags, err, sizeof(err));
	if (!*out) {
		fprintf(stderr, "tprun: %s: %s\n", flag, err);
		return -EINVAL;
	}
	return 0;
}

/* The export filters and file, before any object loads: a bad one starts nothing. */
static int open_export(struct tprun *t)
{
	char err[1024];
	int e;

	e = parse_filters(t, "--export-allowlist", t->opts.allowlist, &t->allow);
	if (!e)
		e = parse_filters(t, "--export-denylist", t->opts.denylist, &t->deny);
	if (e || !t->opts.export.path)
		return e;
	t->export = tp_export_file__open(&t->opts.export, err, sizeof(err));
	if (!t->export) {
		fprintf(stderr, "tprun: %s\n", err);
		return -EINVAL;
	}
	return 0;
}

/* --metrics-addr: bound before any object loads, so that a port in use starts nothing */
static int open_metrics(struct tprun *t)
{
	char err[512];

	if (!t->opts.metrics_addr)
		return 0;
	t->metrics = tp_metrics__new();
	if (!t->metrics) {
		fprintf(stderr, "tprun: out of memory\n");
		return -ENOMEM;
	}
	t->metrics_server =
	    tp_metrics_server__start(t->metrics, t->opts.metrics_addr, err, sizeof(err));
	if (!t->metrics_server) {
		fprintf(stderr, "tprun: --metrics-addr %s\n", err);
		return -EINVAL;
	}
	return 0;
}

/* The series /metrics reads from the kernel's counters and the process cache. */
static void sample_metrics(struct tprun *t)
{
	struct tprun_metrics_sample s = { 0 };
	struct tprun_obj *b;

	if (!t->metrics || !tprun_metrics__due(&t->metrics_at))
		return;
	for_each_obj(t, b) {
		if (!b->acts) /* NULL again when out of memory: not sampled, tried again */
			b->acts = tp_metrics_actions__new(tp_object__meta(b->obj));
		tprun_metrics__add_object(&s, t->metrics, b->rt, b->acts, b->ua);
	}
	tprun_metrics__publish(t->metrics, &s, t->cache, t->export);
}

/* What the filters kept out and what reached the export file, before the drained line. */
static void report_export(const struct tprun *t)
{
	const struct tprun_obj *b;
	struct tp_export_file_stats es;
	struct tp_output_stats s;
	unsigned long long filtered = 0;

	for_each_obj(t, b) {
		tp_output__stats(b->out, &s);
		filtered += s.filtered;
	}
	if (t->allow || t->deny)
		fprintf(stderr,
			"tprun: %llu event%s filtered out (--export-allowlist, "
			"--export-denylist)\n",
			filtered, filtered == 1 ? "" : "s");
	if (!t->export)
		return;
	tp_export_file__stats(t->export, &es);
	fprintf(stderr, "tprun: export file %s: %llu line%s written, %llu rotation%s",
		t->opts.export.path, (unsigned long long)es.lines, es.lines == 1 ? "" : "s",
		(unsigned long long)es.rotations, es.rotations == 1 ? "" : "s");
	if (es.dropped)
		fprintf(stderr, ", %llu line%s lost to write errors",
			(unsigned long long)es.dropped, es.dropped == 1 ? "" : "s");
	fputc('\n', stderr);
}

static int open_output(struct tprun *t)
{
	struct utsname uts;
	struct tprun_obj *b;
	int e = 0;

	buffer_stdout();
	if (uname(&uts))
		strcpy(uts.nodename, "localhost");
	t->cache = tp_proc_cache__new(uts.nodename);
	if (!t->cache) {
		fprintf(stderr, "tprun: out of memory\n");
		return -ENOMEM;
	}
	/* a ring (tp_audit too) may hand over an exit before another its hook records */
	tp_proc_cache__defer_removal(t->cache, true);
	for_each_obj(t, b) {
		e = open_obj_output(t, b, uts.nodename);
		if (e)
			return e;
	}
	return open_ring_buffers(t);
}

/* matchBinaries takes the executable; "" when there is none to read */
static int learn(const struct tp_process *p, uint32_t nspid, const char *exe, void *ctx)
{
	struct tprun *t = ctx;
	struct tprun_obj *b;
	int e = 0;

	for_each_obj(t, b) {
		int r = tp_runtime__learn(b->rt, p->pid, p->ppid, nspid, p->ktime, exe ? exe : "");

		e = e ? e : r;
	}
	return e;
}

/* Processes older than us, parents first, into every object's BPF process table. */
static int learn_processes(struct tprun *t)
{
	t->known = tp_proc_cache__scan(t->cache, "/proc", learn, t);
	if (t->known < 0) {
		fprintf(stderr, "tprun: reading /proc: %s\n", strerror(-t->known));
		return t->known;
	}
	return 0;
}

/* "tprun: ready: policy 'a', ..." alone; "policies 'a', 'b', ..." among several (or a set) */
static void report_ready(const struct tprun *t)
{
	const struct tprun_obj *b;
	size_t hooks = 0, npolicies = 0;
	char names[1024];
	int n = 0;

	for_each_obj(t, b) {
		const struct tp_meta *m = tp_object__meta(b->obj);

		hooks += tp_meta__hook_cnt(m);
		npolicies += tp_meta__policy_cnt(m);
		if (n >= 0 && (size_t)n < sizeof(names))
			n += snprintf(names + n, sizeof(names) - n, "%s%s", b > t->objs ? ", " : "",
				      tp_meta__set_name(m));
	}
	fprintf(stderr, "tprun: ready: %s %s, %zu hook%s, %d processes known\n",
		npolicies == 1 ? "policy" : "policies", names, hooks, hooks == 1 ? "" : "s",
		t->known);
}

/* --pin: every object pinned, or none (what was pinned is removed again). */
static int pin_all(struct tprun *t)
{
	struct tprun_obj *b, *a;
	char err[1024];
	size_t n;

	for_each_obj(t, b) {
		int e = tp_runtime__pin(b->rt, err, sizeof(err));

		if (e) {
			fprintf(stderr, "tprun: %s%s\n", b->who, err);
			for (a = t->objs; a < b; a++)
				tp_runtime__unpin(a->rt);
			return e;
		}
		if (tp_runtime__pin_path(b->rt) && !tp_runtime__adopted(b->rt, &n))
			fprintf(stderr,
				"tprun: %spinned policy %s at %s: enforcement outlives tprun "
				"(tprun --unpin %s ends it)\n",
				b->who, tp_meta__set_name(tp_object__meta(b->obj)),
				tp_runtime__pin_path(b->rt), t->opts.pin);
		/* adopted: the losses the last tprun reported are not reported again */
		tp_runtime__reported(b->rt, &b->seen);
	}
	return 0;
}

/* Every object's hooks; one that fails takes every object's down (close_all). */
static int attach_hooks(struct tprun *t)
{
	struct tprun_obj *b;
	char err[1024];
	int e;

	for_each_obj(t, b) {
		e = tp_runtime__attach_hooks(b->rt, err, sizeof(err));
		if (e) {
			fprintf(stderr, "tprun: %s%s\n", b->who, err);
			return e;
		}
	}
	e = pin_all(t);
	if (e)
		return e;
	/* start-up parsed BTF and ELF; give what it freed back before the long run */
	malloc_trim(0);
	report_ready(t);
	return 0;
}

static uint64_t now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void report_lost(struct tprun_obj *b, bool final)
{
	const char *who = b->who;
	uint64_t lost = tp_runtime__counter(b->rt, TP_CNT_LOST);
	uint64_t full = tp_runtime__counter(b->rt, TP_CNT_PROC_FULL);
	uint64_t oversize = tp_runtime__counter(b->rt, TP_CNT_OVERSIZE);
	uint64_t missed = tp_runtime__counter(b->rt, TP_CNT_LOADER);
	uint64_t uncounted = tp_runtime__counter(b->rt, TP_CNT_ACT_FULL);
	uint64_t audit = tp_runtime__counter(b->rt, TP_CNT_LOST_AUDIT);

	if (audit != b->seen.audit || (final && audit))
		fprintf(
		    stderr,
		    "tprun: %s%llu enforcement record%s lost in the kernel (audit ring full)%s\n",
		    who, (unsigned long long)audit, audit == 1 ? "" : "s", final ? ", in all" : "");
	b->seen.audit = audit;
	if (lost != b->seen.lost || (final && lost))
		fprintf(
		    stderr,
		    "tprun: %s%llu record%s lost in the kernel (ring buffer full), %llu of them "
		    "hook events%s\n",
		    who, (unsigned long long)lost, lost == 1 ? "" : "s",
		    (unsigned long long)tp_runtime__counter(b->rt, TP_CNT_LOST_HOOK),
		    final ? ", in all" : "");
	if (full && final)
		fprintf(stderr, "tprun: %s%llu process%s not tracked (process table full)\n", who,
			(unsigned long long)full, full == 1 ? "" : "es");
	if (oversize && final)
		fprintf(stderr,
			"tprun: %s%llu record%s dropped: larger than the object's record bound "
			"(a tpgen bug; please report it with the policy)\n",
			who, (unsigned long long)oversize, oversize == 1 ? "" : "s");
	if (uncounted && final)
		fprintf(
		    stderr,
		    "tprun: %s%llu selector action%s taken but not counted (tp_actions full: "
		    "--metrics-addr's tetragon_tracingpolicy_selector_actions_total is short)\n",
		    who, (unsigned long long)uncounted, uncounted == 1 ? "" : "s");
	if (missed && final)
		fprintf(stderr,
			"tprun: %sloader: %llu executable mapping%s not reported (the file could "
			"not be looked up)\n",
			who, (unsigned long long)missed, missed == 1 ? "" : "s");
	b->seen.lost = lost;
}

static uint64_t now_boot_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/*
 * On stderr, and in the event stream as Tetragon's rate_limit_info: the hook
 * events lost since the last report (pkg/ratelimit/ratelimit.go,
 * reportRateLimitInfo: a delta each interval, nothing when none).
 */
static void report_all_lost(struct tprun *t, bool final)
{
	struct tprun_obj *b;
	uint64_t dropped = 0, seen = 0;

	for_each_obj(t, b) {
		report_lost(b, final);
		seen += b->seen.dropped;
		/* hook events the kernel could not hand over, on either ring */
		b->seen.dropped = tp_runtime__counter(b->rt, TP_CNT_LOST_HOOK) +
				  tp_runtime__counter(b->rt, TP_CNT_LOST_AUDIT);
		dropped += b->seen.dropped;
	}
	if (dropped != seen) {
		tp_output__rate_limit_info(t->objs[0].out, dropped - seen, now_boot_ns());
		tp_output__flush(t->objs[0].out);
	}
	/* --pin: a tprun that adopts the pin reports only what comes after */
	for_each_obj(t, b)
		tp_runtime__set_reported(b->rt, &b->seen);
}

/* What GetUrl and DnsLookup did, once the worker has stopped. */
static void report_user_actions(struct tprun_obj *b)
{
	struct tp_useract_stats s;

	if (!tp_useract__count(b->ua))
		return;
	tp_useract__stop(b->ua, &s);
	fprintf(stderr,
		"tprun: %suser actions: %llu performed, %llu failed, %llu rate-limited, %llu "
		"dropped\n",
		b->who, (unsigned long long)s.done, (unsigned long long)s.failed,
		(unsigned long long)s.rate_limited, (unsigned long long)s.dropped);
}

/*
 * ", L records lost in the kernel (H hook events)" for the drained line, ""
 * when none was: printed plus lost is every record the hooks made.
 */
static const char *lost_words(const struct tprun *t, char *buf, size_t len)
{
	const struct tprun_obj *b;
	uint64_t lost = 0, hook = 0;

	for_each_obj(t, b) {
		lost += tp_runtime__counter(b->rt, TP_CNT_LOST) +
			tp_runtime__counter(b->rt, TP_CNT_LOST_AUDIT);
		hook += tp_runtime__counter(b->rt, TP_CNT_LOST_HOOK) +
			tp_runtime__counter(b->rt, TP_CNT_LOST_AUDIT);
	}
	if (!lost)
		return "";
	snprintf(buf, len, ", %llu record%s lost in the kernel (%llu hook events)",
		 (unsigned long long)lost, lost == 1 ? "" : "s", (unsigned long long)hook);
	return buf;
}

/*
 * The last line on stderr: whoever stops tprun waits for it to know that
 * every event the ring buffer held is printed (or that a flood cut it short).
 */
static void report_drained(const struct tprun *t)
{
	const struct tprun_obj *b;
	struct tp_export_file_stats es = { 0 };
	struct tp_output_stats s;
	unsigned long long n = 0, malformed = 0;
	char lost[96], words[192];

	for_each_obj(t, b) {
		tp_output__stats(b->out, &s);
		n += s.exec + s.exit + s.hook + s.loader + s.rate_limit_info;
		malformed += s.malformed;
		if (t->opts.verbose && t->nobjs > 1) /* tp_proc_records: 0 from a new object */
			fprintf(stderr,
				"tprun: %s%llu records another object prints were skipped\n",
				b->who, (unsigned long long)s.skipped);
	}
	if (malformed)
		fprintf(stderr, "tprun: %llu malformed record%s skipped (-v says why)\n", malformed,
			malformed == 1 ? "" : "s");
	/* a line the export file lost to a write error is not printed: said apart */
	if (t->export)
		tp_export_file__stats(t->export, &es);
	n -= es.dropped < n ? es.dropped : n;
	if (es.dropped)
		snprintf(words, sizeof(words), ", %llu lost to export file write errors%s",
			 (unsigned long long)es.dropped, lost_words(t, lost, sizeof(lost)));
	else
		snprintf(words, sizeof(words), "%s", lost_words(t, lost, sizeof(lost)));
	if (t->drain_cut)
		fprintf(stderr,
			"tprun: stopped before the ring buffer was drained (more than %u "
			"records at exit): %llu event%s printed%s\n",
			DRAIN_MAX, n, n == 1 ? "" : "s", words);
	else
		fprintf(stderr, "tprun: drained: %llu event%s printed%s\n", n, n == 1 ? "" : "s",
			words);
}

/*
 * Wait up to 100 ms for records and print them all; the ring buffer is empty
 * when libbpf returns, which is when what stdout holds is written out.
 */
static void flush_outputs(struct tprun *t)
{
	struct tprun_obj *b;

	for_each_obj(t, b)
		tp_output__flush(b->out); /* a failing stdout failed its lines already */
}

/* Every ring, in open_ring_buffers' order: the count of records, or the first error. */
static int consume_rings(struct tprun *t)
{
	int n = 0, e = 0, c;

	c = ordered_rings__merge(t->audits, t->naudits);
	e = c < 0 ? c : 0;
	n += c < 0 ? 0 : c;
	/* the first object's records before the rest: its held one is the earliest */
	c = ordered_ring__upto(t->feeder, UINT64_MAX);
	e = e ? e : c < 0 ? c : 0;
	n += c < 0 ? 0 : c;
	c = ring_buffer__consume(t->rb);
	e = e ? e : c < 0 ? c : 0;
	return e ? e : n + c;
}

static int poll_once(struct tprun *t)
{
	struct epoll_event ev;
	/* records wake us only past a quarter of a ring (tp_wake_bytes): read them anyway */
	int e = epoll_wait(t->epfd, &ev, 1, 100);

	e = e < 0 ? -errno : consume_rings(t);

	flush_outputs(t);
	return e;
}

/* Print events until SIGINT or SIGTERM, then what the ring buffer still holds. */
static int run(struct tprun *t)
{
	uint64_t last_report = now_sec();
	struct tprun_obj *b;

	while (!exiting) {
		int e = poll_once(t);

		/*
		 * a signal that is not ours (SIGSTOP/SIGCONT, SIGWINCH) must not stop enforcement
		 */
		if (e == -EINTR || e == -ECANCELED)
			continue;
		if (e < 0) {
			fprintf(stderr, "tprun: polling the ring buffer: %s\n", strerror(-e));
			return e;
		}
		/* exits a round old: every ring has passed them */
		tp_proc_cache__reap(t->cache);
		for_each_obj(t, b)
			tp_output__reap(b->out);
		sample_metrics(t);
		if (now_sec() - last_report >= LOST_REPORT_SECS) {
			report_all_lost(t, false);
			last_report = now_sec();
		}
	}
	/* detached first: the last read sees every record there will be */
	for_each_obj(t, b)
		tp_runtime__detach(b->rt);
	consume_rings(t);
	flush_outputs(t);
	report_all_lost(t, true);
	for_each_obj(t, b)
		report_user_actions(b);
	report_export(t);
	report_drained(t);
	return 0;
}

static void close_all(struct tprun *t)
{
	struct tprun_obj *b;

	tp_metrics_server__stop(t->metrics_server); /* before what it reads goes */
	tp_metrics__free(t->metrics);
	ordered_ring__free(t->feeder);
	while (t->naudits)
		ordered_ring__free(t->audits[--t->naudits]);
	free(t->audits);
	if (t->epfd >= 0)
		close(t->epfd);
	ring_buffer__free(t->rb);
	for_each_obj(t, b) {
		tp_metrics_actions__free(b->acts);
		tp_useract__free(b->ua);
		tp_output__free(b->out);
	}
	tp_export_file__close(t->export); /* waits for the last backups' gzip */
	tp_filter_list__free(t->allow);
	tp_filter_list__free(t->deny);
	tp_proc_cache__free(t->cache);
	for_each_obj(t, b) {
		tp_runtime__stop(b->rt);
		tp_object__close(b->obj);
		free(b->who);
	}
	free(t->objs);
	fflush(stdout);
}

/* --unpin DIR: 0 once what tprun pinned there is detached and removed */
static int unpin(const char *dir)
{
	char err[1024];
	int n = tp_pin__remove(dir, err, sizeof(err));

	if (n < 0) {
		fprintf(stderr, "tprun: --unpin: %s\n", err);
		return 1;
	}
	fprintf(stderr, "tprun: unpinned %d object%s from %s: detached\n", n, n == 1 ? "" : "s",
		dir);
	return 0;
}

/* After the object is open, in order; the first that fails ends the run. */
static int (*const steps[])(struct tprun *t) = {
	catch_signals,	 /* SIGINT and SIGTERM end run() */
	check_pins,	 /* --pin DIR: nothing there, or these objects to adopt */
	open_export,	 /* --export-allowlist, --export-denylist, --export-file */
	open_metrics,	 /* --metrics-addr: listening */
	start_runtimes,	 /* choose variants, load, attach process tracking; or adopt */
	open_output,	 /* process cache, printer, ring buffer */
	learn_processes, /* /proc, parents first */
	attach_hooks,	 /* enforcing from here (--pin: pinned): "tprun: ready" */
	run,		 /* events until a signal, then the drain */
};

int main(int argc, char **argv)
{
	struct tprun t = { .epfd = -1 };
	size_t i;
	int e;

	if (tprun_opts__parse(&t.opts, argc, argv))
		return 2;
	if (t.opts.help)
		return 0;
	if (t.opts.verbose)
		tp_log__set_level(TP_LOG_DEBUG);
	else
		tp_log__set_level(t.opts.check ? TP_LOG_INFO : TP_LOG_WARN);
	if (t.opts.check)
		return check_objects(&t.opts);
	if (t.opts.unpin)
		return unpin(t.opts.unpin);

	e = open_objects(&t);
	if (!e && t.opts.show_policy)
		e = show_policy(&t);
	else if (!e)
		for (i = 0; !e && i < sizeof(steps) / sizeof(steps[0]); i++)
			e = steps[i](&t);
	close_all(&t);
	return e ? 1 : 0;
}
