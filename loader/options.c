// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tprun's command line: getopt_long over the flags, --forbid's variant names. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "metrics.h"
#include "number.h"
#include "options.h"

/* The usage, around the list of the variants --forbid takes */
static const char usage_head[] =
    "usage: tprun [options] POLICY.bpf.o [POLICY.bpf.o...]\n"
    "       tprun --unpin DIR\n"
    "  several objects run in one tprun: one process table, one event stream\n"
    "  -o, --output FMT       json (default) or compact\n"
    "      --expose-stack-addresses\n"
    "                         print stack trace frames with their addresses\n"
    "      --enable-process-cred\n"
    "                         processes show their capabilities (cap) and credentials\n"
    "                         (process_credentials), as at exec, fork or start-up\n"
    "      --enable-process-ns\n"
    "                         processes show their namespaces (ns), as at exec, fork or "
    "start-up\n"
    "      --check            load every program through the verifier and exit\n"
    "      --show-policy      print the policy the object was compiled from and exit\n"
    "      --verify-key PUB.pem\n"
    "                         refuse an object not signed (tpgen --sign) by this Ed25519 key\n"
    "      --pin DIR          pin programs, links and maps in DIR/POLICY on bpffs: enforcement\n"
    "                         goes on when tprun stops or dies. A tprun started again with the\n"
    "                         same objects and options adopts them (no second attach) and\n"
    "                         prints on from where the last left the ring buffer\n"
    "      --unpin DIR        detach and remove what tprun pinned in DIR, and exit\n"
    "      --export-file PATH append events as JSON lines to PATH (not stdout), rotated by size\n"
    "      --export-max-size MB\n"
    "                         rotate before a line would take the file past MB MiB (default 10;\n"
    "                         0: 100, as Tetragon's export-file-max-size-mb)\n"
    "      --export-max-backups N\n"
    "                         keep the newest N rotated files, PATH-TIME.EXT (default 5; 0: all)\n"
    "      --export-compress  gzip rotated files\n"
    "      --export-allowlist JSON\n"
    "                         print only events one of these Tetragon filters matches\n"
    "      --export-denylist JSON\n"
    "                         print no event one of these Tetragon filters matches\n"
    "      --enable-pid-set-filter\n"
    "                         allow pid_set in the filters (best effort, as in Tetragon)\n"
    "      --metrics-addr ADDR:PORT\n"
    "                         serve Prometheus metrics on http://ADDR:PORT/metrics (IPv4:PORT,\n"
    "                         [IPv6]:PORT, or :PORT for every address)\n"
    "      --ringbuf-size N   ring buffer bytes: a power of two, the page size to 1 GiB\n"
    "      --forbid VARIANT   never attach (nor --check) with VARIANT (repeatable, or a comma "
    "list):\n"
    "                         ";
static const char usage_tail[] =
    "\n"
    "      --dns-server ADDR[:PORT]\n"
    "                         DnsLookup asks this IPv4 name server (default: resolv.conf's)\n"
    "      --action-timeout MS\n"
    "                         GetUrl and DnsLookup give up after MS milliseconds "
    "(default 5000)\n"
    "  -v, --verbose          say more, with libbpf's messages and verifier logs\n"
    "  -h, --help\n";

/* The attach variants, "fentry, kprobe, ...", as TP_VARIANT_KINDS names them. */
static void put_variants(FILE *f)
{
	int k;

	for (k = 1; k < TP_VAR__MAX; k++) /* kinds are numbered from 1 */
		fprintf(f, "%s%s", k > 1 ? ", " : "", tp_variant__name(k));
}

static void usage(FILE *f)
{
	fputs(usage_head, f);
	put_variants(f);
	fputs(usage_tail, f);
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
			fprintf(stderr, "tprun: --forbid: unknown variant '%s' (", tok);
			put_variants(stderr);
			fputs(")\n", stderr);
			return -EINVAL;
		}
		*mask |= 1u << k;
	}
	return 0;
}

/*
 * --ringbuf-size: bytes, a power of two from the page size to 1 GiB. The
 * kernel wants a power of two that is a whole number of pages
 * (kernel/bpf/ringbuf.c, ringbuf_map_alloc: -EINVAL at load otherwise) and
 * takes up to 2 GiB, the largest that max_entries (a u32) holds; tprun stops
 * at 1 GiB, 128 times the default, as each object's ring is kernel memory
 * that cannot be swapped. Anything else: an error naming the flag and the value.
 */
#define RINGBUF_MAX (1ull << 30)

