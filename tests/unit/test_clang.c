// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * gen/link/clang.c: a clang started before its arguments are known
 * (tp_clang__standby) runs the next compile, whatever bytes its paths hold,
 * to the same object; its messages reach the log or stderr; a child forked
 * after it does not keep it waiting for its arguments; one that does not read
 * them leaves the compile to a clang of its own; one no compile took is
 * ended; none on one CPU; tpgen's closed stdout and stderr are not its pipe.
 * The clang is a wrapper that writes down its first argument: "@/dev/stdin"
 * for a standby.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "link/clang.h"
#include "tp_test.h"

/* a folder name a response file must quote: a space, quotes, a backslash, a newline, '#', '$', '@'
 */
static const char odd_name[] = "a b\"c'd\\e\nf#g$h@i";

static char top[] = "/tmp/tpgen-unit.XXXXXX";
static char odd[256], wrapper[PATH_MAX], seen[PATH_MAX], src[PATH_MAX], obj[PATH_MAX];
static struct tp_clang_opts opts;

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_int_eq(chmod(path, mode), 0);
}

/* src includes a header found by -I the odd folder: it compiles only with every path whole */
static void setup(void)
{
	char path[PATH_MAX + 16], script[PATH_MAX + 128];

	ck_assert_ptr_nonnull(mkdtemp(top));
	snprintf(odd, sizeof(odd), "%s/%s", top, odd_name);
	ck_assert_int_eq(mkdir(odd, 0700), 0);
	snprintf(seen, sizeof(seen), "%s/seen", top);
	snprintf(wrapper, sizeof(wrapper), "%s/clang", top);
	snprintf(script, sizeof(script),
		 "#!/bin/sh\nprintf '%%s\\n' \"$1\" >> '%s'\nexec %s \"$@\"\n", seen,
		 getenv("CLANG") ? getenv("CLANG") : "clang");
	write_file(wrapper, script, 0700);
	snprintf(path, sizeof(path), "%s/odd.h", odd);
	write_file(path, "int odd;\n", 0600);
	snprintf(src, sizeof(src), "%s/x.c", odd);
	write_file(src, "#include <odd.h>\nint f(void) { return odd; }\n", 0600);
	snprintf(obj, sizeof(obj), "%s/x.o", odd);
	opts = (struct tp_clang_opts){
		.clang = wrapper,
		.templates_dir = odd,
		.abi_dir = odd,
		.vmlinux_dir = odd,
		.build_dir = odd,
		.part = -1,
	};
}

static void teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	ck_assert_int_eq(system(cmd), 0);
}

/* What the wrapper wrote down: each clang's first argument, a line each. */
static char *seen_text(void)
{
	static char text[4096];
	FILE *f = fopen(seen, "r");
	size_t n = 0;

	if (f) {
		n = fread(text, 1, sizeof(text) - 1, f);
		fclose(f);
	}
	text[n] = 0;
	return text;
}

/* No child of this process is left. */
static void no_children(void)
{
	ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
}

/* The bytes of the file at path, and their count. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *text;
	long size;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	ck_assert_int_gt(size, 0);
	rewind(f);
	text = malloc(size);
	ck_assert_ptr_nonnull(text);
	*len = fread(text, 1, size, f);
	fclose(f);
	return text;
}

START_TEST(the_standby_compiles_paths_a_response_file_quotes)
{
	char direct[PATH_MAX + 16];
	size_t a, b;
	char *x, *y;

	ck_assert_int_eq(tp_clang__standby(wrapper), 0);
	ck_assert_int_eq(tp_clang__standby(wrapper), -EBUSY);
	ck_assert_int_eq(tp_clang__compile(&opts, src, obj), 0);
	/* one clang: the standby */
	ck_assert_str_eq(seen_text(), "@/dev/stdin\n");
	tp_clang__standby_end(); /* taken: nothing to end */
	no_children();
	/* the next compile starts its own, to the same bytes */
	snprintf(direct, sizeof(direct), "%s/direct.o", top);
	ck_assert_int_eq(tp_clang__compile(&opts, src, direct), 0);
	ck_assert_str_eq(seen_text(), "@/dev/stdin\n-g\n");
	x = slurp(obj, &a);
	y = slurp(direct, &b);
	ck_assert_uint_gt(a, 0);
	ck_assert_uint_eq(a, b);
	ck_assert_int_eq(memcmp(x, y, a), 0);
	free(x);
	free(y);
}
END_TEST

