// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * One stress worker: N attempts, each a forked child that opens a path and
 * exits 0; attempt i opens FORBIDDEN when i is even, ALLOWED when odd. A
 * forbidden open must die of SIGKILL, an allowed one must not. Prints
 * "forbidden F killed K allowed A falsely_killed X other O".
 *   worker N FORBIDDEN ALLOWED
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n, i, forbidden = 0, killed = 0, allowed = 0, falsely = 0, other = 0;
	int status;
	pid_t pid;

	if (argc != 4 || (n = strtol(argv[1], NULL, 0)) <= 0) {
		fprintf(stderr, "usage: worker N FORBIDDEN ALLOWED\n");
		return 2;
	}
	for (i = 0; i < n; i++) {
		const char *path = i % 2 ? argv[3] : argv[2];
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (!pid) {
			int fd = open(path, O_RDONLY);

			_exit(fd < 0 ? 3 : 0);
		}
		if (waitpid(pid, &status, 0) < 0) {
			perror("waitpid");
			return 1;
		}
		if (i % 2 == 0) {
			forbidden++;
			if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
				killed++;
			else if (!WIFEXITED(status) || WEXITSTATUS(status))
				other++;
		} else {
			allowed++;
			if (WIFSIGNALED(status))
				falsely++;
			else if (WEXITSTATUS(status))
				other++;
		}
	}
	printf("forbidden %ld killed %ld allowed %ld falsely_killed %ld other %ld\n", forbidden,
	       killed, allowed, falsely, other);
	return 0;
}
