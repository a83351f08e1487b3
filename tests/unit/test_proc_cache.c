// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base64.h"
#include "proc_cache.h"
#include "records.h"
#include "tp_test.h"

/* pids above the kernel's PID_MAX_LIMIT: never real, so /proc fallbacks find nothing */
#define PID(n) (5000000u + (n))

static char *b64(const char *s)
{
	static char buf[256];

	tp_base64_encode(buf, s, strlen(s));
	return buf;
}

START_TEST(test_exec)
{
	struct tp_proc_cache *c = tp_proc_cache__new("node1");
	static const char args[] = "-c\0echo hi\0x\0";
	struct tp_process *p;
	struct rb b;
	size_t n;

	n = rec_exec(&b, 123456789, PID(1), PID(0), 1000, 0, 0, "/bin/sh", args, sizeof(args) - 1,
		     "/home/u");
	p = tp_proc_cache__on_exec(c, b.buf, n);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->pid, PID(1));
	ck_assert_uint_eq(p->ppid, PID(0));
	ck_assert_uint_eq(p->uid, 1000);
	ck_assert_uint_eq(p->auid, 4294967295u);
	ck_assert_uint_eq(p->ktime, 123456789);
	ck_assert_str_eq(p->binary, "/bin/sh");
	/* joined by spaces; an argument holding a space quoted, as Tetragon prints it */
	ck_assert_str_eq(p->arguments, "-c \"echo hi\" x");
	ck_assert_str_eq(p->cwd, "/home/u");
	ck_assert_str_eq(p->flags, "execve");
	ck_assert_str_eq(p->exec_id, b64("node1:123456789:5000001"));
	ck_assert_ptr_null(p->parent_exec_id);
	ck_assert_ptr_eq(tp_proc_cache__get(c, PID(1)), p);
	tp_proc_cache__free(c);
}
END_TEST

/* process.binary is the filename made absolute against the cwd (GetBinaryAbsolutePath) */
START_TEST(test_exec_relative_filename)
{
	struct tp_proc_cache *c = tp_proc_cache__new("n");
	static const struct {
		const char *filename, *cwd, *binary;
	} cases[] = {
		{ "./tool", "/home/u", "/home/u/tool" },
		{ "dir/tool", "/home/u", "/home/u/dir/tool" },
		{ "../bin/./tool", "/home/u", "/home/bin/tool" },
		{ "/usr/bin/../bin/cat", "/tmp", "/usr/bin/../bin/cat" },
	};
	struct tp_process *p;
	struct rb b;
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		n = rec_exec(&b, 1 + i, PID(1 + i), 1, 0, 0, 0, cases[i].filename, "", 0,
			     cases[i].cwd);
		p = tp_proc_cache__on_exec(c, b.buf, n);
		ck_assert_ptr_nonnull(p);
		ck_assert_str_eq(p->binary, cases[i].binary);
		ck_assert_str_eq(p->cwd, cases[i].cwd);
	}
	tp_proc_cache__free(c);
}
END_TEST

