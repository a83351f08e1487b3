// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Unit tests for gen/tracefs.c: tracepoint format files. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tp_fixtures.h"
#include "tracefs.h"
#include "tp_test.h"

static void assert_field(const struct tp_tracefs_format *f, size_t i, const char *name,
			 const char *type, int off, int size, bool is_signed)
{
	const struct tp_tracefs_field *fl;

	ck_assert_msg(i < f->nfields, "field %zu exists (have %zu)", i, f->nfields);
	fl = &f->fields[i];
	ck_assert_msg(!strcmp(fl->name, name), "field %zu name: '%s', want '%s'", i, fl->name,
		      name);
	ck_assert_msg(!strcmp(fl->type, type), "field %zu type: '%s', want '%s'", i, fl->type,
		      type);
	ck_assert_msg(fl->offset == off, "field %s offset: %d, want %d", name, fl->offset, off);
	ck_assert_msg(fl->size == size, "field %s size: %d, want %d", name, fl->size, size);
	ck_assert_msg(fl->is_signed == is_signed, "field %s signed", name);
}

static void assert_common(const struct tp_tracefs_format *f)
{
	assert_field(f, 0, "common_type", "unsigned short", 0, 2, false);
	assert_field(f, 1, "common_flags", "unsigned char", 2, 1, false);
	assert_field(f, 2, "common_preempt_count", "unsigned char", 3, 1, false);
	assert_field(f, 3, "common_pid", "int", 4, 4, true);
}

START_TEST(test_sys_enter_openat)
{
	struct tp_tracefs_format f;
	int err;

	err = tp_tracefs_format__load(&f, tp_test_tracefs(), "syscalls", "sys_enter_openat");
	ck_assert_msg(err == 0, "load sys_enter_openat: %s", strerror(-err));
	ck_assert_str_eq(f.name, "sys_enter_openat");
	ck_assert_int_eq(f.id, 782);
	ck_assert_uint_eq(f.nfields, 9);
	assert_common(&f);
	assert_field(&f, 4, "__syscall_nr", "int", 8, 4, true);
	assert_field(&f, 5, "dfd", "int", 16, 8, false);
	assert_field(&f, 6, "filename", "const char *", 24, 8, false);
	assert_field(&f, 7, "flags", "int", 32, 8, false);
	assert_field(&f, 8, "mode", "umode_t", 40, 8, false);
	ck_assert_msg(f.fields[6].is_pointer, "filename is a pointer");
	ck_assert_msg(!f.fields[5].is_pointer, "dfd is not a pointer");
	ck_assert_int_eq(tp_tracefs_format__find(&f, "__syscall_nr"), 4);
	ck_assert_int_eq(tp_tracefs_format__find(&f, "mode"), 8);
	ck_assert_int_eq(tp_tracefs_format__find(&f, "nope"), -1);
	tp_tracefs_format__free(&f);
	ck_assert_msg(f.fields == NULL && f.nfields == 0, "free empties the format");
	tp_tracefs_format__free(&f); /* twice is harmless */
}
END_TEST

START_TEST(test_sys_exit_openat)
{
	struct tp_tracefs_format f;

	ck_assert_int_eq(
	    tp_tracefs_format__load(&f, tp_test_tracefs(), "syscalls", "sys_exit_openat"), 0);
	ck_assert_uint_eq(f.nfields, 6);
	assert_field(&f, 5, "ret", "long", 16, 8, true);
	tp_tracefs_format__free(&f);
}
END_TEST

START_TEST(test_raw_syscalls)
{
	struct tp_tracefs_format f;
	const struct tp_tracefs_field *args;

	ck_assert_int_eq(
	    tp_tracefs_format__load(&f, tp_test_tracefs(), "raw_syscalls", "sys_enter"), 0);
	ck_assert_uint_eq(f.nfields, 6);
	assert_common(&f);
	assert_field(&f, 4, "id", "long", 8, 8, true);
	assert_field(&f, 5, "args", "unsigned long", 16, 48, false);
	args = &f.fields[5];
	ck_assert_msg(args->is_array, "args is an array");
	ck_assert_int_eq(args->array_len, 6);
	ck_assert_msg(!args->is_data_loc, "args is not __data_loc");
	ck_assert_msg(!f.fields[4].is_array, "id is not an array");
	tp_tracefs_format__free(&f);
}
END_TEST

