// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * loader: true: the parser's hook, the checker's mmap tracepoints, the
 * generated programs and .tp.meta, the records tprun prints as Tetragon's
 * process_loader, and which loads it reports.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "link/meta_build.h"
#include "meta.h"
#include "output.h"
#include "output/ktime.h"
#include "output/loader.h"
#include "records.h"
#include "tp_checkrun.h"
#include "tp_test.h"
#include "tp_testpolicy.h"

START_TEST(test_loader_hook)
{
	struct result r;

	run(&r, HDR "  kprobes:\n  - call: \"sys_openat\"\n  loader: true\n");
	ck_assert_msg(r.errors == 0, "%s", r.out);
	ck_assert_int_eq(r.p->nhooks, 3);
	/* the loader's two hooks come last, whatever the order of the keys */
	ck_assert_int_eq(r.p->hooks[1].kind, TP_HOOK_LOADER);
	ck_assert_int_eq(r.p->hooks[2].kind, TP_HOOK_LOADER);
	ck_assert_str_eq(r.p->hooks[1].call, "loader");
	ck_assert_str_eq(r.p->hooks[2].call, "loader");
	ck_assert_str_eq(r.p->hooks[1].syscall_name, "mmap");
	ck_assert_str_eq(r.p->hooks[2].syscall_name, "mprotect");
	ck_assert_int_eq(r.p->hooks[1].loc.line, 8);
	ck_assert_int_eq(r.p->hooks[2].loc.line, 8);
	ck_assert_int_eq(r.p->hooks[1].nargs + r.p->hooks[1].nselectors, 0);
	result_free(&r);
}
END_TEST

/* loader: false is what a policy without it does: no hook */
START_TEST(test_loader_false)
{
	struct result r;

	run(&r, HDR "  loader: false\n");
	ck_assert_int_eq(r.p->nhooks, 0);
	ck_assert_str_eq(r.out, "p.yaml:1:1: error: policy has no hooks\n");
	result_free(&r);
}
END_TEST

START_TEST(test_loader_not_bool)
{
	const char *yaml = HDR "  loader: sometimes\n";
	struct tp_policy *p;
	char *out = NULL;
	size_t len = 0;
	struct tp_diag d;
	FILE *f = open_memstream(&out, &len);

	tp_diag__init(&d, "p.yaml", f);
	p = tp_policy__parse("p.yaml", yaml, strlen(yaml), &d);
	fclose(f);
	ck_assert_int_eq(d.errors, 1);
	ck_assert_msg(!strncmp(out, "p.yaml:6:11: error: ", 20), "%s", out);
	tp_policy__free(p);
	free(out);
}
END_TEST

/* tracefs/events/syscalls/EVENT/format under dir: the syscall's args, named as given */
static void write_format(const char *dir, const char *event, const char *const *args, int n)
{
	char path[256];
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "%s/events/syscalls/%s", dir, event);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	strcat(path, "/format");
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f,
		"name: %s\nID: 1\nformat:\n\tfield:int __syscall_nr;\toffset:8;\tsize:4;"
		"\tsigned:1;\n",
		event);
	for (i = 0; i < n; i++)
		fprintf(f, "\tfield:unsigned long %s;\toffset:%d;\tsize:8;\tsigned:0;\n", args[i],
			16 + 8 * i);
	fclose(f);
}

