/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What every part of the parser shares: its state, node accessors, and the
 * helpers (node.c) that check a node's kind or read a scalar, report what is
 * wrong, and keep going.
 */
#ifndef TP_PARSE_NODE_H
#define TP_PARSE_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <yaml.h>

#include "model/diag.h"
#include "model/policy.h"
#include "words.h"

#define BIT(n)	      (1ull << (n))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A mapping's key table as one list, X(ID, "name"): its enum and its names. */
#define TP_KEY_ENUM(id, name) id,
#define TP_KEY_NAME(id, name) name,

struct parser {
	yaml_document_t *doc;
	struct tp_diag *d;
	int err;	   /* latched -errno (out of memory) */
	size_t visits;	   /* nodes seen by the bounded walk */
	char names[4][96]; /* printable copies of user text for messages */
	int next_name;
	yaml_node_t *macros; /* spec.selectorsMacros, NULL when absent */
	bool macros_bad;     /* a macro's definition has an error (reported once) */
};

/* Iterate a mapping's pairs or a sequence's items; both stop once ps->err is latched. */
#define for_each_pair(ps, n, i, k, v) \
	for (i = 0; !(ps)->err && i < npairs(n) && pair_at(ps, n, i, &(k), &(v)); i++)
#define for_each_item(ps, n, i, v) \
	for (i = 0; !(ps)->err && i < nitems(n) && item_at(ps, n, i, &(v)); i++)

/* libyaml marks are 0-based */
static inline struct tp_loc mark_loc(yaml_mark_t m)
{
	struct tp_loc loc = { (int)m.line + 1, (int)m.column + 1 };

	return loc;
}

static inline struct tp_loc node_loc(const yaml_node_t *n)
{
	struct tp_loc none = { 0, 0 };

	return n ? mark_loc(n->start_mark) : none;
}

/* Report an error at node n (NULL: no location). */
#define parse_err(ps, n, ...) tp_diag__error((ps)->d, node_loc(n), __VA_ARGS__)

static inline size_t npairs(const yaml_node_t *n)
{
	if (!n || n->type != YAML_MAPPING_NODE)
		return 0;
	return n->data.mapping.pairs.top - n->data.mapping.pairs.start;
}

static inline size_t nitems(const yaml_node_t *n)
{
	if (!n || n->type != YAML_SEQUENCE_NODE)
		return 0;
	return n->data.sequence.items.top - n->data.sequence.items.start;
}

static inline bool pair_at(struct parser *ps, yaml_node_t *n, size_t i, yaml_node_t **k,
			   yaml_node_t **v)
{
	yaml_node_pair_t *pair = &n->data.mapping.pairs.start[i];

	*k = yaml_document_get_node(ps->doc, pair->key);
	*v = yaml_document_get_node(ps->doc, pair->value);
	return true;
}

static inline bool item_at(struct parser *ps, yaml_node_t *n, size_t i, yaml_node_t **v)
{
	*v = yaml_document_get_node(ps->doc, n->data.sequence.items.start[i]);
	return true;
}

static inline bool scalar_is(const yaml_node_t *n, const char *s)
{
	return n->data.scalar.length == strlen(s) && !memcmp(n->data.scalar.value, s, strlen(s));
}

static inline bool scalar_is_nocase(const yaml_node_t *n, const char *s)
{
	return tp_words__eq_nocase((const char *)n->data.scalar.value, n->data.scalar.length, s);
}

/* A plain null scalar (~, null, empty): it stands for an empty collection. */
bool tp_parse_is_null(const yaml_node_t *n);

/* A printable, bounded copy of a scalar's text for messages; reused after four more. */
const char *tp_parse_text(struct parser *ps, const yaml_node_t *n);

/* Set *dst to n's text, leaving it alone when n is not a scalar. */
void tp_parse_set_str(struct parser *ps, char **dst, yaml_node_t *n);

/* Check a node's kind, reporting a wrong one at the node. */
bool tp_parse_want_scalar(struct parser *ps, yaml_node_t *n);
bool tp_parse_want_map(struct parser *ps, yaml_node_t *n);
bool tp_parse_want_seq(struct parser *ps, yaml_node_t *n);

/* Allocation that latches -ENOMEM in ps->err; NULL once it is set (and for n == 0). */
void *tp_parse_calloc(struct parser *ps, size_t n, size_t size);
char *tp_parse_memdup(struct parser *ps, const void *s, size_t len);

/* A scalar's text, copied; NULL (after reporting) when n is not a scalar. */
char *tp_parse_str(struct parser *ps, yaml_node_t *n);
/* YAML 1.1 booleans, any case; *out is left alone on error. */
bool tp_parse_bool(struct parser *ps, yaml_node_t *n, bool *out);
/* Decimal, 0x hex, 0 or 0o octal; a leading '-' only when allow_neg. */
bool tp_parse_int(struct parser *ps, yaml_node_t *n, bool allow_neg, int *out);

/*
 * A sequence of items: room for all of them (size bytes each) in *out, and
 * those item() keeps (returns true for) counted in *nout, in order.
 */
typedef bool (*tp_parse_item_fn)(struct parser *ps, yaml_node_t *n, void *item, void *ctx);
void tp_parse_seq(struct parser *ps, yaml_node_t *n, void *out, size_t *nout, size_t size,
		  tp_parse_item_fn item, void *ctx);

/*
 * An "index" key: read with tp_parse_index, checked once the mapping is read
 * with tp_parse_index_kept (false: the entry is dropped, reported when need
 * says it must have one).
 */
struct tp_index {
	int *index;
	bool has; /* read */
	bool bad; /* there, but not a non-negative integer (reported) */
};

void tp_parse_index(struct parser *ps, yaml_node_t *v, struct tp_index *x);
bool tp_parse_index_kept(struct parser *ps, yaml_node_t *n, const struct tp_index *x, bool need,
			 const char *where);

/* A scalar as a value, bytes as written (NULs from "\0" escapes included): an item of a seq. */
bool tp_parse_value(struct parser *ps, yaml_node_t *n, void *item, void *ctx);

/*
 * A mapping: each key looked up in keys[nkeys] (any case) and handed with its
 * value to pair(); an unknown key is reported as "in where" (where NULL:
 * passed over), a duplicate always. *seen gets the keys found (bit i:
 * keys[i]). False, after reporting, when n is not a mapping.
 */
typedef void (*tp_parse_pair_fn)(struct parser *ps, int key, yaml_node_t *k, yaml_node_t *v,
				 void *ctx);
bool tp_parse_map(struct parser *ps, yaml_node_t *n, const char *const *keys, int nkeys,
		  const char *where, tp_parse_pair_fn pair, void *ctx, uint64_t *seen);

/* "missing required key 'K' in where", at n, for each keys[i] in need (bit i) not in seen. */
void tp_parse_require(struct parser *ps, yaml_node_t *n, uint64_t seen, uint64_t need,
		      const char *const *keys, const char *where);

/*
 * Look a key up in a mapping's key table (case-insensitive, at most 64 keys).
 * Returns its index, or -1 after reporting an unknown (when where is set) or
 * duplicate key; seen records the keys found so far.
 */
int tp_parse_key(struct parser *ps, yaml_node_t *k, const char *const *keys, int nkeys,
		 uint64_t *seen, const char *where);

#endif /* TP_PARSE_NODE_H */
