// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tpgen's cache. clang spends much of a compile parsing vmlinux.h and
 * carrying the types it reaches, which no policy changes: vmlinux.h is cut to
 * the structs a policy reaches (vmlinux_cut.c; "cut-HASH", by the BTF and the
 * names), the names each generated file needed kept ("names-HASH", by the
 * file, the templates, the BTF and clang: the rounds of compile.c would find
 * them again), and tp_prelude.bpf.h is precompiled once per header and clang
 * ("prelude-HASH.pch"), which each compile loads; on it, the templates a
 * generated file includes, once for each configuration of them (its head,
 * tp_emit__head: "head-HASH.pch" from "head-HASH.h", by the prelude, the
 * head, the part, the templates and ABI headers' bytes). The process table's
 * programs and the templates' subprograms are compiled once for each
 * configuration ("proc-HASH-SHA.o", "lib-HASH-SHA.o", by the templates, the
 * ABI and libbpf headers, the BTF, clang and tpgen itself, and their source's
 * SHA-256: companion.c) and linked with each policy's object,
 * which is kept too ("policy-HASH-SHA.o", by the same and its generated
 * source's SHA-256: compile.c), so that a policy compiled before is only linked.
 *
 * Entries are named by a hash of what they are built from and are written
 * under a temporary name, then renamed: a reader sees a whole entry or none.
 * The folder is the user's own (0700, not writable by others), or unused.
 * A --btf target's entry keeps its BTF and is used only if that is the same
 * bytes, a cut only if it was made for the same names; a stale prelude is
 * refused by clang itself (it checks the headers' sizes and times), and
 * tpgen then compiles without it (compile.c).
 * Each use of an entry touches it (a prelude or a head in its access time:
 * clang refuses a head whose prelude's time changed); making one removes
 * those unused for CACHE_MAX_AGE (a prelude is some 6 MB for a cut header,
 * 15 MB for the whole one; a head 0.2 to 0.4 MB; a cut some 1.2 MB; a --btf
 * target's folder some 8 MB).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "cache.h"
#include "companion.h"
#include "file.h"
#include "fnv.h"
#include "vmlinux_cut.h"
#include "vmlinux_h.h"

/* bumped when an entry's layout or what it is built from changes */
#define CACHE_VERSION "tpgen-cache-4"

#define CACHE_MAX_AGE (7 * 24 * 3600)

/* a generated file's head at most: some defines and includes */
#define HEAD_MAX (64u << 10)

/* an object kept at most: a policy's are some 50 KB to 2 MB */
#define OBJ_MAX (256u << 20)

/* FNV-1a a word at a time: names entries, and what an entry holds decides (see above) */
static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, 8);
		h = (h ^ w) * TP_FNV_PRIME;
	}
	for (; i < n; i++)
		h = (h ^ b[i]) * TP_FNV_PRIME;
	return h;
}

/* a string with its terminator, so that "ab","c" and "a","bc" differ */
static uint64_t hash_str(uint64_t h, const char *s)
{
	return hash_bytes(h, s, strlen(s) + 1);
}

/*
 * The hash of each file's bytes, once a run for a file that has not changed
 * since (the same inode, size and time): the BTF, some megabytes, is in the
 * key of the names, of the cut and of the process table.
 */
struct digest {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	uint64_t h;
};

static struct digest digests[64];
static unsigned int ndigests;

static bool same_file(const struct digest *d, const struct stat *st)
{
	return d->dev == st->st_dev && d->ino == st->st_ino && d->size == st->st_size &&
	       d->mtime.tv_sec == st->st_mtim.tv_sec && d->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

static int file_digest(int fd, const struct stat *st, uint64_t *h)
{
	unsigned int i;
	void *p;

	for (i = 0; i < ndigests; i++)
		if (same_file(&digests[i], st)) {
			*h = digests[i].h;
			return 0;
		}
	*h = TP_FNV_OFFSET;
	if (st->st_size) {
		p = mmap(NULL, st->st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED)
			return -errno;
		*h = hash_bytes(*h, p, st->st_size);
		munmap(p, st->st_size);
	}
	if (ndigests < sizeof(digests) / sizeof(digests[0]))
		digests[ndigests++] =
		    (struct digest){ st->st_dev, st->st_ino, st->st_size, st->st_mtim, *h };
	return 0;
}

static int hash_file(uint64_t *h, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	uint64_t d;
	int err;

	if (fd < 0)
		return -errno;
	err = fstat(fd, &st) ? -errno : file_digest(fd, &st, &d);
	close(fd);
	if (err)
		return err;
	*h = hash_bytes(*h, &st.st_size, sizeof(st.st_size));
	*h = hash_bytes(*h, &d, sizeof(d));
	return 0;
}

/* A folder only this user can write to: the one asked for, created if missing. */
static int safe_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) && errno != EEXIST)
		return -errno;
	if (lstat(dir, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 022))
		return -EPERM;
	return 0;
}