/* A target whose tracepoints do not have the args where the programs read them */
START_TEST(test_loader_mmap_format)
{
	static const char *const mmap_args[] = { "addr", "len", "flags", "prot", "fd" };
	static const char *const mprotect_args[] = { "start", "prot", "len" };
	char dir[] = "/tmp/tp-loader-XXXXXX", cmd[64];
	struct tp_target t = *tp_test_target();
	struct result r;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "%s/events", dir);
	ck_assert_int_eq(mkdir(cmd, 0700), 0);
	strcat(cmd, "/syscalls");
	ck_assert_int_eq(mkdir(cmd, 0700), 0);
	write_format(dir, "sys_enter_mmap", mmap_args, 5);
	write_format(dir, "sys_enter_mprotect", mprotect_args, 3);
	t.tracefs = dir;
	run_target(&r, HDR "  loader: true\n", &t);
	ck_assert_str_eq(r.out, "p.yaml:6:3: error: loader: sys_enter_mmap has no argument "
				"'prot' at 2\n"
				"p.yaml:6:3: error: loader: sys_enter_mprotect has no argument "
				"'len' at 1\n");
	result_free(&r);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
	t.tracefs = "/nonexistent";
	run_target(&r, HDR "  loader: true\n", &t);
	ck_assert_str_eq(r.out, "p.yaml:6:3: error: loader: needs the syscall tracepoints, and "
				"/nonexistent has none\n");
	result_free(&r);
}
END_TEST

START_TEST(test_loader_emit)
{
	char *c = tp_test_emit("  loader: true\n", 0);

	ck_assert_ptr_nonnull(strstr(c, "#include \"tp_loader.bpf.h\"\n"));
	ck_assert_ptr_nonnull(strstr(c, "/* --- hook 0: loader, policy line 6 --- */\n"));
	ck_assert_ptr_nonnull(strstr(c, "/* --- hook 1: loader, policy line 6 --- */\n"));
	ck_assert_ptr_nonnull(strstr(c, "void tp_h0_enter(struct tp_sys_enter_ctx *ctx)\n{\n"
					"\ttp_loader_mmap_enter(ctx);\n}\n"));
	ck_assert_ptr_nonnull(strstr(c, "void tp_h0_exit(struct tp_sys_exit_ctx *ctx)\n{\n"
					"\ttp_loader_mmap_exit(ctx, 0);\n}\n"));
	ck_assert_ptr_nonnull(strstr(c, "void tp_h1_enter(struct tp_sys_enter_ctx *ctx)\n{\n"
					"\ttp_loader_mprotect_enter(ctx);\n}\n"));
	ck_assert_ptr_nonnull(strstr(c, "void tp_h1_exit(struct tp_sys_exit_ctx *ctx)\n{\n"
					"\ttp_loader_mprotect_exit(ctx, 1);\n}\n"));
	ck_assert_ptr_nonnull(strstr(c, "int tp_h0_tp(struct tp_sys_enter_ctx *ctx)\n{\n"
					"\ttp_h0_enter(ctx);\n"));
	ck_assert_ptr_nonnull(strstr(c, "int tp_h1_tp_exit(struct tp_sys_exit_ctx *ctx)\n{\n"
					"\ttp_h1_exit(ctx);\n"));
	/* a record holds the header and a path of TP_STR_MAX bytes */
	ck_assert_ptr_nonnull(strstr(c, "#define TP_OUT_MASK 0x1fff\n"));
	tp_test_assert_columns(c);
	free(c);
}
END_TEST

/* Hook i of m is a loader hook on these tracepoints, by these programs */
static void assert_hook(const struct tp_meta *m, size_t i, const char *target,
			const char *target_exit, const char *prog, const char *prog_exit)
{
	const struct tp_meta_hook_view *h = tp_meta__hook(m, i);

	ck_assert_int_eq(h->kind, TP_HOOK_LOADER);
	ck_assert_str_eq(h->call, "loader");
	ck_assert_int_eq(h->flags, 0);
	ck_assert_int_eq(h->nvariants, 1);
	ck_assert_int_eq(h->variants[0].kind, TP_VAR_TRACEPOINT);
	ck_assert_str_eq(h->variants[0].target, target);
	ck_assert_str_eq(h->variants[0].target_exit, target_exit);
	ck_assert_str_eq(h->variants[0].prog, prog);
	ck_assert_str_eq(h->variants[0].prog_exit, prog_exit);
}