static int parse_ringbuf_size(const char *arg, uint32_t *size)
{
	long page = sysconf(_SC_PAGESIZE);
	uint64_t min = page > 0 ? (uint64_t)page : 4096, v = 0;
	int e = tp_uint__parse(arg, UINT64_MAX, &v);
	const char *why = NULL;

	if (e == -ERANGE || (!e && v > RINGBUF_MAX))
		why = "more than 1 GiB";
	else if (e)
		why = "not a number of bytes";
	else if (!v || (v & (v - 1)))
		why = "not a power of two";
	else if (v < min)
		why = "less than the page size";
	if (why) {
		fprintf(stderr,
			"tprun: --ringbuf-size '%s': %s (a power of two from %llu to %llu bytes)\n",
			arg, why, (unsigned long long)min, RINGBUF_MAX);
		return -EINVAL;
	}
	*size = v;
	return 0;
}

/* --action-timeout: milliseconds, 1 to 60000 */
static int parse_timeout(const char *arg, uint32_t *ms)
{
	uint64_t v;

	if (tp_uint__parse(arg, 60000, &v) || !v) {
		fprintf(stderr, "tprun: --action-timeout: '%s' is not 1 to 60000 milliseconds\n",
			arg);
		return -EINVAL;
	}
	*ms = v;
	return 0;
}

static int parse_dns_server(const char *arg, const char **out)
{
	uint32_t addr;
	uint16_t port;

	if (tp_useract__parse_server(arg, &addr, &port)) {
		fprintf(stderr, "tprun: --dns-server: '%s' is not an IPv4 address[:port]\n", arg);
		return -EINVAL;
	}
	*out = arg;
	return 0;
}

/*
 * --export-max-size: MiB (lumberjack's megabyte), 0 its default of 100, as
 * Tetragon passes export-file-max-size-mb to lumberjack's MaxSize; up to 1 TiB
 */
#define EXPORT_MAX_MB	  (1u << 20)
#define EXPORT_DEFAULT_MB 10 /* Tetragon's flag default */
#define LUMBERJACK_MB	  100

static int parse_export_size(const char *arg, uint64_t *bytes)
{
	uint64_t v;

	if (tp_uint__parse(arg, EXPORT_MAX_MB, &v)) {
		fprintf(stderr, "tprun: --export-max-size: '%s' is not 0 to %u MiB\n", arg,
			EXPORT_MAX_MB);
		return -EINVAL;
	}
	*bytes = (v ? v : LUMBERJACK_MB) << 20;
	return 0;
}

static int parse_export_backups(const char *arg, unsigned int *n)
{
	uint64_t v;

	if (tp_uint__parse(arg, UINT32_MAX, &v)) {
		fprintf(stderr, "tprun: --export-max-backups: '%s' is not a number of files\n",
			arg);
		return -EINVAL;
	}
	*n = v;
	return 0;
}

/*
 * the export file's options without --export-file, or with compact lines; any
 * export option where no event is printed
 */
static int check_export(const struct tprun_opts *o, bool size, bool backups)
{
	const char *alone = size		 ? "--export-max-size"
			    : backups		 ? "--export-max-backups"
			    : o->export.compress ? "--export-compress"
						 : NULL;

	if (!o->export.path && alone) {
		fprintf(stderr, "tprun: %s needs --export-file\n", alone);
		return -EINVAL;
	}
	if ((o->export.path || o->allowlist || o->denylist || o->pid_set_filter) &&
	    (o->check || o->show_policy || o->unpin)) {
		fprintf(stderr, "tprun: --export-* options print events: they do not go with "
				"--check, --show-policy or --unpin\n");
		return -EINVAL;
	}
	if (o->export.path && !*o->export.path) {
		fprintf(stderr, "tprun: --export-file: an empty file name\n");
		return -EINVAL;
	}
	if (o->export.path && o->fmt != TP_OUT_JSON) {
		fprintf(stderr, "tprun: --export-file writes JSON lines: -o compact does not go "
				"with it\n");
		return -EINVAL;
	}
	return 0;
}

static int parse_metrics_addr(const char *arg, const char **out)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (tp_metrics__parse_addr(arg, &ss, &len)) {
		fprintf(stderr,
			"tprun: --metrics-addr: '%s' is not IPv4:PORT, [IPv6]:PORT or :PORT "
			"(PORT 1 to 65535)\n",
			arg);
		return -EINVAL;
	}
	*out = arg;
	return 0;
}

static int parse_output(const char *arg, enum tp_output_fmt *fmt)
{
	if (!strcmp(arg, "json"))
		*fmt = TP_OUT_JSON;
	else if (!strcmp(arg, "compact"))
		*fmt = TP_OUT_COMPACT;
	else {
		fprintf(stderr, "tprun: unknown output format '%s'\n", arg);
		return -EINVAL;
	}
	return 0;
}

