// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The process cache: a pid-keyed chained hash table fed by exec/clone/exit records. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base64.h"
#include "proc_cache_priv.h"
#include "record.h"

struct node {
	struct tp_process p;		/* first: a tp_process * is a struct node * */
	struct node *next;
};

struct tp_proc_cache {
	char *node_name;
	struct node **buckets;
	size_t nbuckets;		/* power of two */
	size_t count;
};

struct tp_process *tp_process__new(void)
{
	struct node *n = calloc(1, sizeof(*n));

	return n ? &n->p : NULL;
}

void tp_process__free(struct tp_process *p)
{
	if (!p)
		return;
	free(p->exec_id);
	free(p->parent_exec_id);
	free(p->binary);
	free(p->arguments);
	free(p->cwd);
	free(p->flags);
	free((struct node *)p);
}

struct tp_proc_cache *tp_proc_cache__new(const char *node_name)
{
	struct tp_proc_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->nbuckets = 1024;
	c->buckets = calloc(c->nbuckets, sizeof(*c->buckets));
	c->node_name = strdup(node_name ? node_name : "");
	if (!c->buckets || !c->node_name) {
		tp_proc_cache__free(c);
		errno = ENOMEM;
		return NULL;
	}
	return c;
}

void tp_proc_cache__free(struct tp_proc_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; c->buckets && i < c->nbuckets; i++) {
		struct node *n = c->buckets[i], *next;

		for (; n; n = next) {
			next = n->next;
			tp_process__free(&n->p);
		}
	}
	free(c->buckets);
	free(c->node_name);
	free(c);
}

static size_t bucket(const struct tp_proc_cache *c, uint32_t pid)
{
	return (pid * 2654435761u) & (c->nbuckets - 1);
}

struct tp_process *tp_proc_cache__get(struct tp_proc_cache *c, uint32_t pid)
{
	struct node *n;

	for (n = c->buckets[bucket(c, pid)]; n; n = n->next)
		if (n->p.pid == pid)
			return &n->p;
	return NULL;
}

static void grow(struct tp_proc_cache *c)
{
	size_t nb = c->nbuckets * 2, i;
	struct node **b = calloc(nb, sizeof(*b));

	if (!b)
		return;		/* longer chains, still correct */
	for (i = 0; i < c->nbuckets; i++) {
		struct node *n = c->buckets[i], *next;

		for (; n; n = next) {
			size_t k = (n->p.pid * 2654435761u) & (nb - 1);

			next = n->next;
			n->next = b[k];
			b[k] = n;
		}
	}
	free(c->buckets);
	c->buckets = b;
	c->nbuckets = nb;
}

void tp_proc_cache__remove(struct tp_proc_cache *c, uint32_t pid)
{
	struct node **pp = &c->buckets[bucket(c, pid)], *n;

	for (; (n = *pp); pp = &n->next) {
		if (n->p.pid == pid) {
			*pp = n->next;
			tp_process__free(&n->p);
			c->count--;
			return;
		}
	}
}

void tp_proc_cache__put(struct tp_proc_cache *c, struct tp_process *p)
{
	struct node *n = (struct node *)p;
	size_t k;

	tp_proc_cache__remove(c, p->pid);
	if (c->count >= c->nbuckets)
		grow(c);
	k = bucket(c, p->pid);
	n->next = c->buckets[k];
	c->buckets[k] = n;
	c->count++;
}

char *tp_proc_cache__exec_id(const struct tp_proc_cache *c, uint64_t ktime, uint32_t pid)
{
	char *raw, *out;
	int n;

	n = asprintf(&raw, "%s:%" PRIu64 ":%u", c->node_name, ktime, pid);
	if (n < 0)
		return NULL;
	out = malloc(tp_base64_len(n) + 1);
	if (out)
		tp_base64_encode(out, raw, n);
	free(raw);
	return out;
}

char *tp_args_join(const char *buf, size_t len)
{
	size_t i, o = 0, start;
	char *out;

	/* the last argument's NUL terminator does not start another argument */
	while (len && buf[len - 1] == '\0')
		len--;
	out = malloc(len * 3 + 8);	/* worst case: separators and quotes around 1-byte args */
	if (!out)
		return NULL;
	for (start = 0; start <= len; start = i + 1) {
		const char *arg = buf + start;
		size_t n;
		bool quote;

		for (i = start; i < len && buf[i]; i++)
			;
		n = i - start;
		quote = memchr(arg, ' ', n) != NULL;
		if (start)
			out[o++] = ' ';
		if (quote)
			out[o++] = '"';
		memcpy(out + o, arg, n);
		o += n;
		if (quote)
			out[o++] = '"';
		if (!len)
			break;
	}
	out[o] = '\0';
	return out;
}

/* Copy of at most n bytes of s, up to its first NUL. */
static char *dup_blob(const uint8_t *s, size_t n)
{
	return strndup((const char *)s, n);
}

