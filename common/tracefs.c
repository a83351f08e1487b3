// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Tracepoint format files: "field:unsigned long args[6];	offset:16;	size:48;
 * signed:0;" */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"
#include "tracefs.h"
#include "words.h"

/* No real format file comes near this; a bound keeps a bad path from eating memory. */
#define FORMAT_MAX_BYTES (1 << 20)

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static char *strndup_trim(const char *s, size_t len)
{
	while (len && is_space(*s)) {
		s++;
		len--;
	}
	while (len && is_space(s[len - 1]))
		len--;
	return strndup(s, len);
}

/* A non-negative decimal in s[0..len), surrounding blanks allowed. */
static int parse_uint(const char *s, size_t len, int *out)
{
	long v = 0;
	size_t i = 0;

	while (i < len && is_space(s[i]))
		i++;
	while (len > i && is_space(s[len - 1]))
		len--;
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
		if (v > INT_MAX)
			return -EINVAL;
	}
	*out = (int)v;
	return 0;
}

/* "__data_loc char[] filename", "unsigned long args[6]", "const char * filename" */
static int parse_decl(struct tp_tracefs_field *fl, const char *s, size_t len)
{
	size_t end, name_start, i;

	while (len && is_space(*s)) {
		s++;
		len--;
	}
	while (len && is_space(s[len - 1]))
		len--;
	if (tp_words__starts(s, len, "__data_loc ") || tp_words__starts(s, len, "__rel_loc ")) {
		fl->is_data_loc = true;
		i = s[2] == 'd' ? strlen("__data_loc ") : strlen("__rel_loc ");
		s += i;
		len -= i;
	}
	end = len;
	if (end && s[end - 1] == ']') {
		size_t open = end - 1;
		int n;

		while (open > 0 && s[open] != '[')
			open--;
		if (s[open] != '[')
			return -EINVAL;
		fl->is_array = true;
		if (parse_uint(s + open + 1, end - 1 - (open + 1), &n) == 0)
			fl->array_len = n;
		end = open;
		while (end && is_space(s[end - 1]))
			end--;
	}
	name_start = end;
	while (name_start > 0 && is_ident(s[name_start - 1]))
		name_start--;
	if (name_start == end || (s[name_start] >= '0' && s[name_start] <= '9'))
		return -EINVAL;
	fl->name = strndup(s + name_start, end - name_start);
	fl->type = strndup_trim(s, name_start);
	if (!fl->name || !fl->type)
		return -ENOMEM;
	if (!fl->type[0])
		return -EINVAL;
	fl->is_pointer = fl->type[strlen(fl->type) - 1] == '*';
	return 0;
}

/* s points after "field:"; the line is s[0..len) */
static int parse_field(struct tp_tracefs_field *fl, const char *s, size_t len)
{
	const char *semi = memchr(s, ';', len);
	bool has_off = false, has_size = false;
	size_t pos;
	int err;

	if (!semi || memchr(s, '\0', len))
		return -EINVAL;
	err = parse_decl(fl, s, (size_t)(semi - s));
	if (err)
		return err;
	pos = (size_t)(semi - s) + 1;
	while (pos < len) {
		const char *item = s + pos, *colon, *end;
		size_t n = len - pos;
		int v;

		end = memchr(item, ';', n);
		if (end)
			n = (size_t)(end - item);
		pos += n + 1;
		while (n && is_space(*item)) {
			item++;
			n--;
		}
		if (!n)
			continue;
		colon = memchr(item, ':', n);
		if (!colon)
			return -EINVAL;
		if (parse_uint(colon + 1, n - (size_t)(colon + 1 - item), &v))
			return -EINVAL;
		if (tp_words__starts(item, n, "offset:")) {
			fl->offset = v;
			has_off = true;
		} else if (tp_words__starts(item, n, "size:")) {
			fl->size = v;
			has_size = true;
		} else if (tp_words__starts(item, n, "signed:")) {
			if (v > 1)
				return -EINVAL;
			fl->is_signed = v == 1;
		}
		/* unknown keys are kept for kernels newer than this parser */
	}
	return has_off && has_size ? 0 : -EINVAL;
}