START_TEST(test_sched_process_exec)
{
	struct tp_tracefs_format f;
	const struct tp_tracefs_field *fn;

	ck_assert_int_eq(
	    tp_tracefs_format__load(&f, tp_test_tracefs(), "sched", "sched_process_exec"), 0);
	ck_assert_uint_eq(f.nfields, 7);
	assert_field(&f, 4, "filename", "char[]", 8, 4, false);
	assert_field(&f, 5, "pid", "pid_t", 12, 4, true);
	assert_field(&f, 6, "old_pid", "pid_t", 16, 4, true);
	fn = &f.fields[4];
	ck_assert_msg(fn->is_data_loc, "filename is __data_loc");
	ck_assert_msg(!fn->is_array, "filename itself is not name[N]");
	tp_tracefs_format__free(&f);
}
END_TEST

START_TEST(test_synthetic_fields)
{
	struct tp_tracefs_format f;

	ck_assert_int_eq(tp_tracefs_format__load(&f, tp_test_tracefs(), "tptest", "fields"), 0);
	ck_assert_uint_eq(f.nfields, 12);
	assert_field(&f, 4, "small", "u8", 8, 1, false);
	assert_field(&f, 5, "half", "s16", 10, 2, true);
	assert_field(&f, 8, "blob", "struct foo", 24, 16, false);
	assert_field(&f, 9, "comm", "char", 40, 16, false);
	ck_assert_msg(f.fields[9].is_array && f.fields[9].array_len == 16, "comm[16]");
	assert_field(&f, 10, "ids", "u32[]", 56, 4, false);
	ck_assert_msg(f.fields[10].is_data_loc, "ids is __data_loc");
	assert_field(&f, 11, "name", "const char *", 64, 8, false);
	tp_tracefs_format__free(&f);
}
END_TEST

START_TEST(test_missing)
{
	struct tp_tracefs_format f;

	ck_assert_int_eq(
	    tp_tracefs_format__load(&f, tp_test_tracefs(), "syscalls", "sys_enter_nope"), -ENOENT);
	ck_assert_int_eq(tp_tracefs_format__load(&f, tp_test_tracefs(), "nosuch", "event"),
			 -ENOENT);
	ck_assert_int_eq(tp_tracefs_format__load(&f, "/nonexistent", "sched", "sched_process_exec"),
			 -ENOENT);
	ck_assert_int_eq(tp_tracefs_format__load(&f, NULL, "sched", "sched_process_exec"), -ENOENT);
	ck_assert_msg(f.nfields == 0 && f.fields == NULL, "nothing left behind");
}
END_TEST

START_TEST(test_bad_names)
{
	struct tp_tracefs_format f;

	ck_assert_int_eq(tp_tracefs_format__load(&f, tp_test_tracefs(), "..", "syscalls"), -EINVAL);
	ck_assert_int_eq(
	    tp_tracefs_format__load(&f, tp_test_tracefs(), "sched/../sched", "sched_process_exec"),
	    -EINVAL);
	ck_assert_int_eq(tp_tracefs_format__load(&f, tp_test_tracefs(), "sched", ""), -EINVAL);
	ck_assert_int_eq(tp_tracefs_format__load(&f, tp_test_tracefs(), NULL, "x"), -EINVAL);
	ck_assert_msg(tp_tracefs__valid_name("sys_enter_openat"), "plain name");
	ck_assert_msg(tp_tracefs__valid_name("kvm-mmu.x"), "dots and dashes");
	ck_assert_msg(!tp_tracefs__valid_name("."), "dot");
	ck_assert_msg(!tp_tracefs__valid_name("a b"), "space");
	ck_assert_msg(!tp_tracefs__valid_name("a/b"), "slash");
}
END_TEST

START_TEST(test_has_dir)
{
	ck_assert_msg(tp_tracefs__has_dir(tp_test_tracefs(), "events"), "events");
	ck_assert_msg(tp_tracefs__has_dir(tp_test_tracefs(), "events/syscalls"), "events/syscalls");
	ck_assert_msg(!tp_tracefs__has_dir(tp_test_tracefs(), "events/nosuch"), "events/nosuch");
	ck_assert_msg(
	    !tp_tracefs__has_dir(tp_test_tracefs(), "events/sched/sched_process_exec/format"),
	    "a file is not a dir");
	ck_assert_msg(!tp_tracefs__has_dir(NULL, "events"), "no tracefs");
}
END_TEST

