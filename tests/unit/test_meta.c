// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
#include <check.h>
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <tp/actions.h>

#include "meta.h"
#include "link/meta_write.h"
#include "tp_test.h"

static const char *const tags0[] = { "observability", "filesystem", "observability" };

static struct tp_meta_arg_view args0[] = {
	{ .index = 0, .type = TP_ARG_INT, .label = "dfd" },
	{ .index = 1, .type = TP_ARG_STRING, .label = "path", .max_len = 4095 },
	{ .index = 2,
	  .type = TP_ARG_CHAR_BUF,
	  .size_arg = 3,
	  .max_len = 4096,
	  .flags = TP_ARGF_META_RETURN_COPY },
	{ .index = 3, .type = TP_ARG_SIZE_T },
	{ .index = 4, .type = TP_ARG_SYSCALL64, .label = "id" },
};

static struct tp_meta_variant_view vars0[] = {
	{ TP_VAR_FENTRY, "__x64_sys_openat", "", "tp_h0_fentry", "tp_h0_fexit" },
	{ TP_VAR_KPROBE, "__x64_sys_openat", "", "tp_h0_kprobe", "tp_h0_kretprobe" },
	{ TP_VAR_TRACEPOINT, "syscalls/sys_enter_openat", "syscalls/sys_exit_openat", "tp_h0_tp",
	  "tp_h0_tp_exit" },
};

static struct tp_meta_arg_view args1[] = {
	{ .index = 4, .type = TP_ARG_SINT64, .field_name = "id", .field_off = 8, .field_size = 8 },
	{ .index = 5,
	  .type = TP_ARG_UINT64,
	  .label = "arg0",
	  .field_name = "args",
	  .field_off = 16,
	  .field_size = 48 },
};

static struct tp_meta_variant_view vars1[] = {
	{ TP_VAR_TRACEPOINT, "raw_syscalls/sys_enter", "", "tp_h1_tp", "" },
};

static void hooks(struct tp_meta_hook_view *h0, struct tp_meta_hook_view *h1)
{
	memset(h0, 0, sizeof(*h0));
	h0->kind = TP_HOOK_KPROBE;
	h0->flags = TP_HOOKF_SYSCALL | TP_HOOKF_RETURN;
	h0->call = "sys_openat";
	h0->function_name = "__x64_sys_openat";
	h0->subsys = "";
	h0->event = "";
	h0->message = "file opened";
	h0->tags = (const char **)tags0;
	h0->ntags = 3;
	h0->args = args0;
	h0->nargs = 5;
	h0->ret = (struct tp_meta_arg_view){ .index = 0, .type = TP_ARG_INT, .label = "ret" };
	h0->variants = vars0;
	h0->nvariants = 3;
	h0->line = 12;

	memset(h1, 0, sizeof(*h1));
	h1->kind = TP_HOOK_TRACEPOINT;
	h1->call = "raw_syscalls/sys_enter";
	h1->function_name = "";
	h1->subsys = "raw_syscalls";
	h1->event = "sys_enter";
	h1->message = NULL; /* NULL and "" both mean none */
	h1->args = args1;
	h1->nargs = 2;
	h1->variants = vars1;
	h1->nvariants = 1;
	h1->line = 40;
}

static const uint8_t fill_data[] = { 1, 0, 0, 0, 0xaa, 2, 0, 0, 0, 0xbb, 3, 0, 0, 0, 0xcc };

/* A valid section with two hooks and two fills. */
static void *build(size_t *size)
{
	struct tp_meta_writer *w = tp_meta_writer__new("demo-openat");
	struct tp_meta_hook_view h0, h1;
	struct tp_meta_fill_view f = { .map_name = "tp_set_0",
				       .key_size = 4,
				       .value_size = 1,
				       .count = 3,
				       .data = fill_data };
	struct tp_meta_fill_view empty = { .map_name = "tp_set_1", .key_size = 8, .value_size = 8 };
	void *data;

	ck_assert_ptr_nonnull(w);
	hooks(&h0, &h1);
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h0), 0);
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h1), 0);
	ck_assert_int_eq(tp_meta_writer__add_fill(w, &f), 0);
	ck_assert_int_eq(tp_meta_writer__add_fill(w, &empty), 0);
	ck_assert_int_eq(tp_meta_writer__finish(w, &data, size), 0);
	tp_meta_writer__free(w);
	return data;
}

