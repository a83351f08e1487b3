// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Template code that depends on a policy only through a few of the
 * generated file's macros and templates (its configuration: its head,
 * tp_emit__head) is compiled once for each configuration into an object of
 * its own, which the cache keeps (compile.c), and linked with the policy's
 * object:
 *  - the process table's programs (tp_process.bpf.h, TP_PROC_PROGS), which
 *    read a few sizes and switches and call the functions and the array the
 *    generated file defines for them;
 *  - the templates' subprograms (TP_LIBPROG, TP_LIB_PROGS): what a record's
 *    blobs and its end run, which no size of the policy's changes
 *    (tests/e2e/test_tpgen_cli.sh). Their configuration is the head's
 *    switches (its macros after TP_EMIT_SWITCHES: a switch added later is
 *    taken) and those of the templates it reaches that hold one, so that a
 *    policy without sockets links none of tp_net.bpf.h's, and policies that
 *    differ in other templates share one.
 * The same configuration is the same source, so the same bytes, from the
 * cache or not.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "companion.h"
#include "emit/emit.h"
#include "file.h"
#include "words.h"

/* the largest head or template read */
#define SRC_MAX (64u << 20)

/* the process table's programs: the macros tp_process.bpf.h reads */
static const char *const proc_names[] = {
	"TP_BIN_WORDS", "TP_PID_WORDS", "TP_PROC_CREDS", "TP_WAKE_EACH", "TP_BIN_KEY",
	"TP_BIN_EXE",	NULL,
};
static const char *const proc_headers[] = { "tp_common.bpf.h", "tp_process.bpf.h", NULL };

static const char *const no_headers[] = { NULL };

const struct tp_companion tp_companions[TP_COMPANIONS] = {
	{
	    .kind = "proc",
	    .what = "the process table's programs",
	    .names = proc_names,
	    .mode = "TP_PROC_PROGS",
	    .headers = proc_headers,
	},
	{
	    .kind = "lib",
	    .what = "the templates' subprograms",
	    .switches = true,
	    .mode = "TP_LIB_PROGS",
	    .headers = no_headers,
	    .holding = "TP_LIBPROG ",
	},
};

/* Whether line (len bytes) starts with word, then a space or its end. */
static bool starts(const char *line, size_t len, const char *word)
{
	size_t n = strlen(word);

	return tp_words__starts(line, len, word) && (len == n || line[n] == ' ');
}

/* Whether line is the head's line before its switches (TP_EMIT_SWITCHES). */
static bool switches_line(const char *line, size_t len)
{
	return len == strlen(TP_EMIT_SWITCHES) && tp_words__starts(line, len, TP_EMIT_SWITCHES);
}

/* Whether line is "#define NAME ..." that c takes; switch: the line is past the sizes. */
static bool takes(const struct tp_companion *c, const char *line, size_t len, bool switch_)
{
	static const char def[] = "#define ";
	const char *const *name;

	if (!tp_words__starts(line, len, def))
		return false;
	if (c->switches)
		return switch_;
	line += sizeof(def) - 1;
	len -= sizeof(def) - 1;
	for (name = c->names; *name; name++)
		if (starts(line, len, *name))
			return true;
	return false;
}

/*
 * Whether line is one a head holds (tp_emit__head): a macro, an include, a
 * comment of one line, none. Another (a head tpgen does not know) is an
 * error, not the end of what a companion takes.
 */
static bool head_line(const char *line, size_t len)
{
	return !len || starts(line, len, "#define") || starts(line, len, "#include") ||
	       (len >= 4 && tp_words__starts(line, len, "/*") && !memcmp(line + len - 2, "*/", 2));
}

/* The next line of [*line, end) in *line and its length (*nl its end); false at the end. */
static bool next_line(const char **line, const char **nl, const char *end, size_t *len)
{
	if (*nl)
		*line = *nl < end ? *nl + 1 : end;
	if (*line >= end)
		return false;
	*nl = memchr(*line, '\n', end - *line);
	if (!*nl)
		*nl = end;
	*len = *nl - *line;
	return true;
}

/* The templates a template or the generated file includes, each once: at most a folder's. */
#define REACHED_MAX 64

struct reached {
	char name[REACHED_MAX][NAME_MAX + 1];
	bool holds[REACHED_MAX]; /* it has a line starting with the companion's holding */
	int n;
};

