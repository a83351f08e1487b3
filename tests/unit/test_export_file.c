// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The export file (runtime/output/export_{file,name,mill}.c): lumberjack's
 * backup names, its rotation before a line that would not fit, its mill
 * (backups kept, removed, gzipped), and no line lost or cut on the way.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "export_file.h"
#include "output/export_mill.h"
#include "output/export_name.h"
#include "tp_test.h"

/* 2016-11-04T18:30:00Z, lumberjack's own example of a backup's time */
#define MS_2016 1478284200000LL

static char dir[64];

static void make_dir(void)
{
	strcpy(dir, "/tmp/tp-export-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
	struct dirent *d;
	DIR *dp = opendir(dir);
	char p[512];

	while (dp && (d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, d->d_name);
		unlink(p);
	}
	if (dp)
		closedir(dp);
	rmdir(dir);
}

static void write_file(const char *base, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, base);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static bool exists(const char *base)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", dir, base);
	return !access(p, F_OK);
}

/* a file's contents, gunzipped when its name ends .gz; "" when it cannot be read */
static char *read_all(const char *base)
{
	static char buf[1 << 16];
	char p[512];
	gzFile gz;
	int n;

	snprintf(p, sizeof(p), "%s/%s", dir, base);
	gz = gzopen(p, "rb"); /* reads a plain file as it is */
	if (!gz)
		return strcpy(buf, "");
	n = gzread(gz, buf, sizeof(buf) - 1);
	gzclose(gz);
	buf[n > 0 ? n : 0] = 0;
	return buf;
}

/* the directory's backups of NAME (oldest first) */
static int backups(const struct tp_export_name *n, char names[][128], int max)
{
	struct dirent **v;
	int cnt = scandir(dir, &v, NULL, alphasort), i, k = 0;
	int64_t ms;
	bool gz;

	ck_assert_int_ge(cnt, 0);
	for (i = 0; i < cnt; i++) {
		if (!tp_export_name__parse(n, v[i]->d_name, &ms, &gz) && k < max)
			snprintf(names[k++], 128, "%.127s", v[i]->d_name);
		free(v[i]);
	}
	free(v);
	return k;
}

