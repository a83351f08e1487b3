// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The pinned form of an object (pin.h): its directory's name, the state
 * tprun keeps there, bpffs directories made and removed.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <linux/magic.h>

#include "libtp.h"
#include "pin.h"

#define STATE_MAP_NAME	  "tprun_state"
#define REPORTED_MAP_NAME "tprun_reported"

int tp_pin__name(const struct tp_meta *m, char *buf, size_t len)
{
	size_t i, n = 0;
	const char *p;

	for (i = 0; i < tp_meta__policy_cnt(m); i++) {
		if (i && n + 1 < len)
			buf[n++] = '+';
		/* a Kubernetes name; bpffs refuses '.' in names (bpf_lookup: reserved) */
		for (p = tp_meta__policy(m, i); *p && n + 1 < len; p++)
			buf[n++] = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
					   (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'
				       ? *p
				       : '_';
		if (*p)
			return -ENAMETOOLONG;
	}
	if (!n || n + 1 >= len)
		return -ENAMETOOLONG;
	buf[n] = 0;
	return 0;
}

size_t tp_pin__state_size(uint32_t nhooks)
{
	return (sizeof(struct tp_pin_state) + nhooks * sizeof(uint16_t) + 7) & ~(size_t)7;
}

int tp_pin__read_state(const char *sub, struct tp_pin_state **st)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), key = 0;
	char path[PATH_MAX];
	struct tp_pin_state *s = NULL;
	int fd, e = -EINVAL;

	snprintf(path, sizeof(path), "%s/" TP_PIN_STATE, sub);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return errno == ENOENT ? -ENOENT : -EINVAL;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.type != BPF_MAP_TYPE_ARRAY ||
	    info.key_size != 4 || info.max_entries != 1 ||
	    info.value_size < sizeof(struct tp_pin_state) || strcmp(info.name, STATE_MAP_NAME))
		goto cleanup;
	s = calloc(1, info.value_size);
	if (!s) {
		e = -ENOMEM;
		goto cleanup;
	}
	if (bpf_map_lookup_elem(fd, &key, s) || memcmp(s->magic, TP_PIN_MAGIC, 8) ||
	    s->version != TP_PIN_VERSION || tp_pin__state_size(s->nhooks) != info.value_size)
		goto cleanup;
	*st = s;
	s = NULL;
	e = 0;
cleanup:
	free(s);
	close(fd);
	return e;
}

int tp_pin__create_state(const char *sub, struct tp_pin_state *st, char *err, size_t errlen)
{
	size_t size = tp_pin__state_size(st->nhooks);
	char path[PATH_MAX];
	__u32 key = 0;
	int fd, e;

	memcpy(st->magic, TP_PIN_MAGIC, 8);
	st->version = TP_PIN_VERSION;
	st->complete = 0;
	e = tp_pin__mkdirs(sub, err, errlen);
	if (e)
		return e;
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, STATE_MAP_NAME, 4, size, 1, NULL);
	if (fd < 0) {
		e = -errno;
		snprintf(err, errlen, "creating the pin's state map: %s", strerror(-e));
		return e;
	}
	snprintf(path, sizeof(path), "%s/" TP_PIN_STATE, sub);
	if (bpf_map_update_elem(fd, &key, st, BPF_ANY) || bpf_obj_pin(fd, path)) {
		e = -errno;
		snprintf(err, errlen, "pinning %s: %s", path, strerror(-e));
		close(fd);
		return e;
	}
	return fd;
}

int tp_pin__complete_state(int fd, struct tp_pin_state *st, char *err, size_t errlen)
{
	__u32 key = 0;
	int e;

	st->complete = 1;
	if (bpf_map_update_elem(fd, &key, st, BPF_ANY) || bpf_map_freeze(fd)) {
		e = -errno;
		snprintf(err, errlen, "completing the pin's state: %s", strerror(-e));
		return e;
	}
	return 0;
}

int tp_pin__reported(const char *sub, bool create, char *err, size_t errlen)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	char path[PATH_MAX];
	int fd, e;

	snprintf(path, sizeof(path), "%s/" TP_PIN_REPORTED, sub);
	if (!create) {
		fd = bpf_obj_get(path);
		if (fd < 0)
			return errno == ENOENT ? -ENOENT : -errno;
		if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.type != BPF_MAP_TYPE_ARRAY ||
		    info.key_size != 4 || info.max_entries != 1 ||
		    info.value_size != sizeof(struct tp_reported) ||
		    strcmp(info.name, REPORTED_MAP_NAME)) {
			close(fd);
			snprintf(err, errlen, "%s was not pinned by tprun", path);
			return -EINVAL;
		}
		return fd;
	}
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, REPORTED_MAP_NAME, 4, sizeof(struct tp_reported), 1,
			    NULL);
	if (fd < 0 || bpf_obj_pin(fd, path)) {
		e = -errno;
		snprintf(err, errlen, "pinning %s: %s", path, strerror(-e));
		if (fd >= 0)
			close(fd);
		return e;
	}
	return fd;
}