/* A format file of n bytes (fields, then padding lines) at <root>/events/big/ev/format. */
static void write_format(const char *root, size_t n)
{
	static const char field[] = "\tfield:int x;\toffset:8;\tsize:4;\tsigned:1;\n";
	char path[512];
	size_t i;
	FILE *f;

	snprintf(path, sizeof(path), "mkdir -p %s/events/big/ev", root);
	ck_assert_int_eq(system(path), 0);
	snprintf(path, sizeof(path), "%s/events/big/ev/format", root);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(field, f);
	for (i = strlen(field); i < n; i++)
		fputc(i + 1 == n || i % 64 == 63 ? '\n' : ' ', f);
	fclose(f);
}

/* A format file is read whole, up to a bound no real one comes near. */
START_TEST(test_load_bounded)
{
	char root[] = "/tmp/tp-tracefs-XXXXXX", cmd[64];
	struct tp_tracefs_format f;

	ck_assert_ptr_nonnull(mkdtemp(root));
	write_format(root, 1 << 20);
	ck_assert_int_eq(tp_tracefs_format__load(&f, root, "big", "ev"), 0);
	ck_assert_uint_eq(f.nfields, 1);
	assert_field(&f, 0, "x", "int", 8, 4, true);
	tp_tracefs_format__free(&f);
	write_format(root, (1 << 20) + 1);
	ck_assert_int_eq(tp_tracefs_format__load(&f, root, "big", "ev"), -EFBIG);
	ck_assert_uint_eq(f.nfields, 0);
	snprintf(cmd, sizeof(cmd), "rm -r %s", root);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static int parse(struct tp_tracefs_format *f, const char *text)
{
	return tp_tracefs_format__parse(f, text, strlen(text));
}

START_TEST(test_parse_minimal)
{
	struct tp_tracefs_format f;

	/* no name, no ID, CRLF, spaces instead of tabs, no signed: (old kernels) */
	ck_assert_int_eq(parse(&f, "format:\r\n  field:int x; offset:0; size:4;\r\n"
				   "field:unsigned long y[2];offset:8;size:16;signed:0;"),
			 0);
	ck_assert_msg(f.name == NULL, "no name");
	ck_assert_int_eq(f.id, -1);
	ck_assert_uint_eq(f.nfields, 2);
	assert_field(&f, 0, "x", "int", 0, 4, false);
	assert_field(&f, 1, "y", "unsigned long", 8, 16, false);
	tp_tracefs_format__free(&f);

	/* unknown keys are ignored, __rel_loc is a data_loc */
	ck_assert_int_eq(parse(&f, "\tfield:__rel_loc char[] s;\toffset:8;\tsize:4;\tsigned:0;"
				   "\tnewkey:7;\n"),
			 0);
	ck_assert_msg(f.nfields == 1 && f.fields[0].is_data_loc, "__rel_loc");
	tp_tracefs_format__free(&f);

	ck_assert_int_eq(parse(&f, ""), 0);
	ck_assert_uint_eq(f.nfields, 0);
	tp_tracefs_format__free(&f);
}
END_TEST

START_TEST(test_parse_malformed)
{
	static const char *const bad[] = {
		"field:int x",				       /* no ';' */
		"field:int x;",				       /* no offset or size */
		"field:int x;\toffset:0;",		       /* no size */
		"field:int x;\tsize:4;",		       /* no offset */
		"field:;\toffset:0;\tsize:4;",		       /* no declaration */
		"field:x;\toffset:0;\tsize:4;",		       /* no type */
		"field:int;\toffset:0;\tsize:4;",	       /* type only */
		"field:int 9x;\toffset:0;\tsize:4;",	       /* name starts with a digit */
		"field:int x;\toffset:-1;\tsize:4;",	       /* negative */
		"field:int x;\toffset:abc;\tsize:4;",	       /* not a number */
		"field:int x;\toffset:0;\tsize:99999999999;",  /* too large */
		"field:int x;\toffset:0;\tsize:4;\tsigned:2;", /* signed is 0 or 1 */
		"field:int x;\toffset:0;\tsize:4;\tgarbage;",  /* no ':' */
		"field:int x];\toffset:0;\tsize:4;",	       /* ']' without '[' */
		"field:__data_loc ;\toffset:0;\tsize:4;",      /* nothing after __data_loc */
		"field:int x[;\toffset:0;\tsize:4;",	       /* unclosed '[' */
	};
	struct tp_tracefs_format f;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		int err = parse(&f, bad[i]);

		ck_assert_msg(err == -EINVAL, "'%s': returned %d, want -EINVAL", bad[i], err);
		ck_assert_msg(f.nfields == 0 && f.fields == NULL && f.name == NULL,
			      "'%s': nothing left behind", bad[i]);
	}
}
END_TEST