int tprun_opts__parse(struct tprun_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "check", no_argument, NULL, 'c' },
		{ "show-policy", no_argument, NULL, 'p' },
		{ "ringbuf-size", required_argument, NULL, 'r' },
		{ "forbid", required_argument, NULL, 'f' },
		{ "expose-stack-addresses", no_argument, NULL, 'a' },
		{ "enable-process-cred", no_argument, NULL, 'C' },
		{ "enable-process-ns", no_argument, NULL, 'N' },
		{ "dns-server", required_argument, NULL, 'd' },
		{ "action-timeout", required_argument, NULL, 't' },
		{ "verify-key", required_argument, NULL, 'k' },
		{ "pin", required_argument, NULL, 'P' },
		{ "unpin", required_argument, NULL, 'U' },
		{ "export-file", required_argument, NULL, 'E' },
		{ "export-max-size", required_argument, NULL, 'S' },
		{ "export-max-backups", required_argument, NULL, 'B' },
		{ "export-compress", no_argument, NULL, 'Z' },
		{ "export-allowlist", required_argument, NULL, 'A' },
		{ "export-denylist", required_argument, NULL, 'D' },
		{ "enable-pid-set-filter", no_argument, NULL, 'I' },
		{ "metrics-addr", required_argument, NULL, 'M' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	bool export_size = false, export_backups = false;
	int c, e = 0;

	memset(o, 0, sizeof(*o));
	o->fmt = TP_OUT_JSON;
	o->export.max_bytes = (uint64_t)EXPORT_DEFAULT_MB << 20;
	o->export.max_backups = 5; /* Tetragon's export-file-max-backups default */
	while (!e && (c = getopt_long(argc, argv, "o:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			e = parse_output(optarg, &o->fmt);
			break;
		case 'c':
			o->check = true;
			break;
		case 'p':
			o->show_policy = true;
			break;
		case 'r':
			e = parse_ringbuf_size(optarg, &o->rt.ringbuf_size);
			break;
		case 'f':
			e = parse_forbid(optarg, &o->rt.forbid);
			break;
		case 'a':
			o->stack_addresses = true;
			break;
		case 'C':
			o->process_cred = true;
			break;
		case 'N':
			o->process_ns = true;
			break;
		case 'd':
			e = parse_dns_server(optarg, &o->ua.dns_server);
			break;
		case 't':
			e = parse_timeout(optarg, &o->ua.timeout_ms);
			break;
		case 'k':
			o->verify_key = optarg;
			break;
		case 'P':
			o->pin = optarg;
			break;
		case 'U':
			o->unpin = optarg;
			break;
		case 'E':
			o->export.path = optarg;
			break;
		case 'S':
			e = parse_export_size(optarg, &o->export.max_bytes);
			export_size = true;
			break;
		case 'B':
			e = parse_export_backups(optarg, &o->export.max_backups);
			export_backups = true;
			break;
		case 'Z':
			o->export.compress = true;
			break;
		case 'A':
			o->allowlist = optarg;
			break;
		case 'D':
			o->denylist = optarg;
			break;
		case 'I':
			o->pid_set_filter = true;
			break;
		case 'M':
			e = parse_metrics_addr(optarg, &o->metrics_addr);
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			o->help = true;
			return 0;
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (!e)
		e = check_export(o, export_size, export_backups);
	if (!e && o->metrics_addr && (o->check || o->show_policy || o->unpin)) {
		fprintf(stderr, "tprun: --metrics-addr serves a run's metrics: it does not go with "
				"--check, --show-policy or --unpin\n");
		e = -EINVAL;
	}
	if (e)
		return e;
	o->rt.process_creds = o->process_cred || o->process_ns;
	if (o->unpin) {
		if (optind < argc || o->pin || o->check || o->show_policy) {
			fprintf(stderr, "tprun: --unpin DIR takes no object nor other action\n");
			return -EINVAL;
		}
		return 0;
	}
	if (o->pin && (o->check || o->show_policy)) {
		fprintf(stderr, "tprun: --pin does not go with --check or --show-policy\n");
		return -EINVAL;
	}
	if (o->pin && !*o->pin) {
		fprintf(stderr, "tprun: --pin: an empty directory name\n");
		return -EINVAL;
	}
	o->rt.pin = o->pin;
	if (optind >= argc) {
		usage(stderr);
		return -EINVAL;
	}
	o->objects = (const char *const *)&argv[optind];
	o->nobjects = argc - optind;
	o->object = o->objects[0];
	return 0;
}