START_TEST(test_loader_meta)
{
	struct tp_policy *p = tp_test_policy("  loader: true\n");
	struct tp_plan *pl;
	struct tp_meta *m;
	char err[200];
	size_t size;
	void *data;

	ck_assert_ptr_nonnull(p);
	pl = tp_plan__new(p, NULL, err, sizeof(err));
	ck_assert_ptr_nonnull(pl);
	ck_assert_int_eq(tp_meta__build(p, pl, NULL, &data, &size), 0);
	m = tp_meta__parse(data, size, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	ck_assert_int_eq(tp_meta__hook_cnt(m), 2);
	assert_hook(m, 0, "syscalls/sys_enter_mmap", "syscalls/sys_exit_mmap", "tp_h0_tp",
		    "tp_h0_tp_exit");
	assert_hook(m, 1, "syscalls/sys_enter_mprotect", "syscalls/sys_exit_mprotect", "tp_h1_tp",
		    "tp_h1_tp_exit");
	tp_meta__free(m);
	free(data);
	tp_plan__free(pl);
	tp_policy__free(p);
}
END_TEST

START_TEST(test_loader_seen)
{
	struct tp_loader_seen *s = tp_loader_seen__new();
	uint32_t i;

	ck_assert_ptr_nonnull(s);
	ck_assert(tp_loader_seen__first(s, 10, 5, "/lib/a.so", 9));
	ck_assert(!tp_loader_seen__first(s, 10, 5, "/lib/a.so", 9));
	ck_assert(tp_loader_seen__first(s, 10, 5, "/lib/b.so", 9));
	ck_assert(tp_loader_seen__first(s, 11, 5, "/lib/a.so", 9));
	/* the same pid after an exec is another process */
	ck_assert(tp_loader_seen__first(s, 10, 6, "/lib/a.so", 9));
	/* the least recently seen goes first: a.so of (10, 5) is kept by its use */
	for (i = 0; i < TP_LOADER_SEEN_MAX - 1; i++) {
		ck_assert(!tp_loader_seen__first(s, 10, 5, "/lib/a.so", 9));
		ck_assert(tp_loader_seen__first(s, 1000 + i, 0, "/x", 2));
	}
	ck_assert(!tp_loader_seen__first(s, 10, 5, "/lib/a.so", 9));
	ck_assert(tp_loader_seen__first(s, 10, 5, "/lib/b.so", 9));
	tp_loader_seen__free(s);
}
END_TEST

START_TEST(test_loader_build_id_missing)
{
	uint8_t id[TP_BUILD_ID_MAX];

	/* not absolute, not there, not a regular file, not ELF */
	const char *const paths[] = { "lib.so", "/nonexistent/lib.so", "/dev/null",
				      "/proc/self/status" };
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct tp_loader_file f = { .pid = getpid(), .path = paths[i] };

		ck_assert_int_eq(tp_loader__build_id(&f, id), 0);
	}
}
END_TEST

/* A hand-built TP_EV_LOADER record: its process from the cache, build id read from the file */
static size_t rec_loader(struct rb *b, uint32_t pid, const char *path, uint64_t ino)
{
	rb_hdr(b, TP_EV_LOADER, 500000000, pid, pid + 1);
	rb_u32(b, 0);
	rb_u32(b, 0);
	rb_u64(b, ino);
	rb_u64(b, 0);
	rb_u64(b, 0);
	rb_blob(b, path, strlen(path), 0x81ed);
	return rb_done(b);
}

static char *print_loads(enum tp_output_fmt fmt, const char *path, uint64_t ino, int times)
{
	struct tp_proc_cache *cache = tp_proc_cache__new("node1");
	struct tp_output *o;
	char *text = NULL;
	size_t len = 0;
	struct rb b;
	FILE *f = open_memstream(&text, &len);
	int i;

	tp_ktime_set_offset(1643738516LL * 1000000000LL);
	o = tp_output__new(f, fmt, "node1", NULL, cache);
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(tp_output__record(o, b.buf,
					   rec_exec(&b, 100000000, 1000, 1, 0, TP_EXECF_CLONE, 0,
						    "/bin/app", "", 0, "/root")),
			 0);
	for (i = 0; i < times; i++)
		ck_assert_int_eq(tp_output__record(o, b.buf, rec_loader(&b, 1000, path, ino)), 0);
	tp_output__free(o);
	tp_proc_cache__free(cache);
	fclose(f);
	return text;
}

