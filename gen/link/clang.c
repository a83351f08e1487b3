// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clang.h"
#include "file.h"

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
 * children compiling beside it (gen/link/compile.c: the companions'
 * objects, a policy's second part); 0 none. Each is cleared before its
 * process is reaped, so its PID is never another's.
 */
static volatile sig_atomic_t running, helpers[TP_CLANG_HELPERS];

/*
 * A clang started before its arguments are known, waiting for them on its
 * standard input as a response file ("@/dev/stdin"): it loads its libraries
 * (25 to 30 ms, whatever it compiles) while tpgen reads the policy and the
 * kernel's types. tpgen keeps the pipe's ends (standby_args to write,
 * standby_in to see what it left unread) and the memory file its messages
 * go to (standby_msgs), which the compile that takes it passes on. It
 * belongs to the process that started it (standby_owner): a child forked
 * since closes its ends (tp_clang__fork). standby: its PID, 0 none.
 */
static volatile sig_atomic_t standby;
static int standby_args = -1, standby_in = -1, standby_msgs = -1;
static const char *standby_clang;
static pid_t standby_owner;

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void standby_close(void)
{
	close_fd(&standby_args);
	close_fd(&standby_in);
	close_fd(&standby_msgs);
}

/* Set by tp_clang__stop: no clang starts after it (a retry would wait for a new one). */
static volatile sig_atomic_t stopped;

void tp_clang__stop(void)
{
	pid_t pid = running;
	int i;

	stopped = 1;
	if (pid > 0)
		kill(pid, SIGTERM);
	pid = standby;
	if (pid > 0 && standby_owner == getpid())
		kill(pid, SIGTERM);
	for (i = 0; i < TP_CLANG_HELPERS; i++) {
		pid = helpers[i];
		if (pid > 0)
			kill(pid, SIGTERM);
	}
}

/* The signals that stop tpgen (gen/main.c): held while running, helpers or standby changes. */
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
			/* the standby's: its arguments' pipe ends when its owner's does */
			standby = 0;
			standby_close();
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

/*
 * Spawn clang with argv and fa, with tpgen's stop signals back at their
 * default actions (an ignored SIGTERM would keep it from stopping), its PID
 * in *slot and *pid: 0 or -errno.
 */
static int spawn(const char *clang, const char *const *argv, posix_spawn_file_actions_t *fa,
		 volatile sig_atomic_t *slot, pid_t *pid)
{
	posix_spawnattr_t at;
	sigset_t stop, old;
	int err;

	err = posix_spawnattr_init(&at);
	if (err)
		return -err;
	/* held from the spawn until slot names the child, so that a stop signal never falls
	 * between */
	stop_signals(&stop);
	sigprocmask(SIG_BLOCK, &stop, &old);
	err = stopped ? EINTR : 0;
	if (!err &&
	    (posix_spawnattr_setsigmask(&at, &old) || posix_spawnattr_setsigdefault(&at, &stop) ||
	     posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)))
		err = EINVAL;
	if (!err)
		err = posix_spawnp(pid, clang, fa, &at, (char *const *)argv, environ);
	if (!err)
		*slot = *pid;
	sigprocmask(SIG_SETMASK, &old, NULL); /* a stop signal held till now ends the child */
	posix_spawnattr_destroy(&at);
	return -err;
}

/* fd moved past the standard ones (a tpgen started with them closed): fd, or -1. */
static int past_stdio(int fd)
{
	int moved;

	if (fd < 0 || fd > 2)
		return fd;
	moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return moved;
}

/* The CPUs this process may run on: 1 if unknown. */
static int cpus(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof(set), &set) ? 1 : CPU_COUNT(&set);
}

int tp_clang__standby(const char *clang)
{
	const char *argv[] = { clang, "@/dev/stdin", NULL };
	posix_spawn_file_actions_t fa;
	int args[2], err;
	pid_t pid;

	if (standby)
		return -EBUSY;
	/* on one CPU its start would not overlap anything: it would only cost a cached run */
	if (cpus() < 2)
		return -EOPNOTSUPP;
	if (pipe2(args, O_CLOEXEC))
		return -errno;
	/* none on 0, 1 or 2, which the spawn's dup2 and tpgen's messages use */
	standby_in = past_stdio(args[0]);
	standby_args = past_stdio(args[1]);
	standby_msgs = past_stdio(memfd_create("clang-messages", MFD_CLOEXEC));
	if (standby_in < 0 || standby_args < 0 || standby_msgs < 0) {
		err = -errno;
		standby_close();
		return err;
	}
	err = -posix_spawn_file_actions_init(&fa);
	if (!err) {
		err = -posix_spawn_file_actions_adddup2(&fa, standby_in, 0);
		if (!err)
			err = -posix_spawn_file_actions_adddup2(&fa, standby_msgs, 2);
		standby_owner = getpid();
		if (!err)
			err = spawn(clang, argv, &fa, &standby, &pid);
		posix_spawn_file_actions_destroy(&fa);
	}
	if (err) {
		standby_close();
		return err;
	}
	standby_clang = clang;
	return 0;
}