/* /sys/bus/event_source/devices/NAME: the PMU libbpf attaches kprobes or uprobes through */
static bool has_pmu(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/bus/event_source/devices/%s/type", name);
	return !access(path, R_OK);
}

const char *tp_pin__why_not(enum tp_variant_kind kind)
{
	switch (kind) {
	case TP_VAR_USDT:
		return "libbpf attaches a usdt as uprobes under one link of its own, which has "
		       "nothing the kernel can pin";
	case TP_VAR_KPROBE:
		/* libbpf's legacy kprobes are tracefs events it removes itself, at detach */
		return has_pmu("kprobe") ? NULL
					 : "this kernel has no kprobe PMU: libbpf would attach "
					   "through tracefs, which a pin does not keep";
	case TP_VAR_UPROBE:
		return has_pmu("uprobe") ? NULL
					 : "this kernel has no uprobe PMU: libbpf would attach "
					   "through tracefs, which a pin does not keep";
	default:
		return NULL;
	}
}

static bool on_bpffs(const char *path)
{
	struct statfs fs;

	return !statfs(path, &fs) && fs.f_type == BPF_FS_MAGIC;
}

int tp_pin__mkdirs(const char *path, char *err, size_t errlen)
{
	char buf[PATH_MAX], *p;
	struct stat sb;
	int e;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -ENAMETOOLONG;
	}
	/* the longest part that exists must be on bpffs before anything is made */
	while (stat(buf, &sb)) {
		p = strrchr(buf, '/');
		if (!p || p == buf) {
			strcpy(buf, p ? "/" : ".");
			break;
		}
		*p = 0;
	}
	if (!on_bpffs(buf)) {
		snprintf(err, errlen,
			 "%s is not on a bpf filesystem (mount one: mount -t bpf bpf /sys/fs/bpf)",
			 path);
		return -EXDEV;
	}
	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1;; p++) {
		char c = *p;

		if (c && c != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0700) && errno != EEXIST) {
			e = -errno;
			snprintf(err, errlen, "mkdir %s: %s%s", buf, strerror(-e),
				 strchr(strrchr(buf, '/') ? strrchr(buf, '/') : buf, '.')
				     ? " (bpffs takes no '.' in a name)"
				     : "");
			return e;
		}
		if (!c)
			break;
		*p = c;
	}
	return 0;
}

int tp_pin__lock(const char *sub)
{
	int fd = open(sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC), e;

	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		e = errno == EWOULDBLOCK ? -EBUSY : -errno;
		close(fd);
		return e;
	}
	return fd;
}

/* Unlink every entry of sub/what and the directory; links first: they detach. */
static int remove_dir(const char *sub, const char *what, char *err, size_t errlen)
{
	char dir[PATH_MAX], path[PATH_MAX + NAME_MAX + 2];
	struct dirent *d;
	DIR *dp;
	int e = 0;

	snprintf(dir, sizeof(dir), "%s/%s", sub, what);
	dp = opendir(dir);
	if (!dp)
		return errno == ENOENT ? 0 : -errno;
	while (!e && (d = readdir(dp))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (unlink(path)) {
			e = -errno;
			snprintf(err, errlen, "removing %s: %s", path, strerror(-e));
		}
	}
	closedir(dp);
	if (!e && rmdir(dir)) {
		e = -errno;
		snprintf(err, errlen, "removing %s: %s", dir, strerror(-e));
	}
	return e;
}

int tp_pin__remove_sub(const char *sub, char *err, size_t errlen)
{
	static const char *const dirs[] = { "links", "progs", "maps" };
	char path[PATH_MAX];
	size_t i;
	int e = 0;

	for (i = 0; !e && i < sizeof(dirs) / sizeof(dirs[0]); i++)
		e = remove_dir(sub, dirs[i], err, errlen);
	if (e)
		return e;
	snprintf(path, sizeof(path), "%s/" TP_PIN_REPORTED, sub);
	if (unlink(path) && errno != ENOENT) {
		e = -errno;
		snprintf(err, errlen, "removing %s: %s", path, strerror(-e));
		return e;
	}
	snprintf(path, sizeof(path), "%s/" TP_PIN_STATE, sub);
	if ((unlink(path) && errno != ENOENT) || rmdir(sub)) {
		e = -errno;
		snprintf(err, errlen, "removing %s: %s%s", sub, strerror(-e),
			 e == -ENOTEMPTY ? " (it holds what tprun did not pin)" : "");
	}
	return e;
}

