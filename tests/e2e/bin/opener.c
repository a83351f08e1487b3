// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Test trigger: performs the syscalls it is told to, in order, then exits 0.
 *   open PATH            openat(AT_FDCWD, PATH, O_RDONLY)
 *   openf PATH FLAGS     openat with numeric flags (O_CREAT adds mode 0600)
 *   write TEXT           write(fd, TEXT, strlen(TEXT)) to /dev/null (fd 3 when none is open)
 *   writen TEXT N        the same, with only the first N bytes of TEXT
 *   getppid              syscall(SYS_getppid)
 *   dup, dup2            syscall(SYS_dup, 0), syscall(SYS_dup2, 0, 10)
 *   prctl OPTION         syscall(SYS_prctl, OPTION, 1, 2, 3, 4), its result ignored
 *   read PATH N          open PATH, read(fd, buf, N) once (N up to 1 MiB), close
 *   readnull N           read(/dev/null, buf, N): any N (nothing is read)
 *   lseek OFF            lseek(/dev/null, OFF, SEEK_CUR): any offset, a negative one too
 *   writepat N           write N bytes 'a'..'z' repeated to /dev/null at once (N up to 1 MiB)
 *   fork CMD...          fork a child that runs the rest, wait for it
 *   thread CMD...        run the rest in a new thread of this process, wait for it
 *   sleep MS
 *   waitfile PATH        poll until PATH exists, 60 s at most (a trigger started before tprun)
 *   unshare FLAGS        unshare(2) with numeric CLONE_NEW* flags
 *   dropcap N            drop capability N from the effective set (capset(2))
 *   raisecap N           raise capability N in the effective set (it must be permitted)
 *   at DIR NAME          openat(DIR's fd, NAME, O_RDONLY), "at NAME: E" (E: errno, 0 opened)
 *   at2 PATH             openat2(AT_FDCWD, PATH, O_RDONLY), "at2 PATH: E"
 *   trunc PATH           openat(AT_FDCWD, PATH, O_WRONLY | O_TRUNC), "trunc PATH: E"
 * Prints "opener: done" at the end, so a test can tell a completed run.
 */
#define _GNU_SOURCE /* unshare */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/capability.h>
#include <sched.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int run(int argc, char **argv);

/* capability N out of (raise: into) the effective set */
static int set_cap(int cap, bool raise)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (cap < 0 || cap > 63 || syscall(SYS_capget, &hdr, data))
		return -1;
	if (raise)
		data[cap / 32].effective |= 1u << (cap % 32);
	else
		data[cap / 32].effective &= ~(1u << (cap % 32));
	return (int)syscall(SYS_capset, &hdr, data);
}

struct rest {
	int argc;
	char **argv;
	int rc;
};

static void *run_thread(void *arg)
{
	struct rest *r = arg;

	r->rc = run(r->argc, r->argv);
	return NULL;
}

/* "WHAT NAME: E", E the errno of fd's open (0: it opened, and is closed) */
static void said(const char *what, const char *name, int fd)
{
	printf("%s %s: %d\n", what, name, fd < 0 ? errno : 0);
	fflush(stdout);
	if (fd >= 0)
		close(fd);
}

