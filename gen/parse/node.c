// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Reading libyaml nodes: kinds checked and reported at their line, scalars
 * copied, YAML 1.1 booleans, integers, and key tables matched the way
 * Tetragon's YAML-to-JSON unmarshalling does (any case: the docs write
 * "followforks").
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "node.h"
#include "number.h"

/* A printable, bounded copy of user text for messages (keys can hold anything). */
static const char *printable(struct parser *ps, const char *s, size_t len)
{
	char *out = ps->names[ps->next_name++ % 4];
	size_t cap = sizeof(ps->names[0]), o = 0, i;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (o + 8 >= cap) {
			while (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0x80)
				o--;
			if (o > 0 && (unsigned char)out[o - 1] >= 0xc0)
				o--;
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else if (c == '\\' || c == '\'') {
			out[o++] = '\\';
			out[o++] = c;
		} else if (c < 0x20 || c == 0x7f) {
			o += snprintf(out + o, cap - o, "\\x%02x", c);
		} else {
			out[o++] = c;
		}
	}
	out[o] = '\0';
	return out;
}

const char *tp_parse_text(struct parser *ps, const yaml_node_t *n)
{
	return printable(ps, (const char *)n->data.scalar.value, n->data.scalar.length);
}

bool tp_parse_is_null(const yaml_node_t *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	size_t i;

	if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (n->data.scalar.length == strlen(nulls[i]) &&
		    !memcmp(n->data.scalar.value, nulls[i], n->data.scalar.length))
			return true;
	return false;
}

bool tp_parse_want_scalar(struct parser *ps, yaml_node_t *n)
{
	if (n && n->type == YAML_SCALAR_NODE)
		return true;
	parse_err(ps, n, "expected a scalar");
	return false;
}

bool tp_parse_want_map(struct parser *ps, yaml_node_t *n)
{
	if (n && (n->type == YAML_MAPPING_NODE || tp_parse_is_null(n)))
		return true;
	parse_err(ps, n, "expected a mapping");
	return false;
}

bool tp_parse_want_seq(struct parser *ps, yaml_node_t *n)
{
	if (n && (n->type == YAML_SEQUENCE_NODE || tp_parse_is_null(n)))
		return true;
	parse_err(ps, n, "expected a sequence");
	return false;
}

void *tp_parse_calloc(struct parser *ps, size_t n, size_t size)
{
	void *p;

	if (ps->err || !n)
		return NULL;
	p = calloc(n, size);
	if (!p)
		ps->err = -ENOMEM;
	return p;
}

char *tp_parse_memdup(struct parser *ps, const void *s, size_t len)
{
	char *r;

	if (ps->err)
		return NULL;
	r = malloc(len + 1);
	if (!r) {
		ps->err = -ENOMEM;
		return NULL;
	}
	memcpy(r, s, len);
	r[len] = '\0';
	return r;
}

char *tp_parse_str(struct parser *ps, yaml_node_t *n)
{
	if (!tp_parse_want_scalar(ps, n))
		return NULL;
	return tp_parse_memdup(ps, n->data.scalar.value, n->data.scalar.length);
}

/* Set *dst to n's text, leaving it alone when n is not a scalar. */
void tp_parse_set_str(struct parser *ps, char **dst, yaml_node_t *n)
{
	char *s = tp_parse_str(ps, n);

	if (s) {
		free(*dst);
		*dst = s;
	}
}

bool tp_parse_bool(struct parser *ps, yaml_node_t *n, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "y" };
	static const char *const no[] = { "false", "no", "off", "n" };
	size_t i;

	if (!tp_parse_want_scalar(ps, n))
		return false;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (scalar_is_nocase(n, yes[i])) {
			*out = true;
			return true;
		}
		if (scalar_is_nocase(n, no[i])) {
			*out = false;
			return true;
		}
	}
	parse_err(ps, n, "expected a boolean");
	return false;
}

bool tp_parse_int(struct parser *ps, yaml_node_t *n, bool allow_neg, int *out)
{
	uint64_t mag;
	bool neg;
	int e;

	if (!tp_parse_want_scalar(ps, n))
		return false;
	e = tp_number__parse((const char *)n->data.scalar.value, n->data.scalar.length, &neg, &mag);
	if (e == -EINVAL || (!e && neg && !allow_neg)) {
		parse_err(ps, n, "expected %s integer", allow_neg ? "an" : "a non-negative");
		return false;
	}
	if (e || mag > (uint64_t)INT_MAX + neg) {
		parse_err(ps, n, "integer '%s' is out of range", tp_parse_text(ps, n));
		return false;
	}
	*out = neg ? (int)-(int64_t)mag : (int)mag;
	return true;
}

void tp_parse_index(struct parser *ps, yaml_node_t *v, struct tp_index *x)
{
	x->has = tp_parse_int(ps, v, false, x->index);
	x->bad = !x->has;
}

bool tp_parse_index_kept(struct parser *ps, yaml_node_t *n, const struct tp_index *x, bool need,
			 const char *where)
{
	if (!ps->err && need && !x->has && !x->bad)
		parse_err(ps, n, "missing required key 'index' in %s", where);
	return !ps->err && (!need || x->has);
}