static void assert_arg_eq(const struct tp_meta_arg_view *a, const struct tp_meta_arg_view *b,
			  const char *what)
{
	ck_assert_msg(a->index == b->index && a->type == b->type && a->size_arg == b->size_arg &&
			  a->max_len == b->max_len && a->field_off == b->field_off &&
			  a->field_size == b->field_size && a->flags == b->flags,
		      "%s: numbers differ", what);
	ck_assert_msg(!strcmp(a->label, b->label ? b->label : ""), "%s: label '%s'", what,
		      a->label);
	ck_assert_msg(!strcmp(a->field_name, b->field_name ? b->field_name : ""),
		      "%s: field_name '%s'", what, a->field_name);
}

START_TEST(test_round_trip)
{
	struct tp_meta_hook_view w0, w1;
	const struct tp_meta_hook_view *h;
	const struct tp_meta_fill_view *f;
	char err[128] = "x";
	struct tp_meta *m;
	size_t size, i;
	void *data = build(&size);

	hooks(&w0, &w1);
	m = tp_meta__parse(data, size, err, sizeof(err));
	ck_assert_msg(m != NULL, "parse: %s", err);
	ck_assert_str_eq(err, "");
	ck_assert_uint_eq(tp_meta__policy_cnt(m), 1);
	ck_assert_str_eq(tp_meta__policy(m, 0), "demo-openat");
	ck_assert_ptr_null(tp_meta__policy(m, 1));
	ck_assert_str_eq(tp_meta__set_name(m), "'demo-openat'");
	/* alone, a hook is where it always was */
	ck_assert_str_eq(tp_meta__hook_where(m, tp_meta__hook(m, 1), err, sizeof(err)),
			 "policy line 40");
	ck_assert_uint_eq(tp_meta__hook_cnt(m), 2);
	ck_assert_ptr_null(tp_meta__hook(m, 2));

	h = tp_meta__hook(m, 0);
	ck_assert_int_eq(h->kind, TP_HOOK_KPROBE);
	ck_assert_uint_eq(h->flags, TP_HOOKF_SYSCALL | TP_HOOKF_RETURN);
	ck_assert_str_eq(h->call, "sys_openat");
	ck_assert_str_eq(h->function_name, "__x64_sys_openat");
	ck_assert_str_eq(h->subsys, "");
	ck_assert_str_eq(h->message, "file opened");
	ck_assert_uint_eq(h->line, 12);
	ck_assert_uint_eq(h->ntags, 3);
	for (i = 0; i < 3; i++)
		ck_assert_str_eq(h->tags[i], tags0[i]);
	ck_assert_uint_eq(h->nargs, 5);
	for (i = 0; i < 5; i++)
		assert_arg_eq(&h->args[i], &args0[i], "hook 0 arg");
	assert_arg_eq(&h->ret, &w0.ret, "hook 0 ret");
	ck_assert_uint_eq(h->nvariants, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(h->variants[i].kind, vars0[i].kind);
		ck_assert_str_eq(h->variants[i].target, vars0[i].target);
		ck_assert_str_eq(h->variants[i].target_exit, vars0[i].target_exit);
		ck_assert_str_eq(h->variants[i].prog, vars0[i].prog);
		ck_assert_str_eq(h->variants[i].prog_exit, vars0[i].prog_exit);
	}

	h = tp_meta__hook(m, 1);
	ck_assert_int_eq(h->kind, TP_HOOK_TRACEPOINT);
	ck_assert_str_eq(h->subsys, "raw_syscalls");
	ck_assert_str_eq(h->event, "sys_enter");
	ck_assert_str_eq(h->message, "");
	ck_assert_uint_eq(h->ntags, 0);
	ck_assert_int_eq(h->ret.type, TP_ARG_NONE);
	for (i = 0; i < 2; i++)
		assert_arg_eq(&h->args[i], &args1[i], "hook 1 arg");
	ck_assert_str_eq(h->variants[0].prog_exit, "");

	ck_assert_uint_eq(tp_meta__fill_cnt(m), 2);
	f = tp_meta__fill(m, 0);
	ck_assert_str_eq(f->map_name, "tp_set_0");
	ck_assert_uint_eq(f->key_size, 4);
	ck_assert_uint_eq(f->value_size, 1);
	ck_assert_uint_eq(f->count, 3);
	ck_assert_int_eq(memcmp(f->data, fill_data, sizeof(fill_data)), 0);
	ck_assert_uint_eq(((uintptr_t)f->data - (uintptr_t)data) % 8, 0);
	/* views point into the section */
	ck_assert_msg(f->data > data && (const uint8_t *)f->data < (uint8_t *)data + size,
		      "fill data inside the section");
	f = tp_meta__fill(m, 1);
	ck_assert_uint_eq(f->count, 0);
	ck_assert_ptr_null(tp_meta__fill(m, 2));
	tp_meta__free(m);
	free(data);
}
END_TEST

