// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Export filters from their JSON, with jansson. Tetragon reads a sequence of
 * JSON values (encoding/json's Decoder in filters.ParseFilterList), each one
 * a Filter through protojson (events.pb.json.go): a field by its proto or its
 * JSON name, once; an unknown field is an error; null is no value; an empty
 * list is no filter on that field (protojson leaves the list nil); a uint32
 * is a number or a string of one; an enum a name or a number.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cap_names.h"
#include "filter.h"

enum kind { REGEX, STRINGS, UINTS, EVENTS, BOOL, CAPS, NONE };

static const struct field {
	const char *name;
	const char *json;
	enum kind kind;
	const char *why; /* NONE: why tprun refuses it */
} fields[] = {
#define TP_FF_ROW(ID, NAME, JSON, KIND, WHY) [TP_FF_##ID] = { NAME, JSON, KIND, WHY },
	TP_FILTER_FIELDS(TP_FF_ROW)
#undef TP_FF_ROW
};

static const struct {
	const char *name;
	int64_t num;
} event_types[] = {
#define TP_ET_ROW(NAME, NUM, REPORT) { #NAME, NUM },
	TP_FILTER_EVENT_TYPES(TP_ET_ROW)
#undef TP_ET_ROW
};

/* what a message starts with: "filter N: " */
struct ctx {
	char *err;
	size_t len;
	size_t index; /* 1-based */
	unsigned int flags;
};

__attribute__((format(printf, 2, 3))) static int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(c->err, c->len, "filter %zu: ", c->index);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < c->len)
		vsnprintf(c->err + n, c->len - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int event_type(struct ctx *c, const char *key, size_t i, json_t *v, int64_t *out)
{
	size_t k;

	if (json_is_integer(v) && json_integer_value(v) >= INT32_MIN &&
	    json_integer_value(v) <= INT32_MAX) {
		*out = json_integer_value(v); /* proto3 enums are open: any number */
		return 0;
	}
	if (!json_is_string(v))
		return fail(c, "%s[%zu]: not an event type name or number", key, i);
	for (k = 0; k < sizeof(event_types) / sizeof(event_types[0]); k++) {
		if (!strcmp(json_string_value(v), event_types[k].name)) {
			*out = event_types[k].num;
			return 0;
		}
	}
	return fail(c, "%s[%zu]: unknown event type '%s'", key, i, json_string_value(v));
}

/* protojson's uint32: a whole number, or a string of decimal digits */
static int uint32_val(struct ctx *c, const char *key, size_t i, json_t *v, int64_t *out)
{
	const char *s;
	char *end;
	double d;

	if (json_is_integer(v)) {
		*out = json_integer_value(v);
	} else if (json_is_real(v)) {
		d = json_real_value(v);
		if (d != (double)(int64_t)d)
			goto bad;
		*out = (int64_t)d;
	} else if (json_is_string(v)) {
		s = json_string_value(v);
		if (!isdigit((unsigned char)*s))
			goto bad;
		errno = 0;
		*out = strtoll(s, &end, 10);
		if (*end || errno)
			goto bad;
	} else {
		goto bad;
	}
	if (*out >= 0 && *out <= UINT32_MAX)
		return 0;
bad:
	return fail(c, "%s[%zu]: not a number from 0 to %" PRIu32, key, i, UINT32_MAX);
}

static int list_vals(struct ctx *c, const struct field *fd, json_t *arr, struct tp_filter_vals *v)
{
	char re_err[300];
	size_t i, n = json_array_size(arr);
	json_t *x;
	int e = 0;

	if (!json_is_array(arr))
		return fail(c, "%s: not a list", fd->name);
	if (!n)
		return 0;
	v->strs = fd->kind == STRINGS ? calloc(n, sizeof(*v->strs)) : NULL;
	v->nums = fd->kind == UINTS || fd->kind == EVENTS ? calloc(n, sizeof(*v->nums)) : NULL;
	v->re = fd->kind == REGEX ? calloc(n, sizeof(*v->re)) : NULL;
	if (!v->strs && !v->nums && !v->re)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		x = json_array_get(arr, i);
		if (fd->kind == UINTS)
			e = uint32_val(c, fd->name, i, x, &v->nums[i]);
		else if (fd->kind == EVENTS)
			e = event_type(c, fd->name, i, x, &v->nums[i]);
		else if (!json_is_string(x))
			e = fail(c, "%s[%zu]: not a string", fd->name, i);
		else if (fd->kind == STRINGS && !(v->strs[i] = strdup(json_string_value(x))))
			e = -ENOMEM;
		else if (fd->kind == REGEX && !(v->re[i] = tp_filter_regex__new(
						    json_string_value(x), re_err, sizeof(re_err))))
			e = fail(c, "%s[%zu] '%s': %s", fd->name, i, json_string_value(x), re_err);
		if (e)
			return e;
		v->n = i + 1;
	}
	return 0;
}