static int cache_dir(char *buf, size_t len)
{
	const char *env = getenv("TPGEN_CACHE"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int err;

	if (env) {
		if (!*env)
			return -ENOENT;
		snprintf(buf, len, "%s", env);
	} else if (xdg && *xdg) {
		snprintf(buf, len, "%s/tpgen", xdg);
	} else if (home && *home) {
		/* ~/.cache itself, as XDG would make it */
		snprintf(buf, len, "%s/.cache", home);
		err = safe_dir(buf);
		if (err)
			return err;
		snprintf(buf, len, "%s/.cache/tpgen", home);
	} else {
		return -ENOENT;
	}
	return safe_dir(buf);
}

/* the files a folder entry may hold */
static const char *const entry_files[] = { "btf", "vmlinux.h", "names" };

/* A folder entry (a --btf target's, a cut vmlinux.h's): its files, then itself. */
static void remove_entry(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	size_t i;

	if (fd < 0)
		return;
	for (i = 0; i < sizeof(entry_files) / sizeof(entry_files[0]); i++)
		unlinkat(fd, entry_files[i], 0);
	close(fd);
	unlinkat(dfd, name, AT_REMOVEDIR);
}

/*
 * A precompiled head unused for CACHE_MAX_AGE goes with its header; a header
 * never touched (clang checks its time) goes once no precompiled head uses
 * it; what a crashed tpgen left goes. name: "head-HASH" and a suffix.
 */
static void evict_head(int dfd, const char *name)
{
	char pch[64], header[64];
	int n = (int)strlen("head-") + 16;

	snprintf(pch, sizeof(pch), "%.*s.pch", n, name);
	snprintf(header, sizeof(header), "%.*s.h", n, name);
	if (!strcmp(name, pch)) {
		unlinkat(dfd, pch, 0);
		unlinkat(dfd, header, 0);
	} else if (strcmp(name, header) || faccessat(dfd, pch, F_OK, 0)) {
		unlinkat(dfd, name, 0);
	}
}

/* Whether name is an object's entry (tp_cache__object): a policy's, a part's, a companion's. */
static bool object_entry(const char *name)
{
	size_t n;
	int i;

	if (!strncmp(name, "policy-", 7))
		return true;
	for (i = 0; i < TP_COMPANIONS; i++) {
		n = strlen(tp_companions[i].kind);
		if (!strncmp(name, tp_companions[i].kind, n) && name[n] == '-')
			return true;
	}
	return false;
}

/* Entries (and what a crashed tpgen left of one) unused for CACHE_MAX_AGE. */
static void evict(const char *dir)
{
	DIR *d = opendir(dir);
	time_t now = time(NULL);
	struct dirent *de;
	struct stat st;

	if (!d)
		return;
	while ((de = readdir(d))) {
		/* last used: the later of its times (touch_pch moves only the access time) */
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    now - st.st_mtime <= CACHE_MAX_AGE || now - st.st_atime <= CACHE_MAX_AGE)
			continue;
		if ((!strncmp(de->d_name, "prelude-", 8) || !strncmp(de->d_name, "names-", 6) ||
		     object_entry(de->d_name)) &&
		    S_ISREG(st.st_mode))
			unlinkat(dirfd(d), de->d_name, 0);
		else if ((!strncmp(de->d_name, "vmlinux-", 8) || !strncmp(de->d_name, "cut-", 4)) &&
			 S_ISDIR(st.st_mode))
			remove_entry(dirfd(d), de->d_name);
		else if (!strncmp(de->d_name, "head-", 5) && S_ISREG(st.st_mode))
			evict_head(dirfd(d), de->d_name);
	}
	closedir(d);
}

/* The names and bytes of dir's files, in name order; missing, if may_miss: nothing. */
static int hash_dir(uint64_t *h, const char *dir, bool may_miss)
{
	char path[4300];
	struct dirent **de;
	struct stat st;
	int i, n, err = 0;

	n = scandir(dir, &de, NULL, alphasort);
	if (n < 0)
		return may_miss && errno == ENOENT ? 0 : -errno;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, de[i]->d_name);
		*h = hash_str(*h, de[i]->d_name);
		if (!err && de[i]->d_name[0] != '.' && !stat(path, &st) && S_ISREG(st.st_mode))
			err = hash_file(h, path);
		free(de[i]);
	}
	free(de);
	return err;
}

