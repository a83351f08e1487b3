// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The process cache fed by exec and clone records (an exit is output.c's: print, then remove). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abs_path.h"
#include "args.h"
#include "flags.h"
#include "proc_cache_priv.h"
#include "record.h"

/* Copy of at most n bytes of s, up to its first NUL. */
static char *dup_blob(const uint8_t *s, size_t n)
{
	return strndup((const char *)s, n);
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
	struct tp_process *p = NULL;
	struct tp_event_exec e;
	size_t off = sizeof(e);
	char path[64];
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
	p->creds = e.creds;
	p->cwd = dup_blob(cwd, cwd_len);
	if (p->cwd && !*p->cwd) {
		/* BPF could not read it: the process may still be there to ask */
		free(p->cwd);
		snprintf(path, sizeof(path), "/proc/%u/cwd", p->pid);
		p->cwd = tp_proc__read_link(path);
		if (!p->cwd)
			p->cwd = strdup("");
	}
	/* the filename as typed, made absolute against the cwd (matching takes the
	 * executable itself: tp_exe_path in tp_path.bpf.h) */
	if (p->cwd) {
		char *fname = dup_blob(fn, fn_len);

		p->binary = fname ? tp_abs_path(p->cwd, fname) : NULL;
		free(fname);
	}
	if (p->cwd) {
		p->arguments =
		    tp_args_join((const char *)args, args_len, tp_proc_flags__has_cwd(p->cwd));
		/* arguments the record cut are truncArgs too */
		p->flags = tp_proc_flags__words(
		    e.flags | (args_info & TP_BLOB_TRUNCATED ? TP_EXECF_TRUNC_ARGS : 0), p->cwd,
		    fn_len, args_len);
	}
	if (!p->binary || !p->arguments || !p->cwd || !p->flags)
		goto cleanup;
	return tp_proc_cache__add(c, p, e.parent_ktime);

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
	/* the child's own, read at fork; a record without them inherits the parent's */
	if (e.creds.known)
		p->creds = e.creds;
	else if (parent)
		p->creds = parent->creds;
	p->binary = dup_or_empty(parent ? parent->binary : NULL);
	p->arguments = dup_or_empty(parent ? parent->arguments : NULL);
	p->cwd = dup_or_empty(parent ? parent->cwd : NULL);
	p->flags = strdup(tp_proc_flags__word(TP_EXECF_CLONE));
	if (!p->binary || !p->arguments || !p->cwd || !p->flags)
		goto cleanup;
	return tp_proc_cache__add(c, p, 0);

cleanup:
	tp_process__free(p);
	errno = -err;
	return NULL;
}
