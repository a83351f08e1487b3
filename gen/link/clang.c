// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clang.h"

extern char **environ;

static const char *host_arch(void)
{
#if defined(__x86_64__)
	return "x86";
#elif defined(__aarch64__)
	return "arm64";
#else
	return "unknown";
#endif
}

/*
 * The system's arch headers, last: libbpf's usdt.bpf.h includes
 * <linux/errno.h>, which includes <asm/errno.h> (Debian's multiarch
 * directory, which the bpf target does not search).
 */
static const char *arch_includes(void)
{
#if defined(__x86_64__)
	return "-idirafter/usr/include/x86_64-linux-gnu";
#elif defined(__aarch64__)
	return "-idirafter/usr/include/aarch64-linux-gnu";
#else
	return "-idirafter/usr/include";
#endif
}

/* What the object and the precompiled prelude share: the target, the include path. */
struct argv_buf {
	char inc[3][4096], prefix[4][4200], arch[64], part[32];
	const char *argv[40];
	int argc;
};

static void add(struct argv_buf *b, const char *arg)
{
	b->argv[b->argc++] = arg;
}

static void common_args(struct argv_buf *b, const struct tp_clang_opts *o)
{
	snprintf(b->inc[0], sizeof(b->inc[0]), "-I%s", o->templates_dir);
	snprintf(b->inc[1], sizeof(b->inc[1]), "-I%s", o->abi_dir);
	snprintf(b->inc[2], sizeof(b->inc[2]), "-I%s", o->vmlinux_dir);
	add(b, o->clang);
	add(b, "-g");
	/* an inlined call's lines are its caller's: the same code, a third less debug info
	 * to carry (BTF keeps a line only where a function starts: btf_min.c) */
	add(b, "-gno-inline-line-tables");
	add(b, "-O2");
	add(b, "-target");
	add(b, "bpf");
	/* bpf_tracing.h's struct pt_regs and its syscall wrappers' registers: the target's */
	snprintf(b->arch, sizeof(b->arch), "-D__TARGET_ARCH_%s",
		 o->target_arch ? o->target_arch : host_arch());
	add(b, b->arch);
	add(b, "-Wall");
	add(b, "-Werror");
	add(b, b->inc[0]);
	/* vmlinux.h before the ABI headers, which an installed tpgen keeps in the same folder */
	add(b, b->inc[2]);
	add(b, b->inc[1]);
	add(b, arch_includes());
}

/* The precompiled prelude the source starts from, and the part of a split file it compiles. */
static void start_args(struct argv_buf *b, const struct tp_clang_opts *o)
{
	if (o->pch) {
		add(b, "-include-pch");
		add(b, o->pch);
	}
	if (o->part >= 0) {
		snprintf(b->part, sizeof(b->part), "-DTP_PART=%d", o->part);
		add(b, b->part);
	}
}

/*
 * What tp_clang__stop ends: the clang this process waits for, and the
 * children compiling beside it (gen/link/compile.c: the process table's
 * object, a policy's second part); 0 none. Each is cleared before its
 * process is reaped, so its PID is never another's.
 */
static volatile sig_atomic_t running, helpers[TP_CLANG_HELPERS];

/* Set by tp_clang__stop: no clang starts after it (a retry would wait for a new one). */
static volatile sig_atomic_t stopped;

void tp_clang__stop(void)
{
	pid_t pid = running;
	int i;

	stopped = 1;
	if (pid > 0)
		kill(pid, SIGTERM);
	for (i = 0; i < TP_CLANG_HELPERS; i++) {
		pid = helpers[i];
		if (pid > 0)
			kill(pid, SIGTERM);
	}
}

/* The signals that stop tpgen (gen/main.c): held while running or helper changes. */
static void stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
}