static int run(int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "at") && i + 2 < argc) {
			int dir = open(argv[i + 1], O_PATH | O_DIRECTORY);

			said("at", argv[i + 2], openat(dir, argv[i + 2], O_RDONLY));
			if (dir >= 0)
				close(dir);
			i += 2;
		} else if (!strcmp(argv[i], "at2") && i + 1 < argc) {
			struct open_how how = { .flags = O_RDONLY };

			i++;
			said("at2", argv[i],
			     (int)syscall(SYS_openat2, AT_FDCWD, argv[i], &how, sizeof(how)));
		} else if (!strcmp(argv[i], "trunc") && i + 1 < argc) {
			i++;
			said("trunc", argv[i], openat(AT_FDCWD, argv[i], O_WRONLY | O_TRUNC));
		} else if (!strcmp(argv[i], "open") && i + 1 < argc) {
			int fd = openat(AT_FDCWD, argv[++i], O_RDONLY);

			if (fd >= 0)
				close(fd);
		} else if (!strcmp(argv[i], "openf") && i + 2 < argc) {
			int fd =
			    openat(AT_FDCWD, argv[i + 1], (int)strtol(argv[i + 2], NULL, 0), 0600);

			i += 2;
			if (fd >= 0)
				close(fd);
		} else if ((!strcmp(argv[i], "write") && i + 1 < argc) ||
			   (!strcmp(argv[i], "writen") && i + 2 < argc)) {
			int fd = open("/dev/null", O_WRONLY);
			size_t len = strlen(argv[i + 1]);

			if (argv[i][5] == 'n') {
				size_t n = strtoul(argv[i + 2], NULL, 0);

				len = n < len ? n : len;
			}
			if (fd >= 0) {
				if (write(fd, argv[i + 1], len) < 0)
					perror("write");
				close(fd);
			}
			i += argv[i][5] == 'n' ? 2 : 1;
		} else if (!strcmp(argv[i], "read") && i + 2 < argc) {
			size_t n = strtoul(argv[i + 2], NULL, 0);
			char *buf = malloc(n ? n : 1);
			int fd = open(argv[i + 1], O_RDONLY);

			i += 2;
			if (fd >= 0 && buf && n <= (1u << 20) && read(fd, buf, n) < 0)
				perror("read");
			if (fd >= 0)
				close(fd);
			free(buf);
		} else if (!strcmp(argv[i], "readnull") && i + 1 < argc) {
			/* read(/dev/null, buf, N): any count, nothing is read */
			static char small[16];
			int fd = open("/dev/null", O_RDONLY);

			/* the raw syscall: a fortified read() would refuse the count */
			if (fd >= 0 &&
			    syscall(SYS_read, fd, small, strtoull(argv[++i], NULL, 0)) < 0)
				perror("read");
			if (fd >= 0)
				close(fd);
		} else if (!strcmp(argv[i], "lseek") && i + 1 < argc) {
			/* lseek(/dev/null, OFF, SEEK_CUR): any offset */
			int fd = open("/dev/null", O_RDONLY);

			if (fd >= 0)
				lseek(fd, (off_t)strtoull(argv[++i], NULL, 0), SEEK_CUR);
			if (fd >= 0)
				close(fd);
		} else if (!strcmp(argv[i], "writepat") && i + 1 < argc) {
			size_t n = strtoul(argv[++i], NULL, 0), k;
			char *buf = n <= (1u << 20) ? malloc(n ? n : 1) : NULL;
			int fd = open("/dev/null", O_WRONLY);

			for (k = 0; buf && k < n; k++)
				buf[k] = 'a' + k % 26;
			if (fd >= 0 && buf && write(fd, buf, n) < 0)
				perror("write");
			if (fd >= 0)
				close(fd);
			free(buf);
		} else if (!strcmp(argv[i], "unshare") && i + 1 < argc) {
			if (unshare((int)strtol(argv[++i], NULL, 0))) {
				perror("opener: unshare");
				return 4;
			}
		} else if ((!strcmp(argv[i], "dropcap") || !strcmp(argv[i], "raisecap")) &&
			   i + 1 < argc) {
			bool raise = !strcmp(argv[i], "raisecap");

			if (set_cap((int)strtol(argv[++i], NULL, 0), raise)) {
				perror("opener: capset");
				return 4;
			}
		} else if (!strcmp(argv[i], "getppid")) {
			syscall(SYS_getppid);
		} else if (!strcmp(argv[i], "dup")) {
			syscall(SYS_dup, 0);
		} else if (!strcmp(argv[i], "dup2")) {
			syscall(SYS_dup2, 0, 10);
		} else if (!strcmp(argv[i], "prctl") && i + 1 < argc) {
			syscall(SYS_prctl, strtoul(argv[++i], NULL, 0), 1, 2, 3, 4);
		} else if (!strcmp(argv[i], "sleep") && i + 1 < argc) {
			struct timespec ts = { 0, 0 };
			long ms = strtol(argv[++i], NULL, 0);

			ts.tv_sec = ms / 1000;
			ts.tv_nsec = (ms % 1000) * 1000000;
			nanosleep(&ts, NULL);
		} else if (!strcmp(argv[i], "waitfile") && i + 1 < argc) {
			struct timespec ts = { 0, 10 * 1000000 };
			struct stat st;
			int n;

			for (i++, n = 0; stat(argv[i], &st); n++) {
				if (n == 6000) {
					fprintf(stderr, "opener: gave up waiting for '%s'\n",
						argv[i]);
					return 3;
				}
				nanosleep(&ts, NULL);
			}
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
		} else if (!strcmp(argv[i], "thread")) {
			struct rest r = { argc - i - 1, argv + i + 1, 0 };
			pthread_t t;

			if (pthread_create(&t, NULL, run_thread, &r) || pthread_join(t, NULL))
				return 1;
			return r.rc;
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
