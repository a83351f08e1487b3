// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Removing and compressing an export file's backups, as lumberjack's
 * millRunOnce and compressLogFile, with zlib.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "libtp.h"
#include "export_mill.h"

/* gzip's work is nobody's hurry: the drain thread goes first */
#define MILL_NICE 10

struct tp_export_mill {
	struct tp_export_name name;
	unsigned int max_backups;
	bool compress;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool pending; /* a run asked for (lumberjack's millCh, one deep) */
	bool stop;
};

struct backup {
	int64_t ms;
	bool gz;
	char *base;
};

/* newest first, as lumberjack's byFormatTime */
static int newest_first(const void *a, const void *b)
{
	const struct backup *x = a, *y = b;

	if (x->ms != y->ms)
		return x->ms < y->ms ? 1 : -1;
	return x->gz - y->gz;
}

static int list_backups(const struct tp_export_name *n, struct backup **out, size_t *cnt)
{
	struct backup *v = NULL, *nv;
	size_t len = 0, cap = 0;
	struct dirent *d;
	DIR *dir = opendir(n->dir);
	int e = 0;

	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		struct backup b;
		struct stat st;

		if (tp_export_name__parse(n, d->d_name, &b.ms, &b.gz))
			continue;
		/* lumberjack skips directories */
		if (fstatat(dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) || S_ISDIR(st.st_mode))
			continue;
		if (len == cap) {
			cap = cap ? 2 * cap : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				e = -ENOMEM;
				break;
			}
			v = nv;
		}
		b.base = strdup(d->d_name);
		if (!b.base) {
			e = -ENOMEM;
			break;
		}
		v[len++] = b;
	}
	closedir(dir);
	if (e) {
		while (len)
			free(v[--len].base);
		free(v);
		return e;
	}
	qsort(v, len, sizeof(*v), newest_first);
	*out = v;
	*cnt = len;
	return 0;
}

static int copy_gz(int in, gzFile gz)
{
	char buf[1 << 16];
	ssize_t r;

	while ((r = read(in, buf, sizeof(buf))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (gzwrite(gz, buf, r) != r)
			return -EIO;
	}
	return 0;
}

int tp_export_mill__gzip(const char *src, const char *dst)
{
	char *tmp = NULL;
	struct stat st;
	gzFile gz = NULL;
	int in, out = -1, e;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	e = -ENOMEM;
	if (asprintf(&tmp, "%s.tmp", dst) < 0) {
		tmp = NULL;
		goto cleanup;
	}
	/* the .gz keeps the backup's mode and owner (compressLogFile's chown) */
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0 || fstat(in, &st) || fchmod(out, st.st_mode & 07777) ||
	    fchown(out, st.st_uid, st.st_gid)) {
		e = -errno;
		goto cleanup;
	}
	gz = gzdopen(dup(out), "wb"); /* Go's gzip.DefaultCompression: zlib's level 6 */
	if (!gz) {
		e = -ENOMEM;
		goto cleanup;
	}
	e = copy_gz(in, gz);
	if (gzclose(gz) != Z_OK && !e)
		e = -EIO;
	gz = NULL;
	/* anything looking for "*.gz" sees only a whole file */
	if (!e && (fsync(out) || close(out)))
		e = -errno;
	out = -1;
	if (!e && rename(tmp, dst))
		e = -errno;
	if (!e && unlink(src))
		e = -errno;
cleanup:
	if (out >= 0)
		close(out);
	if (e && tmp)
		unlink(tmp);
	free(tmp);
	close(in);
	return e;
}

/* dir/base into buf */
static int path_of(const struct tp_export_name *n, const char *base, char **out)
{
	return asprintf(out, "%s/%s", n->dir, base) < 0 ? -ENOMEM : 0;
}

int tp_export_mill__run_once(const struct tp_export_name *n, unsigned int max_backups,
			     bool compress)
{
	struct backup *v = NULL;
	size_t cnt = 0, i, kept = 0;
	int64_t last = -1;
	int e, err = 0;

	if (!max_backups && !compress)
		return 0;
	e = list_backups(n, &v, &cnt);
	if (e)
		return e;
	for (i = 0; i < cnt; i++) {
		char *p = NULL, *gz = NULL;

		/* a backup and its .gz (a compression cut short) count once */
		if (v[i].ms != last)
			kept++;
		last = v[i].ms;
		e = path_of(n, v[i].base, &p);
		if (!e && max_backups && kept > max_backups)
			e = unlink(p) ? -errno : 0;
		else if (!e && compress && !v[i].gz) {
			e = asprintf(&gz, "%s.gz", p) < 0 ? -ENOMEM : 0;
			if (!e)
				e = tp_export_mill__gzip(p, gz);
		}
		if (e && !err) {
			tp_log(TP_LOG_WARN, "export file: %s: %s\n", p ? p : v[i].base,
			       strerror(-e));
			err = e;
		}
		free(gz);
		free(p);
	}
	for (i = 0; i < cnt; i++)
		free(v[i].base);
	free(v);
	return err;
}

static void *mill_main(void *arg)
{
	struct tp_export_mill *m = arg;

	setpriority(PRIO_PROCESS, gettid(), MILL_NICE); /* a thread's own nice value */
	pthread_mutex_lock(&m->lock);
	for (;;) {
		while (!m->pending && !m->stop)
			pthread_cond_wait(&m->cond, &m->lock);
		if (!m->pending)
			break;
		m->pending = false;
		pthread_mutex_unlock(&m->lock);
		tp_export_mill__run_once(&m->name, m->max_backups, m->compress);
		pthread_mutex_lock(&m->lock);
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

struct tp_export_mill *tp_export_mill__start(const struct tp_export_name *n,
					     unsigned int max_backups, bool compress)
{
	struct tp_export_mill *m = calloc(1, sizeof(*m));
	sigset_t all, old;
	int e;

	if (!m)
		return NULL;
	m->max_backups = max_backups;
	m->compress = compress;
	if (!(m->name.dir = strdup(n->dir)) || !(m->name.prefix = strdup(n->prefix)) ||
	    !(m->name.ext = strdup(n->ext))) {
		tp_export_name__free(&m->name);
		free(m);
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->cond, NULL);
	/* SIGINT and SIGTERM are the drain thread's: they end its poll */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	e = pthread_create(&m->thread, NULL, mill_main, m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e) {
		tp_export_name__free(&m->name);
		free(m);
		errno = e;
		return NULL;
	}
	return m;
}

void tp_export_mill__kick(struct tp_export_mill *m)
{
	pthread_mutex_lock(&m->lock);
	m->pending = true;
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
}

void tp_export_mill__stop(struct tp_export_mill *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	m->stop = true;
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
	pthread_join(m->thread, NULL);
	pthread_cond_destroy(&m->cond);
	pthread_mutex_destroy(&m->lock);
	tp_export_name__free(&m->name);
	free(m);
}
