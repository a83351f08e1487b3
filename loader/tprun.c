// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tprun: attach a tpgen object, enforce it, print its events.
 *
 *   tprun policy.bpf.o [-o json|compact]
 *
 * stderr says which variant each hook uses, then "tprun: ready" once every
 * hook is attached and enforcing. SIGINT/SIGTERM detach and exit 0.
 */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "libtp.h"
#include "output.h"
#include "proc_cache.h"

#define LOST_REPORT_SECS 5

static volatile sig_atomic_t exiting;

static void on_signal(int sig)
{
	exiting = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tprun [options] POLICY.bpf.o\n"
		"  -o, --output FMT       json (default) or compact\n"
		"      --check            load every program through the verifier and exit\n"
		"      --show-policy      print the policy the object was compiled from and exit\n"
		"      --ringbuf-size N   ring buffer bytes (power of two)\n"
		"      --forbid VARIANT   never attach with VARIANT (repeatable, or a comma list):\n"
		"                         fentry, kprobe, kprobe_multi, fmod_ret, lsm, tracepoint,\n"
		"                         raw_tracepoint\n"
		"  -v, --verbose          say more, with libbpf's messages and verifier logs\n"
		"  -h, --help\n");
}

/* --forbid fentry,kprobe: a bit per variant kind */
static int parse_forbid(const char *arg, uint32_t *mask)
{
	char buf[256], *tok, *save;
	enum tp_variant_kind k;

	snprintf(buf, sizeof(buf), "%s", arg);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		k = tp_variant__by_name(tok);
		if (!k) {
			fprintf(stderr, "tprun: --forbid: unknown variant '%s' (fentry, kprobe, "
				"kprobe_multi, fmod_ret, lsm, tracepoint, raw_tracepoint)\n", tok);
			return -1;
		}
		*mask |= 1u << k;
	}
	return 0;
}

/* At exit, what the ring buffer holds is printed, but a flood cannot hold the exit. */
#define DRAIN_MAX (1u << 18)

static unsigned int drained;
static bool drain_cut;	/* DRAIN_MAX reached: records were left in the ring buffer */

static int on_record(void *ctx, void *data, size_t size)
{
	/* libbpf consumes while records keep coming: a signal must stop it */
	if (exiting && ++drained > DRAIN_MAX) {
		drain_cut = true;
		return -ECANCELED;
	}
	tp_output__record(ctx, data, size);
	return 0;
}

static int learn(const struct tp_process *p, uint32_t nspid, void *ctx)
{
	return tp_runtime__learn(ctx, p->pid, p->ppid, nspid, p->ktime,
				 p->binary ? p->binary : "");
}

static uint64_t now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static void report_lost(struct tp_runtime *r, uint64_t *lost_seen, bool final)
{
	uint64_t lost = tp_runtime__counter(r, 0 /* TP_CNT_LOST */);
	uint64_t full = tp_runtime__counter(r, 1 /* TP_CNT_PROC_FULL */);

	if (lost != *lost_seen || (final && lost))
		fprintf(stderr, "tprun: %llu record%s lost in the kernel (ring buffer full)%s\n",
			(unsigned long long)lost, lost == 1 ? "" : "s", final ? " in all" : "");
	if (full && final)
		fprintf(stderr, "tprun: %llu process%s not tracked (process table full)\n",
			(unsigned long long)full, full == 1 ? "" : "es");
	*lost_seen = lost;
}

/*
 * The last line on stderr: whoever stops tprun waits for it to know that
 * every event the ring buffer held is printed (or that a flood cut it short).
 */
static void report_drained(const struct tp_output *out)
{
	struct tp_output_stats s;
	unsigned long long n;

	tp_output__stats(out, &s);
	n = s.exec + s.exit + s.hook;
	if (s.malformed)
		fprintf(stderr, "tprun: %llu malformed record%s skipped (-v says why)\n",
			(unsigned long long)s.malformed, s.malformed == 1 ? "" : "s");
	if (drain_cut)
		fprintf(stderr, "tprun: stopped before the ring buffer was drained (more than %u "
			"records at exit): %llu event%s printed\n", DRAIN_MAX, n, n == 1 ? "" : "s");
	else
		fprintf(stderr, "tprun: drained: %llu event%s printed\n", n, n == 1 ? "" : "s");
}

