// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Learning the processes that started before tprun from procfs. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "abs_path.h"
#include "args.h"
#include "file.h"
#include "flags.h"
#include "proc_cache_priv.h"
#include "proc_ns.h"

#define CMDLINE_MAX (1 << 20)

struct scanned {
	struct tp_process *p;
	char *exe; /* /proc/PID/exe, NULL when unreadable */
	uint32_t nspid;
	int depth; /* ancestors among the scanned: parents sort first */
};

/* The file at path, NUL terminated, cut at max bytes; *len excludes the NUL. NULL: unreadable. */
static char *read_file(const char *path, size_t max, size_t *len)
{
	size_t n;
	char *buf;

	return tp_file__read(path, max, &buf, len ? len : &n) < 0 ? NULL : buf;
}

char *tp_proc__read_link(const char *path)
{
	char buf[PATH_MAX];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

/* ppid, flags and starttime from /proc/PID/stat; the comm may hold ')' and spaces. */
static int parse_stat(const char *s, uint32_t *ppid, unsigned long *flags,
		      unsigned long long *start)
{
	const char *p = strrchr(s, ')');
	unsigned long long v[20];
	int i;

	if (!p)
		return -EINVAL;
	p++;
	/* fields 3.. : state ppid pgrp session tty tpgid flags ... starttime (22) */
	while (*p == ' ')
		p++;
	if (!*p)
		return -EINVAL;
	p++; /* state */
	for (i = 0; i < 20; i++) {
		char *end;

		v[i] = strtoull(p, &end, 10);
		if (end == p)
			return -EINVAL;
		p = end;
	}
	*ppid = v[0];
	*flags = v[5];
	*start = v[18];
	return 0;
}

/* The four ids of a "Uid:" or "Gid:" line: real, effective, saved, filesystem. */
static void parse_ids(const char *s, uint32_t *real, uint32_t *eff, uint32_t *saved, uint32_t *fs)
{
	uint32_t *out[] = { real, eff, saved, fs };
	size_t i;
	char *end;

	for (i = 0; i < 4; i++, s = end)
		*out[i] = strtoul(s, &end, 10);
}

/*
 * Effective uid (the process's uid, as ps shows it), the innermost NSpid and
 * the credentials from /proc/PID/status, as Tetragon's procfs reader takes
 * them (pkg/sensors/exec/procevents: uids[1], gids, CapInh, CapPrm, CapEff;
 * no securebits, which /proc lacks).
 */
static void parse_status(const char *s, uint32_t *uid, uint32_t *nspid, struct tp_creds *c)
{
	const char *line;

	for (line = s; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (!strncmp(line, "Uid:", 4)) {
			parse_ids(line + 4, &c->uid, &c->euid, &c->suid, &c->fsuid);
			*uid = c->euid;
		} else if (!strncmp(line, "Gid:", 4)) {
			parse_ids(line + 4, &c->gid, &c->egid, &c->sgid, &c->fsgid);
		} else if (!strncmp(line, "CapInh:", 7)) {
			c->caps[TP_CAPSET_INHERITABLE] = strtoull(line + 7, NULL, 16);
		} else if (!strncmp(line, "CapPrm:", 7)) {
			c->caps[TP_CAPSET_PERMITTED] = strtoull(line + 7, NULL, 16);
		} else if (!strncmp(line, "CapEff:", 7)) {
			c->caps[TP_CAPSET_EFFECTIVE] = strtoull(line + 7, NULL, 16);
		} else if (!strncmp(line, "NSpid:", 6)) {
			const char *p = line + 6, *end = strchr(p, '\n');
			char *e;

			for (;;) {
				unsigned long v = strtoul(p, &e, 10);

				if (e == p || (end && e > end))
					break;
				*nspid = v;
				p = e;
			}
		}
	}
}

/*
 * A kernel thread, as Tetragon's procfs reader keeps it (pkg/sensors/exec/
 * procevents: listRunningProcs, pushExecveEvents): its comm is the executable
 * its table holds (what matchBinaries compares: kthreadd's children
 * inherit "kthreadd"), and its process is "[comm]", as ps shows it, with no
 * arguments or cwd, uid 0, no login uid, and credentials and namespaces all
 * zero (MsgKThreadInitUnix sends none).
 */
static int read_kthread(const char *procfs, struct tp_process *p, struct scanned *out)
{
	char path[PATH_MAX], *comm;
	size_t len;

	snprintf(path, sizeof(path), "%s/%u/comm", procfs, p->pid);
	comm = read_file(path, 64, &len);
	if (!comm)
		return -ENOENT;
	if (len && comm[len - 1] == '\n')
		comm[--len] = '\0';
	p->uid = 0;
	p->creds.known = 1;
	out->exe = comm;
	p->binary = malloc(len + 3);
	if (p->binary)
		snprintf(p->binary, len + 3, "[%s]", comm);
	p->arguments = strdup("");
	p->cwd = strdup("");
	p->flags = tp_proc_flags__words(TP_EXECF_PROCFS, p->cwd, 0, 0);
	if (!p->binary || !p->arguments || !p->cwd || !p->flags)
		return -ENOMEM;
	return 0;
}

static int read_proc(const char *procfs, uint32_t pid, long hz, struct scanned *out)
{
	char path[PATH_MAX], *stat = NULL, *status = NULL, *cmdline = NULL, *s;
	unsigned long long start;
	unsigned long pflags;
	struct tp_process *p;
	size_t cmd_len = 0, argv0;
	int err = -ENOENT;

	p = tp_process__new();
	if (!p)
		return -ENOMEM;
	p->pid = pid;
	p->auid = UINT32_MAX;
	out->nspid = pid;
	out->exe = NULL;

	snprintf(path, sizeof(path), "%s/%u/stat", procfs, pid);
	stat = read_file(path, 4096, NULL);
	snprintf(path, sizeof(path), "%s/%u/status", procfs, pid);
	status = read_file(path, 65536, NULL);
	if (!stat || !status || parse_stat(stat, &p->ppid, &pflags, &start))
		goto cleanup;
	p->ktime = start / hz * 1000000000ull + start % hz * 1000000000ull / hz;
	if (pflags & TP_PF_KTHREAD) {
		err = read_kthread(procfs, p, out);
		if (!err) {
			out->p = p;
			p = NULL;
		}
		goto cleanup;
	}
	parse_status(status, &p->uid, &out->nspid, &p->creds);
	snprintf(path, sizeof(path), "%s/%u", procfs, pid);
	tp_proc_ns__read(path, p->creds.ns);
	p->creds.known = 1;

	snprintf(path, sizeof(path), "%s/%u/cmdline", procfs, pid);
	cmdline = read_file(path, CMDLINE_MAX, &cmd_len);
	if (!cmdline)
		goto cleanup;
	snprintf(path, sizeof(path), "%s/%u/exe", procfs, pid);
	out->exe = tp_proc__read_link(path);
	if (!out->exe && !cmd_len)
		goto cleanup; /* a zombie: nothing to learn */
	argv0 = strnlen(cmdline, cmd_len);
	snprintf(path, sizeof(path), "%s/%u/cwd", procfs, pid);
	p->cwd = tp_proc__read_link(path);
	if (!p->cwd)
		p->cwd = strdup("");
	p->arguments = argv0 < cmd_len && p->cwd
			   ? tp_args_join(cmdline + argv0 + 1, cmd_len - argv0 - 1,
					  tp_proc_flags__has_cwd(p->cwd))
			   : strdup("");
	/* the executable, as Tetragon's procfs reader takes it; without one,
	 * argv[0] made absolute (matchBinaries then passes no filter: learn gets NULL) */
	if (out->exe) {
		p->binary = strdup(out->exe);
	} else if (p->cwd) {
		char *a0 = strndup(cmdline, argv0);

		p->binary = a0 ? tp_abs_path(p->cwd, a0) : NULL;
		free(a0);
	}
	snprintf(path, sizeof(path), "%s/%u/loginuid", procfs, pid);
	s = read_file(path, 64, NULL);
	if (s && isdigit((unsigned char)s[0]))
		p->auid = strtoul(s, NULL, 10);
	free(s);
	p->flags = tp_proc_flags__words(TP_EXECF_PROCFS, p->cwd, 0, 0);
	err = -ENOMEM;
	if (!p->binary || !p->arguments || !p->cwd || !p->flags)
		goto cleanup;
	out->p = p;
	p = NULL;
	err = 0;

cleanup:
	if (err) {
		free(out->exe);
		out->exe = NULL;
	}
	tp_process__free(p);
	free(cmdline);
	free(status);
	free(stat);
	return err;
}

static int cmp_pid(const void *a, const void *b)
{
	uint32_t x = ((const struct scanned *)a)->p->pid, y = ((const struct scanned *)b)->p->pid;

	return x < y ? -1 : x > y;
}

static int cmp_order(const void *a, const void *b)
{
	const struct scanned *x = a, *y = b;

	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	if (x->p->ktime != y->p->ktime)
		return x->p->ktime < y->p->ktime ? -1 : 1;
	return cmp_pid(a, b);
}

static struct scanned *find(struct scanned *v, size_t n, uint32_t pid)
{
	struct tp_process key = { .pid = pid };
	struct scanned k = { .p = &key };

	return bsearch(&k, v, n, sizeof(*v), cmp_pid);
}

/* Depth in the scanned tree, parents first; a chain is never longer than n. */
static void set_depths(struct scanned *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		v[i].depth = -1;
	for (i = 0; i < n; i++) {
		struct scanned *s = &v[i], *up;
		int d = 0;
		size_t steps = 0;

		if (s->depth >= 0)
			continue;
		for (up = s; (up = find(v, n, up->p->ppid)) && up != s && steps < n; steps++) {
			if (up->depth >= 0) {
				d += up->depth + 1;
				break;
			}
			d++;
		}
		s->depth = d;
	}
}

int tp_proc_cache__scan(struct tp_proc_cache *c, const char *procfs, tp_learn_fn learn, void *ctx)
{
	struct scanned *v = NULL, *tmp;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	long hz;
	DIR *d;
	int err = 0, added = 0;

	hz = sysconf(_SC_CLK_TCK);
	if (hz <= 0)
		hz = 100;
	d = opendir(procfs ? procfs : "/proc");
	if (!d)
		return -errno;
	if (!procfs)
		procfs = "/proc";
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		unsigned long pid;
		char *end;

		if (!isdigit((unsigned char)name[0]))
			continue;
		pid = strtoul(name, &end, 10);
		if (*end || !pid || pid > UINT32_MAX)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			tmp = realloc(v, cap * sizeof(*v));
			if (!tmp) {
				err = -ENOMEM;
				goto cleanup;
			}
			v = tmp;
		}
		err = read_proc(procfs, pid, hz, &v[n]);
		if (err == -ENOMEM)
			goto cleanup;
		if (!err)
			n++; /* vanished: skipped */
		err = 0;
	}

	if (n) {
		qsort(v, n, sizeof(*v), cmp_pid);
		set_depths(v, n);
		qsort(v, n, sizeof(*v), cmp_order);
	}
	for (i = 0; i < n; i++) {
		struct tp_process *p = v[i].p;

		v[i].p = NULL;
		/* a record already told us more than procfs can */
		if (tp_proc_cache__find(c, p->pid)) {
			tp_process__free(p);
			continue;
		}
		p = tp_proc_cache__add(c, p, 0);
		if (!p) {
			err = -ENOMEM;
			goto cleanup;
		}
		added++;
		if (learn) {
			err = learn(p, v[i].nspid, v[i].exe, ctx);
			if (err < 0)
				goto cleanup;
			err = 0;
		}
	}

cleanup:
	for (i = 0; i < n; i++) {
		tp_process__free(v[i].p);
		free(v[i].exe);
	}
	free(v);
	closedir(d);
	return err ? err : added;
}