/* libbpf's headers, where clang finds them: a system folder, whose changes clang does not check */
static const char *const libbpf_dirs[] = { "/usr/local/include/bpf", "/usr/include/bpf" };

static int hash_libbpf(uint64_t *h)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < sizeof(libbpf_dirs) / sizeof(libbpf_dirs[0]); i++)
		err = hash_dir(h, libbpf_dirs[i], true);
	return err;
}

/* The headers a generated file includes: the templates, the ABI's (tp/), libbpf's. */
static int hash_headers(uint64_t *h, const struct tp_clang_opts *o)
{
	char dir[4300];
	int err;

	err = hash_dir(h, o->templates_dir, false);
	snprintf(dir, sizeof(dir), "%s/tp", o->abi_dir);
	if (!err)
		err = hash_dir(h, dir, false);
	return err ? err : hash_libbpf(h);
}

/*
 * A prelude's or a head's use, in its access time: a head precompiled on a
 * prelude (tp_cache__head) is refused once the prelude's time changes. 0, or
 * -errno (-ENOENT: none).
 */
static int touch_pch(const char *pch)
{
	const struct timespec t[2] = { { .tv_nsec = UTIME_NOW }, { .tv_nsec = UTIME_OMIT } };

	return utimensat(AT_FDCWD, pch, t, 0) ? -errno : 0;
}