static int check_object(const char *path)
{
	char err[512];
	struct tp_object *o = tp_object__open(path, err, sizeof(err));
	int loaded, skipped, rejected;

	if (!o) {
		fprintf(stderr, "tprun: %s\n", err);
		return 1;
	}
	rejected = tp_object__verify_all(o, &loaded, &skipped);
	fprintf(stderr, "tprun: %s: %d program%s loaded, %d rejected, %d skipped\n", path, loaded,
		loaded == 1 ? "" : "s", rejected, skipped);
	tp_object__close(o);
	return rejected ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "check", no_argument, NULL, 'c' },
		{ "show-policy", no_argument, NULL, 'p' },
		{ "ringbuf-size", required_argument, NULL, 'r' },
		{ "forbid", required_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	enum tp_output_fmt fmt = TP_OUT_JSON;
	struct tp_runtime_opts ro = { 0 };
	struct tp_proc_cache *cache = NULL;
	struct tp_output *out = NULL;
	struct tp_runtime *r = NULL;
	struct tp_object *o = NULL;
	struct ring_buffer *rb = NULL;
	struct utsname uts;
	struct sigaction sa;
	uint64_t lost_seen = 0, last_report;
	char err[1024];
	bool check = false, show_policy = false;
	int c, n, rc = 1;
	size_t i;

	while ((c = getopt_long(argc, argv, "o:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			if (!strcmp(optarg, "json")) {
				fmt = TP_OUT_JSON;
			} else if (!strcmp(optarg, "compact")) {
				fmt = TP_OUT_COMPACT;
			} else {
				fprintf(stderr, "tprun: unknown output format '%s'\n", optarg);
				return 2;
			}
			break;
		case 'c':
			check = true;
			break;
		case 'p':
			show_policy = true;
			break;
		case 'r':
			ro.ringbuf_size = strtoul(optarg, NULL, 0);
			break;
		case 'f':
			if (parse_forbid(optarg, &ro.forbid))
				return 2;
			break;
		case 'v':
			ro.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	tp_log__set_level(ro.verbose ? TP_LOG_DEBUG : (check ? TP_LOG_INFO : TP_LOG_WARN));
	if (check)
		return check_object(argv[optind]);

	o = tp_object__open(argv[optind], err, sizeof(err));
	if (!o) {
		fprintf(stderr, "tprun: %s\n", err);
		return 1;
	}
	if (show_policy) {
		size_t size;
		const char *src = tp_object__policy(o, &size);

		rc = src && fwrite(src, 1, size, stdout) == size ? 0 : 1;
		if (!src)
			fprintf(stderr, "tprun: %s has no %s section\n", argv[optind], TP_POLICY_SECTION);
		tp_object__close(o);
		return rc;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	r = tp_runtime__start(o, &ro, err, sizeof(err));
	if (!r) {
		fprintf(stderr, "tprun: %s\n", err);
		goto out;
	}
	for (i = 0; i < tp_meta__hook_cnt(tp_object__meta(o)); i++) {
		const struct tp_meta_hook_view *h = tp_meta__hook(tp_object__meta(o), i);
		const struct tp_meta_variant_view *v = tp_runtime__variant(r, i);

		size_t nf = 1;
		const char *t;

		if (!v) {
			fprintf(stderr, "tprun: hook '%s' (policy line %u) skipped: '%s' is not in "
				"this kernel (ignore.callNotFound)\n", h->call, h->line,
				h->function_name);
			continue;
		}
		for (t = v->target; *t; t++)
			nf += *t == '\n';
		if (h->flags & TP_HOOKF_LIST)
			fprintf(stderr, "tprun: hook '%s' attaches with %s (%zu functions)\n",
				h->call, tp_variant__name(v->kind), nf);
		else
			fprintf(stderr, "tprun: hook '%s' attaches with %s (%s)\n",
				*h->call ? h->call : h->function_name, tp_variant__name(v->kind),
				v->target);
	}

	if (uname(&uts))
		strcpy(uts.nodename, "localhost");
	cache = tp_proc_cache__new(uts.nodename);
	out = cache ? tp_output__new(stdout, fmt, uts.nodename, tp_object__meta(o), cache) : NULL;
	if (!out) {
		fprintf(stderr, "tprun: out of memory\n");
		goto out;
	}
	rb = ring_buffer__new(tp_runtime__ringbuf_fd(r), on_record, out, NULL);
	if (!rb) {
		fprintf(stderr, "tprun: ring buffer: %s\n", strerror(errno));
		goto out;
	}

	/* processes older than us, parents first, into the BPF process table */
	n = tp_proc_cache__scan(cache, "/proc", learn, r);
	if (n < 0) {
		fprintf(stderr, "tprun: reading /proc: %s\n", strerror(-n));
		goto out;
	}
	if (tp_runtime__attach_hooks(r, err, sizeof(err))) {
		fprintf(stderr, "tprun: %s\n", err);
		goto out;
	}
	/* start-up parsed BTF and ELF; give what it freed back before the long run */
	malloc_trim(0);
	fprintf(stderr, "tprun: ready: policy '%s', %zu hook%s, %d processes known\n",
		tp_meta__policy_name(tp_object__meta(o)), tp_meta__hook_cnt(tp_object__meta(o)),
		tp_meta__hook_cnt(tp_object__meta(o)) == 1 ? "" : "s", n);

	last_report = now_sec();
	while (!exiting) {
		int e = ring_buffer__poll(rb, 100);

		/* a signal that is not ours (SIGSTOP/SIGCONT, SIGWINCH) must not stop enforcement */
		if (e == -EINTR || e == -ECANCELED)
			continue;
		if (e < 0) {
			fprintf(stderr, "tprun: polling the ring buffer: %s\n", strerror(-e));
			goto out;
		}
		if (now_sec() - last_report >= LOST_REPORT_SECS) {
			report_lost(r, &lost_seen, false);
			last_report = now_sec();
		}
	}
	ring_buffer__consume(rb);
	report_lost(r, &lost_seen, true);
	report_drained(out);
	rc = 0;
out:
	ring_buffer__free(rb);
	tp_output__free(out);
	tp_proc_cache__free(cache);
	tp_runtime__stop(r);
	tp_object__close(o);
	fflush(stdout);
	return rc;
}