START_TEST(test_exec_flags_and_parent)
{
	struct tp_proc_cache *c = tp_proc_cache__new("n");
	struct tp_process *parent, *child, *orphan;
	struct rb b;
	size_t n;

	n = rec_exec(&b, 100, PID(1), 1, 0, TP_EXECF_PROCFS, 0, "/sbin/init", "", 0, "/");
	parent = tp_proc_cache__on_exec(c, b.buf, n);
	ck_assert_str_eq(parent->flags, "procFS rootcwd"); /* the cwd "/" */
	ck_assert_str_eq(parent->arguments, "");

	n = rec_exec(&b, 200, PID(2), PID(1), 0,
		     TP_EXECF_CLONE | TP_EXECF_TRUNC_FILENAME | TP_EXECF_TRUNC_ARGS, 100,
		     "/usr/bin/cat", "a\0", 2, "/tmp");
	child = tp_proc_cache__on_exec(c, b.buf, n);
	/* Tetragon's words only: it has none for a filename (never cut) */
	ck_assert_str_eq(child->flags, "execve truncArgs clone");
	ck_assert_str_eq(child->parent_exec_id, parent->exec_id);
	ck_assert_str_eq(child->arguments, "a");

	/* parent unknown to the cache, but its start time came with the record */
	n = rec_exec(&b, 300, PID(3), PID(9), 0, TP_EXECF_CLONE, 77, "/bin/true", "", 0, "/");
	orphan = tp_proc_cache__on_exec(c, b.buf, n);
	ck_assert_str_eq(orphan->parent_exec_id, b64("n:77:5000009"));

	/* and with neither: none */
	n = rec_exec(&b, 400, PID(4), PID(8), 0, 0, 0, "/bin/true", "", 0, "/");
	ck_assert_ptr_null(tp_proc_cache__on_exec(c, b.buf, n)->parent_exec_id);

	/* exec again in the same pid replaces the entry */
	n = rec_exec(&b, 500, PID(2), PID(1), 0, 0, 0, "/usr/bin/less", "", 0, "/tmp");
	child = tp_proc_cache__on_exec(c, b.buf, n);
	ck_assert_ptr_eq(tp_proc_cache__get(c, PID(2)), child);
	ck_assert_str_eq(child->binary, "/usr/bin/less");
	ck_assert_str_eq(child->exec_id, b64("n:500:5000002"));
	tp_proc_cache__free(c);
}
END_TEST

START_TEST(test_exec_cwd_fallback)
{
	struct tp_proc_cache *c = tp_proc_cache__new("n");
	char want[PATH_MAX];
	struct tp_process *p;
	struct rb b;
	size_t n;

	/* no cwd captured: the process's own, from /proc */
	ck_assert_ptr_nonnull(getcwd(want, sizeof(want)));
	n = rec_exec(&b, 1, getpid(), getppid(), 0, 0, 0, "/bin/x", "", 0, "");
	p = tp_proc_cache__on_exec(c, b.buf, n);
	ck_assert_str_eq(p->cwd, want);
	/* and for a process that is gone: empty */
	n = rec_exec(&b, 1, PID(5), 1, 0, 0, 0, "/bin/x", "", 0, "");
	ck_assert_str_eq(tp_proc_cache__on_exec(c, b.buf, n)->cwd, "");
	tp_proc_cache__free(c);
}
END_TEST

START_TEST(test_clone_and_exit)
{
	struct tp_proc_cache *c = tp_proc_cache__new("n");
	struct tp_process *parent, *p;
	struct rb b;
	size_t n;

	n = rec_exec(&b, 100, PID(1), 1, 42, TP_EXECF_CLONE, 0, "/bin/bash", "-i\0", 3, "/root");
	parent = tp_proc_cache__on_exec(c, b.buf, n);

	n = rec_clone(&b, 150, PID(2), PID(1));
	p = tp_proc_cache__on_clone(c, b.buf, n);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->pid, PID(2));
	ck_assert_uint_eq(p->ppid, PID(1));
	ck_assert_uint_eq(p->ktime, 150);
	ck_assert_uint_eq(p->uid, 42);
	ck_assert_str_eq(p->binary, "/bin/bash");
	ck_assert_str_eq(p->arguments, "-i");
	ck_assert_str_eq(p->cwd, "/root");
	ck_assert_str_eq(p->flags, "clone");
	/* a new process: its own exec_id, the parent's as parent_exec_id */
	ck_assert_str_eq(p->exec_id, b64("n:150:5000002"));
	ck_assert_str_eq(p->parent_exec_id, parent->exec_id);

	/* a clone of an unknown parent still makes an entry */
	n = rec_clone(&b, 160, PID(3), PID(99));
	p = tp_proc_cache__on_clone(c, b.buf, n);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->binary, "");
	ck_assert_ptr_null(p->parent_exec_id);

	/* an exit (output.c prints it first) forgets the process */
	p = tp_proc_cache__get(c, PID(2));
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->pid, PID(2));
	tp_proc_cache__remove(c, PID(2));
	ck_assert_ptr_null(tp_proc_cache__get(c, PID(2)));
	tp_proc_cache__remove(c, PID(2));  /* twice is harmless */
	tp_proc_cache__remove(c, PID(77)); /* so is one never known */
	tp_proc_cache__free(c);
}
END_TEST

