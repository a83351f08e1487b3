// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tpgen: TracingPolicy YAML -> specialised BPF C -> clang -> one object with
 * .tp.meta and .tp.policy (--sign: .tp.sig). Several policies make one object of a set: each is
 * parsed and checked on its own, then merged (model/set.h). Nothing is left
 * at the output path unless every step succeeded: the object is built in a
 * temporary directory and renamed.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/check.h"
#include "check/set.h"
#include "emit/emit.h"
#include "link/cache.h"
#include "link/clang.h"
#include "link/compile.h"
#include "link/meta_build.h"
#include "link/prog_size.h"
#include "link/sections.h"
#include "link/workdir.h"
#include "link/shrink.h"
#include "link/sign.h"
#include "link/vmlinux_h.h"
#include "lower/plan.h"
#include "model/diag.h"
#include "model/set.h"
#include "number.h"
#include "vocab.h"
#include "parse/parse.h"

#ifndef TP_SRC_TEMPLATES
#define TP_SRC_TEMPLATES "/usr/local/share/tpgen/templates"
#define TP_SRC_INCLUDE	 "/usr/local/share/tpgen/include"
#define TP_SRC_VMLINUX	 TP_SRC_INCLUDE
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tpgen [options] POLICY.yaml... -o OUT.bpf.o\n"
		"  -o, --output FILE     the object to write (of a set, with more than one\n"
		"                        policy: each event names its own)\n"
		"  -S, --emit-c FILE     also write the generated BPF C to FILE\n"
		"      --clang PATH      clang to run (default: $CLANG or clang)\n"
		"      --tracefs DIR     tracefs to check syscalls and tracepoints against\n"
		"      --btf FILE        build for the kernel whose BTF this is (a copy of its\n"
		"                        /sys/kernel/btf/vmlinux, or a vmlinux with .BTF)\n"
		"      --target ARCH     build for this architecture: x86_64 or arm64 (aarch64);\n"
		"                        default this machine's; another needs --btf\n"
		"      --ftrace-functions FILE\n"
		"                        its available_filter_functions, for generated_ftrace\n"
		"      --inline-max N    value sets larger than N become maps (default %d, at most "
		"%d)\n"
		"      --sign KEY.pem    sign the object with this Ed25519 private key (a .tp.sig\n"
		"                        section; tprun --verify-key checks it)\n"
		"  -v, --verbose         print the clang command\n"
		"  -h, --help\n",
		TP_INLINE_MAX_DEFAULT, TP_INLINE_MAX_LIMIT);
}

/* --inline-max N: 0, tpgen's default */
static int parse_inline_max(const char *arg, size_t *max)
{
	uint64_t v;
	int e = tp_uint__parse(arg, SIZE_MAX, &v);

	if (e) {
		fprintf(stderr, "tpgen: --inline-max: '%s' is not a number%s\n", arg,
			e == -ERANGE ? " tpgen can hold" : "");
		return e;
	}
	/* 4096 inline values compile in seconds; 12000 crashed clang 14 (a chain that deep) */
	if (v > TP_INLINE_MAX_LIMIT) {
		fprintf(stderr, "tpgen: --inline-max: %s is past %d, the most compared inline\n",
			arg, TP_INLINE_MAX_LIMIT);
		return -ERANGE;
	}
	*max = v;
	return 0;
}

static bool is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

/* Installed layout first (BIN/../share/tpgen), then the source tree. */
static void find_datadir(struct tp_clang_opts *o, char *tbuf, char *ibuf, size_t len)
{
	char exe[PATH_MAX];
	const char *env = getenv("TPGEN_DATADIR");
	ssize_t n;

	if (env) {
		snprintf(tbuf, len, "%s/templates", env);
		snprintf(ibuf, len, "%s/include", env);
		o->templates_dir = tbuf;
		o->abi_dir = o->vmlinux_dir = ibuf;
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		const char *bin;

		exe[n] = 0;
		bin = dirname(exe);
		snprintf(tbuf, len, "%s/../share/tpgen/templates", bin);
		if (is_dir(tbuf)) {
			snprintf(ibuf, len, "%s/../share/tpgen/include", bin);
			o->templates_dir = tbuf;
			o->abi_dir = o->vmlinux_dir = ibuf;
			return;
		}
	}
	o->templates_dir = TP_SRC_TEMPLATES;
	o->abi_dir = TP_SRC_INCLUDE;
	o->vmlinux_dir = TP_SRC_VMLINUX;
}

