// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * TracingPolicy YAML -> policy model. libyaml's document API builds the node
 * graph (aliases share nodes); before the schema walk, an event pass and a
 * bounded walk reject syntax errors, deep nesting and alias bombs, then the
 * document's parts are read (document.c) reporting every structural mistake
 * and going on.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "file.h"
#include "node.h"
#include "parse.h"
#include "parts.h"

#ifndef TP_PARSE_MAX_DEPTH
#define TP_PARSE_MAX_DEPTH 64
#endif
#ifndef TP_PARSE_MAX_NODES
#define TP_PARSE_MAX_NODES 1000000
#endif
#ifndef TP_POLICY_MAX_SIZE
#define TP_POLICY_MAX_SIZE (16u << 20)
#endif

static struct tp_loc offset_loc(const char *text, size_t len, size_t off)
{
	struct tp_loc loc = { 1, 1 };
	size_t i;

	for (i = 0; i < off && i < len; i++) {
		unsigned char c = text[i];

		if (c == '\n' || (c == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) {
			loc.line++;
			loc.col = 1;
		} else if ((c & 0xc0) != 0x80 && c != '\r') {
			loc.col++;
		}
	}
	return loc;
}

/* Bounded walk over the node graph: aliases can make a small file a huge tree. */
static int walk(struct parser *ps, yaml_node_t *n, int depth)
{
	yaml_node_t *k, *v;
	size_t i;
	int err;

	if (!n)
		return 0;
	if (++ps->visits > TP_PARSE_MAX_NODES) {
		parse_err(ps, n, "policy too large");
		return -EINVAL;
	}
	if (depth > TP_PARSE_MAX_DEPTH) {
		parse_err(ps, n, "policy nests too deeply");
		return -EINVAL;
	}
	if (n->type == YAML_SEQUENCE_NODE) {
		for_each_item(ps, n, i, v)
			if ((err = walk(ps, v, depth + 1)))
				return err;
	} else if (n->type == YAML_MAPPING_NODE) {
		for_each_pair(ps, n, i, k, v) {
			if ((err = walk(ps, k, depth + 1)))
				return err;
			if ((err = walk(ps, v, depth + 1)))
				return err;
		}
	}
	return 0;
}

static void yaml_error(struct tp_diag *d, yaml_parser_t *yp, const char *text, size_t len)
{
	struct tp_loc loc;

	if (yp->error == YAML_READER_ERROR)
		loc = offset_loc(text, len, yp->problem_offset);
	else
		loc = mark_loc(yp->problem_mark);
	tp_diag__error(d, loc, "%s", yp->problem ? yp->problem : "invalid YAML");
}

/*
 * An event pass before composing: libyaml's scanner costs O(depth) per token
 * in flow collections, so deep input is cut off here at TP_PARSE_MAX_DEPTH,
 * long before it gets slow. It also reports syntax errors and extra documents.
 */
static int prescan(struct tp_diag *d, const char *text, size_t len)
{
	yaml_parser_t yp;
	yaml_event_t ev;
	int depth = 0, docs = 0, err = 0;
	yaml_event_type_t type;

	if (!yaml_parser_initialize(&yp))
		return -ENOMEM;
	yaml_parser_set_input_string(&yp, (const unsigned char *)text, len);
	do {
		if (!yaml_parser_parse(&yp, &ev)) {
			err = yp.error == YAML_MEMORY_ERROR ? -ENOMEM : -EINVAL;
			if (err == -EINVAL)
				yaml_error(d, &yp, text, len);
			break;
		}
		type = ev.type;
		if (type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT) {
			if (++depth > TP_PARSE_MAX_DEPTH) {
				tp_diag__error(d, mark_loc(ev.start_mark),
					       "policy nests too deeply");
				err = -EINVAL;
			}
		} else if (type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT) {
			depth--;
		} else if (type == YAML_DOCUMENT_START_EVENT && ++docs == 2) {
			/* not fatal: the first document is still checked */
			tp_diag__error(d, mark_loc(ev.start_mark),
				       "a policy file holds one document, found another");
		}
		yaml_event_delete(&ev);
	} while (!err && type != YAML_STREAM_END_EVENT);
	yaml_parser_delete(&yp);
	return err;
}

/* Takes ownership of source (NULL: copy text). */
static struct tp_policy *parse(const char *path, const char *text, size_t len, struct tp_diag *d,
			       char *source)
{
	yaml_parser_t yp;
	yaml_document_t doc;
	struct parser ps = { .d = d, .doc = &doc };
	struct tp_policy *p = NULL;
	yaml_node_t *root;
	const char *nul;
	int err = 0;

	if (!yaml_parser_initialize(&yp)) {
		free(source);
		errno = ENOMEM;
		return NULL;
	}
	nul = memchr(text, '\0', len);
	if (nul) {
		tp_diag__error(d, offset_loc(text, len, nul - text), "policy contains a NUL byte");
		err = -EINVAL;
		goto cleanup_parser;
	}
	err = prescan(d, text, len);
	if (err)
		goto cleanup_parser;
	yaml_parser_set_input_string(&yp, (const unsigned char *)text, len);
	if (!yaml_parser_load(&yp, &doc)) {
		err = yp.error == YAML_MEMORY_ERROR ? -ENOMEM : -EINVAL;
		if (err == -EINVAL)
			yaml_error(d, &yp, text, len);
		goto cleanup_parser;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root) {
		tp_diag__error(d, (struct tp_loc){ 0, 0 }, "policy is empty");
		err = -EINVAL;
		goto cleanup_doc;
	}
	/* aliases: the node graph can be far larger and deeper than the text */
	err = walk(&ps, root, 1);
	if (err)
		goto cleanup_doc;

	p = calloc(1, sizeof(*p));
	if (!p) {
		err = -ENOMEM;
		goto cleanup_doc;
	}
	p->path = tp_parse_memdup(&ps, path ? path : "", path ? strlen(path) : 0);
	if (source) {
		p->source = source;
		source = NULL;
	} else {
		p->source = tp_parse_memdup(&ps, text, len);
	}
	p->source_len = len;
	tp_parse_root(&ps, root, p);
	err = ps.err;

cleanup_doc:
	yaml_document_delete(&doc);
cleanup_parser:
	yaml_parser_delete(&yp);
	free(source);
	if (err) {
		tp_policy__free(p);
		errno = -err;
		return NULL;
	}
	return p;
}

struct tp_policy *tp_policy__parse(const char *path, const char *text, size_t len,
				   struct tp_diag *d)
{
	struct tp_diag fallback;

	if (!d) {
		tp_diag__init(&fallback, path, stderr);
		d = &fallback;
	}
	if (!text) {
		errno = EINVAL;
		return NULL;
	}
	return parse(path, text, len, d, NULL);
}

struct tp_policy *tp_policy__load_file(const char *path, struct tp_diag *d)
{
	struct tp_loc none = { 0, 0 };
	struct tp_diag fallback;
	size_t len = 0;
	char *buf = NULL;
	int fd, err;

	if (!d) {
		tp_diag__init(&fallback, path, stderr);
		d = &fallback;
	}
	if (!d->path)
		d->path = path;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		tp_diag__error(d, none, "cannot open policy: %s", strerror(-err));
		errno = -err;
		return NULL;
	}
	err = tp_file__read_fd(fd, TP_POLICY_MAX_SIZE, &buf, &len);
	close(fd);
	if (err > 0) {
		tp_diag__error(d, none, "policy is larger than %u MiB", TP_POLICY_MAX_SIZE >> 20);
		free(buf);
		err = -EFBIG;
	} else if (err < 0) {
		tp_diag__error(d, none, "cannot read policy: %s", strerror(-err));
	}
	if (err) {
		errno = -err;
		return NULL;
	}
	return parse(path, buf, len, d, buf);
}