/*
 * Several objects' ring buffers, one cache (tprun a.bpf.o b.bpf.o): an exit
 * read from one ring leaves the process findable for the hook records another
 * ring still holds, until the second reap; a new process of the same pid is
 * never taken down with it.
 */
START_TEST(test_deferred_removal)
{
	struct tp_proc_cache *c = tp_proc_cache__new("n");
	struct tp_process *p;
	struct rb b;
	size_t n;

	tp_proc_cache__defer_removal(c, true);
	n = rec_exec(&b, 100, PID(1), 1, 0, 0, 0, "/bin/sh", "", 0, "/");
	ck_assert_ptr_nonnull(tp_proc_cache__on_exec(c, b.buf, n));
	tp_proc_cache__remove(c, PID(1));
	ck_assert_ptr_nonnull(tp_proc_cache__get(c, PID(1)));
	tp_proc_cache__reap(c); /* the round of the exit: every ring may not be read yet */
	ck_assert_ptr_nonnull(tp_proc_cache__get(c, PID(1)));
	tp_proc_cache__reap(c);
	ck_assert_ptr_null(tp_proc_cache__get(c, PID(1)));

	/* the pid reused before the reap: the new process stays */
	n = rec_exec(&b, 200, PID(2), 1, 0, 0, 0, "/bin/sh", "", 0, "/");
	ck_assert_ptr_nonnull(tp_proc_cache__on_exec(c, b.buf, n));
	tp_proc_cache__remove(c, PID(2));
	n = rec_clone(&b, 300, PID(2), PID(1));
	ck_assert_ptr_nonnull(tp_proc_cache__on_clone(c, b.buf, n));
	tp_proc_cache__reap(c);
	tp_proc_cache__reap(c);
	p = tp_proc_cache__get(c, PID(2));
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->ktime, 300);

	/* off again: removal is immediate */
	tp_proc_cache__defer_removal(c, false);
	tp_proc_cache__remove(c, PID(2));
	ck_assert_ptr_null(tp_proc_cache__get(c, PID(2)));
	tp_proc_cache__free(c);
}
END_TEST

START_TEST(test_malformed_records)
{
	struct tp_proc_cache *c = tp_proc_cache__new("n");
	struct tp_event_hdr *h;
	struct rb b;
	size_t n;

	n = rec_exec(&b, 1, PID(1), 1, 0, 0, 0, "/bin/sh", "", 0, "/");
	/* short */
	ck_assert_ptr_null(tp_proc_cache__on_exec(c, b.buf, 30));
	ck_assert_int_eq(errno, EINVAL);
	/* hdr.size beyond the bytes given */
	ck_assert_ptr_null(tp_proc_cache__on_exec(c, b.buf, n - 8));
	ck_assert_int_eq(errno, EINVAL);
	/* a blob overrunning the record */
	b.buf[sizeof(struct tp_event_exec)] = 0xff;
	b.buf[sizeof(struct tp_event_exec) + 1] = 0xff;
	ck_assert_ptr_null(tp_proc_cache__on_exec(c, b.buf, n));
	ck_assert_int_eq(errno, EINVAL);
	/* the wrong record type */
	n = rec_clone(&b, 1, PID(2), 1);
	ck_assert_ptr_null(tp_proc_cache__on_exec(c, b.buf, n));
	h = (struct tp_event_hdr *)b.buf;
	h->size = 8;
	ck_assert_ptr_null(tp_proc_cache__on_clone(c, b.buf, n));
	ck_assert_ptr_null(tp_proc_cache__get(c, PID(1)));
	ck_assert_ptr_null(tp_proc_cache__get(c, PID(2)));
	tp_proc_cache__free(c);
}
END_TEST