static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	FILE *in = fopen(from, "re"), *out = NULL;
	size_t n;
	int err = 0;

	if (!in)
		return -errno;
	out = fopen(to, "we");
	if (!out) {
		err = -errno;
		goto out;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n) {
			err = -EIO;
			break;
		}
	if (ferror(in))
		err = -EIO;
out:
	if (out && fclose(out) && !err)
		err = -errno;
	fclose(in);
	return err;
}

/*
 * Refuse a program too long for the kernel, naming its hook in its own
 * policy's file (ds: one per file of the set; set_d the object's). Returns 1
 * when it said why; 2, saying nothing, when the program is a group's (fused
 * hooks: each may fit alone); else 0 or -errno.
 */
static int check_size(const struct tp_plan *plan, const char *obj, struct tp_diag *ds,
		      struct tp_diag *set_d)
{
	struct tp_loc nowhere = { 0, 0 };
	struct tp_diag *d = set_d;
	size_t insns;
	int hook, err;

	err = tp_obj__oversized(obj, &hook, &insns);
	if (err < 0) {
		fprintf(stderr, "tpgen: reading the object's programs: %s\n", strerror(-err));
		return err;
	}
	if (!err)
		return 0;
	if (hook >= 0 && (size_t)hook < plan->nhooks)
		d = &ds[plan->hooks[hook].hook->policy];
	if (hook >= 0 && (size_t)hook < plan->nhooks && plan->hooks[hook].fused)
		return 2; /* hooks that fit alone, too many together: built again unfused */
	if (hook >= 0 && (size_t)hook < plan->nhooks)
		tp_diag__error(d, plan->hooks[hook].hook->loc,
			       "the hook's program is %zu BPF instructions, past the %d a jump "
			       "spans: not supported; split its %zu selectors across hooks",
			       insns, TP_PROG_INSNS_MAX, plan->hooks[hook].nsels);
	else
		tp_diag__error(d, nowhere,
			       "a program is %zu BPF instructions, past the %d a jump "
			       "spans: not supported",
			       insns, TP_PROG_INSNS_MAX);
	return 1;
}

/* SIGINT, SIGTERM or SIGHUP, once caught: the run stops, removes what it made, dies of it */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
	tp_clang__stop();
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = on_signal }, old;
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		/* one ignored when tpgen starts stays so (nohup, a shell's background job) */
		if (!sigaction(sigs[i], NULL, &old) && old.sa_handler != SIG_IGN)
			sigaction(sigs[i], &sa, NULL);
}

