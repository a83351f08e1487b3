// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tprun: attach a tpgen object, enforce it, print its events.
 *
 *   tprun policy.bpf.o [-o json|compact]
 *
 * stderr says which variant each hook uses, then "tprun: ready" once every
 * hook is attached and enforcing. SIGINT/SIGTERM detach, drain the ring
 * buffer and exit 0 after a last line "tprun: drained: ...".
 */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "tp/event.h"

#include "libtp.h"
#include "options.h"
#include "output.h"
#include "proc_cache.h"
#include "useract.h"

#define LOST_REPORT_SECS 5
/* stdout's buffer: a flood is written in blocks this large, not a line at a time */
#define STDOUT_BUF	 (1u << 20)
/* At exit, what the ring buffer holds is printed, but a flood cannot hold the exit. */
#define DRAIN_MAX	 (1u << 18)

/* One run of tprun: what each step makes, freed in reverse order at the end. */
struct tprun {
	struct tprun_opts opts;
	struct tp_object *obj;
	struct tp_runtime *rt;
	struct tp_proc_cache *cache;
	struct tp_output *out;
	struct ring_buffer *rb;
	struct tp_useract *ua; /* GetUrl and DnsLookup, off this thread */
	int known;	       /* processes learned from /proc */
	unsigned int drained;  /* records consumed since the signal */
	bool drain_cut;	       /* DRAIN_MAX reached: records were left in the ring buffer */
	uint64_t lost_seen;    /* lost records reported so far */
};

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

static int check_object(const char *path, uint32_t forbid)
{
	char err[512];
	struct tp_object *o = tp_object__open(path, err, sizeof(err));
	int loaded, skipped, rejected;

	if (!o) {
		fprintf(stderr, "tprun: %s\n", err);
		return 1;
	}
	rejected = tp_object__verify_all(o, forbid, &loaded, &skipped);
	fprintf(stderr, "tprun: %s: %d program%s loaded, %d rejected, %d skipped\n", path, loaded,
		loaded == 1 ? "" : "s", rejected, skipped);
	tp_object__close(o);
	return rejected ? 1 : 0;
}

static int show_policy(struct tprun *t)
{
	size_t size;
	const char *src = tp_object__policy(t->obj, &size);

	if (!src) {
		fprintf(stderr, "tprun: %s has no %s section\n", t->opts.object, TP_POLICY_SECTION);
		return -ENOENT;
	}
	return fwrite(src, 1, size, stdout) == size ? 0 : -EIO;
}

static int open_object(struct tprun *t)
{
	char err[1024];

	t->obj = tp_object__open(t->opts.object, err, sizeof(err));
	if (!t->obj) {
		fprintf(stderr, "tprun: %s\n", err);
		return -EINVAL;
	}
	return 0;
}

/* Which variant each hook attaches with, or that ignore.callNotFound skips it. */
static void report_variants(const struct tprun *t)
{
	const struct tp_meta *m = tp_object__meta(t->obj);
	const char *inline_why = tp_runtime__enforcer_inline(t->rt);
	size_t i;

	if (inline_why)
		fprintf(stderr,
			"tprun: %s; the policy's NotifyEnforcer actions only send signals: the "
			"notifying hooks send them, no enforcer is attached\n",
			inline_why);
	for (i = 0; i < tp_meta__hook_cnt(m); i++) {
		const struct tp_meta_hook_view *h = tp_meta__hook(m, i);
		const struct tp_meta_variant_view *v = tp_runtime__variant(t->rt, i);
		size_t nfuncs;

		if (!v && h->kind == TP_HOOK_ENFORCER)
			continue; /* inline, said above */
		if (h->kind == TP_HOOK_ENFORCER)
			fprintf(stderr, "tprun: enforcer '%s' attaches with %s (%s)\n", h->call,
				tp_variant__name(v->kind), v->target);
		else if (!v)
			fprintf(stderr,
				"tprun: hook '%s' (policy line %u) skipped: '%s' is not in "
				"this kernel (ignore.callNotFound)\n",
				h->call, h->line, h->function_name);
		else if (tp_meta__list_funcs(m, h, &nfuncs))
			fprintf(stderr, "tprun: hook '%s' attaches with %s (%zu functions)\n",
				h->call, tp_variant__name(v->kind), nfuncs);
		else
			fprintf(stderr, "tprun: hook '%s' attaches with %s (%s)\n",
				tp_meta__hook_name(h), tp_variant__name(v->kind), v->target);
	}
}