START_TEST(test_many)
{
	struct tp_proc_cache *c = tp_proc_cache__new("n");
	struct rb b;
	uint32_t i;

	for (i = 1; i <= 20000; i++) {
		size_t n = rec_clone(&b, i, i, i - 1);

		ck_assert_ptr_nonnull(tp_proc_cache__on_clone(c, b.buf, n));
	}
	for (i = 1; i <= 20000; i++) {
		struct tp_process *p = tp_proc_cache__get(c, i);

		ck_assert_msg(p && p->pid == i && p->ktime == i, "pid %u", i);
		if (i % 2)
			tp_proc_cache__remove(c, i);
	}
	for (i = 1; i <= 20000; i++)
		ck_assert_msg((tp_proc_cache__get(c, i) == NULL) == (i % 2 == 1),
			      "pid %u after removal", i);
	tp_proc_cache__free(c);
}
END_TEST

struct learned {
	uint32_t pids[65536];
	uint32_t nspids[65536];
	char exes[8][64]; /* the first ones' exe, "(none)" for NULL */
	size_t n;
	int fail_at; /* return an error on this call (1-based), 0 never */
};

static int learn(const struct tp_process *p, uint32_t nspid, const char *exe, void *ctx)
{
	struct learned *l = ctx;

	if (l->n < 65536) {
		l->pids[l->n] = p->pid;
		l->nspids[l->n] = nspid;
	}
	if (l->n < 8)
		snprintf(l->exes[l->n], sizeof(l->exes[l->n]), "%s", exe ? exe : "(none)");
	l->n++;
	return l->fail_at && (int)l->n == l->fail_at ? -EIO : 0;
}

static long pos(const struct learned *l, uint32_t pid)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->pids[i] == pid)
			return i;
	return -1;
}

START_TEST(test_scan_real_proc)
{
	struct tp_proc_cache *c = tp_proc_cache__new("host");
	struct learned *l = calloc(1, sizeof(*l));
	char exe[PATH_MAX], cwd[PATH_MAX], id[128];
	const struct tp_process *me, *parent;
	ssize_t k;
	size_t i;
	int n;

	k = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	ck_assert_int_gt(k, 0);
	exe[k] = '\0';
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));

	n = tp_proc_cache__scan(c, "/proc", learn, l);
	ck_assert_int_gt(n, 1);
	ck_assert_uint_eq(l->n, (size_t)n);

	me = tp_proc_cache__get(c, getpid());
	ck_assert_ptr_nonnull(me);
	ck_assert_str_eq(me->binary, exe);
	ck_assert_str_eq(me->cwd, cwd);
	ck_assert_str_eq(me->flags, "procFS");
	ck_assert_uint_eq(me->ppid, getppid());
	ck_assert_uint_eq(me->uid, getuid());
	snprintf(id, sizeof(id), "host:%llu:%d", (unsigned long long)me->ktime, getpid());
	ck_assert_str_eq(me->exec_id, b64(id));
	ck_assert_uint_eq(l->nspids[pos(l, getpid())], getpid());

	/* parent before child, and linked */
	parent = tp_proc_cache__get(c, getppid());
	ck_assert_ptr_nonnull(parent);
	ck_assert_int_lt(pos(l, getppid()), pos(l, getpid()));
	ck_assert_str_eq(me->parent_exec_id, parent->exec_id);
	ck_assert_uint_le(parent->ktime, me->ktime);
	for (i = 0; i < l->n && i < 65536; i++) {
		const struct tp_process *p = tp_proc_cache__get(c, l->pids[i]);
		long pp = pos(l, p->ppid);

		ck_assert_msg(pp < (long)i, "pid %u learned before its parent %u", p->pid, p->ppid);
		ck_assert_msg(*p->binary, "pid %u has a binary", p->pid);
	}
	/* kernel threads too, as Tetragon keeps them: kthreadd (pid 2) is "[kthreadd]" */
	ck_assert_ptr_nonnull(tp_proc_cache__get(c, 2));
	ck_assert_str_eq(tp_proc_cache__get(c, 2)->binary, "[kthreadd]");

	/* what a record already said is kept */
	l->n = 0;
	n = tp_proc_cache__scan(c, "/proc", learn, l);
	ck_assert_ptr_eq(tp_proc_cache__get(c, getpid()), me);
	ck_assert_int_ge(n, 0); /* only processes started since */

	ck_assert_int_eq(tp_proc_cache__scan(c, "/nonexistent", learn, l), -ENOENT);
	free(l);
	tp_proc_cache__free(c);
}
END_TEST

