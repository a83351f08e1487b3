// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The generated C to an object. First against vmlinux.h cut to the structs
 * the C reaches (vmlinux_cut.c), made from the BTF the whole header comes
 * from: the structs the generated file and the templates name, then, round by
 * round, those clang says it lacks (a member of task_struct->mm is reached
 * through mm_struct, which no one names). Then, if the cut does not compile
 * (no BTF, a message that names no struct, too many rounds), against the
 * whole vmlinux.h and its precompiled prelude, which compiles what the cut
 * refused or reports the error as before. Each step depends only on the
 * input, so the same policy takes the same steps to the same bytes, with the
 * cache or without.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "cache.h"
#include "compile.h"
#include "file.h"
#include "vmlinux_cut.h"

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

/* 0 with obj built against a cut header; else what the whole header should be tried for. */
static int compile_cut(struct tp_clang_opts *co, const char *btf_file, const char *src,
		       const char *obj)
{
	char dir[PATH_MAX], pch[PATH_MAX], log[PATH_MAX], path[PATH_MAX + 16];
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
		co->pch = tp_cache__pch(co, known && !round, pch, sizeof(pch)) ? NULL : pch;
		co->log = log;
		err = tp_clang__compile(co, src, obj);
		added = err ? add_file(&names, log, true) : 0;
		if (err && added <= 0 && co->pch) {
			/* nothing the cut lacks: it is the prelude clang refuses (stale,
			 * another clang); the next run makes it anew */
			unlink(pch);
			co->pch = NULL;
			err = tp_clang__compile(co, src, obj);
			added = err ? add_file(&names, log, true) : 0;
		}
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
	char pch[PATH_MAX];
	int err;

	if (precompile && !tp_cache__pch(co, true, pch, sizeof(pch)))
		co->pch = pch;
	err = tp_clang__compile(co, src, obj);
	if (err && co->pch) {
		/* a prelude clang refuses (stale, another clang): the next run makes it anew */
		unlink(pch);
		co->pch = NULL;
		err = tp_clang__compile(co, src, obj);
	}
	co->pch = NULL;
	return err;
}

int tp_compile(struct tp_clang_opts *co, const char *btf_file, bool precompile, const char *src,
	       const char *obj)
{
	const char *whole = co->vmlinux_dir;

	if (btf_file && !compile_cut(co, btf_file, src, obj))
		return 0;
	co->vmlinux_dir = whole;
	return compile_whole(co, precompile, src, obj);
}