/* Bytes that are not a format file at all must not crash the parser. */
START_TEST(test_parse_noise)
{
	struct tp_tracefs_format f;
	char buf[512];
	unsigned seed = 12345;
	int round;
	size_t i;

	for (round = 0; round < 2000; round++) {
		size_t len = (size_t)(seed % sizeof(buf));

		for (i = 0; i < len; i++) {
			static const char alphabet[] =
			    "field:offset:size:signed:;[]_ \t\n0123456789ax*";

			seed = seed * 1103515245 + 12345;
			buf[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		seed = seed * 1103515245 + 12345;
		if (tp_tracefs_format__parse(&f, buf, len) == 0)
			tp_tracefs_format__free(&f);
	}
	/* an embedded NUL is just another byte */
	ck_assert_int_eq(tp_tracefs_format__parse(&f, "field:int\0x;offset:0;size:4;", 28),
			 -EINVAL);
}
END_TEST

/* Every format file of the running kernel parses (skipped without tracefs). */
START_TEST(test_host_formats)
{
	const char *root = "/sys/kernel/tracing";
	struct dirent *sub, *ev;
	DIR *events, *d;
	char path[512];
	int parsed = 0;

	snprintf(path, sizeof(path), "%s/events", root);
	events = opendir(path);
	ck_assert_msg(events, "%s: tracefs is not mounted (make mounts mounts it)", path);
	while ((sub = readdir(events))) {
		if (sub->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/events/%s", root, sub->d_name);
		d = opendir(path);
		if (!d)
			continue;
		while ((ev = readdir(d))) {
			struct tp_tracefs_format f;
			int err;

			if (ev->d_name[0] == '.')
				continue;
			err = tp_tracefs_format__load(&f, root, sub->d_name, ev->d_name);
			if (err == -ENOENT || err == -ENOTDIR)
				continue; /* "enable", "filter" files */
			ck_assert_msg(err == 0, "%s/%s: %s", sub->d_name, ev->d_name,
				      strerror(-err));
			ck_assert_msg(f.nfields >= 4 || !strcmp(sub->d_name, "ftrace"),
				      "%s/%s: %zu fields", sub->d_name, ev->d_name, f.nfields);
			tp_tracefs_format__free(&f);
			parsed++;
		}
		closedir(d);
	}
	closedir(events);
	ck_assert_msg(parsed > 0, "parsed some host formats");
}
END_TEST

/* The tracefs tprun and tpgen use: the usual one unless only debugfs' has events. */
START_TEST(test_root)
{
	const char *root = tp_tracefs__root();

	ck_assert_ptr_nonnull(root);
	if (tp_tracefs__has_dir("/sys/kernel/tracing", "events") ||
	    !tp_tracefs__has_dir("/sys/kernel/debug/tracing", "events"))
		ck_assert_str_eq(root, "/sys/kernel/tracing");
	else
		ck_assert_str_eq(root, "/sys/kernel/debug/tracing");
	ck_assert_ptr_eq(tp_tracefs__root(), root);
}
END_TEST

static Suite *tracefs_suite(void)
{
	Suite *s = suite_create("tracefs");
	TCase *tc = tcase_create("format");

	tcase_add_test(tc, test_sys_enter_openat);
	tcase_add_test(tc, test_sys_exit_openat);
	tcase_add_test(tc, test_raw_syscalls);
	tcase_add_test(tc, test_sched_process_exec);
	tcase_add_test(tc, test_synthetic_fields);
	tcase_add_test(tc, test_missing);
	tcase_add_test(tc, test_bad_names);
	tcase_add_test(tc, test_has_dir);
	tcase_add_test(tc, test_load_bounded);
	tcase_add_test(tc, test_parse_minimal);
	tcase_add_test(tc, test_parse_malformed);
	tcase_add_test(tc, test_root);
	tcase_add_test(tc, test_parse_noise);
	tcase_add_test(tc, test_host_formats);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(tracefs_suite());
}