/* CapFilter's sets and CapFilterSet's lists (events.proto), by their two names */
static const struct {
	const char *name;
	enum tp_cap_set set;
} cap_sets[] = {
	{ "permitted", TP_CAPSET_PERMITTED },
	{ "effective", TP_CAPSET_EFFECTIVE },
	{ "inheritable", TP_CAPSET_INHERITABLE },
};

static const struct {
	const char *name;
	enum tp_cap_match how;
} cap_lists[] = {
	{ "any", TP_CAPM_ANY },
	{ "all", TP_CAPM_ALL },
	{ "exactly", TP_CAPM_EXACTLY },
	{ "none", TP_CAPM_NONE },
};

/* A CapabilitiesType: its name as the proto spells it ("DAC_OVERRIDE"), or its number */
static int cap_of(struct ctx *c, const char *where, size_t i, json_t *v, uint64_t *mask)
{
	int64_t n = -1;

	if (json_is_integer(v))
		n = json_integer_value(v);
	else if (json_is_string(v))
		n = tp_cap_number(json_string_value(v));
	if (n < 0 || n > 63 || !tp_cap_name(n) ||
	    (json_is_string(v) && strcmp(tp_cap_name(n), json_string_value(v))))
		return fail(c, "capabilities.%s[%zu]: not a capability", where, i);
	*mask |= 1ull << n;
	return 0;
}

/* One CapFilterSet: exactly one non-empty list (caps.go ensureSingleSetDefined) */
static int cap_set(struct ctx *c, const char *name, json_t *obj, struct tp_filter_caps *fc)
{
	char where[64];
	void *it;
	size_t i, k;
	int defined = 0, e;

	if (!json_is_object(obj))
		return fail(c, "capabilities.%s: not a JSON object", name);
	for (it = json_object_iter(obj); it; it = json_object_iter_next(obj, it)) {
		const char *key = json_object_iter_key(it);
		json_t *val = json_object_iter_value(it);

		for (k = 0; k < sizeof(cap_lists) / sizeof(cap_lists[0]); k++)
			if (!strcmp(key, cap_lists[k].name))
				break;
		if (k == sizeof(cap_lists) / sizeof(cap_lists[0]))
			return fail(c, "capabilities.%s: unknown field '%s'", name, key);
		if (json_is_null(val))
			continue;
		snprintf(where, sizeof(where), "%s.%s", name, key);
		if (!json_is_array(val))
			return fail(c, "capabilities.%s: not a list", where);
		if (!json_array_size(val))
			continue;
		if (defined++)
			return fail(c, "capabilities.%s: may only define one match set", name);
		fc->how = cap_lists[k].how;
		for (i = 0; i < json_array_size(val); i++) {
			e = cap_of(c, where, i, json_array_get(val, i), &fc->set);
			if (e)
				return e;
		}
	}
	if (!defined)
		return fail(c, "capabilities.%s: must define exactly one match set", name);
	return 0;
}

/* CapFilter; Tetragon's words when process.cap is not shown (caps.go) */
static int parse_caps(struct ctx *c, json_t *obj, struct tp_filter *f)
{
	void *it;
	size_t k;
	int e;

	if (!json_is_object(obj))
		return fail(c, "capabilities: not a JSON object");
	if (!(c->flags & TP_FILTER_PROCESS_CRED))
		return fail(c, "capabilities are not enabled in process events, cannot configure "
			       "capability filter (--enable-process-cred)");
	for (it = json_object_iter(obj); it; it = json_object_iter_next(obj, it)) {
		const char *key = json_object_iter_key(it);
		json_t *val = json_object_iter_value(it);

		for (k = 0; k < sizeof(cap_sets) / sizeof(cap_sets[0]); k++)
			if (!strcmp(key, cap_sets[k].name))
				break;
		if (k == sizeof(cap_sets) / sizeof(cap_sets[0]))
			return fail(c, "capabilities: unknown field '%s'", key);
		if (json_is_null(val))
			continue;
		e = cap_set(c, key, val, &f->caps[cap_sets[k].set]);
		if (e)
			return e;
	}
	return 0;
}