/* A temporary file beside the entry file path, which place_file() makes into it: 0 or -errno. */
static int file_tmp(const char *path, char *tmp, size_t size)
{
	int fd;

	snprintf(tmp, size, "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/*
 * The temporary file tmp made into the entry file path (a reader sees all or
 * nothing), or given up if err: one already there is kept if keep, else
 * replaced. 0 or -errno.
 */
static int place_file(const char *tmp, const char *path, bool keep, int err)
{
	if (!err && (keep ? link(tmp, path) && errno != EEXIST : rename(tmp, path) != 0))
		err = -errno;
	if (err || keep)
		unlink(tmp);
	return err;
}

/* header precompiled with o into the entry pch: 0 or -errno */
static int precompile(const struct tp_clang_opts *o, const char *header, const char *pch)
{
	char tmp[4200];
	struct stat st;
	int err;

	err = file_tmp(pch, tmp, sizeof(tmp));
	if (err)
		return err;
	err = tp_clang__precompile(o, header, tmp);
	if (err > 0 || (!err && (stat(tmp, &st) || !st.st_size)))
		err = -EINVAL;
	/* one another run made meanwhile is kept: a head on it is refused once it is replaced */
	return place_file(tmp, pch, true, err);
}

int tp_cache__pch(const struct tp_clang_opts *o, bool make, char *pch, size_t len)
{
	struct tp_clang_opts po = *o;
	char dir[4096], path[4096];
	uint64_t h = hash_str(TP_FNV_OFFSET, CACHE_VERSION);
	int err;

	err = cache_dir(dir, sizeof(dir));
	if (err)
		return err;
	h = hash_str(h, o->clang);
	h = hash_str(h, o->target_arch ? o->target_arch : "");
	h = hash_str(h, o->templates_dir);
	h = hash_str(h, o->abi_dir);
	h = hash_str(h, o->vmlinux_dir);
	snprintf(path, sizeof(path), "%s/vmlinux.h", o->vmlinux_dir);
	err = hash_file(&h, path);
	if (err)
		return err;
	snprintf(path, sizeof(path), "%s/tp_prelude.bpf.h", o->templates_dir);
	err = hash_file(&h, path);
	if (!err)
		err = hash_libbpf(&h);
	if (err)
		return err;

	snprintf(pch, len, "%s/prelude-%016" PRIx64 ".pch", dir, h);
	if (!touch_pch(pch))
		return 0;
	if (!make)
		return -ENOENT;
	evict(dir);
	/* the prelude starts from nothing and is the same for every part */
	po.pch = NULL;
	po.part = -1;
	return precompile(&po, path, pch);
}

static int write_all(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "we");
	int err = 0;

	if (!f)
		return -errno;
	if (fwrite(data, 1, n, f) != n)
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

/* n bytes at data as the entry file path (place_file: keep, or replace): 0 or -errno. */
static int publish_file(const char *path, const void *data, size_t n, bool keep)
{
	char tmp[4300];
	int err;

	err = file_tmp(path, tmp, sizeof(tmp));
	return err ? err : place_file(tmp, path, keep, write_all(tmp, data, n));
}

/* Whether path holds exactly the n bytes at data. */
static bool same_bytes(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	bool same = false;
	void *p;

	if (fd < 0)
		return false;
	if (!fstat(fd, &st) && (size_t)st.st_size == n && n) {
		p = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			same = !memcmp(p, data, n);
			munmap(p, n);
		}
	}
	close(fd);
	return same;
}

/* A temporary folder made into entry (or given up): rename, or remove what is left. */
static int publish(const char *tmp, const char *entry, int err)
{
	char path[4300];
	size_t i;

	/* another tpgen may have made the same entry meanwhile: its is as good */
	if (!err && rename(tmp, entry) && errno != EEXIST && errno != ENOTEMPTY)
		err = -errno;
	if (!access(tmp, F_OK)) {
		for (i = 0; i < sizeof(entry_files) / sizeof(entry_files[0]); i++) {
			snprintf(path, sizeof(path), "%s/%s", tmp, entry_files[i]);
			unlink(path);
		}
		rmdir(tmp);
	}
	return err;
}

/* A private folder beside entry, which publish() renames to it: 0, or -1 with errno. */
static int entry_tmp(const char *entry, char *tmp, size_t size)
{
	snprintf(tmp, size, "%s.XXXXXX", entry);
	return mkdtemp(tmp) ? 0 : -1;
}

/* A new entry: btf's bytes and its vmlinux.h, in a folder renamed to entry. */
static int new_entry(const char *entry, const struct btf *btf, const void *raw, __u32 size)
{
	char tmp[4200], path[4300];
	int err;

	if (entry_tmp(entry, tmp, sizeof(tmp)))
		return -errno;
	snprintf(path, sizeof(path), "%s/btf", tmp);
	err = write_all(path, raw, size);
	if (!err) {
		snprintf(path, sizeof(path), "%s/vmlinux.h", tmp);
		err = tp_vmlinux_h__write_btf(btf, path);
	}
	return publish(tmp, entry, err);
}

int tp_cache__vmlinux(const char *btf_file, char *dir, size_t len)
{
	char cache[4096], path[4300];
	struct btf *btf;
	const void *raw;
	__u32 size;
	uint64_t h;
	int err;

	err = cache_dir(cache, sizeof(cache));
	if (err)
		return err;
	btf = btf__parse(btf_file, NULL);
	err = (int)libbpf_get_error(btf);
	if (err)
		return err;
	raw = btf__raw_data(btf, &size);
	if (!raw) {
		err = -ENOMEM;
		goto out;
	}
	h = hash_str(TP_FNV_OFFSET, CACHE_VERSION);
	h = hash_bytes(h, raw, size);
	snprintf(dir, len, "%s/vmlinux-%016" PRIx64, cache, h);
	snprintf(path, sizeof(path), "%s/btf", dir);
	if (utimensat(AT_FDCWD, dir, NULL, 0)) {
		evict(cache);
		err = new_entry(dir, btf, raw, size);
		if (err)
			goto out;
	}
	/* the hash names the entry; the bytes decide */
	if (!same_bytes(path, raw, size))
		err = -EEXIST;
out:
	btf__free(btf);
	return err;
}

/* the names, one a line: what a cut entry was made for */
static char *names_text(const struct tp_cut_names *names, size_t *len)
{
	size_t i, n = 0;
	char *text, *p;

	for (i = 0; i < names->n; i++)
		n += strlen(names->name[i]) + 1;
	text = malloc(n + 1);
	if (!text)
		return NULL;
	for (i = 0, p = text; i < names->n; i++)
		p += sprintf(p, "%s\n", names->name[i]);
	*len = n;
	return text;
}

/* A new cut entry: src's types cut to names, and the names, in a folder renamed to entry. */
static int new_cut(const char *entry, struct tp_cut_btf *src, const struct tp_cut_names *names,
		   const char *text, size_t len)
{
	struct btf *btf = tp_cut_btf__get(src);
	char tmp[4200], path[4300];
	int err;

	if (!btf)
		return -errno;
	if (entry_tmp(entry, tmp, sizeof(tmp)))
		return -errno;
	snprintf(path, sizeof(path), "%s/vmlinux.h", tmp);
	err = tp_vmlinux_cut__write(btf, names, path);
	if (!err) {
		snprintf(path, sizeof(path), "%s/names", tmp);
		err = write_all(path, text, len);
	}
	return publish(tmp, entry, err);
}

int tp_cache__cut(struct tp_cut_btf *src, const struct tp_cut_names *names, char *dir, size_t len)
{
	char cache[4096], path[4300];
	uint64_t h = hash_str(TP_FNV_OFFSET, CACHE_VERSION);
	size_t n;
	char *text;
	int err;

	err = cache_dir(cache, sizeof(cache));
	if (err)
		return err;
	err = hash_file(&h, src->path);
	if (err)
		return err;
	text = names_text(names, &n);
	if (!text)
		return -ENOMEM;
	h = hash_bytes(h, text, n);
	snprintf(dir, len, "%s/cut-%016" PRIx64, cache, h);
	if (utimensat(AT_FDCWD, dir, NULL, 0)) {
		evict(cache);
		err = new_cut(dir, src, names, text, n);
	}
	/* the hash names the entry; the names decide */
	snprintf(path, sizeof(path), "%s/names", dir);
	if (!err && !same_bytes(path, text, n))
		err = -EEXIST;
	free(text);
	return err;
}

int tp_cache__head(const struct tp_clang_opts *o, bool make, char *pch, size_t len)
{
	char dir[4096], header[4200];
	uint64_t h = hash_str(TP_FNV_OFFSET, CACHE_VERSION);
	size_t n;
	char *text;
	int err;

	err = cache_dir(dir, sizeof(dir));
	if (err)
		return err;
	/* the prelude it is on (its name is its key), the part, the text, what it includes */
	h = hash_str(h, o->pch);
	h = hash_bytes(h, &o->part, sizeof(o->part));
	err = hash_file(&h, o->head);
	if (!err)
		err = hash_headers(&h, o);
	if (err)
		return err;

	snprintf(pch, len, "%s/head-%016" PRIx64 ".pch", dir, h);
	if (!touch_pch(pch))
		return 0;
	if (!make)
		return -ENOENT;
	/*
	 * its header beside it, never rewritten once there (clang refuses a
	 * precompiled header whose inputs changed time), evicted with it
	 */
	snprintf(header, sizeof(header), "%s/head-%016" PRIx64 ".h", dir, h);
	if (access(header, F_OK)) {
		err = tp_file__read(o->head, HEAD_MAX, &text, &n);
		if (err)
			return err < 0 ? err : -EFBIG;
		err = publish_file(header, text, n, true);
		free(text);
		if (err)
			return err;
	}
	return precompile(o, header, pch);
}

/* The key of src's names: src and its part, the templates it may include, the BTF, the clang. */
static int names_key(const struct tp_clang_opts *o, const char *btf_file, const char *src,
		     uint64_t *key)
{
	uint64_t h = hash_str(TP_FNV_OFFSET, CACHE_VERSION);
	char part[16];
	int err;

	/* a split file's parts: one source, whose compiles need other structs */
	snprintf(part, sizeof(part), "%d", o->part);
	h = hash_str(h, part);
	h = hash_str(h, o->clang);
	h = hash_str(h, o->target_arch ? o->target_arch : "");
	h = hash_str(h, o->templates_dir);
	h = hash_str(h, o->abi_dir);
	err = hash_file(&h, btf_file);
	if (!err)
		err = hash_file(&h, src);
	if (!err)
		err = hash_dir(&h, o->templates_dir, false);
	*key = h;
	return err;
}

int tp_cache__cut_names(const struct tp_clang_opts *o, const char *btf_file, const char *src,
			struct tp_cut_names *names)
{
	char cache[4096], path[4200], line[512];
	uint64_t key;
	FILE *f;
	size_t n;
	int err;

	err = cache_dir(cache, sizeof(cache));
	if (!err)
		err = names_key(o, btf_file, src, &key);
	if (err)
		return err;
	snprintf(path, sizeof(path), "%s/names-%016" PRIx64, cache, key);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	utimensat(AT_FDCWD, path, NULL, 0);
	while (!err && fgets(line, sizeof(line), f)) {
		n = strcspn(line, "\n");
		err = tp_cut_names__add(names, line, n);
		if (err > 0)
			err = 0;
	}
	fclose(f);
	return err < 0 ? err : 0;
}

int tp_cache__keep_cut_names(const struct tp_clang_opts *o, const char *btf_file, const char *src,
			     const struct tp_cut_names *names)
{
	char cache[4096], path[4200];
	uint64_t key;
	size_t n;
	char *text;
	int err;

	err = cache_dir(cache, sizeof(cache));
	if (!err)
		err = names_key(o, btf_file, src, &key);
	if (err)
		return err;
	text = names_text(names, &n);
	if (!text)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s/names-%016" PRIx64, cache, key);
	err = publish_file(path, text, n, false);
	free(text);
	return err;
}

/* An executable: its path, size, time and inode. */
static int hash_binary(uint64_t *h, const char *path)
{
	char real[PATH_MAX];
	struct stat st;

	if (!realpath(path, real) || stat(real, &st))
		return -ENOENT;
	*h = hash_str(*h, real);
	*h = hash_bytes(*h, &st.st_size, sizeof(st.st_size));
	*h = hash_bytes(*h, &st.st_mtim, sizeof(st.st_mtim));
	*h = hash_bytes(*h, &st.st_ino, sizeof(st.st_ino));
	return 0;
}

/* The clang binary the name runs (through $PATH). */
static int hash_clang(uint64_t *h, const char *clang)
{
	const char *dirs = getenv("PATH");
	char path[4300];
	size_t n;

	path[0] = 0;
	if (strchr(clang, '/')) {
		snprintf(path, sizeof(path), "%s", clang);
	} else {
		while (dirs && *dirs) {
			n = strcspn(dirs, ":");
			snprintf(path, sizeof(path), "%.*s/%s", (int)n, dirs, clang);
			if (!access(path, X_OK))
				break;
			path[0] = 0;
			dirs += n + (dirs[n] == ':');
		}
	}
	return path[0] ? hash_binary(h, path) : -ENOENT;
}

/*
 * SHA-256 of a file's bytes in hex (65 bytes): the source an object entry is
 * compiled from is the policy's, which its author controls, and FNV-1a's
 * collisions are easy to make; another policy must never be handed this one's object.
 */
static int sha256_file(const char *path, char hex[2 * SHA256_DIGEST_LENGTH + 1])
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	int fd = open(path, O_RDONLY | O_CLOEXEC), err = 0;
	struct stat st;
	void *p = NULL;
	size_t i;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st))
		err = -errno;
	else if (st.st_size &&
		 (p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
		err = -errno;
	close(fd);
	if (err)
		return err;
	if (EVP_Digest(st.st_size ? p : "", st.st_size, md, NULL, EVP_sha256(), NULL) != 1)
		err = -EIO;
	if (st.st_size)
		munmap(p, st.st_size);
	for (i = 0; !err && i < sizeof(md); i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return err;
}

/* libbpf's BPF headers (bpf_helpers.h and the rest), where clang finds them */
int tp_cache__object(const struct tp_clang_opts *o, const char *btf_file, const char *kind,
		     const char *src, char *path, size_t len)
{
	uint64_t h = hash_str(TP_FNV_OFFSET, CACHE_VERSION);
	char cache[4096], dir[4300], sha[2 * SHA256_DIGEST_LENGTH + 1];
	int err;

	err = cache_dir(cache, sizeof(cache));
	if (err)
		return err;
	h = hash_str(h, kind);
	h = hash_str(h, o->target_arch ? o->target_arch : "");
	/* tpgen itself: how it writes the source, the cut, clang's flags */
	err = hash_binary(&h, "/proc/self/exe");
	if (!err)
		err = hash_clang(&h, o->clang);
	/* the source apart, by SHA-256: tpgen and its inputs are the machine's, it the policy's */
	if (!err)
		err = sha256_file(src, sha);
	if (!err)
		err = hash_headers(&h, o);
	/* the types: the BTF the cut is made from, else the whole header */
	snprintf(dir, sizeof(dir), "%s/vmlinux.h", o->vmlinux_dir);
	if (!err)
		err = hash_file(&h, btf_file ? btf_file : dir);
	if (err)
		return err;
	snprintf(path, len, "%s/%s-%016" PRIx64 "-%s.o", cache, kind, h, sha);
	if (!utimensat(AT_FDCWD, path, NULL, 0))
		return 0;
	evict(cache);
	return 1;
}

int tp_cache__keep_object(const char *entry, const char *obj)
{
	size_t n;
	char *bytes;
	int err;

	err = tp_file__read(obj, OBJ_MAX, &bytes, &n);
	if (err)
		return err < 0 ? err : -EFBIG;
	err = publish_file(entry, bytes, n, false);
	free(bytes);
	return err;
}
