// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "clang.h"

extern char **environ;

static const char *target_arch(void)
{
#if defined(__x86_64__)
	return "-D__TARGET_ARCH_x86";
#elif defined(__aarch64__)
	return "-D__TARGET_ARCH_arm64";
#else
	return "-D__TARGET_ARCH_unknown";
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
	char inc[3][4096], prefix[4][4200];
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
	add(b, target_arch());
	add(b, "-Wall");
	add(b, "-Werror");
	add(b, b->inc[0]);
	/* vmlinux.h before the ABI headers, which an installed tpgen keeps in the same folder */
	add(b, b->inc[2]);
	add(b, b->inc[1]);
	add(b, arch_includes());
}

/* the clang being waited for, 0 none (tp_clang__stop) */
static volatile sig_atomic_t running;

void tp_clang__stop(void)
{
	pid_t pid = running;

	if (pid > 0)
		kill(pid, SIGTERM);
}

/* Run argv; with log, clang's messages go to that file. */
static int run(struct argv_buf *b, const struct tp_clang_opts *o, const char *log)
{
	posix_spawn_file_actions_t fa;
	int i, status, err;
	pid_t pid;

	b->argv[b->argc] = NULL;
	if (o->verbose) {
		for (i = 0; i < b->argc; i++)
			fprintf(stderr, "%s%s", i ? " " : "", b->argv[i]);
		fputc('\n', stderr);
	}
	err = posix_spawn_file_actions_init(&fa);
	if (!err && log)
		err = posix_spawn_file_actions_addopen(&fa, 2, log, O_WRONLY | O_CREAT | O_TRUNC,
						       0600);
	if (!err)
		err = posix_spawnp(&pid, o->clang, &fa, NULL, (char *const *)b->argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		return -err;
	running = pid;
	while ((err = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
		; /* a signal's handler (tp_clang__stop) ended it: it is reaped here */
	running = 0;
	if (err < 0)
		return -errno;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
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
	if (o->pch) {
		add(&b, "-include-pch");
		add(&b, o->pch);
	}
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
	add(&b, "-x");
	add(&b, "c-header");
	add(&b, header);
	add(&b, "-o");
	add(&b, pch);
	return run(&b, o, NULL);
}
