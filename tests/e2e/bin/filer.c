// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Test trigger for file-like arguments: performs the file operations it is
 * told to, in order, then exits 0 (1 when one failed).
 *   write PATH TEXT        open (create, truncate) PATH, write TEXT, close
 *   fsync PATH             open (create) PATH read-write, fsync, close
 *   fsync-unlinked PATH    open (create) PATH, unlink it, fsync the open file, close
 *   direct PATH            write 4096 bytes to PATH with O_DIRECT
 *   unlink PATH
 *   follow PATH NAME TEXT  open PATH as fd F; symlinkat(NAME, F, PATH.lnk) (the
 *                          absolute link path ignores F: a hook can FollowFD F
 *                          with NAME); write TEXT to F; dup2(F, 9), write TEXT to
 *                          9; close both; unlink PATH.lnk
 *   pipe TEXT              write TEXT to a pipe, then to a socketpair (files without a path)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

static int open_or_die(const char *path, int flags)
{
	int fd = open(path, flags, 0644);

	if (fd < 0)
		perror(path);
	return fd;
}

static int put(int fd, const char *text)
{
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		perror("write");
		return 1;
	}
	return 0;
}

static int follow(const char *path, const char *name, const char *text)
{
	char link[4096];
	int fd, rc = 0;

	if (snprintf(link, sizeof(link), "%s.lnk", path) >= (int)sizeof(link))
		return 1;
	fd = open_or_die(path, O_WRONLY | O_CREAT | O_TRUNC);
	if (fd < 0)
		return 1;
	if (symlinkat(name, fd, link)) {
		perror("symlinkat");
		rc = 1;
	}
	rc |= put(fd, text);
	if (dup2(fd, 9) != 9) {
		perror("dup2");
		rc = 1;
	}
	rc |= put(9, text);
	close(9);
	close(fd);
	unlink(link);
	return rc;
}

static int run(int argc, char **argv)
{
	int i, fd, rc = 0;

	for (i = 0; i < argc; i++) {
		const char *cmd = argv[i];

		if (!strcmp(cmd, "write") && i + 2 < argc) {
			fd = open_or_die(argv[i + 1], O_WRONLY | O_CREAT | O_TRUNC);
			if (fd < 0)
				return 1;
			rc |= put(fd, argv[i + 2]);
			close(fd);
			i += 2;
		} else if ((!strcmp(cmd, "fsync") || !strcmp(cmd, "fsync-unlinked")) &&
			   i + 1 < argc) {
			fd = open_or_die(argv[++i], O_RDWR | O_CREAT);
			if (fd < 0)
				return 1;
			if (cmd[5] == '-' && unlink(argv[i]))
				rc = 1;
			if (fsync(fd)) {
				perror("fsync");
				rc = 1;
			}
			close(fd);
		} else if (!strcmp(cmd, "direct") && i + 1 < argc) {
			void *buf;

			fd = open_or_die(argv[++i], O_WRONLY | O_CREAT | O_TRUNC | O_DIRECT);
			if (fd < 0 || posix_memalign(&buf, 4096, 4096))
				return 1;
			memset(buf, 'x', 4096);
			if (write(fd, buf, 4096) != 4096) {
				perror("direct write");
				rc = 1;
			}
			free(buf);
			close(fd);
		} else if (!strcmp(cmd, "pipe") && i + 1 < argc) {
			int p[2], s[2];

			if (pipe(p) || socketpair(AF_UNIX, SOCK_STREAM, 0, s)) {
				perror("pipe");
				return 1;
			}
			rc |= put(p[1], argv[i + 1]);
			rc |= put(s[0], argv[++i]);
			close(p[0]);
			close(p[1]);
			close(s[0]);
			close(s[1]);
		} else if (!strcmp(cmd, "unlink") && i + 1 < argc) {
			if (unlink(argv[++i])) {
				perror(argv[i]);
				rc = 1;
			}
		} else if (!strcmp(cmd, "follow") && i + 3 < argc) {
			rc |= follow(argv[i + 1], argv[i + 2], argv[i + 3]);
			i += 3;
		} else {
			fprintf(stderr, "filer: bad command '%s'\n", cmd);
			return 2;
		}
	}
	return rc;
}

int main(int argc, char **argv)
{
	return run(argc - 1, argv + 1);
}