START_TEST(test_deterministic_and_interned)
{
	const struct tp_meta_header *hdr;
	size_t s1, s2, n = 0;
	void *a = build(&s1), *b = build(&s2);
	const char *st, *p;

	ck_assert_uint_eq(s1, s2);
	ck_assert_msg(!memcmp(a, b, s1), "same calls, same bytes");
	hdr = a;
	ck_assert_uint_eq(hdr->size, s1);
	ck_assert_uint_eq(hdr->version, TP_META_VERSION);
	ck_assert_uint_eq(TP_META_VERSION, 6);
	st = (const char *)a + hdr->strtab_off;
	ck_assert_int_eq(st[0], '\0');
	/* "__x64_sys_openat" is used three times, stored once; "observability" too */
	for (p = st; p < st + hdr->strtab_size; p += strlen(p) + 1) {
		if (!strcmp(p, "__x64_sys_openat") || !strcmp(p, "observability"))
			n++;
	}
	ck_assert_uint_eq(n, 2);
	free(a);
	free(b);
}
END_TEST

START_TEST(test_writer_rejects)
{
	struct tp_meta_writer *w = tp_meta_writer__new(NULL);
	struct tp_meta_hook_view h0, h1;
	struct tp_meta_arg_view bad_arg = { .type = TP_ARG_NONE };
	struct tp_meta_variant_view bad_var = { .kind = 99 };
	struct tp_meta_fill_view f = { .map_name = "m", .key_size = 0, .value_size = 4 };
	struct tp_meta *m;
	void *data;
	size_t size;

	hooks(&h0, &h1);
	h0.kind = 77;
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h0), -EINVAL);
	hooks(&h0, &h1);
	h0.flags = 1u << 10;
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h0), -EINVAL);
	hooks(&h0, &h1);
	h0.args = &bad_arg;
	h0.nargs = 1;
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h0), -EINVAL);
	hooks(&h0, &h1);
	h0.variants = &bad_var;
	h0.nvariants = 1;
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h0), -EINVAL);
	ck_assert_int_eq(tp_meta_writer__add_fill(w, &f), -EINVAL);

	/* nothing half-added: an empty, valid section */
	ck_assert_int_eq(tp_meta_writer__finish(w, &data, &size), 0);
	m = tp_meta__parse(data, size, NULL, 0);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(tp_meta__hook_cnt(m), 0);
	ck_assert_str_eq(tp_meta__policy(m, 0), "");
	tp_meta__free(m);
	free(data);
	tp_meta_writer__free(w);
}
END_TEST

/* Parse a copy of data with hdr field at byte offset off set to v. */
static struct tp_meta *parse_patched(const void *data, size_t size, size_t off, uint32_t v,
				     char *err, size_t errlen)
{
	uint8_t *copy = malloc(size);
	struct tp_meta *m;

	memcpy(copy, data, size);
	memcpy(copy + off, &v, 4);
	m = tp_meta__parse(copy, size, err, errlen);
	tp_meta__free(m);
	free(copy);
	return m;
}

#define HDR_OFF(f) offsetof(struct tp_meta_header, f)