static const struct field *field_of(const char *key)
{
	size_t i;

	for (i = 0; i < TP_FF__N; i++)
		if (!strcmp(key, fields[i].name) || !strcmp(key, fields[i].json))
			return &fields[i];
	return NULL;
}

static int parse_filter(struct ctx *c, json_t *obj, struct tp_filter *f)
{
	uint32_t seen = 0;
	void *it;
	int e;

	if (!json_is_object(obj))
		return fail(c, "not a JSON object");
	for (it = json_object_iter(obj); it; it = json_object_iter_next(obj, it)) {
		const char *key = json_object_iter_key(it);
		json_t *val = json_object_iter_value(it);
		const struct field *fd = field_of(key);
		int id = fd ? fd - fields : -1;

		if (!fd)
			return fail(c, "unknown field '%s'", key);
		if (seen & (1u << id))
			return fail(c, "field '%s' given twice", fd->name);
		seen |= 1u << id;
		if (json_is_null(val))
			continue;
		if (fd->kind == NONE)
			return fail(c, "'%s' is not supported: %s", fd->name, fd->why);
		if (fd->kind == CAPS) {
			e = parse_caps(c, val, f);
			if (e)
				return e;
			f->has |= 1u << id;
			continue;
		}
		if (fd->kind == BOOL) {
			if (!json_is_boolean(val))
				return fail(c, "%s: not true or false", fd->name);
			f->health_check = json_is_true(val);
			f->has |= 1u << id;
			continue;
		}
		e = list_vals(c, fd, val, &f->v[id]);
		if (e)
			return e;
		if (!f->v[id].n)
			continue;
		if (id == TP_FF_PID_SET && !(c->flags & TP_FILTER_PID_SET))
			/* Tetragon's words (filters.ParseFilterList) */
			return fail(c,
				    "pid_set filters use a best-effort approach for tracking PIDs "
				    "and are intended for testing/development, not for "
				    "production (pass --enable-pid-set-filter to ignore)");
		f->has |= 1u << id;
	}
	return 0;
}

static void free_filter(struct tp_filter *f)
{
	size_t i, k;

	for (i = 0; i < TP_FF__N; i++) {
		struct tp_filter_vals *v = &f->v[i];

		for (k = 0; k < v->n; k++) {
			if (v->strs)
				free(v->strs[k]);
			if (v->re)
				tp_filter_regex__free(v->re[k]);
		}
		free(v->strs);
		free(v->nums);
		free(v->re);
	}
	free(f->children.slots);
}

void tp_filter_list__free(struct tp_filter_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free_filter(&l->f[i]);
	free(l->f);
	free(l);
}

size_t tp_filter_list__cnt(const struct tp_filter_list *l)
{
	return l ? l->n : 0;
}

/* "line L, column C" of byte off in s */
static void where(const char *s, size_t off, char *buf, size_t len)
{
	size_t i, line = 1, col = 1;

	for (i = 0; i < off && s[i]; i++) {
		if (s[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	snprintf(buf, len, "line %zu, column %zu", line, col);
}

struct tp_filter_list *tp_filter_list__parse(const char *json, unsigned int flags, char *err,
					     size_t len)
{
	struct tp_filter_list *l = calloc(1, sizeof(*l));
	struct ctx c = { .err = err, .len = len, .flags = flags };
	size_t off = 0, total = strlen(json);
	char at[64];
	int e = -ENOMEM;

	if (!l)
		goto fail;
	for (;;) {
		json_error_t je;
		struct tp_filter *nf;
		json_t *v;

		off += strspn(json + off, " \t\r\n");
		if (off == total)
			break;
		c.index = l->n + 1;
		v = json_loadb(json + off, total - off,
			       JSON_DISABLE_EOF_CHECK | JSON_REJECT_DUPLICATES, &je);
		if (!v) {
			where(json, off + (je.position > 0 ? je.position - 1 : 0), at, sizeof(at));
			snprintf(err, len, "%s: %s", at, je.text);
			e = -EINVAL;
			goto fail;
		}
		nf = realloc(l->f, (l->n + 1) * sizeof(*l->f));
		if (!nf) {
			json_decref(v);
			goto nomem;
		}
		l->f = nf;
		memset(&l->f[l->n], 0, sizeof(l->f[0]));
		l->n++;
		e = parse_filter(&c, v, &l->f[l->n - 1]);
		json_decref(v);
		if (e == -ENOMEM)
			goto nomem;
		if (e)
			goto fail;
		off += je.position;
	}
	return l;
nomem:
	snprintf(err, len, "out of memory");
fail:
	tp_filter_list__free(l);
	errno = -e;
	return NULL;
}
