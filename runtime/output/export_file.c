// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The export file: a stdio stream (fopencookie) whose buffer the printers
 * fill, and whose writes reach the file a whole line at a time, rotated as
 * lumberjack's Logger.Write rotates: before a line that would take the file
 * past its size (size + len > max), never inside a line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "libtp.h"
#include "export_file.h"
#include "export_mill.h"
#include "export_name.h"

/* the stream's buffer: a flood reaches the file in blocks this large */
#define STREAM_BUF	(1u << 20)
/* after a rotation failed, lines go on into the same file; the next try waits this long */
#define RETRY_MS	1000
/* Tetragon's --export-file-perm default (pkg/defaults, DefaultLogsPermission) */
#define FILE_MODE	0600
#define BACKUP_NAME_MAX 4096

struct tp_export_file {
	char *path;
	struct tp_export_name name;
	uint64_t max;
	int fd;
	uint64_t size; /* of the file fd writes */
	FILE *stream;
	char *buf;   /* the stream's */
	char *carry; /* the start of a line whose end the stream has not written yet */
	size_t carry_len;
	size_t carry_cap;
	int64_t last_ms;   /* the last backup's stamp: each one later than the one before */
	uint64_t retry_at; /* monotonic ms: no rotation tried before */
	int last_errno;	   /* said once until another comes */
	struct tp_export_mill *mill;
	struct tp_export_file_stats stats;
};