START_TEST(test_reader_rejects)
{
	char err[160], want[32];
	size_t size, hook0;
	uint8_t *data = build(&size);
	const struct tp_meta_header *hdr = (const void *)data;
	struct tp_meta_hook hk;

	ck_assert_ptr_null(tp_meta__parse(data, 10, err, sizeof(err)));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_msg(strstr(err, "too short"), "short: %s", err);
	ck_assert_ptr_null(tp_meta__parse(NULL, 0, err, sizeof(err)));

	ck_assert_ptr_null(parse_patched(data, size, 0, 0x41414141, err, sizeof(err)));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_msg(strstr(err, "magic"), "magic: %s", err);

	ck_assert_ptr_null(
	    parse_patched(data, size, HDR_OFF(version), TP_META_VERSION - 1, err, sizeof(err)));
	ck_assert_int_eq(errno, EPROTO);
	snprintf(want, sizeof(want), "foreign version %d", TP_META_VERSION - 1);
	ck_assert_msg(strstr(err, want), "version: %s", err);

	ck_assert_ptr_null(parse_patched(data, size, HDR_OFF(size), size + 1, err, sizeof(err)));
	ck_assert_int_eq(errno, EINVAL);
	/* the section is cut short of its own size */
	ck_assert_ptr_null(tp_meta__parse(data, size - 1, err, sizeof(err)));
	ck_assert_int_eq(errno, EINVAL);

	ck_assert_ptr_null(
	    parse_patched(data, size, HDR_OFF(nhooks), 0xffffffff, err, sizeof(err)));
	ck_assert_msg(strstr(err, "hooks"), "nhooks: %s", err);
	ck_assert_ptr_null(
	    parse_patched(data, size, HDR_OFF(hooks_off), 0xfffffff0, err, sizeof(err)));
	ck_assert_ptr_null(
	    parse_patched(data, size, HDR_OFF(nfills), 0x10000000, err, sizeof(err)));
	ck_assert_ptr_null(parse_patched(data, size, HDR_OFF(strtab_size), hdr->strtab_size + 1,
					 err, sizeof(err)));
	ck_assert_ptr_null(parse_patched(data, size, HDR_OFF(strtab_size), 0, err, sizeof(err)));
	ck_assert_ptr_null(
	    parse_patched(data, size, hdr->policies_off, hdr->strtab_size, err, sizeof(err)));
	ck_assert_msg(strstr(err, "policy 0: string offset"), "policy name: %s", err);
	ck_assert_ptr_null(parse_patched(data, size, HDR_OFF(npolicies), 0, err, sizeof(err)));
	ck_assert_msg(strstr(err, "0 policy names"), "no policy: %s", err);
	ck_assert_ptr_null(
	    parse_patched(data, size, HDR_OFF(npolicies), 0x40000000, err, sizeof(err)));
	ck_assert_msg(strstr(err, "overrunning"), "npolicies: %s", err);
	/* a hook of a policy the object does not list */
	ck_assert_ptr_null(parse_patched(data, size,
					 hdr->hooks_off + offsetof(struct tp_meta_hook, policy), 1,
					 err, sizeof(err)));
	ck_assert_msg(strstr(err, "hook 0: policy 1 of 1"), "hook policy: %s", err);

	/* strtab no longer NUL terminated: its last byte overwritten */
	{
		uint8_t *copy = malloc(size);

		memcpy(copy, data, size);
		copy[hdr->strtab_off + hdr->strtab_size - 1] = 'x';
		ck_assert_ptr_null(tp_meta__parse(copy, size, err, sizeof(err)));
		ck_assert_msg(strstr(err, "NUL"), "strtab: %s", err);
		free(copy);
	}

	hook0 = hdr->hooks_off;
	memcpy(&hk, data + hook0, sizeof(hk));
#define HOOK_OFF(f) (hook0 + offsetof(struct tp_meta_hook, f))
	ck_assert_ptr_null(parse_patched(data, size, HOOK_OFF(kind), 77, err, sizeof(err)));
	ck_assert_msg(strstr(err, "hook 0: kind 77"), "kind: %s", err);
	ck_assert_ptr_null(
	    parse_patched(data, size, HOOK_OFF(flags), TP_HOOKF_ALL + 1, err, sizeof(err)));
	ck_assert_ptr_null(
	    parse_patched(data, size, HOOK_OFF(message), 0xffffff, err, sizeof(err)));
	ck_assert_ptr_null(
	    parse_patched(data, size, HOOK_OFF(nargs), 0x20000000, err, sizeof(err)));
	ck_assert_msg(strstr(err, "args"), "nargs: %s", err);
	ck_assert_ptr_null(
	    parse_patched(data, size, HOOK_OFF(ntags), 0x40000000, err, sizeof(err)));
	ck_assert_ptr_null(
	    parse_patched(data, size, HOOK_OFF(variants_off), size, err, sizeof(err)));
	ck_assert_ptr_null(
	    parse_patched(data, size, HOOK_OFF(ret.type), TP_ARG__MAX, err, sizeof(err)));
	ck_assert_msg(strstr(err, "return arg: type"), "ret type: %s", err);
	/* a return value is a register: a blob type cannot stand for it */
	ck_assert_ptr_null(
	    parse_patched(data, size, HOOK_OFF(ret.type), TP_ARG_STRING, err, sizeof(err)));
	ck_assert_msg(strstr(err, "hook 0: return arg: type 'string' is not an integer"),
		      "ret type string: %s", err);
	ck_assert_ptr_null(parse_patched(data, size, hk.args_off + 4, 99, err, sizeof(err)));
	ck_assert_msg(strstr(err, "hook 0: arg 0: type 99"), "arg type: %s", err);
	ck_assert_ptr_null(
	    parse_patched(data, size, hk.args_off + 4, TP_ARG_NONE, err, sizeof(err)));
	ck_assert_ptr_null(
	    parse_patched(data, size, hk.args_off + 8, 0x7fffffff, err, sizeof(err)));
	ck_assert_ptr_null(parse_patched(data, size, hk.variants_off, 0, err, sizeof(err)));
	ck_assert_msg(strstr(err, "variant 0: kind 0"), "variant kind: %s", err);
	ck_assert_ptr_null(
	    parse_patched(data, size, hk.tags_off + 8, 0xffffffff, err, sizeof(err)));
	ck_assert_msg(strstr(err, "tag 2"), "tag: %s", err);

	/* a fill whose count * entry size overflows 64 bits... and 32 */
	ck_assert_ptr_null(parse_patched(data, size,
					 hdr->fills_off + offsetof(struct tp_meta_fill, count),
					 0xffffffff, err, sizeof(err)));
	ck_assert_msg(strstr(err, "fill 0"), "fill: %s", err);
	ck_assert_ptr_null(parse_patched(data, size,
					 hdr->fills_off + offsetof(struct tp_meta_fill, key_size),
					 0, err, sizeof(err)));
	/* a NULL err buffer is fine */
	ck_assert_ptr_null(parse_patched(data, size, HDR_OFF(version), 9, NULL, 0));
	ck_assert_int_eq(errno, EPROTO);
	free(data);
}
END_TEST

