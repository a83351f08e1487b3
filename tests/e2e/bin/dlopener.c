// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Trigger for loader: true: maps files as its arguments say, in order, then
 * exits 0 (1 on a failure).
 *   dlopen PATH      dlopen(3) the shared object and call its tp_loaded()
 *   exec PATH        mmap(2) PATH with PROT_READ | PROT_EXEC
 *   read PATH        mmap(2) PATH with PROT_READ only
 *   mprotect PATH    mmap(2) PATH with PROT_READ, then mprotect(2) it PROT_EXEC too
 *   memfd PATH       PATH's bytes in a memfd "tp-loader", mapped as by mprotect
 *   anon             an anonymous PROT_READ | PROT_EXEC mapping
 *   anon-mprotect    an anonymous mapping, then mprotect(2)ed PROT_EXEC
 *   keep             the mappings that follow stay, and it sleeps 2 s before exiting
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int keep;

/* Map 4096 bytes of fd (-1: anonymous) with prot, then mprotect them to reprot (0: not). */
static int map_fd(int fd, int prot, int reprot)
{
	void *p = mmap(NULL, 4096, prot, fd < 0 ? MAP_PRIVATE | MAP_ANONYMOUS : MAP_PRIVATE, fd, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	if (reprot && mprotect(p, 4096, reprot)) {
		perror("mprotect");
		return 1;
	}
	return keep ? 0 : munmap(p, 4096);
}

static int map_file(const char *path, int prot, int reprot)
{
	int fd = open(path, O_RDONLY), rc;

	if (fd < 0) {
		perror(path);
		return 1;
	}
	rc = map_fd(fd, prot, reprot);
	close(fd);
	return rc;
}

/* path's bytes in a memfd, mapped read-only and then made executable */
static int map_memfd(const char *path)
{
	char buf[65536];
	int in = open(path, O_RDONLY), fd = memfd_create("tp-loader", 0), rc = 1;
	ssize_t n;

	if (in < 0 || fd < 0) {
		perror("memfd");
		goto out;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, n) != n)
			goto out;
	rc = n < 0 || map_fd(fd, PROT_READ, PROT_READ | PROT_EXEC);
out:
	if (in >= 0)
		close(in);
	if (fd >= 0)
		close(fd);
	return rc;
}

static int load(const char *path)
{
	int (*fn)(void);
	void *h = dlopen(path, RTLD_NOW);

	if (!h) {
		fprintf(stderr, "dlopen: %s\n", dlerror());
		return 1;
	}
	fn = (int (*)(void))dlsym(h, "tp_loaded");
	if (!fn || fn() != 42) {
		fprintf(stderr, "tp_loaded: not found or wrong\n");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc && !rc; i++) {
		if (!strcmp(argv[i], "keep")) {
			keep = 1;
		} else if (!strcmp(argv[i], "anon")) {
			rc = map_fd(-1, PROT_READ | PROT_EXEC, 0);
		} else if (!strcmp(argv[i], "anon-mprotect")) {
			rc = map_fd(-1, PROT_READ | PROT_WRITE, PROT_READ | PROT_EXEC);
		} else if (i + 1 >= argc) {
			fprintf(stderr,
				"usage: dlopener [STEP PATH | anon | anon-mprotect | keep]...\n");
			return 2;
		} else if (!strcmp(argv[i], "dlopen")) {
			rc = load(argv[++i]);
		} else if (!strcmp(argv[i], "exec")) {
			rc = map_file(argv[++i], PROT_READ | PROT_EXEC, 0);
		} else if (!strcmp(argv[i], "read")) {
			rc = map_file(argv[++i], PROT_READ, 0);
		} else if (!strcmp(argv[i], "mprotect")) {
			rc = map_file(argv[++i], PROT_READ, PROT_READ | PROT_EXEC);
		} else if (!strcmp(argv[i], "memfd")) {
			rc = map_memfd(argv[++i]);
		} else {
			fprintf(stderr, "dlopener: unknown step '%s'\n", argv[i]);
			return 2;
		}
	}
	if (keep)
		sleep(2);
	return rc;
}
