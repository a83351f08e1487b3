// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * stacker PATH [MS]: opens PATH through two named, non-inlined functions,
 * stack_outer -> stack_inner -> openat(), then stays MS milliseconds (default
 * 1500) so that tprun can read its maps. Built with frame pointers: BPF's
 * user stack walk follows them.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int stack_inner(const char *path);
int stack_outer(const char *path);

static volatile int sink; /* a use after each call: no tail calls */

__attribute__((noinline)) int stack_inner(const char *path)
{
	int fd = openat(AT_FDCWD, path, O_RDONLY);

	sink++;
	return fd;
}

__attribute__((noinline)) int stack_outer(const char *path)
{
	int fd = stack_inner(path);

	sink++;
	return fd;
}

int main(int argc, char **argv)
{
	long ms = argc > 2 ? atol(argv[2]) : 1500;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	int fd;

	if (argc < 2)
		return 2;
	fd = stack_outer(argv[1]);
	nanosleep(&ts, NULL);
	if (fd >= 0)
		close(fd);
	return 0;
}