/* Touch everything a parsed section exposes (valgrind sees any stray read). */
static size_t walk(const struct tp_meta *m)
{
	size_t i, k, sum = strlen(tp_meta__set_name(m));

	for (i = 0; i < tp_meta__hook_cnt(m); i++) {
		const struct tp_meta_hook_view *h = tp_meta__hook(m, i);

		sum += strlen(tp_meta__hook_policy(m, h));
		sum += strlen(h->call) + strlen(h->function_name) + strlen(h->subsys) +
		       strlen(h->event) + strlen(h->message);
		for (k = 0; k < h->ntags; k++)
			sum += strlen(h->tags[k]);
		for (k = 0; k < h->nargs; k++)
			sum += strlen(h->args[k].label) + strlen(h->args[k].field_name);
		sum += strlen(h->ret.label);
		for (k = 0; k < h->nvariants; k++)
			sum += strlen(h->variants[k].target) + strlen(h->variants[k].prog) +
			       strlen(h->variants[k].target_exit) +
			       strlen(h->variants[k].prog_exit);
	}
	for (i = 0; i < tp_meta__fill_cnt(m); i++) {
		const struct tp_meta_fill_view *f = tp_meta__fill(m, i);
		const uint8_t *d = f->data;
		size_t n = (size_t)f->count * (f->key_size + f->value_size);

		sum += strlen(f->map_name);
		for (k = 0; k < n; k++)
			sum += d[k];
	}
	return sum;
}

/*
 * Parse a section with a list hook, its two variants targeting list and list2 (functions, one
 * per line), and another hook. The section is kept in list_data until the next call.
 */
static void *list_data;

static struct tp_meta *parse_list(const char *list, const char *list2, char *err, size_t errlen)
{
	struct tp_meta_writer *w = tp_meta_writer__new("lists");
	struct tp_meta_variant_view vars[] = {
		{ TP_VAR_KPROBE_MULTI, list, "", "tp_h0_multi", "" },
		{ TP_VAR_KPROBE, list2, "", "tp_h0_kprobe", "" },
	};
	struct tp_meta_hook_view h0, h1;
	struct tp_meta *m;
	size_t size;