/* A procfs entry made of plain files and symlinks; stat_tail is its comm. */
static void fake_proc(const char *root, uint32_t pid, const char *stat_tail, uint32_t ppid,
		      unsigned long flags, unsigned long long start, const char *exe,
		      const char *cmdline, size_t cmd_len, const char *status_extra,
		      const char *loginuid)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/%u", root, pid);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	if (stat_tail) {
		snprintf(path, sizeof(path), "%s/stat", dir);
		f = fopen(path, "w");
		fprintf(f, "%u (%s) S %u %u %u 0 -1 %lu 0 0 0 0 0 0 0 0 20 0 1 0 %llu 1000 1\n",
			pid, stat_tail, ppid, pid, pid, flags, start);
		fclose(f);
		/* the same comm, with a newline */
		snprintf(path, sizeof(path), "%s/comm", dir);
		f = fopen(path, "w");
		fprintf(f, "%s\n", stat_tail);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/status", dir);
	f = fopen(path, "w");
	fprintf(f, "Name:\tx\nPid:\t%u\nPPid:\t%u\nUid:\t1001\t0\t0\t0\n%s", pid, ppid,
		status_extra);
	fclose(f);
	snprintf(path, sizeof(path), "%s/cmdline", dir);
	f = fopen(path, "w");
	fwrite(cmdline, 1, cmd_len, f);
	fclose(f);
	if (exe) {
		snprintf(path, sizeof(path), "%s/exe", dir);
		ck_assert_int_eq(symlink(exe, path), 0);
	}
	snprintf(path, sizeof(path), "%s/cwd", dir);
	ck_assert_int_eq(symlink("/srv", path), 0);
	if (loginuid) {
		snprintf(path, sizeof(path), "%s/loginuid", dir);
		f = fopen(path, "w");
		fputs(loginuid, f);
		fclose(f);
	}
}