/* Is DIR/name a directory holding a tprun state (of any version)? */
static bool is_tprun_sub(const char *dir, const char *name)
{
	char sub[PATH_MAX + NAME_MAX + 2];
	struct tp_pin_state *st = NULL;
	int e;

	snprintf(sub, sizeof(sub), "%s/%s", dir, name);
	e = tp_pin__read_state(sub, &st);
	free(st);
	return !e;
}

int tp_pin__check_run(const char *dir, const struct tp_meta *const *metas, size_t n, char *err,
		      size_t errlen)
{
	char name[256], other[256], extra[512] = "";
	struct dirent *d;
	size_t i, j, found = 0, have = 0;
	DIR *dp;
	int e;

	/* made now if missing, on bpffs only: nothing is loaded into a pin that cannot be */
	e = tp_pin__mkdirs(dir, err, errlen);
	if (e)
		return e;
	for (i = 0; i < n; i++) {
		if (tp_pin__name(metas[i], name, sizeof(name))) {
			snprintf(err, errlen, "--pin: the policy names %s make no directory name",
				 tp_meta__set_name(metas[i]));
			return -ENAMETOOLONG;
		}
		/* names apart ("a.b" and "a_b") may make one directory name */
		for (j = 0; j < i; j++)
			if (!tp_pin__name(metas[j], other, sizeof(other)) && !strcmp(name, other)) {
				snprintf(err, errlen,
					 "--pin: policies %s and %s would both pin in %s/%s",
					 tp_meta__set_name(metas[j]), tp_meta__set_name(metas[i]),
					 dir, name);
				return -EEXIST;
			}
		if (is_tprun_sub(dir, name))
			found++;
	}
	dp = opendir(dir);
	if (!dp) {
		e = -errno;
		snprintf(err, errlen, "%s: %s", dir, strerror(-e));
		return e;
	}
	while ((d = readdir(dp)))
		if (d->d_name[0] != '.' && is_tprun_sub(dir, d->d_name)) {
			have++;
			if (strlen(extra) + strlen(d->d_name) + 3 < sizeof(extra))
				snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra),
					 "%s'%s'", *extra ? ", " : "", d->d_name);
		}
	closedir(dp);
	/* all of them adopted, or none: never a run that is half an earlier one */
	if (have && (found != n || have != n)) {
		snprintf(err, errlen,
			 "%s holds pinned %s, which this run's %zu object%s %s not exactly: "
			 "give the objects pinned there, or remove them with tprun --unpin %s",
			 dir, extra, n, n == 1 ? "" : "s", n == 1 ? "is" : "are", dir);
		return -EEXIST;
	}
	return 0;
}

int tp_pin__remove(const char *dir, char *err, size_t errlen)
{
	char sub[PATH_MAX + NAME_MAX + 2];
	struct dirent *d;
	int n = 0, e = 0, fd;
	DIR *dp = opendir(dir);

	if (!dp) {
		e = -errno;
		snprintf(err, errlen, "%s: %s", dir, strerror(-e));
		return e;
	}
	while (!e && (d = readdir(dp))) {
		if (d->d_name[0] == '.' || !is_tprun_sub(dir, d->d_name))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, d->d_name);
		fd = tp_pin__lock(sub);
		if (fd < 0) {
			e = fd;
			snprintf(err, errlen, "%s: %s", sub,
				 e == -EBUSY ? "a tprun runs on it: stop it first" : strerror(-e));
			break;
		}
		e = tp_pin__remove_sub(sub, err, errlen);
		close(fd);
		n += !e;
	}
	closedir(dp);
	if (e)
		return e;
	if (!n) {
		snprintf(err, errlen, "%s: tprun pinned nothing there", dir);
		return -ENOENT;
	}
	/* DIR goes too, unless it holds what tprun did not pin */
	if (rmdir(dir) && errno != ENOTEMPTY && errno != EEXIST) {
		e = -errno;
		snprintf(err, errlen, "removing %s: %s", dir, strerror(-e));
		return e;
	}
	return n;
}
