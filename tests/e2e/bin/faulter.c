// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Test trigger for arguments a hook cannot read, or not whole: performs the
 * calls it is told to, in order, then exits 0.
 *   open PATH             openat(AT_FDCWD, PATH, O_RDONLY | O_NOCTTY): the flag tells
 *                         these calls from the dynamic loader's
 *   open-null             the same with a NULL name
 *   open-fault            the same with a name that runs, without a NUL, into an unmapped page
 *   write-null N          write(fd, NULL, N) to /dev/null
 *   write-fault N         write N bytes to /dev/null from 8 bytes before an unmapped page
 *   deep-write DEPTH TEXT under the current directory, DEPTH nested directories of
 *                         200-byte names, then "deep.txt" there written with TEXT
 *                         (a path longer than PATH_MAX, reached by relative steps)
 * Prints "faulter: done" at the end, so a test can tell a completed run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define OPEN_FLAGS (O_RDONLY | O_NOCTTY)

/* A page followed by an unmapped one; the first filled with 'a' (no NUL). */
static char *page_before_hole(long *pg)
{
	char *p;

	*pg = sysconf(_SC_PAGESIZE);
	p = mmap(NULL, 2 * *pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (munmap(p + *pg, *pg)) {
		munmap(p, 2 * *pg);
		return NULL;
	}
	memset(p, 'a', *pg);
	return p;
}

static int write_from(const char *buf, size_t n)
{
	int fd = open("/dev/null", O_WRONLY);

	if (fd < 0)
		return 1;
	/* /dev/null never reads buf: the call succeeds, only a hook reads it */
	if (syscall(SYS_write, fd, buf, n) < 0)
		perror("write");
	close(fd);
	return 0;
}

static int deep_write(int depth, const char *text)
{
	char name[201];
	int i, fd;

	memset(name, 'd', 200);
	name[200] = 0;
	for (i = 0; i < depth; i++) {
		if (mkdir(name, 0755) && errno != EEXIST)
			return 1;
		if (chdir(name))
			return 1;
	}
	fd = open("deep.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 1;
	if (write(fd, text, strlen(text)) < 0)
		perror("write");
	close(fd);
	return 0;
}

static int run(int argc, char **argv)
{
	long pg;
	char *p;
	int i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "open") && i + 1 < argc) {
			int fd = syscall(SYS_openat, AT_FDCWD, argv[++i], OPEN_FLAGS);

			if (fd >= 0)
				close(fd);
		} else if (!strcmp(argv[i], "open-null")) {
			syscall(SYS_openat, AT_FDCWD, NULL, OPEN_FLAGS);
		} else if (!strcmp(argv[i], "open-fault")) {
			p = page_before_hole(&pg);
			if (!p)
				return 1;
			syscall(SYS_openat, AT_FDCWD, p + pg - 16, OPEN_FLAGS);
		} else if (!strcmp(argv[i], "write-null") && i + 1 < argc) {
			if (write_from(NULL, strtoul(argv[++i], NULL, 0)))
				return 1;
		} else if (!strcmp(argv[i], "write-fault") && i + 1 < argc) {
			p = page_before_hole(&pg);
			if (!p || write_from(p + pg - 8, strtoul(argv[++i], NULL, 0)))
				return 1;
		} else if (!strcmp(argv[i], "deep-write") && i + 2 < argc) {
			if (deep_write(atoi(argv[i + 1]), argv[i + 2]))
				return 1;
			i += 2;
		} else {
			fprintf(stderr, "faulter: bad command '%s'\n", argv[i]);
			return 2;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int rc = run(argc - 1, argv + 1);

	printf("faulter: done\n");
	return rc;
}