static int start_runtime(struct tprun *t)
{
	char err[1024];

	t->rt = tp_runtime__start(t->obj, &t->opts.rt, err, sizeof(err));
	if (!t->rt) {
		fprintf(stderr, "tprun: %s\n", err);
		return -EINVAL;
	}
	report_variants(t);
	return 0;
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct tprun *t = ctx;

	/* libbpf consumes while records keep coming: a signal must stop it */
	if (exiting && ++t->drained > DRAIN_MAX) {
		t->drain_cut = true;
		return -ECANCELED;
	}
	tp_output__record(t->out, data, size);
	tp_useract__record(t->ua, data, size); /* queued, never waited for */
	return 0;
}

/*
 * Events go out in large blocks; poll_once flushes whenever the ring buffer
 * is empty, so a quiet stream still shows each event as it happens.
 */
static void buffer_stdout(void)
{
	setvbuf(stdout, NULL, _IOFBF, STDOUT_BUF);
}

static int open_output(struct tprun *t)
{
	char err[256];
	struct utsname uts;
	int e;

	buffer_stdout();
	if (uname(&uts))
		strcpy(uts.nodename, "localhost");
	t->cache = tp_proc_cache__new(uts.nodename);
	t->out = t->cache ? tp_output__new(stdout, t->opts.fmt, uts.nodename,
					   tp_object__meta(t->obj), t->cache)
			  : NULL;
	if (!t->out) {
		fprintf(stderr, "tprun: out of memory\n");
		return -ENOMEM;
	}
	tp_output__expose_stack_addresses(t->out, t->opts.stack_addresses);
	tp_output__process_fields(t->out, t->opts.process_cred, t->opts.process_ns, NULL);
	t->ua = tp_useract__new(tp_object__meta(t->obj), &t->opts.ua, err, sizeof(err));
	if (!t->ua) {
		fprintf(stderr, "tprun: %s\n", err);
		return -EINVAL;
	}
	t->rb = ring_buffer__new(tp_runtime__ringbuf_fd(t->rt), on_record, t, NULL);
	if (!t->rb) {
		e = errno ? -errno : -EINVAL;
		fprintf(stderr, "tprun: ring buffer: %s\n", strerror(-e));
		return e;
	}
	return 0;
}

/* matchBinaries takes the executable; "" when there is none to read */
static int learn(const struct tp_process *p, uint32_t nspid, const char *exe, void *ctx)
{
	return tp_runtime__learn(ctx, p->pid, p->ppid, nspid, p->ktime, exe ? exe : "");
}

/* Processes older than us, parents first, into the BPF process table. */
static int learn_processes(struct tprun *t)
{
	t->known = tp_proc_cache__scan(t->cache, "/proc", learn, t->rt);
	if (t->known < 0) {
		fprintf(stderr, "tprun: reading /proc: %s\n", strerror(-t->known));
		return t->known;
	}
	return 0;
}

static int attach_hooks(struct tprun *t)
{
	const struct tp_meta *m = tp_object__meta(t->obj);
	char err[1024];
	int e = tp_runtime__attach_hooks(t->rt, err, sizeof(err));

	if (e) {
		fprintf(stderr, "tprun: %s\n", err);
		return e;
	}
	/* start-up parsed BTF and ELF; give what it freed back before the long run */
	malloc_trim(0);
	fprintf(stderr, "tprun: ready: policy '%s', %zu hook%s, %d processes known\n",
		tp_meta__policy_name(m), tp_meta__hook_cnt(m), tp_meta__hook_cnt(m) == 1 ? "" : "s",
		t->known);
	return 0;
}

static uint64_t now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void report_lost(struct tprun *t, bool final)
{
	uint64_t lost = tp_runtime__counter(t->rt, TP_CNT_LOST);
	uint64_t full = tp_runtime__counter(t->rt, TP_CNT_PROC_FULL);
	uint64_t oversize = tp_runtime__counter(t->rt, TP_CNT_OVERSIZE);
	uint64_t missed = tp_runtime__counter(t->rt, TP_CNT_LOADER);

	if (lost != t->lost_seen || (final && lost))
		fprintf(stderr,
			"tprun: %llu record%s lost in the kernel (ring buffer full), %llu of them "
			"hook events%s\n",
			(unsigned long long)lost, lost == 1 ? "" : "s",
			(unsigned long long)tp_runtime__counter(t->rt, TP_CNT_LOST_HOOK),
			final ? ", in all" : "");
	if (full && final)
		fprintf(stderr, "tprun: %llu process%s not tracked (process table full)\n",
			(unsigned long long)full, full == 1 ? "" : "es");
	if (oversize && final)
		fprintf(stderr,
			"tprun: %llu record%s dropped: larger than the object's record bound "
			"(a tpgen bug; please report it with the policy)\n",
			(unsigned long long)oversize, oversize == 1 ? "" : "s");
	if (missed && final)
		fprintf(stderr,
			"tprun: loader: %llu executable mapping%s not reported (the file could "
			"not be looked up)\n",
			(unsigned long long)missed, missed == 1 ? "" : "s");
	t->lost_seen = lost;
}