	hooks(&h0, &h1);
	h0.flags = TP_HOOKF_LIST;
	h0.call = "list:fns";
	h0.function_name = "";
	h0.variants = vars;
	h0.nvariants = 2;
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h0), 0);
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h1), 0);
	free(list_data);
	ck_assert_int_eq(tp_meta_writer__finish(w, &list_data, &size), 0);
	tp_meta_writer__free(w);
	m = tp_meta__parse(list_data, size, err, errlen);
	if (m)
		ck_assert_uint_eq(tp_meta__hook_cnt(m), 2);
	return m;
}

/* A list hook's functions, split from its variants' target once, when the section is read. */
START_TEST(test_list_funcs)
{
	const char *const *funcs;
	char err[128];
	struct tp_meta *m;
	size_t n = 99;

	m = parse_list("a\nbb\nccc", "a\nbb\nccc", err, sizeof(err));
	ck_assert_msg(m, "list: %s", err);
	funcs = tp_meta__list_funcs(m, tp_meta__hook(m, 0), &n);
	ck_assert_ptr_nonnull(funcs);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(funcs[0], "a");
	ck_assert_str_eq(funcs[1], "bb");
	ck_assert_str_eq(funcs[2], "ccc");
	/* the view's target is the section's, untouched */
	ck_assert_str_eq(tp_meta__hook(m, 0)->variants[1].target, "a\nbb\nccc");
	/* a hook that is not a list has none */
	ck_assert_ptr_null(tp_meta__list_funcs(m, tp_meta__hook(m, 1), &n));
	ck_assert_uint_eq(n, 0);
	tp_meta__free(m);

	m = parse_list("one", "one", err, sizeof(err));
	ck_assert_msg(m, "one: %s", err);
	funcs = tp_meta__list_funcs(m, tp_meta__hook(m, 0), &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(funcs[0], "one");
	tp_meta__free(m);

	m = parse_list("", "", err, sizeof(err));
	ck_assert_msg(m, "empty: %s", err);
	ck_assert_ptr_nonnull(tp_meta__list_funcs(m, tp_meta__hook(m, 0), &n));
	ck_assert_uint_eq(n, 0);
	tp_meta__free(m);

	/* one list for every variant, and no nameless function in it */
	ck_assert_ptr_null(parse_list("a\nb", "a\nc", err, sizeof(err)));
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_str_eq(err, "hook 0: list variants name different functions");
	ck_assert_ptr_null(parse_list("a\n\nb", "a\n\nb", err, sizeof(err)));
	ck_assert_str_eq(err, "hook 0: list function 1 has no name");
	ck_assert_ptr_null(parse_list("a\n", "a\n", err, sizeof(err)));
	ck_assert_str_eq(err, "hook 0: list function 1 has no name");
	free(list_data);
	list_data = NULL;
}
END_TEST

/* GetUrl and DnsLookup travel as (hook, selector, action, string); the reader checks them. */
START_TEST(test_user_acts)
{
	struct tp_meta_user_act_view get = {
		.hook = 1, .selector = 2, .action = TP_ACT_GETURL, .arg = "http://127.0.0.1:8080/x"
	};
	struct tp_meta_user_act_view dns = {
		.hook = 0, .selector = 0, .action = TP_ACT_DNSLOOKUP, .arg = "example.org"
	};
	struct tp_meta_user_act_view bad = dns;
	const struct tp_meta_user_act_view *v;
	struct tp_meta_header hdr;
	struct tp_meta_user_act raw;
	struct tp_meta_hook_view h0, h1;
	struct tp_meta_writer *w = tp_meta_writer__new("ua");
	char err[128];
	struct tp_meta *m;
	uint8_t *data;
	size_t size;

	hooks(&h0, &h1);
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h0), 0);
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h1), 0);
	ck_assert_int_eq(tp_meta_writer__add_user_act(w, &get), 0);
	ck_assert_int_eq(tp_meta_writer__add_user_act(w, &dns), 0);
	bad.hook = 2; /* no such hook */
	ck_assert_int_eq(tp_meta_writer__add_user_act(w, &bad), -EINVAL);
	ck_assert_int_eq(tp_meta_writer__finish(w, (void **)&data, &size), 0);
	tp_meta_writer__free(w);

	m = tp_meta__parse(data, size, err, sizeof(err));
	ck_assert_msg(m, "parse: %s", err);
	ck_assert_uint_eq(tp_meta__user_act_cnt(m), 2);
	v = tp_meta__user_act(m, 0);
	ck_assert_uint_eq(v->hook, 1);
	ck_assert_uint_eq(v->selector, 2);
	ck_assert_uint_eq(v->action, TP_ACT_GETURL);
	ck_assert_str_eq(v->arg, "http://127.0.0.1:8080/x");
	v = tp_meta__user_act(m, 1);
	ck_assert_uint_eq(v->action, TP_ACT_DNSLOOKUP);
	ck_assert_str_eq(v->arg, "example.org");
	ck_assert_ptr_null(tp_meta__user_act(m, 2));
	tp_meta__free(m);

	/* an action other than GetUrl or DnsLookup is refused */
	memcpy(&hdr, data, sizeof(hdr));
	memcpy(&raw, data + le32toh(hdr.user_acts_off), sizeof(raw));
	raw.action = htole32(TP_ACT_SIGKILL);
	memcpy(data + le32toh(hdr.user_acts_off), &raw, sizeof(raw));
	ck_assert_ptr_null(tp_meta__parse(data, size, err, sizeof(err)));
	ck_assert_str_eq(err, "user action 0: action 3 is not GetUrl or DnsLookup");
	/* ... and one for a hook the section lacks */
	raw.action = htole32(TP_ACT_GETURL);
	raw.hook = htole32(7);
	memcpy(data + le32toh(hdr.user_acts_off), &raw, sizeof(raw));
	ck_assert_ptr_null(tp_meta__parse(data, size, err, sizeof(err)));
	ck_assert_str_eq(err, "user action 0: hook 7 of 2");
	free(data);
}
END_TEST