static void free_field(struct tp_tracefs_field *fl)
{
	free(fl->name);
	free(fl->type);
}

void tp_tracefs_format__free(struct tp_tracefs_format *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->nfields; i++)
		free_field(&f->fields[i]);
	free(f->fields);
	free(f->name);
	memset(f, 0, sizeof(*f));
	f->id = -1;
}

int tp_tracefs_format__parse(struct tp_tracefs_format *f, const char *text, size_t len)
{
	size_t pos = 0, cap = 0;
	int err = 0;

	memset(f, 0, sizeof(*f));
	f->id = -1;
	while (pos < len && !err) {
		const char *line = text + pos, *nl;
		size_t n = len - pos;

		nl = memchr(line, '\n', n);
		if (nl)
			n = (size_t)(nl - line);
		pos += n + 1;
		while (n && is_space(*line)) {
			line++;
			n--;
		}
		if (tp_words__starts(line, n, "field:")) {
			struct tp_tracefs_field *fl;

			if (f->nfields == cap) {
				size_t ncap = cap ? cap * 2 : 16;
				void *p = realloc(f->fields, ncap * sizeof(*f->fields));

				if (!p) {
					err = -ENOMEM;
					break;
				}
				f->fields = p;
				cap = ncap;
			}
			fl = &f->fields[f->nfields++];
			memset(fl, 0, sizeof(*fl));
			err = parse_field(fl, line + 6, n - 6);
		} else if (tp_words__starts(line, n, "name:") && !f->name) {
			f->name = strndup_trim(line + 5, n - 5);
			if (!f->name)
				err = -ENOMEM;
		} else if (tp_words__starts(line, n, "ID:")) {
			int id;

			if (parse_uint(line + 3, n - 3, &id) == 0)
				f->id = id;
		}
	}
	if (err)
		tp_tracefs_format__free(f);
	return err;
}

bool tp_tracefs__valid_name(const char *name)
{
	const char *c;

	if (!name || !*name || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (c = name; *c; c++) {
		if (!is_ident(*c) && *c != '.' && *c != '-')
			return false;
	}
	return true;
}

bool tp_tracefs__has_dir(const char *tracefs, const char *rel)
{
	char path[PATH_MAX];
	struct stat st;
	int n;

	if (!tracefs)
		return false;
	n = snprintf(path, sizeof(path), "%s/%s", tracefs, rel);
	if (n < 0 || (size_t)n >= sizeof(path))
		return false;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *tp_tracefs__root(void)
{
	static const char *root;

	if (!root)
		root = !tp_tracefs__has_dir(TP_TRACEFS_DIR, "events") &&
			       tp_tracefs__has_dir(TP_TRACEFS_DEBUG_DIR, "events")
			   ? TP_TRACEFS_DEBUG_DIR
			   : TP_TRACEFS_DIR;
	return root;
}

int tp_tracefs_format__load(struct tp_tracefs_format *f, const char *tracefs, const char *subsystem,
			    const char *event)
{
	char path[PATH_MAX];
	char *text = NULL;
	size_t len = 0;
	int n, err;

	memset(f, 0, sizeof(*f));
	f->id = -1;
	if (!tracefs)
		return -ENOENT;
	if (!tp_tracefs__valid_name(subsystem) || !tp_tracefs__valid_name(event))
		return -EINVAL;
	n = snprintf(path, sizeof(path), "%s/events/%s/%s/format", tracefs, subsystem, event);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	err = tp_file__read(path, FORMAT_MAX_BYTES, &text, &len);
	if (err > 0) {
		free(text);
		return -EFBIG;
	}
	if (err)
		return err;
	err = tp_tracefs_format__parse(f, text, len);
	free(text);
	return err;
}

int tp_tracefs_format__find(const struct tp_tracefs_format *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nfields; i++) {
		if (!strcmp(f->fields[i].name, name))
			return (int)i;
	}
	return -1;
}