/* What GetUrl and DnsLookup did, once the worker has stopped. */
static void report_user_actions(struct tprun *t)
{
	struct tp_useract_stats s;

	if (!tp_useract__count(t->ua))
		return;
	tp_useract__stop(t->ua, &s);
	fprintf(stderr,
		"tprun: user actions: %llu performed, %llu failed, %llu rate-limited, %llu "
		"dropped\n",
		(unsigned long long)s.done, (unsigned long long)s.failed,
		(unsigned long long)s.rate_limited, (unsigned long long)s.dropped);
}

/*
 * ", L records lost in the kernel (H hook events)" for the drained line, ""
 * when none was: printed plus lost is every record the hooks made.
 */
static const char *lost_words(const struct tprun *t, char *buf, size_t len)
{
	uint64_t lost = tp_runtime__counter(t->rt, TP_CNT_LOST);

	if (!lost)
		return "";
	snprintf(buf, len, ", %llu record%s lost in the kernel (%llu hook events)",
		 (unsigned long long)lost, lost == 1 ? "" : "s",
		 (unsigned long long)tp_runtime__counter(t->rt, TP_CNT_LOST_HOOK));
	return buf;
}

/*
 * The last line on stderr: whoever stops tprun waits for it to know that
 * every event the ring buffer held is printed (or that a flood cut it short).
 */
static void report_drained(const struct tprun *t)
{
	struct tp_output_stats s;
	unsigned long long n;

	char lost[96];

	tp_output__stats(t->out, &s);
	n = s.exec + s.exit + s.hook + s.loader;
	if (s.malformed)
		fprintf(stderr, "tprun: %llu malformed record%s skipped (-v says why)\n",
			(unsigned long long)s.malformed, s.malformed == 1 ? "" : "s");
	if (t->drain_cut)
		fprintf(stderr,
			"tprun: stopped before the ring buffer was drained (more than %u "
			"records at exit): %llu event%s printed%s\n",
			DRAIN_MAX, n, n == 1 ? "" : "s", lost_words(t, lost, sizeof(lost)));
	else
		fprintf(stderr, "tprun: drained: %llu event%s printed%s\n", n, n == 1 ? "" : "s",
			lost_words(t, lost, sizeof(lost)));
}

/*
 * Wait up to 100 ms for records and print them all; the ring buffer is empty
 * when libbpf returns, which is when what stdout holds is written out.
 */
static int poll_once(struct tprun *t)
{
	int e = ring_buffer__poll(t->rb, 100);

	tp_output__flush(t->out); /* a failing stdout failed its lines already */
	return e;
}

/* Print events until SIGINT or SIGTERM, then what the ring buffer still holds. */
static int run(struct tprun *t)
{
	uint64_t last_report = now_sec();

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
		if (now_sec() - last_report >= LOST_REPORT_SECS) {
			report_lost(t, false);
			last_report = now_sec();
		}
	}
	ring_buffer__consume(t->rb);
	tp_output__flush(t->out);
	report_lost(t, true);
	report_user_actions(t);
	report_drained(t);
	return 0;
}

static void close_all(struct tprun *t)
{
	ring_buffer__free(t->rb);
	tp_useract__free(t->ua);
	tp_output__free(t->out);
	tp_proc_cache__free(t->cache);
	tp_runtime__stop(t->rt);
	tp_object__close(t->obj);
	fflush(stdout);
}

/* After the object is open, in order; the first that fails ends the run. */
static int (*const steps[])(struct tprun *t) = {
	catch_signals,	 /* SIGINT and SIGTERM end run() */
	start_runtime,	 /* choose variants, load, attach process tracking */
	open_output,	 /* process cache, printer, ring buffer */
	learn_processes, /* /proc, parents first */
	attach_hooks,	 /* enforcing from here: "tprun: ready" */
	run,		 /* events until a signal, then the drain */
};

int main(int argc, char **argv)
{
	struct tprun t = {};
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
		return check_object(t.opts.object, t.opts.rt.forbid);

	e = open_object(&t);
	if (!e && t.opts.show_policy)
		e = show_policy(&t);
	else if (!e)
		for (i = 0; !e && i < sizeof(steps) / sizeof(steps[0]); i++)
			e = steps[i](&t);
	close_all(&t);
	return e ? 1 : 0;
}