START_TEST(the_standby_passes_its_messages_on)
{
	char log[PATH_MAX + 16], err[PATH_MAX + 16], text[4096];
	int fd, saved;
	ssize_t n;

	write_file(src, "int f(void) { return nothing_by_this_name; }\n", 0600);
	/* to the log */
	snprintf(log, sizeof(log), "%s/clang.log", odd);
	opts.log = log;
	ck_assert_int_eq(tp_clang__standby(wrapper), 0);
	ck_assert_int_gt(tp_clang__compile(&opts, src, obj), 0);
	fd = open(log, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	ck_assert_int_gt(n, 0);
	text[n] = 0;
	ck_assert_ptr_nonnull(strstr(text, "nothing_by_this_name"));
	/* to stderr */
	opts.log = NULL;
	snprintf(err, sizeof(err), "%s/stderr", top);
	fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	saved = dup(2);
	dup2(fd, 2);
	close(fd);
	ck_assert_int_eq(tp_clang__standby(wrapper), 0);
	ck_assert_int_gt(tp_clang__compile(&opts, src, obj), 0);
	dup2(saved, 2);
	close(saved);
	fd = open(err, O_RDONLY);
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	ck_assert_int_gt(n, 0);
	text[n] = 0;
	ck_assert_ptr_nonnull(strstr(text, "nothing_by_this_name"));
	ck_assert_str_eq(seen_text(), "@/dev/stdin\n@/dev/stdin\n");
	no_children();
}
END_TEST

/* A child holding the arguments' pipe would keep the standby from its end: this would hang. */
START_TEST(a_child_forked_after_it_does_not_keep_it_waiting)
{
	int gate[2];
	char c;
	pid_t pid;

	ck_assert_int_eq(tp_clang__standby(wrapper), 0);
	ck_assert_int_eq(pipe(gate), 0);
	pid = tp_clang__fork();
	ck_assert_int_ge(pid, 0);
	if (!pid) { /* alive until the parent's compile ends */
		close(gate[1]);
		_exit(read(gate[0], &c, 1) == 0 ? 0 : 1);
	}
	close(gate[0]);
	ck_assert_int_eq(tp_clang__compile(&opts, src, obj), 0);
	close(gate[1]);
	ck_assert_int_eq(tp_clang__reap(pid, NULL), 0);
	ck_assert_str_eq(seen_text(), "@/dev/stdin\n");
	no_children();
}
END_TEST

START_TEST(a_standby_no_compile_took_is_ended)
{
	ck_assert_int_eq(tp_clang__standby(wrapper), 0);
	tp_clang__standby_end();
	no_children();
	/* none without a clang: a compile says so */
	opts.clang = "/nonexistent/clang";
	ck_assert_int_lt(tp_clang__standby(opts.clang), 0);
	ck_assert_int_lt(tp_clang__compile(&opts, src, obj), 0);
	no_children();
}
END_TEST

/* A wrapper that gives clang no input: the standby reads nothing, and exits. */
START_TEST(a_standby_that_does_not_read_its_arguments_leaves_the_compile_to_another)
{
	char script[PATH_MAX + 128];

	snprintf(script, sizeof(script),
		 "#!/bin/sh\nprintf '%%s\\n' \"$1\" >> '%s'\nexec %s \"$@\" < /dev/null\n", seen,
		 getenv("CLANG") ? getenv("CLANG") : "clang");
	write_file(wrapper, script, 0700);
	ck_assert_int_eq(tp_clang__standby(wrapper), 0);
	ck_assert_int_eq(tp_clang__compile(&opts, src, obj), 0);
	ck_assert_int_eq(access(obj, R_OK), 0);
	ck_assert_str_eq(seen_text(), "@/dev/stdin\n-g\n");
	no_children();
}
END_TEST

START_TEST(none_on_one_cpu)
{
	cpu_set_t one;

	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	ck_assert_int_eq(sched_setaffinity(0, sizeof(one), &one), 0);
	ck_assert_int_eq(tp_clang__standby(wrapper), -EOPNOTSUPP);
	ck_assert_int_eq(tp_clang__compile(&opts, src, obj), 0);
	ck_assert_str_eq(seen_text(), "-g\n");
}
END_TEST

/*
 * Started with stdout and stderr closed, the pipe's ends would take their
 * numbers: the -v line and any message would go into clang's arguments.
 */
START_TEST(closed_stdout_and_stderr_are_not_its_pipe)
{
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (!pid) {
		close(1);
		close(2);
		opts.verbose = true;
		_exit(tp_clang__standby(wrapper) || tp_clang__compile(&opts, src, obj));
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_str_eq(seen_text(), "@/dev/stdin\n");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("clang");
	TCase *tc = tcase_create("standby");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, the_standby_compiles_paths_a_response_file_quotes);
	tcase_add_test(tc, the_standby_passes_its_messages_on);
	tcase_add_test(tc, a_child_forked_after_it_does_not_keep_it_waiting);
	tcase_add_test(tc, a_standby_no_compile_took_is_ended);
	tcase_add_test(tc,
		       a_standby_that_does_not_read_its_arguments_leaves_the_compile_to_another);
	tcase_add_test(tc, none_on_one_cpu);
	tcase_add_test(tc, closed_stdout_and_stderr_are_not_its_pipe);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