START_TEST(test_scan_fake_proc)
{
	char root[] = "/tmp/tp-procfs-XXXXXX", cmd[PATH_MAX + 16];
	struct tp_proc_cache *c = tp_proc_cache__new("n");
	struct learned *l = calloc(1, sizeof(*l));
	long hz = sysconf(_SC_CLK_TCK);
	const struct tp_process *p;
	int n;

	ck_assert_ptr_nonnull(mkdtemp(root));
	/* init */
	fake_proc(root, 1, "systemd", 0, 0x400100, 1, "/usr/lib/systemd/systemd",
		  "/sbin/init\0splash\0", 18,
		  "NSpid:\t1\nGid:\t5\t6\t7\t8\nCapInh:\t0000000000000001\n"
		  "CapPrm:\t000001ffffffffff\nCapEff:\t0000000000200000\n",
		  "4294967295");
	/* two of its namespaces (Tetragon's procfs reader: /proc/PID/ns links) */
	snprintf(cmd, sizeof(cmd), "%s/1/ns", root);
	ck_assert_int_eq(mkdir(cmd, 0755), 0);
	snprintf(cmd, sizeof(cmd), "%s/1/ns/net", root);
	ck_assert_int_eq(symlink("net:[4026531840]", cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/1/ns/user", root);
	ck_assert_int_eq(symlink("user:[4026531837]", cmd), 0);
	/* kernel threads: PF_KTHREAD, no exe, no cmdline; their comm is what Tetragon keeps */
	fake_proc(root, 2, "kthreadd", 0, 0x208040, 1, NULL, "", 0, "", NULL);
	fake_proc(root, 3, "kworker/0:1-events", 2, 0x4208060, 30, NULL, "", 0, "NSpid:\t3\n",
		  NULL);
	/* adopted by a subreaper that started after it: still learned after it */
	fake_proc(root, 50, "old child", 60, 0, 5, "/bin/sleep",
		  "sleep\0"
		  "100\0",
		  10, "NSpid:\t50\t7\n", "1000");
	fake_proc(root, 60, "sub)reaper (x", 1, 0, 9 * hz + hz / 2, "/usr/bin/reaper (deleted)",
		  "reaper\0--flag=a b\0", 18, "", "1000\n");
	/* exe unreadable, argv[0] stands in, made absolute against the cwd (/srv) */
	fake_proc(root, 70, "noexe", 1, 0, 20, NULL, "./bin/app\0-v\0", 13, "", NULL);
	/* vanished: no stat */
	fake_proc(root, 80, NULL, 1, 0, 0, "/bin/x", "x\0", 2, "", NULL);

	n = tp_proc_cache__scan(c, root, learn, l);
	ck_assert_int_eq(n, 6);
	ck_assert_uint_eq(l->n, 6);
	ck_assert_uint_eq(l->pids[0], 1);
	ck_assert_uint_eq(l->pids[1], 2);  /* depth 0, same start as 1 */
	ck_assert_uint_eq(l->pids[2], 70); /* depth 1, earlier start than 3 and 60 */
	ck_assert_uint_eq(l->pids[3], 3);
	ck_assert_uint_eq(l->pids[4], 60);
	ck_assert_uint_eq(l->pids[5], 50); /* depth 2 */
	ck_assert_uint_eq(l->nspids[5], 7);
	ck_assert_uint_eq(l->nspids[4], 60); /* no NSpid line: the pid */
	ck_assert_uint_eq(l->nspids[1], 2);
	/* matchBinaries learns the executable, nothing when it is unreadable; a
	 * kernel thread's comm (Tetragon's listRunningProcs: exe = cmdline = comm) */
	ck_assert_str_eq(l->exes[0], "/usr/lib/systemd/systemd");
	ck_assert_str_eq(l->exes[1], "kthreadd");
	ck_assert_str_eq(l->exes[2], "(none)");
	ck_assert_str_eq(l->exes[3], "kworker/0:1-events");
	ck_assert_str_eq(l->exes[4], "/usr/bin/reaper (deleted)");

	p = tp_proc_cache__get(c, 1);
	ck_assert_str_eq(p->binary, "/usr/lib/systemd/systemd");
	ck_assert_str_eq(p->arguments, "splash");
	ck_assert_str_eq(p->cwd, "/srv");
	/* the effective uid, Tetragon's uids[1] (proc_reader.go: "use euid to be compatible
	 * with ps") */
	ck_assert_uint_eq(p->uid, 0);
	ck_assert_uint_eq(p->auid, 4294967295u);
	ck_assert_uint_eq(p->ktime, 1000000000ull / hz);
	ck_assert_ptr_null(p->parent_exec_id);
	/* credentials: Uid and Gid are real, effective, saved, filesystem */
	ck_assert_uint_eq(p->creds.known, 1);
	ck_assert_uint_eq(p->creds.uid, 1001);
	ck_assert_uint_eq(p->creds.euid, 0);
	ck_assert_uint_eq(p->creds.gid, 5);
	ck_assert_uint_eq(p->creds.egid, 6);
	ck_assert_uint_eq(p->creds.sgid, 7);
	ck_assert_uint_eq(p->creds.fsgid, 8);
	ck_assert_uint_eq(p->creds.securebits, 0);
	ck_assert_uint_eq(p->creds.caps[TP_CAPSET_INHERITABLE], 1);
	ck_assert_uint_eq(p->creds.caps[TP_CAPSET_PERMITTED], 0x1ffffffffffull);
	ck_assert_uint_eq(p->creds.caps[TP_CAPSET_EFFECTIVE], 1ull << 21);
	ck_assert_uint_eq(p->creds.ns[TP_NS_NET], 4026531840u);
	ck_assert_uint_eq(p->creds.ns[TP_NS_USER], 4026531837u);
	ck_assert_uint_eq(p->creds.ns[TP_NS_UTS], 0);

	p = tp_proc_cache__get(c, 60);
	ck_assert_str_eq(p->binary, "/usr/bin/reaper (deleted)");
	ck_assert_str_eq(p->arguments, " \"--flag=a b\""); /* ArgsDecoder's space, first too */
	ck_assert_uint_eq(p->ktime, 9500000000ull);
	ck_assert_uint_eq(p->auid, 1000);
	ck_assert_str_eq(p->parent_exec_id, tp_proc_cache__get(c, 1)->exec_id);
	ck_assert_str_eq(tp_proc_cache__get(c, 50)->parent_exec_id, p->exec_id);
	ck_assert_str_eq(tp_proc_cache__get(c, 50)->arguments, "100");

	p = tp_proc_cache__get(c, 70);
	ck_assert_str_eq(p->binary, "/srv/bin/app");
	ck_assert_str_eq(p->arguments, "-v");
	ck_assert_ptr_null(tp_proc_cache__get(c, 80));

	/* a kernel thread as Tetragon's pushExecveEvents makes it: "[comm]", no
	 * arguments or cwd, uid 0, no login uid, credentials all zero; its parent kthreadd */
	p = tp_proc_cache__get(c, 3);
	ck_assert_str_eq(p->binary, "[kworker/0:1-events]");
	ck_assert_str_eq(p->arguments, "");
	ck_assert_str_eq(p->cwd, "");
	ck_assert_str_eq(p->flags, "procFS");
	ck_assert_uint_eq(p->uid, 0);
	ck_assert_uint_eq(p->auid, 4294967295u);
	ck_assert_uint_eq(p->ktime, 30 * (1000000000ull / hz));
	ck_assert_uint_eq(p->creds.known, 1);
	ck_assert_uint_eq(p->creds.uid, 0);
	ck_assert_uint_eq(p->creds.caps[TP_CAPSET_PERMITTED], 0);
	ck_assert_uint_eq(p->creds.ns[TP_NS_NET], 0);
	ck_assert_str_eq(p->parent_exec_id, tp_proc_cache__get(c, 2)->exec_id);
	ck_assert_str_eq(tp_proc_cache__get(c, 2)->binary, "[kthreadd]");
	ck_assert_ptr_null(tp_proc_cache__get(c, 2)->parent_exec_id);

	/* learn's error stops the walk and is returned */
	tp_proc_cache__free(c);
	c = tp_proc_cache__new("n");
	l->n = 0;
	l->fail_at = 2;
	ck_assert_int_eq(tp_proc_cache__scan(c, root, learn, l), -EIO);
	ck_assert_uint_eq(l->n, 2);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	ck_assert_int_eq(system(cmd), 0);
	free(l);
	tp_proc_cache__free(c);
}
END_TEST

static Suite *proc_cache_suite(void)
{
	Suite *s = suite_create("proc_cache");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_exec);
	tcase_add_test(tc, test_exec_relative_filename);
	tcase_add_test(tc, test_exec_flags_and_parent);
	tcase_add_test(tc, test_exec_cwd_fallback);
	tcase_add_test(tc, test_clone_and_exit);
	tcase_add_test(tc, test_deferred_removal);
	tcase_add_test(tc, test_malformed_records);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_scan_real_proc);
	tcase_add_test(tc, test_scan_fake_proc);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(proc_cache_suite());
}