bool tp_parse_value(struct parser *ps, yaml_node_t *n, void *item, void *ctx)
{
	struct tp_value *val = item;

	if (!tp_parse_want_scalar(ps, n))
		return false;
	val->str = tp_parse_memdup(ps, n->data.scalar.value, n->data.scalar.length);
	val->len = n->data.scalar.length;
	val->loc = node_loc(n);
	return val->str != NULL;
}

void tp_parse_seq(struct parser *ps, yaml_node_t *n, void *out, size_t *nout, size_t size,
		  tp_parse_item_fn item, void *ctx)
{
	char **items = out;
	yaml_node_t *v;
	size_t i;

	if (!tp_parse_want_seq(ps, n) || *items)
		return;
	*items = tp_parse_calloc(ps, nitems(n), size);
	for_each_item(ps, n, i, v) {
		if (item(ps, v, *items + *nout * size, ctx))
			(*nout)++;
	}
}

/* A map's key, for the sort that finds repeated ones. */
struct key_at {
	const yaml_node_t *k; /* a scalar */
	size_t i;	      /* its pair's index */
};

static int key_cmp(const void *a, const void *b)
{
	const struct key_at *x = a, *y = b;
	size_t xl = x->k->data.scalar.length, yl = y->k->data.scalar.length;
	int c = xl < yl ? -1 : xl > yl;

	if (!c)
		c = strncasecmp((const char *)x->k->data.scalar.value,
				(const char *)y->k->data.scalar.value, xl);
	return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

/*
 * Which pairs of map n repeat an earlier pair's key: any key, known or not
 * (metadata's labels), case-insensitively as the known keys match (Go's
 * encoding/json). Sorted, not pair by pair: a map may have a million keys.
 * NULL when none does (or out of memory, latched in ps).
 */
static bool *repeated_keys(struct parser *ps, yaml_node_t *n)
{
	size_t np = npairs(n), nk = 0, i;
	struct key_at *keys;
	yaml_node_t *k, *v;
	bool *rep = NULL;

	if (np < 2)
		return NULL;
	keys = tp_parse_calloc(ps, np, sizeof(*keys));
	for (i = 0; keys && i < np && pair_at(ps, n, i, &k, &v); i++)
		if (k && k->type == YAML_SCALAR_NODE)
			keys[nk++] = (struct key_at){ k, i };
	if (keys)
		qsort(keys, nk, sizeof(*keys), key_cmp);
	for (i = 1; keys && i < nk; i++) {
		if (keys[i].k->data.scalar.length != keys[i - 1].k->data.scalar.length ||
		    strncasecmp((const char *)keys[i].k->data.scalar.value,
				(const char *)keys[i - 1].k->data.scalar.value,
				keys[i].k->data.scalar.length))
			continue;
		if (!rep)
			rep = tp_parse_calloc(ps, np, sizeof(*rep));
		if (rep)
			rep[keys[i].i] = true; /* the later of the two: the earlier sorts first */
	}
	free(keys);
	return rep;
}

bool tp_parse_map(struct parser *ps, yaml_node_t *n, const char *const *keys, int nkeys,
		  const char *where, tp_parse_pair_fn pair, void *ctx, uint64_t *seen)
{
	yaml_node_t *k, *v;
	bool *rep;
	size_t i;
	int key;

	*seen = 0;
	if (!tp_parse_want_map(ps, n))
		return false;
	rep = repeated_keys(ps, n);
	for_each_pair(ps, n, i, k, v) {
		if (rep && rep[i]) {
			parse_err(ps, k, "duplicate key '%s'", tp_parse_text(ps, k));
			continue;
		}
		key = tp_parse_key(ps, k, keys, nkeys, seen, where);
		if (key >= 0)
			pair(ps, key, k, v, ctx);
	}
	free(rep);
	return true;
}

void tp_parse_require(struct parser *ps, yaml_node_t *n, uint64_t seen, uint64_t need,
		      const char *const *keys, const char *where)
{
	int i;

	for (i = 0; !ps->err && i < 64; i++)
		if ((need & BIT(i)) && !(seen & BIT(i)))
			parse_err(ps, n, "missing required key '%s' in %s", keys[i], where);
}

int tp_parse_key(struct parser *ps, yaml_node_t *k, const char *const *keys, int nkeys,
		 uint64_t *seen, const char *where)
{
	int i;

	if (!tp_parse_want_scalar(ps, k))
		return -1;
	for (i = 0; i < nkeys; i++) {
		if (!scalar_is_nocase(k, keys[i]))
			continue;
		if (*seen & BIT(i)) {
			parse_err(ps, k, "duplicate key '%s'", tp_parse_text(ps, k));
			return -1;
		}
		*seen |= BIT(i);
		return i;
	}
	if (where)
		parse_err(ps, k, "unknown key '%s' in %s", tp_parse_text(ps, k), where);
	return -1;
}