pid_t tp_clang__fork(void)
{
	pid_t pid = -EBUSY, parent = getpid();
	sigset_t stop, old;
	int i, j;

	/* held until helpers names the child, so that a stop signal never falls between */
	stop_signals(&stop);
	sigprocmask(SIG_BLOCK, &stop, &old);
	for (i = 0; i < TP_CLANG_HELPERS && helpers[i]; i++)
		;
	if (stopped)
		pid = -EINTR;
	else if (i < TP_CLANG_HELPERS) {
		fflush(NULL);
		pid = fork();
		if (pid < 0)
			pid = -errno;
		else if (pid)
			helpers[i] = pid;
		else { /* the child's own helpers: none; it ends with tpgen, even killed */
			for (j = 0; j < TP_CLANG_HELPERS; j++)
				helpers[j] = 0;
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			if (getppid() != parent) /* it died before prctl */
				raise(SIGTERM);
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return pid;
}

/* The slot holding the helper pid; NULL, none. */
static volatile sig_atomic_t *helper_slot(pid_t pid)
{
	int i;

	for (i = 0; i < TP_CLANG_HELPERS; i++)
		if (helpers[i] == pid)
			return &helpers[i];
	return NULL;
}

int tp_clang__reap(pid_t pid, volatile sig_atomic_t *slot)
{
	sigset_t stop, old;
	siginfo_t info;
	int status;

	/* the child ends; its PID stays its own until reaped, after the slot is cleared */
	while (waitid(P_PID, pid, &info, WEXITED | WNOWAIT) < 0)
		if (errno != EINTR)
			return -errno;
	if (!slot)
		slot = helper_slot(pid);
	stop_signals(&stop);
	sigprocmask(SIG_BLOCK, &stop, &old);
	if (slot)
		*slot = 0;
	sigprocmask(SIG_SETMASK, &old, NULL);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* Run argv; with log, clang's messages go to that file. */
static int run(struct argv_buf *b, const struct tp_clang_opts *o, const char *log)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t stop, old;
	int i, err;
	pid_t pid;

	b->argv[b->argc] = NULL;
	if (o->verbose) { /* one write: helpers print theirs at the same time */
		char *line = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&line, &len);

		for (i = 0; f && i < b->argc; i++)
			fprintf(f, "%s%s", i ? " " : "", b->argv[i]);
		if (f && !fclose(f))
			fprintf(stderr, "%s\n", line);
		free(line);
	}
	err = posix_spawn_file_actions_init(&fa);
	if (err)
		return -err;
	err = posix_spawnattr_init(&at);
	if (err) {
		posix_spawn_file_actions_destroy(&fa);
		return -err;
	}
	if (log)
		err = posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_TRUNC,
						       0600);
	/*
	 * held from the spawn until running names the child, so that a stop
	 * signal never falls between; clang gets them back, with their default
	 * actions (an ignored SIGTERM would keep it from stopping)
	 */
	stop_signals(&stop);
	sigprocmask(SIG_BLOCK, &stop, &old);
	if (!err && stopped)
		err = EINTR;
	if (!err)
		err = posix_spawnattr_setsigmask(&at, &old) ||
		      posix_spawnattr_setsigdefault(&at, &stop) ||
		      posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	if (!err)
		err = posix_spawnp(&pid, o->clang, &fa, &at, (char *const *)b->argv, environ);
	if (!err)
		running = pid;
	sigprocmask(SIG_SETMASK, &old, NULL); /* a stop signal held till now ends the child */
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		return err > 0 ? -err : -EINVAL;
	return tp_clang__reap(pid, &running);
}

int tp_clang__compile(const struct tp_clang_opts *o, const char *src, const char *obj)
{
	struct argv_buf b = { .argc = 0 };

	common_args(&b, o);
	/* no path of this machine reaches the object: the same policy gives the same bytes */
	snprintf(b.prefix[0], sizeof(b.prefix[0]), "-fdebug-prefix-map=%s=/tpgen", o->build_dir);
	snprintf(b.prefix[1], sizeof(b.prefix[1]), "-fdebug-prefix-map=%s=/tpgen/templates",
		 o->templates_dir);
	snprintf(b.prefix[2], sizeof(b.prefix[2]), "-fdebug-prefix-map=%s=/tpgen/include",
		 o->abi_dir);
	snprintf(b.prefix[3], sizeof(b.prefix[3]), "-fdebug-prefix-map=%s=/tpgen/vmlinux",
		 o->vmlinux_dir);
	add(&b, "-fdebug-compilation-dir=/tpgen");
	add(&b, b.prefix[0]);
	add(&b, b.prefix[1]);
	add(&b, b.prefix[2]);
	add(&b, b.prefix[3]);
	/* every struct a cut header lacks, in one go (compile.c) */
	if (o->log)
		add(&b, "-ferror-limit=0");
	start_args(&b, o);
	add(&b, "-c");
	add(&b, src);
	add(&b, "-o");
	add(&b, obj);
	/* a prelude or a cut header clang may refuse: tpgen tries again without */
	return run(&b, o, o->log ? o->log : o->pch ? "/dev/null" : NULL);
}

int tp_clang__precompile(const struct tp_clang_opts *o, const char *header, const char *pch)
{
	struct argv_buf b = { .argc = 0 };

	common_args(&b, o);
	start_args(&b, o);
	add(&b, "-x");
	add(&b, "c-header");
	add(&b, header);
	add(&b, "-o");
	add(&b, pch);
	/* a prelude that does not build only costs time: the compile without it says why */
	return run(&b, o, "/dev/null");
}
