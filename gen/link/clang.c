// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <errno.h>
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

int tp_clang__compile(const struct tp_clang_opts *o, const char *src, const char *obj)
{
	char inc1[4096], inc2[4096], inc3[4096], prefix[4][4200];
	const char *argv[32];
	int argc = 0, status, err;
	pid_t pid;

	snprintf(inc1, sizeof(inc1), "-I%s", o->templates_dir);
	snprintf(inc2, sizeof(inc2), "-I%s", o->abi_dir);
	snprintf(inc3, sizeof(inc3), "-I%s", o->vmlinux_dir);
	/* no path of this machine reaches the object: the same policy gives the same bytes */
	snprintf(prefix[0], sizeof(prefix[0]), "-fdebug-prefix-map=%s=/tpgen", o->build_dir);
	snprintf(prefix[1], sizeof(prefix[1]), "-fdebug-prefix-map=%s=/tpgen/templates",
		 o->templates_dir);
	snprintf(prefix[2], sizeof(prefix[2]), "-fdebug-prefix-map=%s=/tpgen/include", o->abi_dir);
	snprintf(prefix[3], sizeof(prefix[3]), "-fdebug-prefix-map=%s=/tpgen/vmlinux",
		 o->vmlinux_dir);
	argv[argc++] = o->clang;
	argv[argc++] = "-g";
	argv[argc++] = "-O2";
	argv[argc++] = "-target";
	argv[argc++] = "bpf";
	argv[argc++] = target_arch();
	argv[argc++] = "-Wall";
	argv[argc++] = "-Werror";
	argv[argc++] = "-fdebug-compilation-dir=/tpgen";
	argv[argc++] = prefix[0];
	argv[argc++] = prefix[1];
	argv[argc++] = prefix[2];
	argv[argc++] = prefix[3];
	argv[argc++] = inc1;
	/* vmlinux.h before the ABI headers, which an installed tpgen keeps in the same folder */
	argv[argc++] = inc3;
	argv[argc++] = inc2;
	argv[argc++] = arch_includes();
	argv[argc++] = "-c";
	argv[argc++] = src;
	argv[argc++] = "-o";
	argv[argc++] = obj;
	argv[argc] = NULL;

	if (o->verbose) {
		int i;

		for (i = 0; i < argc; i++)
			fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
		fputc('\n', stderr);
	}
	err = posix_spawnp(&pid, o->clang, NULL, NULL, (char *const *)argv, environ);
	if (err)
		return -err;
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