START_TEST(test_backup_names)
{
	static const struct {
		const char *path, *dir, *prefix, *ext, *backup;
	} cases[] = {
		/* lumberjack's doc: /var/log/foo/server.log at 6:30pm on Nov 4 2016 */
		{ "/var/log/foo/server.log", "/var/log/foo", "server-", ".log",
		  "server-2016-11-04T18-30-00.000.log" },
		{ "events", ".", "events-", "", "events-2016-11-04T18-30-00.000" },
		{ "d/a.b.json", "d", "a.b-", ".json", "a.b-2016-11-04T18-30-00.000.json" },
		/* Go's filepath.Ext(".hidden") is ".hidden" */
		{ "/.hidden", "/", "-", ".hidden", "-2016-11-04T18-30-00.000.hidden" },
	};
	struct tp_export_name n;
	char buf[128];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_int_eq(tp_export_name__init(&n, cases[i].path), 0);
		ck_assert_str_eq(n.dir, cases[i].dir);
		ck_assert_str_eq(n.prefix, cases[i].prefix);
		ck_assert_str_eq(n.ext, cases[i].ext);
		ck_assert_int_eq(tp_export_name__backup(&n, MS_2016, buf, sizeof(buf)), 0);
		ck_assert_str_eq(buf, cases[i].backup);
		tp_export_name__free(&n);
	}
	ck_assert_int_eq(tp_export_name__init(&n, "/x/tetragon.log"), 0);
	ck_assert_int_eq(tp_export_name__backup(&n, MS_2016 + 7, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "tetragon-2016-11-04T18-30-00.007.log");
	ck_assert_int_eq(tp_export_name__backup(&n, MS_2016 + 86399999, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "tetragon-2016-11-05T18-29-59.999.log");
	ck_assert_int_eq(tp_export_name__backup(&n, MS_2016, buf, 20), -ENAMETOOLONG);
	tp_export_name__free(&n);
}
END_TEST

START_TEST(test_parse_names)
{
	struct tp_export_name n;
	int64_t ms = 0;
	bool gz = true;

	ck_assert_int_eq(tp_export_name__init(&n, "/x/tetragon.log"), 0);
	ck_assert_int_eq(
	    tp_export_name__parse(&n, "tetragon-2016-11-04T18-30-00.000.log", &ms, &gz), 0);
	ck_assert_int_eq(ms, MS_2016);
	ck_assert(!gz);
	ck_assert_int_eq(
	    tp_export_name__parse(&n, "tetragon-2016-11-04T18-30-00.123.log.gz", &ms, &gz), 0);
	ck_assert_int_eq(ms, MS_2016 + 123);
	ck_assert(gz);
	/* not backups: the file itself, other names, stamps time.Parse refuses */
	ck_assert_int_eq(tp_export_name__parse(&n, "tetragon.log", &ms, &gz), -EINVAL);
	ck_assert_int_eq(tp_export_name__parse(&n, "other-2016-11-04T18-30-00.000.log", &ms, &gz),
			 -EINVAL);
	ck_assert_int_eq(
	    tp_export_name__parse(&n, "tetragon-2016-11-04T18-30-00.000.txt", &ms, &gz), -EINVAL);
	ck_assert_int_eq(
	    tp_export_name__parse(&n, "tetragon-2016-11-04T18-30-00.000.log.gz.tmp", &ms, &gz),
	    -EINVAL);
	ck_assert_int_eq(
	    tp_export_name__parse(&n, "tetragon-2016-02-30T18-30-00.000.log", &ms, &gz), -EINVAL);
	ck_assert_int_eq(
	    tp_export_name__parse(&n, "tetragon-2016-11-04T24-30-00.000.log", &ms, &gz), -EINVAL);
	ck_assert_int_eq(tp_export_name__parse(&n, "tetragon-2016-11-04T18-30-00.00.log", &ms, &gz),
			 -EINVAL);
	ck_assert_int_eq(
	    tp_export_name__parse(&n, "tetragon-2016-11-04 18-30-00.000.log", &ms, &gz), -EINVAL);
	tp_export_name__free(&n);
}
END_TEST

/* newest max_backups kept, a backup and its .gz counted once, the kept ones gzipped */
START_TEST(test_mill_keeps_newest_and_gzips)
{
	struct tp_export_name n;
	char path[256];

	make_dir();
	snprintf(path, sizeof(path), "%s/ev.log", dir);
	ck_assert_int_eq(tp_export_name__init(&n, path), 0);
	write_file("ev.log", "current\n");
	write_file("ev-2016-11-04T18-30-00.001.log", "one\n");
	write_file("ev-2016-11-04T18-30-00.002.log", "two\n");
	write_file("ev-2016-11-04T18-30-00.003.log.gz", "");	 /* with its plain file: */
	write_file("ev-2016-11-04T18-30-00.003.log", "three\n"); /* a compression cut short */
	write_file("ev-2016-11-04T18-30-00.004.log", "four\n");
	write_file("ev-2016-11-04T18-30-00.005.txt", "not ours\n");
	ck_assert_int_eq(tp_export_mill__run_once(&n, 2, true), 0);
	ck_assert(!exists("ev-2016-11-04T18-30-00.001.log"));
	ck_assert(!exists("ev-2016-11-04T18-30-00.002.log"));
	ck_assert(!exists("ev-2016-11-04T18-30-00.003.log"));
	ck_assert(!exists("ev-2016-11-04T18-30-00.004.log"));
	ck_assert_str_eq(read_all("ev-2016-11-04T18-30-00.004.log.gz"), "four\n");
	ck_assert_str_eq(read_all("ev-2016-11-04T18-30-00.003.log.gz"), "three\n");
	ck_assert(!exists("ev-2016-11-04T18-30-00.003.log.gz.tmp"));
	ck_assert_str_eq(read_all("ev.log"), "current\n");
	ck_assert_str_eq(read_all("ev-2016-11-04T18-30-00.005.txt"), "not ours\n");
	/* 0 backups and no compression: lumberjack's mill does nothing */
	write_file("ev-2016-11-04T18-30-00.000.log", "zero\n");
	ck_assert_int_eq(tp_export_mill__run_once(&n, 0, false), 0);
	ck_assert(exists("ev-2016-11-04T18-30-00.000.log"));
	/* 0 backups: all kept, compressed */
	ck_assert_int_eq(tp_export_mill__run_once(&n, 0, true), 0);
	ck_assert_str_eq(read_all("ev-2016-11-04T18-30-00.000.log.gz"), "zero\n");
	tp_export_name__free(&n);
	remove_dir();
}
END_TEST

/*
 * Lines through the stream of a 100-byte file: each backup holds whole lines,
 * no more than 100 bytes unless a line alone is longer, and was rotated only
 * when the next line did not fit; all files together hold every line, in order.
 */
START_TEST(test_rotation_whole_lines)
{
	struct tp_export_file_opts o = { .max_bytes = 100, .max_backups = 0 };
	struct tp_export_file_stats st;
	struct tp_export_name n;
	char path[256], names[64][128], want[8192] = "", all[8192] = "", line[256];
	struct tp_export_file *f;
	char err[256];
	int i, k, cnt;

	make_dir();
	snprintf(path, sizeof(path), "%s/sub/ev.log", dir); /* its directory made */
	o.path = path;
	f = tp_export_file__open(&o, err, sizeof(err));
	ck_assert_msg(f, "open: %s", err);
	for (i = 0; i < 40; i++) {
		int len = 10 + (i * 7) % 50;

		if (i == 17)
			len = 150; /* longer than a file */
		memset(line, 'a' + i % 26, len);
		line[len] = '\n';
		line[len + 1] = 0;
		strcat(want, line);
		/* the stream is flushed inside lines too */
		fwrite(line, 1, len / 2, tp_export_file__stream(f));
		if (i % 3 == 0)
			fflush(tp_export_file__stream(f));
		fputs(line + len / 2, tp_export_file__stream(f));
	}
	fflush(tp_export_file__stream(f));
	tp_export_file__stats(f, &st);
	ck_assert_int_eq(st.lines, 40);
	ck_assert_int_eq(st.dropped, 0);
	tp_export_file__close(f);

	strcat(dir, "/sub");
	ck_assert_int_eq(tp_export_name__init(&n, path), 0);
	cnt = backups(&n, names, 64);
	ck_assert_int_gt(cnt, 10);
	for (k = 0; k < cnt; k++) {
		char *text = read_all(names[k]);
		size_t len = strlen(text);
		const char *next = want + strlen(all) + len;

		ck_assert_msg(len && text[len - 1] == '\n', "%s ends inside a line", names[k]);
		ck_assert_msg(len <= 100 || !memchr(text, '\n', len - 1), "%s: %zu bytes", names[k],
			      len);
		/* rotated because the next line would have taken it past 100 */
		ck_assert_msg(len + (strchr(next, '\n') - next + 1) > 100, "%s rotated early",
			      names[k]);
		strcat(all, text);
	}
	strcat(all, read_all("ev.log"));
	ck_assert_str_eq(all, want);
	tp_export_name__free(&n);
	remove_dir();
	dir[strlen(dir) - 4] = 0;
	remove_dir();
}
END_TEST

/* the file's lines are kept and appended to; the stats count what was written */
START_TEST(test_appends_and_counts)
{
	struct tp_export_file_opts o = { .max_bytes = 1 << 20, .max_backups = 5 };
	struct tp_export_file_stats st;
	struct tp_export_file *f;
	char path[256], err[256];
	struct stat sb;

	make_dir();
	write_file("ev.log", "{\"old\":1}\n");
	snprintf(path, sizeof(path), "%s/ev.log", dir);
	o.path = path;
	f = tp_export_file__open(&o, err, sizeof(err));
	ck_assert_msg(f, "open: %s", err);
	fputs("{\"a\":1}\n{\"b\":", tp_export_file__stream(f));
	fflush(tp_export_file__stream(f));
	/* half a line is held back: the file has whole lines only */
	ck_assert_str_eq(read_all("ev.log"), "{\"old\":1}\n{\"a\":1}\n");
	fputs("2}\n", tp_export_file__stream(f));
	fflush(tp_export_file__stream(f));
	tp_export_file__stats(f, &st);
	ck_assert_int_eq(st.lines, 2);
	ck_assert_int_eq(st.rotations, 0);
	ck_assert_int_eq(st.dropped, 0);
	tp_export_file__close(f);
	ck_assert_str_eq(read_all("ev.log"), "{\"old\":1}\n{\"a\":1}\n{\"b\":2}\n");
	ck_assert_int_eq(stat(path, &sb), 0);
	remove_dir();

	/* a directory is refused, as Tetragon's getExporter does */
	make_dir();
	o.path = dir;
	ck_assert_ptr_null(tp_export_file__open(&o, err, sizeof(err)));
	ck_assert_msg(strstr(err, "is a directory"), "%s", err);
	remove_dir();
}
END_TEST

/* a new file is created 0600 (Tetragon's export-file-perm), backups gzipped on close */
START_TEST(test_mode_and_compress)
{
	struct tp_export_file_opts o = { .max_bytes = 64, .max_backups = 2, .compress = true };
	struct tp_export_name n;
	struct tp_export_file *f;
	char path[256], err[256], names[16][128];
	struct stat sb;
	int i, cnt;

	make_dir();
	snprintf(path, sizeof(path), "%s/ev", dir);
	o.path = path;
	f = tp_export_file__open(&o, err, sizeof(err));
	ck_assert_msg(f, "open: %s", err);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	for (i = 0; i < 20; i++)
		fprintf(tp_export_file__stream(f), "{\"line\":%02d,\"pad\":\"xxxxxxxxxxxxxxxx\"}\n",
			i);
	tp_export_file__close(f);
	ck_assert_int_eq(tp_export_name__init(&n, path), 0);
	cnt = backups(&n, names, 16);
	ck_assert_int_eq(cnt, 2);
	for (i = 0; i < cnt; i++) {
		ck_assert_msg(strstr(names[i], ".gz"), "%s not compressed", names[i]);
		ck_assert_msg(strstr(read_all(names[i]), "{\"line\":"), "%s", names[i]);
	}
	/* the newest backups hold lines 17 and 18 (a file holds one 37-byte line) */
	ck_assert_str_eq(read_all(names[0]), "{\"line\":17,\"pad\":\"xxxxxxxxxxxxxxxx\"}\n");
	ck_assert_str_eq(read_all(names[1]), "{\"line\":18,\"pad\":\"xxxxxxxxxxxxxxxx\"}\n");
	ck_assert_str_eq(read_all("ev"), "{\"line\":19,\"pad\":\"xxxxxxxxxxxxxxxx\"}\n");
	tp_export_name__free(&n);
	remove_dir();
}
END_TEST

static Suite *export_file_suite(void)
{
	Suite *s = suite_create("export_file");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_backup_names);
	tcase_add_test(tc, test_parse_names);
	tcase_add_test(tc, test_mill_keeps_newest_and_gzips);
	tcase_add_test(tc, test_rotation_whole_lines);
	tcase_add_test(tc, test_appends_and_counts);
	tcase_add_test(tc, test_mode_and_compress);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(export_file_suite());
}
