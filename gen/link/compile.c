// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The generated C to an object. First against vmlinux.h cut to the structs
 * the C reaches (vmlinux_cut.c), made from the BTF the whole header comes
 * from: the structs the generated file and the templates name, then, round by
 * round, those clang says it lacks (a member of task_struct->mm is reached
 * through mm_struct, which no one names). Then, if the cut does not compile
 * (no BTF, a message that names no struct, too many rounds), against the
 * whole vmlinux.h and its precompiled prelude, which compiles what the cut
 * refused or reports the error as before. On either, the templates a whole
 * file or its part 0 includes come precompiled too where the cache has them
 * (its head, tp_cache__head). Each step depends only on the input, so the same policy
 * takes the same steps to the same bytes, with the cache or without.
 *
 * The process table's programs and the templates' subprograms are objects
 * of their own (companion.c), taken from the cache, else compiled the same
 * way in children while this process compiles the policy (on another core),
 * and linked with it. A policy whose hooks are split in two parts
 * (gen/lower/split.c) has its second part compiled in a child too, from the
 * same file with another TP_PART. Each object is kept in the cache, by its
 * generated source and its part (cache.c): a policy compiled before is only
 * linked.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "cache.h"
#include "companion.h"
#include "compile.h"
#include "file.h"
#include "shrink.h"
#include "vmlinux_cut.h"

/* a child compiles part 1 and one each companion beside this process (tp_clang__fork) */
_Static_assert(TP_CLANG_HELPERS >= 1 + TP_COMPANIONS, "a helper for part 1 and each companion");

/* rounds of structs clang asks for: chains of pointers are a few structs deep */
#define CUT_ROUNDS 8

/* the largest text read for names: a generated file, a template */
#define TEXT_MAX (64u << 20)

static int add_file(struct tp_cut_names *names, const char *path, bool errors)
{
	size_t len;
	char *text;
	int err;

	err = tp_file__read(path, TEXT_MAX, &text, &len);
	if (err < 0)
		return err;
	err = errors ? tp_cut_names__add_errors(names, text, len)
		     : tp_cut_names__add_text(names, text, len);
	free(text);
	return err;
}

/* The names every template writes: any of them may be included. */
static int add_templates(struct tp_cut_names *names, const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(dir);
	int err = 0;

	if (!d)
		return -errno;
	while (!err && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		err = add_file(names, path, false);
	}
	closedir(d);
	return err < 0 ? err : 0;
}

/* The folder of the cut header for names: the cache's entry, else "cut" in the build folder. */
static int cut_dir(const struct tp_clang_opts *co, struct tp_cut_btf *src,
		   const struct tp_cut_names *names, char *dir, size_t len)
{
	char path[PATH_MAX + 16];
	struct btf *btf;

	if (!tp_cache__cut(src, names, dir, len))
		return 0;
	snprintf(dir, len, "%s/cut", co->build_dir);
	if (mkdir(dir, 0700) && errno != EEXIST)
		return -errno;
	btf = tp_cut_btf__get(src);
	if (!btf)
		return -errno;
	snprintf(path, sizeof(path), "%s/vmlinux.h", dir);
	return tp_vmlinux_cut__write(btf, names, path);
}

/*
 * co->pch: the file's head precompiled on the prelude, else the prelude, from
 * the cache, each made on a miss if make; else none. pch and head: PATH_MAX.
 */
static void use_pch(struct tp_clang_opts *co, bool make, char *pch, char *head)
{
	co->pch = NULL;
	if (tp_cache__pch(co, make, pch, PATH_MAX))
		return;
	co->pch = pch;
	if (co->head && !tp_cache__head(co, make, head, PATH_MAX))
		co->pch = head;
}

/*
 * src compiled on co->pch, then, while clang fails for no struct the cut
 * lacks (names, when not NULL, gets those the log names: *added), on the
 * prelude it is on (pch), then on none. A prelude or head clang refused
 * (stale, another clang) is removed once one below it compiles, for a run to
 * make anew; a failure they did not cause (the file's own, a stop) leaves
 * them.
 */
static int compile_down(struct tp_clang_opts *co, const char *pch, struct tp_cut_names *names,
			const char *src, const char *obj, int *added)
{
	const char *refused[2];
	int n = 0, err;

	for (;;) {
		err = tp_clang__compile(co, src, obj);
		*added = err && names ? add_file(names, co->log, true) : 0;
		if (err <= 0 || *added || !co->pch)
			break;
		refused[n++] = co->pch;
		co->pch = co->pch == pch ? NULL : pch;
	}
	while (!err && n)
		unlink(refused[--n]);
	return err;
}

