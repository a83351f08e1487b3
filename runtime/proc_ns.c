// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Namespace inode numbers from /proc/PID/ns links; the host's, read once. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libtp.h"
#include "proc_ns.h"

/* clang-format off */
#define NS_PROC(ID, NAME, PROC) PROC,
static const char *const kinds[TP_NS__N] = { TP_NS_KINDS(NS_PROC) };
#undef NS_PROC
/* clang-format on */

/* The inode number the link at path names ("net:[4026531840]"), or 0 (errno set). */
static uint32_t ns_link(const char *path)
{
	char link[64];
	const char *open;
	unsigned long v;
	ssize_t n;

	errno = 0;
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return 0;
	link[n] = '\0';
	open = strchr(link, '[');
	return open && sscanf(open, "[%lu]", &v) == 1 && v <= UINT32_MAX ? (uint32_t)v : 0;
}

/* The inode number of namespace kind of the process whose /proc directory is dir. */
static uint32_t ns_of(const char *dir, size_t kind)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/ns/%s", dir, kinds[kind]);
	return ns_link(path);
}

void tp_proc_ns__read(const char *dir, uint32_t inum[TP_NS__N])
{
	size_t i;

	for (i = 0; i < TP_NS__N; i++)
		inum[i] = ns_of(dir, i);
}

const uint32_t *tp_proc_ns__host(void)
{
	static uint32_t inum[TP_NS__N];
	static bool done;
	size_t i;

	if (done)
		return inum;
	for (i = 0; i < TP_NS__N; i++) {
		inum[i] = ns_of("/proc/1", i);
		if (inum[i] || errno != EACCES)
			continue;
		inum[i] = ns_of("/proc/self", i);
		tp_log(TP_LOG_WARN,
		       "host_ns: /proc/1/ns/%s is refused: tprun's own %s namespace "
		       "stands for the host's\n",
		       kinds[i], kinds[i]);
	}
	done = true;
	return inum;
}
