/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Unit tests: ring-buffer records built by hand, and a JSON validity check. */
#ifndef TP_TEST_RECORDS_H
#define TP_TEST_RECORDS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <tp/event.h>

struct rb {
	uint8_t buf[65536];
	size_t len;
};

static inline void rb_put(struct rb *b, const void *p, size_t n)
{
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static inline void rb_u32(struct rb *b, uint32_t v)
{
	rb_put(b, &v, 4);
}

static inline void rb_u64(struct rb *b, uint64_t v)
{
	rb_put(b, &v, 8);
}

/* A blob: len, info, the bytes, zero padding to 8. */
static inline void rb_blob(struct rb *b, const void *data, uint32_t len, uint32_t info)
{
	static const uint8_t zero[8];

	rb_u32(b, len);
	rb_u32(b, info);
	rb_put(b, data, len);
	rb_put(b, zero, ((len + 7) & ~7u) - len);
}

static inline void rb_str(struct rb *b, const char *s)
{
	rb_blob(b, s, strlen(s), 0);
}

static inline void rb_hdr(struct rb *b, uint32_t type, uint64_t ktime, uint32_t pid, uint32_t tid)
{
	struct tp_event_hdr h = { .type = type, .ktime = ktime, .pid = pid, .tid = tid };

	b->len = 0;
	rb_put(b, &h, sizeof(h));
}

/* Set hdr.size to the bytes appended; returns it. */
static inline size_t rb_done(struct rb *b)
{
	struct tp_event_hdr *h = (struct tp_event_hdr *)b->buf;

	h->size = b->len;
	return b->len;
}

/* args: NUL separated, argv[0] excluded, as BPF captures them. */
/*
 * Credentials and namespaces, field by field as BPF writes struct tp_creds:
 * ids uid, gid, euid, egid, suid, sgid, fsuid, fsgid; securebits; known;
 * caps effective, inheritable, permitted; ns uts, ipc, mnt, pid,
 * pid_for_children, net, time, time_for_children, cgroup, user. NULL: unknown.
 */
struct rb_creds {
	uint32_t ids[8], securebits;
	uint64_t eff, inh, prm;
	uint32_t ns[10];
};

static inline void rb_creds(struct rb *b, const struct rb_creds *c)
{
	static const struct rb_creds none;
	int i;

	for (i = 0; i < 8; i++)
		rb_u32(b, (c ? c : &none)->ids[i]);
	rb_u32(b, c ? c->securebits : 0);
	rb_u32(b, c != NULL);
	rb_u64(b, c ? c->eff : 0);
	rb_u64(b, c ? c->inh : 0);
	rb_u64(b, c ? c->prm : 0);
	for (i = 0; i < 10; i++)
		rb_u32(b, (c ? c : &none)->ns[i]);
}

static inline size_t rec_exec_creds(struct rb *b, uint64_t ktime, uint32_t pid, uint32_t ppid,
				    uint32_t uid, uint32_t flags, uint64_t parent_ktime,
				    const char *filename, const char *args, size_t args_len,
				    const char *cwd, const struct rb_creds *c)
{
	rb_hdr(b, TP_EV_EXEC, ktime, pid, pid);
	rb_u32(b, ppid);
	rb_u32(b, uid);
	rb_u32(b, 4294967295u);
	rb_u32(b, flags);
	rb_u64(b, parent_ktime);
	rb_creds(b, c);
	rb_str(b, filename);
	rb_blob(b, args, args_len, 0);
	rb_str(b, cwd);
	return rb_done(b);
}

static inline size_t rec_exec(struct rb *b, uint64_t ktime, uint32_t pid, uint32_t ppid,
			      uint32_t uid, uint32_t flags, uint64_t parent_ktime,
			      const char *filename, const char *args, size_t args_len,
			      const char *cwd)
{
	return rec_exec_creds(b, ktime, pid, ppid, uid, flags, parent_ktime, filename, args,
			      args_len, cwd, NULL);
}

static inline size_t rec_clone_creds(struct rb *b, uint64_t ktime, uint32_t pid, uint32_t ppid,
				     const struct rb_creds *c)
{
	rb_hdr(b, TP_EV_CLONE, ktime, pid, pid);
	rb_u32(b, ppid);
	rb_u32(b, 0);
	rb_creds(b, c);
	return rb_done(b);
}

static inline size_t rec_clone(struct rb *b, uint64_t ktime, uint32_t pid, uint32_t ppid)
{
	return rec_clone_creds(b, ktime, pid, ppid, NULL);
}

static inline size_t rec_exit(struct rb *b, uint64_t ktime, uint32_t pid, uint32_t code)
{
	rb_hdr(b, TP_EV_EXIT, ktime, pid, pid);
	rb_u32(b, code);
	rb_u32(b, 0);
	return rb_done(b);
}

/* Header of a TP_EV_HOOK record: append args with rb_u64/rb_blob, then rb_done(). */
static inline void rec_hook(struct rb *b, uint64_t ktime, uint32_t pid, uint32_t tid, uint32_t hook,
			    uint32_t action, uint32_t flags)
{
	rb_hdr(b, TP_EV_HOOK, ktime, pid, tid);
	rb_u32(b, hook);
	rb_u32(b, action);
	rb_u32(b, 0);
	rb_u32(b, flags);
	rb_u32(b, 0); /* func */
	rb_u32(b, 0);
}

static inline size_t rec_hook_ret(struct rb *b, uint64_t ktime, uint32_t pid, uint32_t tid,
				  uint32_t hook, uint32_t action, int64_t retval, uint32_t post)
{
	rb_hdr(b, TP_EV_HOOK_RET, ktime, pid, tid);
	rb_u32(b, hook);
	rb_u32(b, action);
	rb_u64(b, (uint64_t)retval);
	rb_u32(b, post);
	rb_u32(b, 0);
	return rb_done(b);
}

/* 1 when every line of text parses as JSON (python3's json module), else 0. */
static inline int json_lines_valid(const char *text)
{
	FILE *p = popen("python3 -c 'import sys, json\n"
			"for l in sys.stdin.buffer.read().decode(\"utf-8\").splitlines():\n"
			"    json.loads(l)'",
			"w");
	int st;

	if (!p)
		return 0;
	fputs(text, p);
	st = pclose(p);
	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

#endif /* TP_TEST_RECORDS_H */