START_TEST(test_fuzz)
{
	static const uint32_t edge[] = { 0,	     1,		 2,	     3,
					 4,	     7,		 8,	     0x7f,
					 0x80,	     0xff,	 0x100,	     0xffff,
					 0x7fffffff, 0x80000000, 0xfffffffc, 0xffffffff };
	size_t size, i, ok = 0, bad = 0;
	uint8_t *valid = build(&size);
	char err[160];
	unsigned int seed = 12345;
	int iters = getenv("TP_FUZZ_ITERS") ? atoi(getenv("TP_FUZZ_ITERS")) : 20000;

	for (i = 0; i < (size_t)iters; i++) {
		size_t n = size, k, muts = 1 + rand_r(&seed) % 4;
		uint8_t *copy;
		struct tp_meta *m;

		if (rand_r(&seed) % 4 == 0)
			n = rand_r(&seed) % (size + 1);
		copy = malloc(n ? n : 1); /* exact size: valgrind flags any overread */
		memcpy(copy, valid, n);
		for (k = 0; k < muts && n >= 4; k++) {
			size_t at = rand_r(&seed) % n;

			switch (rand_r(&seed) % 3) {
			case 0:
				copy[at] ^= 1u << (rand_r(&seed) % 8);
				break;
			case 1:
				at &= ~(size_t)3;
				if (at + 4 <= n) {
					uint32_t v = edge[rand_r(&seed) % (sizeof(edge) / 4)];

					memcpy(copy + at, &v, 4);
				}
				break;
			default:
				copy[at] = rand_r(&seed);
			}
		}
		err[0] = '\0';
		m = tp_meta__parse(copy, n, err, sizeof(err));
		if (m) {
			walk(m);
			ok++;
		} else {
			ck_assert_msg(err[0] && !strchr(err, '\n'), "a one-line reason: '%s'", err);
			ck_assert_msg(errno == EINVAL || errno == EPROTO, "errno %d", errno);
			bad++;
		}
		tp_meta__free(m);
		free(copy);
	}
	/* some mutations land in unused bytes and still parse */
	ck_assert_uint_gt(ok, 0);
	ck_assert_uint_gt(bad, (size_t)iters / 4);
	free(valid);
}
END_TEST