/* The generated file's head (tp_emit__head) into path: 0 or -errno. */
static int write_head(const struct tp_plan *plan, const char *path)
{
	struct tp_emitter e;
	FILE *f = fopen(path, "we");
	int err;

	if (!f)
		return -errno;
	tp_emitter__init(&e, f, "policy.head.h");
	err = tp_emit__head(&e, plan);
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

/* Emit, compile and assemble into a temporary file next to out, then rename. */
static int build(const struct tp_policy *p, const struct tp_plan *plan,
		 const struct tp_clang_opts *opts, const struct tp_target *target, const char *out,
		 const char *emit_c, struct tp_diag *ds, struct tp_diag *set_d,
		 struct evp_pkey_st *key)
{
	struct tp_clang_opts run = *opts, *co = &run; /* this build's folders: a retry's own */
	const char *btf = target->btf;
	char dir[TP_WORKDIR_LEN], src[PATH_MAX], head[PATH_MAX], obj[PATH_MAX], tmp[PATH_MAX];
	char msg[512];
	char vmlinux_dir[PATH_MAX] = "", vmlinux_h[PATH_MAX] = "";
	char cached[PATH_MAX], btf_file[PATH_MAX];
	struct tp_emitter e;
	struct tp_section sec;
	uint8_t digest[TP_DIGEST_SIZE];
	void *meta = NULL;
	size_t meta_size = 0;
	FILE *f = NULL;
	struct stat st;
	int err, fd = -1;

	if (interrupted)
		return -EINTR;
	err = tp_workdir__make(dir, sizeof(dir));
	if (err) {
		fprintf(stderr, "tpgen: cannot create a temporary directory: %s\n", strerror(-err));
		return err;
	}
	snprintf(src, sizeof(src), "%s/policy.bpf.c", dir);
	snprintf(obj, sizeof(obj), "%s/policy.bpf.o", dir);
	tmp[0] = 0;

	f = fopen(src, "we");
	if (!f) {
		err = -errno;
		fprintf(stderr, "tpgen: %s: %s\n", src, strerror(errno));
		goto out;
	}
	tp_emitter__init(&e, f, "policy.bpf.c");
	err = tp_emit__policy(&e, p, plan, co->templates_dir, msg, sizeof(msg));
	if (fclose(f) && !err) {
		err = -errno;
		snprintf(msg, sizeof(msg), "writing the generated C: %s", strerror(-err));
	}
	if (err) {
		fprintf(stderr, "tpgen: %s\n", msg);
		goto out;
	}
	/* its head alone, which the cache keeps precompiled (gen/link/compile.c) */
	snprintf(head, sizeof(head), "%s/policy.head.h", dir);
	err = write_head(plan, head);
	if (err) {
		fprintf(stderr, "tpgen: %s: %s\n", head, strerror(-err));
		goto out;
	}
	co->head = head;
	if (emit_c && (err = copy_file(src, emit_c))) {
		fprintf(stderr, "tpgen: %s: %s\n", emit_c, strerror(-err));
		goto out;
	}

	co->build_dir = dir;
	if (btf && !tp_cache__vmlinux(btf, cached, sizeof(cached))) {
		co->vmlinux_dir = cached;
	} else if (btf) {
		/* the target's types: CO-RE names its structs and fields, not this machine's */
		/* in a folder of its own: debug info names it as it names the installed one */
		snprintf(vmlinux_dir, sizeof(vmlinux_dir), "%s/vmlinux", dir);
		snprintf(vmlinux_h, sizeof(vmlinux_h), "%s/vmlinux.h", vmlinux_dir);
		err = mkdir(vmlinux_dir, 0700) ? -errno : tp_vmlinux_h__write(btf, vmlinux_h);
		if (err) {
			fprintf(stderr, "tpgen: writing vmlinux.h from %s: %s\n", btf,
				strerror(-err));
			goto out;
		}
		co->vmlinux_dir = vmlinux_dir;
	}
	if (!btf) {
		/* the BTF the installed vmlinux.h was made from, if it is there */
		snprintf(btf_file, sizeof(btf_file), "%s/vmlinux.btf", co->vmlinux_dir);
		if (!access(btf_file, R_OK))
			btf = btf_file;
	}
	/* a vmlinux.h of this run only is not worth precompiling */
	err = tp_compile(co, btf, !vmlinux_dir[0], src, plan->parts, obj);
	/* a standby clang no compile took (the objects were in the cache, or none was made) */
	tp_clang__standby_end();
	if (interrupted) { /* clang was stopped (tp_clang__stop): nothing to say of it */
		err = -EINTR;
		goto out;
	} else if (err < 0) {
		fprintf(stderr,
			"tpgen: cannot run clang '%s': %s (install clang, or name one with "
			"--clang or $CLANG)\n",
			co->clang, strerror(-err));
		goto out;
	} else if (err) {
		fprintf(stderr,
			"tpgen: %s failed on the generated code (exit status %d); this is "
			"a tpgen bug: please report it with the policy\n",
			co->clang, err);
		err = -EINVAL;
		goto out;
	}

	err = tp_obj__shrink(obj);
	if (err) {
		fprintf(stderr, "tpgen: stripping the object: %s\n", strerror(-err));
		goto out;
	}

	err = check_size(plan, obj, ds, set_d);
	if (err)
		goto out;

	/* the policy, then the meta over the digest of all before it, then the signature */
	sec = (struct tp_section){ TP_POLICY_SECTION, p->source, p->source_len };
	err = tp_obj__add_sections(obj, &sec, 1);
	if (!err)
		err = tp_obj__digest_file(obj, TP_DIGEST_META, digest);
	if (!err)
		err = tp_meta__build_arch(p, plan, target->arch, digest, &meta, &meta_size);
	if (err) {
		fprintf(stderr, "tpgen: building .tp.meta: %s\n", strerror(-err));
		goto out;
	}
	sec = (struct tp_section){ TP_META_SECTION, meta, meta_size };
	err = tp_obj__add_sections(obj, &sec, 1);
	if (err) {
		fprintf(stderr, "tpgen: adding sections: %s\n", strerror(-err));
		goto out;
	}
	if (key && (err = tp_obj__sign(obj, key, msg, sizeof(msg)))) {
		fprintf(stderr, "tpgen: %s\n", msg);
		goto out;
	}

	/* a device (-o /dev/null, a pipe) is written as it is: a temporary file
	 * renamed over it would replace it */
	if (!stat(out, &st) && !S_ISREG(st.st_mode)) {
		err = copy_file(obj, out);
		if (err)
			fprintf(stderr, "tpgen: %s: %s\n", out, strerror(-err));
		goto out;
	}
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", out);
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = -errno;
		fprintf(stderr, "tpgen: %s: %s\n", out, strerror(errno));
		tmp[0] = 0;
		goto out;
	}
	close(fd);
	err = interrupted ? -EINTR : copy_file(obj, tmp);
	if (!err && chmod(tmp, 0644))
		err = -errno;
	if (!err && interrupted) /* a stop signal: nothing written, even now */
		err = -EINTR;
	if (!err && rename(tmp, out))
		err = -errno;
	if (err)
		fprintf(stderr, "tpgen: %s: %s\n", out, strerror(-err));
	else
		tmp[0] = 0;
out:
	if (tmp[0])
		unlink(tmp);
	tp_workdir__remove(dir);
	free(meta);
	return err;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "emit-c", required_argument, NULL, 'S' },
		{ "clang", required_argument, NULL, 'C' },
		{ "tracefs", required_argument, NULL, 'T' },
		{ "btf", required_argument, NULL, 'B' },
		{ "target", required_argument, NULL, 'A' },
		{ "ftrace-functions", required_argument, NULL, 'F' },
		{ "inline-max", required_argument, NULL, 'I' },
		{ "sign", required_argument, NULL, 'K' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{},
	};
	char tbuf[PATH_MAX], ibuf[PATH_MAX], err[256];
	struct tp_clang_opts co = { .part = -1 };
	struct tp_lower_opts lo = { 0 };
	struct tp_policy **ps = NULL, *p = NULL;
	struct tp_plan *plan = NULL;
	struct tp_target target;
	struct tp_diag *ds = NULL, set_d;
	const char *out = NULL, *emit_c = NULL, *sign = NULL;
	struct evp_pkey_st *key = NULL;
	size_t i, n = 0;
	int c, e, errors = 0, rc = 1;

	tp_target__init_host(&target);
	co.clang = getenv("CLANG") ? getenv("CLANG") : "clang";
	while ((c = getopt_long(argc, argv, "o:S:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'S':
			emit_c = optarg;
			break;
		case 'C':
			co.clang = optarg;
			break;
		case 'T':
			target.tracefs = optarg;
			break;
		case 'B':
			target.btf = optarg;
			break;
		case 'F':
			target.ftrace_functions = optarg;
			break;
		case 'A':
			if (!tp_arch__by_name(optarg)) {
				fprintf(stderr,
					"tpgen: --target: '%s' is not an architecture tpgen builds "
					"for (x86_64, arm64)\n",
					optarg);
				return 2;
			}
			tp_target__set_arch(&target, tp_arch__by_name(optarg));
			break;
		case 'I':
			if (parse_inline_max(optarg, &lo.inline_max))
				return 2;
			break;
		case 'K':
			sign = optarg;
			break;
		case 'v':
			co.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc || !out) {
		usage(stderr);
		return 2;
	}
	/* this machine's vmlinux.h has its own struct pt_regs: another's types come from --btf */
	if (target.arch != tp_arch__host() && !target.btf) {
		fprintf(stderr,
			"tpgen: --target %s needs --btf FILE, the BTF of the %s kernel it is for "
			"(this machine is %s)\n",
			tp_arch__name(target.arch), tp_arch__name(target.arch),
			tp_arch__host_machine());
		return 2;
	}
	co.target_arch = tp_arch__clang(target.arch);
	find_datadir(&co, tbuf, ibuf, sizeof(tbuf));
	catch_signals();
	/* a key that will not sign is known before anything is compiled */
	if (sign && !(key = tp_sign__load_key(sign, err, sizeof(err)))) {
		fprintf(stderr, "tpgen: --sign %s\n", err);
		return 1;
	}
	/* clang loads while the policies are read and checked (a compile takes it) */
	tp_clang__standby(co.clang);

	n = argc - optind;
	ps = calloc(n, sizeof(*ps));
	ds = calloc(n, sizeof(*ds));
	if (!ps || !ds) {
		fprintf(stderr, "tpgen: out of memory\n");
		goto out;
	}
	/* every file parsed and checked, each on its own: one run reports every mistake */
	for (i = 0; i < n; i++) {
		tp_diag__init(&ds[i], argv[optind + i], stderr);
		ps[i] = tp_policy__load_file(argv[optind + i], &ds[i]);
		/* the checker runs on what did parse */
		if (ps[i])
			tp_policy__check(ps[i], &target, &ds[i]);
		errors += ds[i].errors ? ds[i].errors : !ps[i];
	}
	if (errors)
		goto out;
	errors = tp_set__check(ps, n, ds);
	if (errors)
		goto out;
	p = tp_set__merge(ps, n);
	if (!p) {
		fprintf(stderr, "tpgen: out of memory\n");
		goto out;
	}
	if (n > 1)
		for (i = 0; i < n; i++)
			ps[i] = NULL; /* the set's now */
	else
		ps[0] = NULL;
	/* the plan's mistakes are the object's: a set's are not one file's */
	tp_diag__init(&set_d, n > 1 ? out : argv[optind], stderr);
	plan = tp_plan__new(p, &lo, err, sizeof(err));
	if (!plan) {
		struct tp_loc nowhere = { 0, 0 };

		tp_diag__error(&set_d, nowhere, "%s", err);
		errors++;
		goto out;
	}
	e = build(p, plan, &co, &target, out, emit_c, ds, &set_d, key);
	if (e == 2) { /* a group's program too long: every hook in its own */
		tp_plan__free(plan);
		lo.no_fuse = true;
		plan = tp_plan__new(p, &lo, err, sizeof(err));
		e = plan ? build(p, plan, &co, &target, out, emit_c, ds, &set_d, key) : -ENOMEM;
	}
	errors += e == 1; /* said where */
	if (e)
		goto out;
	rc = 0;
out:
	tp_clang__standby_end();
	if (interrupted) {
		fprintf(stderr, "tpgen: interrupted, %s not written\n", out);
		signal(interrupted, SIG_DFL);
		raise(interrupted);
	}
	if (rc && errors)
		fprintf(stderr, "tpgen: %d error%s, %s not written\n", errors,
			errors == 1 ? "" : "s", out);
	tp_sign__free_key(key);
	tp_plan__free(plan);
	tp_policy__free(p);
	for (i = 0; ps && i < n; i++)
		tp_policy__free(ps[i]);
	free(ps);
	free(ds);
	return rc;
}
