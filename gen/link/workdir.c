// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The working directory of one tpgen run: the generated C, clang's object,
 * the cut vmlinux.h and whatever a compile round adds. The run holds a lock
 * in it while it lives, so that a later run can tell a directory whose run
 * was killed outright (SIGKILL) from one in use.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "workdir.h"

#define WORKDIR_PARENT "/tmp"
#define LOCK_NAME      ".lock"
#define FRESH_SECS     60 /* a run locks its directory within a moment of making it */

static int lock_fd = -1; /* this run's lock on its directory's .lock */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void tp_workdir__remove(const char *dir)
{
	nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	if (lock_fd >= 0)
		close(lock_fd);
	lock_fd = -1;
}

/*
 * Is name the directory of a run that is gone? Each run holds a lock on its
 * .lock for as long as it lives (tp_workdir__make): a lock taken here means
 * its run died without removing it, whatever PID namespace it ran in. A
 * directory younger than a minute may be a run's that has not locked it yet.
 */
static bool stale(const char *name, time_t now)
{
	char path[PATH_MAX], rest[16];
	struct stat st;
	bool gone;
	int pid, fd;

	if (sscanf(name, "tpgen-%d.%15s", &pid, rest) != 2 || pid <= 0 || strlen(rest) != 6)
		return false;
	snprintf(path, sizeof(path), "%s/%s", WORKDIR_PARENT, name);
	if (lstat(path, &st) || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    now - st.st_mtime < FRESH_SECS)
		return false;
	snprintf(path, sizeof(path), "%s/%s/" LOCK_NAME, WORKDIR_PARENT, name);
	fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	gone = !flock(fd, LOCK_EX | LOCK_NB);
	close(fd); /* the lock goes with it: the directory is removed next */
	return gone;
}

static void sweep(void)
{
	DIR *d = opendir(WORKDIR_PARENT);
	time_t now = time(NULL);
	char path[PATH_MAX];
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!stale(de->d_name, now))
			continue;
		snprintf(path, sizeof(path), "%s/%s", WORKDIR_PARENT, de->d_name);
		tp_workdir__remove(path);
	}
	closedir(d);
}

int tp_workdir__make(char *dir, size_t len)
{
	char lock[PATH_MAX];
	int err;

	sweep();
	if (len < TP_WORKDIR_LEN)
		return -ENAMETOOLONG;
	snprintf(dir, len, WORKDIR_PARENT "/tpgen-%d.XXXXXX", (int)getpid());
	if (!mkdtemp(dir))
		return -errno;
	snprintf(lock, sizeof(lock), "%s/" LOCK_NAME, dir);
	lock_fd = open(lock, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (lock_fd < 0 || flock(lock_fd, LOCK_EX)) {
		err = -errno;
		tp_workdir__remove(dir);
		return err;
	}
	return 0;
}