static char *readlink_cwd(uint32_t pid)
{
	char path[64], buf[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%u/cwd", pid);
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	return strdup(buf);
}

/* The usable size of a record of type, 0 when it is not one or is cut short. */
static size_t check_rec(const void *rec, size_t size, size_t min, uint32_t type)
{
	struct tp_event_hdr h;

	size = tp_record__hdr(rec, size, min, &h);
	return size && h.type == type ? size : 0;
}

struct tp_process *tp_proc_cache__on_exec(struct tp_proc_cache *c, const void *rec, size_t size)
{
	const uint8_t *fn, *args, *cwd;
	uint32_t fn_len, args_len, cwd_len, fn_info, args_info, cwd_info;
	struct tp_process *p = NULL, *parent;
	struct tp_event_exec e;
	size_t off = sizeof(e);
	char flags[64];
	int err = -EINVAL;

	size = check_rec(rec, size, sizeof(e), TP_EV_EXEC);
	if (!size)
		goto cleanup;
	memcpy(&e, rec, sizeof(e));
	if (tp_record__blob(rec, size, &off, &fn, &fn_len, &fn_info) ||
	    tp_record__blob(rec, size, &off, &args, &args_len, &args_info) ||
	    tp_record__blob(rec, size, &off, &cwd, &cwd_len, &cwd_info))
		goto cleanup;
	if (fn_info & TP_BLOB_ERROR)
		fn_len = 0;
	if (args_info & TP_BLOB_ERROR)
		args_len = 0;
	if (cwd_info & TP_BLOB_ERROR)
		cwd_len = 0;

	err = -ENOMEM;
	p = tp_process__new();
	if (!p)
		goto cleanup;
	p->pid = e.hdr.pid;
	p->ppid = e.ppid;
	p->uid = e.uid;
	p->auid = e.auid;
	p->ktime = e.hdr.ktime;
	p->binary = dup_blob(fn, fn_len);
	p->arguments = tp_args_join((const char *)args, args_len);
	p->cwd = dup_blob(cwd, cwd_len);
	if (p->cwd && !*p->cwd) {
		free(p->cwd);
		p->cwd = readlink_cwd(p->pid);
	}
	/* Tetragon's flag words, in its bit order */
	snprintf(flags, sizeof(flags), "%s%s%s%s",
		 e.flags & TP_EXECF_PROCFS ? "procFS" : "execve",
		 (e.flags & TP_EXECF_TRUNC_FILENAME) || (fn_info & TP_BLOB_TRUNCATED) ?
		 " truncFilename" : "",
		 (e.flags & TP_EXECF_TRUNC_ARGS) || (args_info & TP_BLOB_TRUNCATED) ?
		 " truncArgs" : "",
		 e.flags & TP_EXECF_CLONE ? " clone" : "");
	p->flags = strdup(flags);
	p->exec_id = tp_proc_cache__exec_id(c, p->ktime, p->pid);
	if (!p->binary || !p->arguments || !p->cwd || !p->flags || !p->exec_id)
		goto cleanup;

	parent = tp_proc_cache__get(c, e.ppid);
	if (parent && parent->pid != p->pid) {
		p->parent_exec_id = strdup(parent->exec_id);
		if (!p->parent_exec_id)
			goto cleanup;
	} else if (e.parent_ktime) {
		/* not cached, but BPF knows when it started: its exec_id follows */
		p->parent_exec_id = tp_proc_cache__exec_id(c, e.parent_ktime, e.ppid);
		if (!p->parent_exec_id)
			goto cleanup;
	}
	tp_proc_cache__put(c, p);
	return p;

cleanup:
	tp_process__free(p);
	errno = -err;
	return NULL;
}

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

struct tp_process *tp_proc_cache__on_clone(struct tp_proc_cache *c, const void *rec, size_t size)
{
	struct tp_process *p = NULL, *parent;
	struct tp_event_clone e;
	int err = -EINVAL;

	if (!check_rec(rec, size, sizeof(e), TP_EV_CLONE))
		goto cleanup;
	memcpy(&e, rec, sizeof(e));
	err = -ENOMEM;
	p = tp_process__new();
	if (!p)
		goto cleanup;
	parent = tp_proc_cache__get(c, e.ppid);
	if (parent == NULL || parent->pid == e.hdr.pid)
		parent = NULL;
	p->pid = e.hdr.pid;
	p->ppid = e.ppid;
	p->ktime = e.hdr.ktime;
	p->uid = parent ? parent->uid : 0;
	p->auid = parent ? parent->auid : UINT32_MAX;
	p->binary = dup_or_empty(parent ? parent->binary : NULL);
	p->arguments = dup_or_empty(parent ? parent->arguments : NULL);
	p->cwd = dup_or_empty(parent ? parent->cwd : NULL);
	p->flags = strdup("clone");
	p->exec_id = tp_proc_cache__exec_id(c, p->ktime, p->pid);
	if (!p->binary || !p->arguments || !p->cwd || !p->flags || !p->exec_id)
		goto cleanup;
	if (parent) {
		p->parent_exec_id = strdup(parent->exec_id);
		if (!p->parent_exec_id)
			goto cleanup;
	}
	tp_proc_cache__put(c, p);
	return p;

cleanup:
	tp_process__free(p);
	errno = -err;
	return NULL;
}

struct tp_process *tp_proc_cache__on_exit(struct tp_proc_cache *c, const void *rec, size_t size)
{
	struct tp_event_exit e;
	struct tp_process *p;

	if (!check_rec(rec, size, sizeof(e), TP_EV_EXIT)) {
		errno = EINVAL;
		return NULL;
	}
	memcpy(&e, rec, sizeof(e));
	p = tp_proc_cache__get(c, e.hdr.pid);
	if (!p) {
		errno = ENOENT;
		return NULL;
	}
	p->exited = true;
	return p;
}