void tp_clang__standby_end(void)
{
	pid_t pid = standby;

	if (!pid || standby_owner != getpid())
		return;
	/* its input ends first: a wrapper's clang that a kill would miss ends of it */
	standby_close();
	kill(pid, SIGKILL);
	tp_clang__reap(pid, &standby);
}

/*
 * argv as a response file (and clang's colours, if asked), in GNU quoting
 * (a backslash takes the next character as it is): any byte but a letter, a
 * digit or a few marks is quoted, so that a path with a space, a quote or a
 * newline stays whole.
 * llvm::cl::TokenizeGNUCommandLine (llvm/lib/Support/CommandLine.cpp) reads
 * it. As on a command line, an argument starting with '@' names another
 * response file, and an empty one is dropped: tpgen passes neither.
 */
static char *response_file(const char *const *argv, bool colour, size_t *len)
{
	char *text = NULL;
	const char *c;
	FILE *f = open_memstream(&text, len);
	int i;

	if (!f)
		return NULL;
	for (i = 0; argv[i]; i++) {
		for (c = argv[i]; *c; c++) {
			if (!isalnum((unsigned char)*c) && !strchr("/._-=+,:%", *c))
				fputc('\\', f);
			fputc(*c, f);
		}
		fputc('\n', f);
	}
	if (colour)
		fputs("-fcolor-diagnostics\n", f);
	if (fclose(f)) {
		free(text);
		return NULL;
	}
	return text;
}

/* How a compile's log is opened: by clang's spawn, or to pass a standby's messages on. */
#define LOG_FLAGS (O_WRONLY | O_CREAT | O_TRUNC)
#define LOG_MODE  0600

/* clang's messages passed on at most: a whole file's errors, every struct a cut lacks */
#define MSGS_MAX (64u << 20)

/* The messages in msgs to log, or to tpgen's stderr: 0 or -errno. */
static int pass_messages(int msgs, const char *log)
{
	int fd, err;
	char *text;
	size_t n;

	/* clang wrote through a copy of msgs: its offset is at their end */
	if (lseek(msgs, 0, SEEK_SET))
		return -errno;
	err = tp_file__read_fd(msgs, MSGS_MAX, &text, &n);
	if (err < 0)
		return err;
	fd = log ? open(log, LOG_FLAGS | O_CLOEXEC, LOG_MODE) : 2;
	err = fd < 0 ? -errno : tp_file__write_fd(fd, text, n);
	if (log && fd >= 0)
		close(fd);
	free(text);
	return err;
}

/*
 * argv run by the standby clang, if this process has one of argv[0]: true
 * with *status its exit status (tp_clang__reap), its messages passed to log
 * (NULL: stderr). False with none, or one that ended without reading argv
 * (no /dev/stdin, a wrapper that does not pass its input on): its messages
 * are dropped, and the compile starts a clang of its own.
 */
static bool run_standby(const char *const *argv, const char *log, int *status)
{
	int args, in, msgs, err, left = 0;
	sigset_t stop, old;
	size_t len;
	char *text;
	pid_t pid;

	stop_signals(&stop);
	sigprocmask(SIG_BLOCK, &stop, &old);
	pid = standby;
	if (stopped || standby_owner != getpid() || !standby_clang ||
	    strcmp(standby_clang, argv[0]))
		pid = 0;
	args = standby_args;
	in = standby_in;
	msgs = standby_msgs;
	if (pid) { /* this compile's now: a stop ends it as the clang being run */
		running = pid;
		standby = 0;
		standby_args = standby_in = standby_msgs = -1;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (!pid)
		return false;
	/* argv[0]: the name it was started by; colours as clang gives a terminal */
	text = response_file(argv + 1, !log && isatty(2), &len);
	err = text ? 0 : -ENOMEM;
	/* all of it in the pipe at once: tpgen holds its other end, so a write never waits */
	if (!err && len > (size_t)fcntl(args, F_GETPIPE_SZ) && fcntl(args, F_SETPIPE_SZ, len) < 0)
		err = -errno;
	if (!err)
		err = tp_file__write_fd(args, text, len);
	free(text);
	close(args);
	if (err)
		kill(pid, SIGKILL);
	*status = tp_clang__reap(pid, &running);
	if (!err && (ioctl(in, FIONREAD, &left) || left))
		err = -ENOEXEC;
	close(in);
	if (!err && *status >= 0) {
		err = pass_messages(msgs, log);
		/* a log clang could not have been started with, as run() would say */
		if (err && log)
			*status = err;
		err = 0;
	}
	close(msgs);
	return !err;
}

/* Run argv; with log, clang's messages go to that file. */
static int run(struct argv_buf *b, const struct tp_clang_opts *o, const char *log)
{
	posix_spawn_file_actions_t fa;
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
	if (run_standby(b->argv, log, &err))
		return err;
	err = posix_spawn_file_actions_init(&fa);
	if (err)
		return -err;
	if (log)
		err = -posix_spawn_file_actions_addopen(&fa, 2, log, LOG_FLAGS, LOG_MODE);
	if (!err)
		err = spawn(o->clang, b->argv, &fa, &running, &pid);
	posix_spawn_file_actions_destroy(&fa);
	return err ? err : tp_clang__reap(pid, &running);
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