/* A set (tpgen a.yaml b.yaml): two policies, each hook naming its own. */
START_TEST(test_set_round_trip)
{
	struct tp_meta_writer *w = tp_meta_writer__new("posts-openat");
	struct tp_meta_hook_view h0, h1;
	char err[128] = "x", where[64];
	struct tp_meta *m;
	void *data;
	size_t size;

	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(tp_meta_writer__add_policy(w, "kills-mkdir"), 1);
	hooks(&h0, &h1);
	h1.policy = 2; /* no such policy */
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h1), -EINVAL);
	h1.policy = 1;
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h0), 0);
	ck_assert_int_eq(tp_meta_writer__add_hook(w, &h1), 0);
	ck_assert_int_eq(tp_meta_writer__finish(w, &data, &size), 0);
	tp_meta_writer__free(w);

	m = tp_meta__parse(data, size, err, sizeof(err));
	ck_assert_msg(m != NULL, "parse: %s", err);
	ck_assert_uint_eq(tp_meta__policy_cnt(m), 2);
	ck_assert_str_eq(tp_meta__policy(m, 0), "posts-openat");
	ck_assert_str_eq(tp_meta__policy(m, 1), "kills-mkdir");
	ck_assert_ptr_null(tp_meta__policy(m, 2));
	ck_assert_str_eq(tp_meta__set_name(m), "'posts-openat', 'kills-mkdir'");
	ck_assert_uint_eq(tp_meta__hook(m, 0)->policy, 0);
	ck_assert_uint_eq(tp_meta__hook(m, 1)->policy, 1);
	ck_assert_str_eq(tp_meta__hook_policy(m, tp_meta__hook(m, 0)), "posts-openat");
	ck_assert_str_eq(tp_meta__hook_policy(m, tp_meta__hook(m, 1)), "kills-mkdir");
	/* messages name a set's hook by its policy and its line there */
	ck_assert_str_eq(tp_meta__hook_where(m, tp_meta__hook(m, 1), where, sizeof(where)),
			 "policy 'kills-mkdir' line 40");
	tp_meta__free(m);

	/* the reader checks each hook's index against the policies it lists */
	{
		const struct tp_meta_header *hdr = data;
		size_t at = hdr->hooks_off + sizeof(struct tp_meta_hook) +
			    offsetof(struct tp_meta_hook, policy);

		ck_assert_ptr_null(parse_patched(data, size, at, 2, err, sizeof(err)));
		ck_assert_int_eq(errno, EINVAL);
		ck_assert_msg(strstr(err, "hook 1: policy 2 of 2"), "hook policy: %s", err);
		ck_assert_ptr_null(parse_patched(data, size, hdr->policies_off + 4,
						 hdr->strtab_size + 7, err, sizeof(err)));
		ck_assert_msg(strstr(err, "policy 1: string offset"), "name offset: %s", err);
	}
	free(data);
}
END_TEST

/*
 * The header's layout as tests/e2e/test_bad_objects.sh patches it: u32 words
 * at 8..56, then the object's digest, bytes in order on every host, then the
 * architecture (le32 at 88: 2 for arm64, as tests/e2e/test_target_arch.sh reads it).
 */
START_TEST(test_header_digest)
{
	static const uint8_t digest[TP_DIGEST_SIZE] = { 1, 2, 3, [31] = 0xff };
	struct tp_meta_writer *w = tp_meta_writer__new("d");
	const uint8_t *data;
	struct tp_meta *m;
	char err[200];
	size_t size;

	ck_assert_uint_eq(offsetof(struct tp_meta_header, version), 8);
	ck_assert_uint_eq(offsetof(struct tp_meta_header, user_acts_off), 52);
	ck_assert_uint_eq(offsetof(struct tp_meta_header, digest), 56);
	ck_assert_uint_eq(offsetof(struct tp_meta_header, arch), 88);
	ck_assert_uint_eq(sizeof(struct tp_meta_header), 92);
	tp_meta_writer__set_digest(w, digest);
	tp_meta_writer__set_arch(w, 2);
	ck_assert_int_eq(tp_meta_writer__finish(w, (void **)&data, &size), 0);
	tp_meta_writer__free(w);
	ck_assert_mem_eq(data + 56, digest, sizeof(digest));
	ck_assert_mem_eq(data + 88, "\x02\0\0\0", 4);
	m = tp_meta__parse(data, size, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	ck_assert_mem_eq(tp_meta__digest(m), digest, sizeof(digest));
	ck_assert_uint_eq(tp_meta__arch(m), 2);
	tp_meta__free(m);
	free((void *)data);
}
END_TEST

static Suite *meta_suite(void)
{
	Suite *s = suite_create("meta");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_deterministic_and_interned);
	tcase_add_test(tc, test_writer_rejects);
	tcase_add_test(tc, test_reader_rejects);
	tcase_add_test(tc, test_list_funcs);
	tcase_add_test(tc, test_user_acts);
	tcase_add_test(tc, test_set_round_trip);
	tcase_add_test(tc, test_fuzz);
	tcase_add_test(tc, test_header_digest);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(meta_suite());
}
