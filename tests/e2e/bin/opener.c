// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Test trigger: performs the syscalls it is told to, in order, then exits 0.
 *   open PATH            openat(AT_FDCWD, PATH, O_RDONLY)
 *   openf PATH FLAGS     openat with numeric flags (O_CREAT adds mode 0600)
 *   write TEXT           write(1 + 100, ...) to /dev/null
 *   getppid              syscall(SYS_getppid)
 *   fork CMD...          fork a child that runs the rest, wait for it
 *   sleep MS
 * Prints "opener: done" at the end, so a test can tell a completed run.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int run(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "open") && i + 1 < argc) {
			int fd = openat(AT_FDCWD, argv[++i], O_RDONLY);

			if (fd >= 0)
				close(fd);
		} else if (!strcmp(argv[i], "openf") && i + 2 < argc) {
			int fd = openat(AT_FDCWD, argv[i + 1], (int)strtol(argv[i + 2], NULL, 0), 0600);

			i += 2;
			if (fd >= 0)
				close(fd);
		} else if (!strcmp(argv[i], "write") && i + 1 < argc) {
			int fd = open("/dev/null", O_WRONLY);

			if (fd >= 0) {
				if (write(fd, argv[i + 1], strlen(argv[i + 1])) < 0)
					perror("write");
				close(fd);
			}
			i++;
		} else if (!strcmp(argv[i], "getppid")) {
			syscall(SYS_getppid);
		} else if (!strcmp(argv[i], "sleep") && i + 1 < argc) {
			struct timespec ts = { 0, 0 };
			long ms = strtol(argv[++i], NULL, 0);

			ts.tv_sec = ms / 1000;
			ts.tv_nsec = (ms % 1000) * 1000000;
			nanosleep(&ts, NULL);
		} else if (!strcmp(argv[i], "fork")) {
			pid_t pid = fork();
			int st;

			if (pid == 0)
				exit(run(argc - i - 1, argv + i + 1));
			if (pid < 0 || waitpid(pid, &st, 0) < 0)
				return 1;
			if (WIFSIGNALED(st))
				printf("opener: child killed by signal %d\n", WTERMSIG(st));
			return 0;
		} else {
			fprintf(stderr, "opener: bad command '%s'\n", argv[i]);
			return 2;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int rc = run(argc - 1, argv + 1);

	printf("opener: done\n");
	return rc;
}