/* 0 with obj built against a cut header; else what the whole header should be tried for. */
static int compile_cut(struct tp_clang_opts *co, const char *btf_file, const char *src,
		       const char *obj)
{
	char dir[PATH_MAX], pch[PATH_MAX], head[PATH_MAX], log[PATH_MAX], path[PATH_MAX + 16];
	struct tp_cut_btf src_btf = { btf_file, NULL };
	struct tp_cut_names names = { 0 };
	bool known = false;
	int err, round, added;

	snprintf(log, sizeof(log), "%s/clang.log", co->build_dir);
	err = add_file(&names, src, false);
	if (err >= 0)
		err = add_templates(&names, co->templates_dir);
	/* what the rounds below found for this input before: they would find it again */
	if (err >= 0)
		known = !tp_cache__cut_names(co, btf_file, src, &names);
	for (round = 0; err >= 0 && round < CUT_ROUNDS; round++) {
		err = cut_dir(co, &src_btf, &names, dir, sizeof(dir));
		if (err)
			break;
		co->vmlinux_dir = dir;
		/* a prelude is made for a cut a run before found to compile, not for a guess */
		use_pch(co, known && !round, pch, head);
		co->log = log;
		err = compile_down(co, pch, &names, src, obj, &added);
		if (!err) {
			if (!known || round)
				tp_cache__keep_cut_names(co, btf_file, src, &names);
			break;
		}
		/* a message the cut did not cause: no round helps */
		err = added ? added : -EINVAL;
	}
	if (err > 0)
		err = -EINVAL;
	unlink(log);
	snprintf(path, sizeof(path), "%s/cut/vmlinux.h", co->build_dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/cut", co->build_dir);
	rmdir(path);
	tp_cut_names__free(&names);
	btf__free(src_btf.btf);
	co->log = NULL;
	co->pch = NULL;
	return err;
}

/* Against the whole vmlinux.h: with its prelude, and without if clang refuses that. */
static int compile_whole(struct tp_clang_opts *co, bool precompile, const char *src,
			 const char *obj)
{
	char pch[PATH_MAX], head[PATH_MAX];
	int err;

	int added;

	if (precompile)
		use_pch(co, true, pch, head);
	err = compile_down(co, pch, NULL, src, obj, &added);
	co->pch = NULL;
	return err;
}

static int compile_one(struct tp_clang_opts *co, const char *btf_file, bool precompile,
		       const char *src, const char *obj)
{
	const char *whole = co->vmlinux_dir;
	int err;

	err = btf_file ? compile_cut(co, btf_file, src, obj) : -ENOENT;
	co->vmlinux_dir = whole;
	return err ? compile_whole(co, precompile, src, obj) : 0;
}

/*
 * An object linked into the policy's: a companion (companion.c) or a part of
 * the policy's own (the whole where it is one part). Its
 * folder, source, object and cache entry, the child compiling it.
 */
struct job {
	char dir[PATH_MAX], src[PATH_MAX + 16], obj[PATH_MAX + 16], entry[PATH_MAX];
	/* entry: the cache's, or where to keep one (else "") */
	char kind[32];	  /* its cache entries' */
	const char *use;  /* the object to link */
	const char *head; /* its source's head to precompile (tp_emit__head), or NULL */
	int part;	  /* the policy's part it compiles (TP_PART), -1 the whole or none */
	pid_t pid;	  /* the child compiling it, 0 none */
};

/*
 * The object into j->obj, kept in the cache if keep; in the job's folder,
 * which debug info names as it names co's.
 */
static int job_compile(const struct tp_clang_opts *co, const char *btf_file, bool precompile,
		       struct job *j, bool keep)
{
	struct tp_clang_opts own = *co;
	int err;

	own.build_dir = j->dir;
	own.part = j->part;
	own.head = j->head;
	err = compile_one(&own, btf_file, precompile, j->src, j->obj);
	if (!err && keep)
		tp_cache__keep_object(j->entry, j->obj); /* only time is lost if not */
	return err;
}

/*
 * j's object from the cache, or compiled (a miss is kept in the cache): in a
 * child if in_child, else here. 0, -errno, or the compile's exit status.
 */
static int job_start(struct tp_clang_opts *co, const char *btf_file, bool precompile, struct job *j,
		     bool in_child)
{
	bool keep;
	pid_t pid;
	int err;

	j->use = j->obj;
	j->pid = 0;
	err = tp_cache__object(co, btf_file, j->kind, j->src, j->entry, sizeof(j->entry));
	if (!err) {
		j->use = j->entry;
		return 0;
	}
	keep = err == 1;
	if (!keep)
		j->entry[0] = 0;
	/* in a child, which a signal that stops tpgen ends too (tp_clang__fork) */
	pid = in_child ? tp_clang__fork() : -EBUSY;
	if (pid > 0) {
		j->pid = pid;
		return 0;
	}
	if (pid == -EBUSY) /* here: asked to, or past the helpers tp_clang keeps */
		return job_compile(co, btf_file, precompile, j, keep);
	if (pid < 0)
		return pid;
	err = job_compile(co, btf_file, precompile, j, keep);
	if (err < 0 && err != -EINTR) /* stopped: tpgen says so */
		fprintf(stderr, "tpgen: compiling %s: %s\n", j->src, strerror(-err));
	_exit(err < 0 ? 1 : err > 255 ? 255 : err);
}

/* The child's outcome: 0, or its exit status (a clang failure, a tpgen bug). */
static int job_wait(struct job *j)
{
	int err;

	if (!j->pid)
		return 0;
	err = tp_clang__reap(j->pid, NULL);
	j->pid = 0;
	return err;
}

/* The jobs' objects linked into obj: 0 or -errno. */
static int link_all(const struct job *jobs, int n, const char *obj)
{
	const char *in[n];
	int i;

	for (i = 0; i < n; i++)
		in[i] = jobs[i].use;
	return tp_obj__link(in, n, obj);
}

/* Part k's job: part 0 in the build folder, which debug info names; another in one of its own. */
static int part_job(const struct tp_clang_opts *co, const char *src, const char *obj, int parts,
		    int k, struct job *j)
{
	const char *base;

	j->part = parts > 1 ? k : -1;
	/*
	 * a precompiled head for part 0 only: clang gives an extern variable its
	 * BTF only where the file itself declares it first, and part 1's shared
	 * maps are the templates' externs
	 */
	j->head = k ? NULL : co->head;
	if (!k) {
		snprintf(j->kind, sizeof(j->kind), "policy");
		snprintf(j->dir, sizeof(j->dir), "%s", co->build_dir);
		snprintf(j->src, sizeof(j->src), "%s", src);
		snprintf(j->obj, sizeof(j->obj), "%s.policy", obj);
		return 0;
	}
	/* the same source by the same name in its folder: the same debug info's names */
	snprintf(j->kind, sizeof(j->kind), "policy-part%d", k);
	snprintf(j->dir, sizeof(j->dir), "%s/part%d", co->build_dir, k);
	base = strrchr(src, '/');
	snprintf(j->src, sizeof(j->src), "%s/%s", j->dir, base ? base + 1 : src);
	snprintf(j->obj, sizeof(j->obj), "%s/part.bpf.o", j->dir);
	if (mkdir(j->dir, 0700))
		return -errno;
	return link(src, j->src) ? -errno : 0;
}

int tp_compile(struct tp_clang_opts *co, const char *btf_file, bool precompile, const char *src,
	       int parts, const char *obj)
{
	/* the policy's parts, then its companions */
	int err = 0, perr, i, n = parts + TP_COMPANIONS;
	const struct tp_companion *c;
	struct job *jobs, *j;

	if (!co->head) /* the companions' configuration */
		return -EINVAL;
	jobs = calloc(n, sizeof(*jobs));
	if (!jobs)
		return -ENOMEM;
	for (i = 0; !err && i < parts; i++)
		err = part_job(co, src, obj, parts, i, &jobs[i]);
	for (i = 0; !err && i < TP_COMPANIONS; i++) {
		c = &tp_companions[i];
		j = &jobs[parts + i];
		snprintf(j->kind, sizeof(j->kind), "%s", c->kind);
		j->part = -1;
		snprintf(j->dir, sizeof(j->dir), "%s/%s", co->build_dir, c->kind);
		snprintf(j->src, sizeof(j->src), "%s/%s.bpf.c", j->dir, c->kind);
		snprintf(j->obj, sizeof(j->obj), "%s/%s.bpf.o", j->dir, c->kind);
		err = mkdir(j->dir, 0700) ? -errno : 0;
		if (!err)
			err = tp_companion__source(c, co->templates_dir, co->head, j->src);
		if (err) /* what failed, before the caller's word on clang */
			fprintf(stderr, "tpgen: %s from %s: %s\n", j->src, co->head,
				strerror(-err));
	}
	/* the companions and the other parts in children, part 0 here */
	for (i = n - 1; !err && i >= 0; i--)
		err = job_start(co, btf_file, precompile, &jobs[i], i > 0);
	for (i = 1; i < n; i++) {
		perr = job_wait(&jobs[i]);
		if (!err)
			err = perr;
	}
	if (!err) {
		err = link_all(jobs, n, obj);
		for (i = 0; err && i < n; i++) {
			if (jobs[i].use != jobs[i].entry)
				continue;
			/* an entry that does not link (damaged): made anew, as on a miss */
			unlink(jobs[i].entry);
			err = job_compile(co, btf_file, precompile, &jobs[i], true);
			jobs[i].use = jobs[i].obj;
			if (!err)
				err = link_all(jobs, n, obj);
		}
		if (err < 0) {
			fprintf(stderr,
				"tpgen: linking the policy's parts and their companions: %s\n",
				strerror(-err));
			err = 1;
		}
	}
	for (i = 1; i < n; i++)
		job_wait(&jobs[i]);
	for (i = 0; i < n; i++) {
		unlink(jobs[i].obj);
		if (i) { /* part 0's source is the caller's, its folder the build folder */
			unlink(jobs[i].src);
			rmdir(jobs[i].dir);
		}
	}
	free(jobs);
	return err;
}
