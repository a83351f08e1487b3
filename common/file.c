// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Reading a whole file, bounded; read until EOF, as procfs and tracefs files
 * report size 0. Writing all of a buffer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

int tp_file__read_fd(int fd, size_t max, char **out, size_t *outlen)
{
	size_t len = 0, cap = 4096, want;
	char *buf, *p;
	struct stat st;
	ssize_t n;
	int err;

	/* a regular file in one read: its size, the NUL, and a byte to see its end */
	if (!fstat(fd, &st) && st.st_size > 0 && (size_t)st.st_size <= max)
		cap = (size_t)st.st_size + 2;
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len + 1 == cap) {
			p = realloc(buf, cap * 2);
			if (!p) {
				free(buf);
				return -ENOMEM;
			}
			buf = p;
			cap *= 2;
		}
		/* one byte past max says that the file holds more */
		want = cap - 1 - len;
		if (want > max + 1 - len)
			want = max + 1 - len;
		n = read(fd, buf + len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			free(buf);
			return err;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max)
			break;
	}
	err = len > max; /* 1: cut short */
	if (err)
		len = max;
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return err;
}

int tp_file__write_fd(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		}
	}
	return 0;
}

int tp_file__read(const char *path, size_t max, char **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), err;

	if (fd < 0)
		return -errno;
	err = tp_file__read_fd(fd, max, buf, len);
	close(fd);
	return err;
}
