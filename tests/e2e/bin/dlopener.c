// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Trigger for loader: true: maps files as its arguments say, in order, then
 * exits 0 (1 on a failure).
 *   dlopen PATH      dlopen(3) the shared object and call its tp_loaded()
 *   exec PATH        mmap(2) PATH with PROT_READ | PROT_EXEC
 *   read PATH        mmap(2) PATH with PROT_READ only
 *   anon             an anonymous PROT_READ | PROT_EXEC mapping
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int map_file(const char *path, int prot)
{
	void *p;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		perror(path);
		return 1;
	}
	p = mmap(NULL, 4096, prot, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	return munmap(p, 4096);
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
		if (!strcmp(argv[i], "anon")) {
			void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			rc = p == MAP_FAILED || munmap(p, 4096);
		} else if (i + 1 >= argc) {
			fprintf(stderr, "usage: dlopener [dlopen|exec|read PATH | anon]...\n");
			return 2;
		} else if (!strcmp(argv[i], "dlopen")) {
			rc = load(argv[++i]);
		} else if (!strcmp(argv[i], "exec")) {
			rc = map_file(argv[++i], PROT_READ | PROT_EXEC);
		} else if (!strcmp(argv[i], "read")) {
			rc = map_file(argv[++i], PROT_READ);
		} else {
			fprintf(stderr, "dlopener: unknown step '%s'\n", argv[i]);
			return 2;
		}
	}
	return rc;
}