static int reach_text(const char *dir, const char *text, size_t len, const char *holding,
		      struct reached *r, bool *holds);

/*
 * name (len bytes), a template in dir, and those it includes into r, once
 * each: 0 or -errno. A name that is no file of dir (vmlinux.h) is none.
 */
static int reach(const char *dir, const char *name, size_t len, const char *holding,
		 struct reached *r)
{
	char path[PATH_MAX];
	size_t n;
	char *text;
	int i, err;

	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	for (i = 0; i < r->n; i++)
		if (strlen(r->name[i]) == len && !memcmp(r->name[i], name, len))
			return 0;
	if (r->n == REACHED_MAX)
		return -E2BIG;
	i = r->n++;
	memcpy(r->name[i], name, len);
	r->name[i][len] = 0;
	if (snprintf(path, sizeof(path), "%s/%s", dir, r->name[i]) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	err = tp_file__read(path, SRC_MAX, &text, &n);
	if (err == -ENOENT)
		return 0;
	if (err < 0)
		return err;
	err = reach_text(dir, text, n, holding, r, &r->holds[i]);
	free(text);
	return err;
}

/* The templates text includes into r; *holds: whether a line of it starts with holding. */
static int reach_text(const char *dir, const char *text, size_t len, const char *holding,
		      struct reached *r, bool *holds)
{
	static const char inc[] = "#include \"";
	const char *line = text, *nl = NULL, *end = text + len, *q;
	size_t n;
	int err = 0;

	*holds = false;
	while (!err && next_line(&line, &nl, end, &n)) {
		*holds |= tp_words__starts(line, n, holding);
		if (n <= sizeof(inc) - 1 || !tp_words__starts(line, n, inc))
			continue;
		q = memchr(line + sizeof(inc) - 1, '"', n - (sizeof(inc) - 1));
		if (q)
			err = reach(dir, line + sizeof(inc) - 1, q - line - (sizeof(inc) - 1),
				    holding, r);
	}
	return err;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The templates the head text reaches that hold c->holding, by name (one source for any order). */
static int write_holding(const struct tp_companion *c, const char *dir, const char *text,
			 size_t len, FILE *f)
{
	struct reached *r = calloc(1, sizeof(*r));
	const char *names[REACHED_MAX];
	int i, n = 0, err;
	bool holds;

	if (!r)
		return -ENOMEM;
	err = reach_text(dir, text, len, c->holding, r, &holds);
	for (i = 0; !err && i < r->n; i++)
		if (r->holds[i])
			names[n++] = r->name[i];
	qsort(names, n, sizeof(names[0]), by_name);
	for (i = 0; !err && i < n; i++)
		fprintf(f, "#include \"%s\"\n", names[i]);
	free(r);
	return err;
}

int tp_companion__source(const struct tp_companion *c, const char *dir, const char *head,
			 const char *out)
{
	const char *line, *end, *nl = NULL;
	bool switches = false;
	const char *const *h;
	size_t len, n;
	char *text;
	FILE *f;
	int err;

	err = tp_file__read(head, SRC_MAX, &text, &len);
	if (err < 0)
		return err;
	for (line = text, end = text + len; !err && next_line(&line, &nl, end, &n);) {
		if (!head_line(line, n))
			err = -EINVAL;
		switches |= switches_line(line, n);
	}
	if (!err && c->switches && !switches)
		err = -EINVAL;
	if (err) {
		free(text);
		return err;
	}
	f = fopen(out, "we");
	if (!f) {
		err = -errno;
		free(text);
		return err;
	}
	fprintf(f, "/* %s, generated by tpgen: do not edit */\n\n", c->what);
	/* its macros, then its includes */
	for (line = text, nl = NULL, switches = false; next_line(&line, &nl, end, &n);) {
		switches |= switches_line(line, n);
		if (takes(c, line, n, switches))
			fprintf(f, "%.*s\n", (int)n, line);
	}
	fprintf(f, "#define %s 1\n\n", c->mode);
	for (h = c->headers; *h; h++)
		fprintf(f, "#include \"%s\"\n", *h);
	if (c->holding)
		err = write_holding(c, dir, text, len, f);
	free(text);
	if (!err && ferror(f))
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}