static uint64_t now_ms(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void say_error(struct tp_export_file *f, const char *what, int e)
{
	if (e == f->last_errno)
		return;
	f->last_errno = e;
	tp_log(TP_LOG_WARN, "export file %s: %s: %s\n", f->path, what, strerror(e));
}

static uint64_t count_lines(const char *p, size_t len)
{
	const char *end = p + len;
	uint64_t n = 0;

	while (p < end && (p = memchr(p, '\n', end - p))) {
		n++;
		p++;
	}
	return n;
}

/* Whole lines into the file; a write that fails is cut back to the last whole line. */
static void write_lines(struct tp_export_file *f, const char *p, size_t len)
{
	uint64_t lines = count_lines(p, len);
	size_t done = 0;

	while (done < len) {
		ssize_t w = write(f->fd, p + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			say_error(f, "write", w < 0 ? errno : EIO);
			if (done && ftruncate(f->fd, f->size))
				say_error(f, "truncating a line cut short", errno);
			f->stats.dropped += lines;
			return;
		}
		done += w;
	}
	f->size += len;
	f->stats.lines += lines;
}

/*
 * Move the file aside as NAME-STAMP.EXT and begin a new one. A stamp taken
 * (two rotations in one millisecond, or a clock set back) is moved on a
 * millisecond: lumberjack's rename would replace the earlier backup.
 */
static int rotate(struct tp_export_file *f)
{
	char base[BACKUP_NAME_MAX], *backup = NULL, *gz = NULL;
	int64_t ms = now_ms(CLOCK_REALTIME);
	struct stat st;
	int fd, e = 0, tries;

	if (now_ms(CLOCK_MONOTONIC) < f->retry_at)
		return -EAGAIN;
	if (ms <= f->last_ms)
		ms = f->last_ms + 1;
	for (tries = 0; tries < 1000; tries++, ms++) {
		free(backup);
		free(gz);
		backup = gz = NULL;
		e = tp_export_name__backup(&f->name, ms, base, sizeof(base));
		if (e)
			break;
		if (asprintf(&backup, "%s/%s", f->name.dir, base) < 0 ||
		    asprintf(&gz, "%s.gz", backup) < 0) {
			e = -ENOMEM;
			break;
		}
		if (!access(gz, F_OK))
			continue;
		if (!renameat2(AT_FDCWD, f->path, AT_FDCWD, backup, RENAME_NOREPLACE))
			break;
		e = -errno;
		if (e != -EEXIST)
			break;
	}
	if (!e && tries == 1000)
		e = -EEXIST;
	if (e) {
		say_error(f, "rotating", -e);
		goto cleanup;
	}
	/* until the new file opens, lines go on into the one just renamed */
	fd = open(f->path, O_WRONLY | O_APPEND | O_CREAT | O_TRUNC | O_CLOEXEC, FILE_MODE);
	if (fd < 0) {
		e = -errno;
		say_error(f, "opening after a rotation", -e);
		goto cleanup;
	}
	/* as lumberjack's chownWithMode: the new file keeps the old one's owner */
	if (!fstat(f->fd, &st) && fchown(fd, st.st_uid, st.st_gid))
		say_error(f, "chown after a rotation", errno);
	close(f->fd);
	f->fd = fd;
	f->size = 0;
	f->last_ms = ms;
	f->stats.rotations++;
	tp_export_mill__kick(f->mill);
cleanup:
	if (e)
		f->retry_at = now_ms(CLOCK_MONOTONIC) + RETRY_MS;
	free(backup);
	free(gz);
	return e;
}

/* Lines (p ends with one's '\n'), each into the file it fits in. */
static void put_lines(struct tp_export_file *f, const char *p, size_t len)
{
	while (len) {
		uint64_t room = f->size < f->max ? f->max - f->size : 0;
		const char *cut;
		size_t take = len;

		if (len > room) {
			cut = room ? memrchr(p, '\n', room) : NULL;
			if (cut)
				take = cut - p + 1;
			else if (!f->size) /* a line longer than a file: alone in one */
				take = (const char *)memchr(p, '\n', len) - p + 1;
			else if (!rotate(f))
				continue;
		}
		write_lines(f, p, take);
		p += take;
		len -= take;
	}
}

static int carry(struct tp_export_file *f, const char *p, size_t len)
{
	if (f->carry_len + len > f->carry_cap) {
		size_t cap = (f->carry_len + len) * 2;
		char *n = realloc(f->carry, cap);

		if (!n)
			return -ENOMEM;
		f->carry = n;
		f->carry_cap = cap;
	}
	memcpy(f->carry + f->carry_len, p, len);
	f->carry_len += len;
	return 0;
}

/* The stream's write: whole lines out, the start of one kept until its end comes. */
static ssize_t stream_write(void *cookie, const char *p, size_t len)
{
	struct tp_export_file *f = cookie;
	const char *nl, *last;
	size_t done = 0;

	if (f->carry_len) {
		nl = memchr(p, '\n', len);
		done = nl ? (size_t)(nl - p + 1) : len;
		if (carry(f, p, done))
			return -1;
		if (!nl)
			return len;
		put_lines(f, f->carry, f->carry_len);
		f->carry_len = 0;
	}
	last = done < len ? memrchr(p + done, '\n', len - done) : NULL;
	if (last) {
		put_lines(f, p + done, last + 1 - (p + done));
		done = last + 1 - p;
	}
	if (done < len && carry(f, p + done, len - done))
		return -1;
	return len;
}

static int open_file(struct tp_export_file *f, char *err, size_t len)
{
	struct stat st;
	char *p;

	/* lumberjack's openNew: MkdirAll(dir, 0755) */
	for (p = strchr(f->name.dir + 1, '/');; p = strchr(p + 1, '/')) {
		if (p)
			*p = 0;
		if (mkdir(f->name.dir, 0755) && errno != EEXIST) {
			snprintf(err, len, "--export-file: %s: %s", f->name.dir, strerror(errno));
			return -errno;
		}
		if (!p)
			break;
		*p = '/';
	}
	f->fd = open(f->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, FILE_MODE);
	if (f->fd < 0 || fstat(f->fd, &st)) {
		snprintf(err, len, "--export-file: %s: %s", f->path, strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, len, "--export-file: %s: not a regular file", f->path);
		return -EINVAL;
	}
	f->size = st.st_size;
	return 0;
}

struct tp_export_file *tp_export_file__open(const struct tp_export_file_opts *opts, char *err,
					    size_t len)
{
	cookie_io_functions_t io = { .write = stream_write };
	struct tp_export_file *f = calloc(1, sizeof(*f));
	struct stat st;

	if (!f)
		goto nomem;
	f->fd = -1;
	f->max = opts->max_bytes;
	f->path = strdup(opts->path);
	if (!f->path || tp_export_name__init(&f->name, f->path))
		goto nomem;
	/* Tetragon's getExporter refuses a directory */
	if (!stat(f->path, &st) && S_ISDIR(st.st_mode)) {
		snprintf(err, len, "--export-file: %s is a directory", f->path);
		goto fail;
	}
	if (open_file(f, err, len))
		goto fail;
	f->mill = tp_export_mill__start(&f->name, opts->max_backups, opts->compress);
	if (!f->mill) {
		snprintf(err, len, "--export-file: starting its thread: %s", strerror(errno));
		goto fail;
	}
	/* lumberjack mills on opening too: backups left by an earlier run */
	tp_export_mill__kick(f->mill);
	f->buf = malloc(STREAM_BUF);
	f->stream = f->buf ? fopencookie(f, "w", io) : NULL;
	if (!f->stream)
		goto nomem;
	setvbuf(f->stream, f->buf, _IOFBF, STREAM_BUF);
	return f;
nomem:
	snprintf(err, len, "--export-file: out of memory");
fail:
	tp_export_file__close(f);
	return NULL;
}

FILE *tp_export_file__stream(struct tp_export_file *f)
{
	return f->stream;
}

void tp_export_file__stats(const struct tp_export_file *f, struct tp_export_file_stats *s)
{
	*s = f->stats;
}

void tp_export_file__close(struct tp_export_file *f)
{
	if (!f)
		return;
	if (f->stream)
		fclose(f->stream); /* flushes through stream_write */
	/* the printers end every line: a start left over is written as it is */
	if (f->carry_len && f->fd >= 0)
		write_lines(f, f->carry, f->carry_len);
	if (f->fd >= 0)
		close(f->fd);
	tp_export_mill__stop(f->mill);
	tp_export_name__free(&f->name);
	free(f->carry);
	free(f->buf);
	free(f->path);
	free(f);
}
