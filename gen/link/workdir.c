// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The working directory of one tpgen run: the generated C, clang's object,
 * the cut vmlinux.h and whatever a compile round adds. Its name carries the
 * run's PID, so that a later run can tell a directory whose run was killed
 * outright from one in use.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "workdir.h"

#define WORKDIR_PARENT "/tmp"
#define STALE_SECS     600 /* a live run touches its directory far more often */

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
}

/* Is name the directory of a run that is gone? */
static bool stale(const char *name, time_t now)
{
	char path[PATH_MAX], rest[16];
	struct stat st;
	int pid;

	if (sscanf(name, "tpgen-%d.%15s", &pid, rest) != 2 || pid <= 0 || strlen(rest) != 6)
		return false;
	if (!kill(pid, 0) || errno != ESRCH)
		return false;
	snprintf(path, sizeof(path), "%s/%s", WORKDIR_PARENT, name);
	return !lstat(path, &st) && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
	       now - st.st_mtime > STALE_SECS;
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
	sweep();
	if (len < TP_WORKDIR_LEN)
		return -ENAMETOOLONG;
	snprintf(dir, len, WORKDIR_PARENT "/tpgen-%d.XXXXXX", (int)getpid());
	return mkdtemp(dir) ? 0 : -errno;
}