#define APP                                                                        \
	"{\"exec_id\":\"bm9kZTE6MTAwMDAwMDAwOjEwMDA=\",\"pid\":1000,\"uid\":0,"    \
	"\"cwd\":\"/root\",\"binary\":\"/bin/app\",\"flags\":\"execve clone\","    \
	"\"start_time\":\"2022-02-01T18:01:56.100Z\",\"auid\":4294967295,\"tid\":" \
	"1000}"

START_TEST(test_loader_json)
{
	char *out = print_loads(TP_OUT_JSON, "/lib/gone.so", 0, 2);
	const char *load = strstr(out, "{\"process_loader\"");

	/* once for the process and path; no build id from a file not there: none printed */
	ck_assert_ptr_nonnull(load);
	ck_assert_str_eq(load,
			 "{\"process_loader\":{\"process\":" APP ",\"path\":\"/lib/gone.so\"},"
			 "\"node_name\":\"node1\",\"time\":\"2022-02-01T18:01:56.500Z\"}\n");
	free(out);
}
END_TEST

/* The build id of path's file, mapped here, found by the mapping alone */
static size_t mapped_build_id(const char *path, uint64_t ino, uint8_t id[TP_BUILD_ID_MAX])
{
	int fd = open(path, O_RDONLY);
	void *p = fd >= 0 ? mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	struct tp_loader_file f = { .pid = getpid(), .path = "/memfd:x (deleted)", .ino = ino };
	size_t len;

	ck_assert_ptr_ne(p, MAP_FAILED);
	f.start = (uintptr_t)p;
	f.end = f.start + 4096;
	len = tp_loader__build_id(&f, id);
	munmap(p, 4096);
	close(fd);
	return len;
}

/* The build id of a real ELF file: this test's own binary, as libelf and the reader agree */
START_TEST(test_loader_json_build_id)
{
	char exe[4096], want[4096 + 256], *out, *load;
	struct tp_loader_file f = {};
	uint8_t id[TP_BUILD_ID_MAX], again[TP_BUILD_ID_MAX];
	struct stat st;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t len;

	ck_assert(n > 0);
	exe[n] = 0;
	ck_assert_int_eq(stat(exe, &st), 0);
	f.pid = getpid();
	f.path = exe;
	f.ino = st.st_ino;
	len = tp_loader__build_id(&f, id);
	ck_assert_msg(len == 20, "the test binary has a sha1 build id (%zu bytes)", len);
	/* another inode at the path: not the mapped file, no build id */
	f.ino = st.st_ino + 1;
	ck_assert_int_eq(tp_loader__build_id(&f, id), 0);
	/* no path to it: the mapping's file, /proc/PID/map_files/START-END */
	ck_assert_int_eq(mapped_build_id(exe, st.st_ino, again), 20);
	ck_assert_mem_eq(again, id, 20);
	out = print_loads(TP_OUT_COMPACT, exe, st.st_ino, 1);
	load = strstr(out, "🧬");
	ck_assert_ptr_nonnull(load);
	snprintf(want, sizeof(want), "🧬 loader  node1 /bin/app ");
	for (n = 0; n < 20; n++)
		snprintf(want + strlen(want), 3, "%02x", id[n]);
	snprintf(want + strlen(want), sizeof(want) - strlen(want), " %s\n", exe);
	ck_assert_str_eq(load, want);
	free(out);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("loader");

	tcase_add_test(tc, test_loader_hook);
	tcase_add_test(tc, test_loader_false);
	tcase_add_test(tc, test_loader_not_bool);
	tcase_add_test(tc, test_loader_mmap_format);
	tcase_add_test(tc, test_loader_emit);
	tcase_add_test(tc, test_loader_meta);
	tcase_add_test(tc, test_loader_seen);
	tcase_add_test(tc, test_loader_build_id_missing);
	tcase_add_test(tc, test_loader_json);
	tcase_add_test(tc, test_loader_json_build_id);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
