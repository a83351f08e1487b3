// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Unit tests for runtime/output/stack*.c and the stack fields of both
 * printers: the kallsyms symboliser (Tetragon's pkg/ksyms rules), the user
 * symboliser on this very process (libdwfl), the record's stack blobs, and
 * kernel_stack_trace / user_stack_trace in Tetragon's JSON and compact shape.
 */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tp/actions.h>

#include "output/print.h"
#include "output/stack.h"
#include "records.h"
#include "tp_test.h"

static char ksyms_path[] = "/tmp/tp-test-kallsyms.XXXXXX";

/* Out of order (a module's symbols come last in kallsyms but may sort first). */
static const char kallsyms[] = "ffffffff81000000 T _stext\n"
			       "ffffffff81000100 t do_one\n"
			       "ffffffff81000200 D some_data\n"
			       "ffffffff81000300 W weak_fn\n"
			       "not a line\n"
			       "ffffffffa0000000 t mod_fn\t[ext4]\n"
			       "ffffffff80000000 t early_fn\n";

static struct tp_ksyms *load(const char *text)
{
	int fd = mkstemp(ksyms_path);
	struct tp_ksyms *k;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	k = tp_ksyms__load(ksyms_path);
	unlink(ksyms_path);
	strcpy(ksyms_path + strlen(ksyms_path) - 6, "XXXXXX");
	return k;
}

#define RESOLVES(k, addr, sym, off, mod)                                                         \
	do {                                                                                     \
		struct tp_stack_frame f_ = {};                                                   \
		ck_assert_int_eq(tp_ksyms__resolve(k, addr, &f_), 0);                            \
		ck_assert_msg(!strcmp(f_.symbol, sym) && f_.offset == (off) &&                   \
				  !strcmp(f_.module, mod),                                       \
			      "%#llx: got %s+%#llx [%s]", (unsigned long long)(addr), f_.symbol, \
			      (unsigned long long)f_.offset, f_.module);                         \
	} while (0)

START_TEST(test_kallsyms)
{
	struct tp_ksyms *k = load(kallsyms);
	struct tp_stack_frame f;

	ck_assert_ptr_nonnull(k);
	RESOLVES(k, 0xffffffff81000000ULL, "_stext", 0, "");
	RESOLVES(k, 0xffffffff810000ffULL, "_stext", 0xff, "");
	RESOLVES(k, 0xffffffff81000105ULL, "do_one", 5, "");
	RESOLVES(k, 0xffffffff81000310ULL, "weak_fn", 0x10, "");
	RESOLVES(k, 0xffffffffa0000042ULL, "mod_fn", 0x42, "ext4");
	RESOLVES(k, 0xffffffff80000001ULL, "early_fn", 1, "");
	/* nearest symbol not a function; before every symbol: no frame */
	ck_assert_int_eq(tp_ksyms__resolve(k, 0xffffffff81000208ULL, &f), -ENOENT);
	ck_assert_int_eq(tp_ksyms__resolve(k, 0x1000, &f), -ENOENT);
	tp_ksyms__free(k);

	/* kptr_restrict: functions at 0, nothing resolves */
	k = load("0000000000000000 T _stext\n0000000000000000 t do_one\n");
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(tp_ksyms__resolve(k, 0xffffffff81000105ULL, &f), -EPERM);
	tp_ksyms__free(k);

	errno = 0;
	ck_assert_ptr_null(tp_ksyms__load("/nonexistent/kallsyms"));
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

/* The live kernel's own table: do_syscall_64 names itself (root can read addresses). */
START_TEST(test_kallsyms_live)
{
	struct tp_ksyms *k = tp_ksyms__load(NULL);
	struct tp_stack_frame f;
	unsigned long long addr = 0;
	char line[512], name[256], type;
	FILE *ks = fopen("/proc/kallsyms", "r");

	ck_assert_ptr_nonnull(k);
	ck_assert_ptr_nonnull(ks);
	while (fgets(line, sizeof(line), ks))
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) == 3 &&
		    !strcmp(name, "do_syscall_64"))
			break;
	fclose(ks);
	ck_assert_msg(addr, "do_syscall_64 in kallsyms with an address");
	ck_assert_int_eq(tp_ksyms__resolve(k, addr + 3, &f), 0);
	ck_assert_str_eq(f.symbol, "do_syscall_64");
	ck_assert_uint_eq(f.offset, 3);
	tp_ksyms__free(k);
}
END_TEST

__attribute__((noinline)) int stack_test_target(int x);
__attribute__((noinline)) int stack_test_target(int x)
{
	return x * 3 + 1;
}

START_TEST(test_user_symbols)
{
	struct tp_usyms *u = tp_usyms__new();
	uint64_t addr[2] = { (uint64_t)(uintptr_t)stack_test_target + 2, 8 };
	struct tp_stack_frame f[2];
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	ck_assert_int_gt(n, 0);
	exe[n] = 0;
	ck_assert_ptr_nonnull(u);
	/* address 8 is in no mapping: left out */
	ck_assert_uint_eq(tp_usyms__resolve(u, getpid(), 0, addr, 2, f), 1);
	ck_assert_str_eq(f[0].symbol, "stack_test_target");
	ck_assert_str_eq(f[0].module, exe);
	ck_assert_uint_ne(f[0].offset, 0);
	/* a process that is not there and was never seen: nothing */
	ck_assert_uint_eq(tp_usyms__resolve(u, 0x7ffffff0, 0, addr, 1, f), 0);
	/* forgotten, read again: the same */
	tp_usyms__forget(u, getpid());
	ck_assert_uint_eq(tp_usyms__resolve(u, getpid(), 0, addr, 1, f), 1);
	ck_assert_str_eq(f[0].symbol, "stack_test_target");
	tp_usyms__free(u);
}
END_TEST

START_TEST(test_raw_decode)
{
	uint64_t k[3] = { 1, 2, 3 }, us[1] = { 4 };
	struct tp_stack_raw raw;
	struct rb b;
	size_t end;

	memset(&b, 0, sizeof(b));
	rb_blob(&b, k, sizeof(k), 0);
	rb_blob(&b, us, sizeof(us), 0);
	end = b.len;
	ck_assert_int_eq(tp_stack_raw__decode(b.buf, end, 0,
					      TP_HOOKEV_KERNEL_STACK | TP_HOOKEV_USER_STACK, &raw),
			 0);
	ck_assert_uint_eq(raw.nkernel, 3);
	ck_assert_uint_eq(raw.nuser, 1);
	ck_assert_int_eq(memcmp(raw.kernel, k, sizeof(k)), 0);
	/* the user blob alone */
	ck_assert_int_eq(
	    tp_stack_raw__decode(b.buf, end, TP_BLOB_SIZE(sizeof(k)), TP_HOOKEV_USER_STACK, &raw),
	    0);
	ck_assert_ptr_null(raw.kernel);
	ck_assert_uint_eq(raw.nuser, 1);
	/* a failed walk: no frames; a cut record or a ragged blob: malformed */
	b.len = 0;
	rb_blob(&b, NULL, 0, TP_BLOB_ERROR);
	ck_assert_int_eq(tp_stack_raw__decode(b.buf, b.len, 0, TP_HOOKEV_KERNEL_STACK, &raw), 0);
	ck_assert_ptr_null(raw.kernel);
	ck_assert_int_eq(tp_stack_raw__decode(b.buf, b.len, 0,
					      TP_HOOKEV_KERNEL_STACK | TP_HOOKEV_USER_STACK, &raw),
			 -EINVAL);
	b.len = 0;
	rb_blob(&b, k, 12, 0);
	ck_assert_int_eq(tp_stack_raw__decode(b.buf, b.len, 0, TP_HOOKEV_KERNEL_STACK, &raw),
			 -EINVAL);
}
END_TEST

static const struct tp_stack_frame kframes[] = {
	{ 0, 0x1db, "perf_syscall_enter", "" },
	{ 0, 0x42, "mod_fn", "ext4" },
};
static const struct tp_stack_frame uframes[] = {
	{ 0x7f0000001000ULL, 0xf818f, "openat64", "/usr/lib/libc.so.6" },
	{ 0x7f0000002000ULL, 0x2724a, "", "/usr/lib/libc.so.6" },
};

static char *print(bool json, const struct tp_out_event *ev)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct tp_json *j = tp_json__new();

	ck_assert_ptr_nonnull(f);
	if (json)
		ck_assert_int_eq(tp_output_json__print(f, j, "n", "p", ev), 0);
	else
		ck_assert_int_eq(tp_output_compact__print(f, "n", ev), 0);
	fclose(f);
	tp_json__free(j);
	return buf;
}

START_TEST(test_print_shapes)
{
	struct tp_meta_hook_view hv = { .kind = TP_HOOK_KPROBE, .message = "m" };
	struct tp_out_event ev = {
		.type = TP_EV_HOOK,
		.pid = 7,
		.tid = 7,
		.hook = &hv,
		.action = TP_ACT_POST,
		.function = "__x64_sys_openat",
		.kernel_stack = kframes,
		.nkernel_stack = 2,
		.user_stack = uframes,
		.nuser_stack = 2,
	};
	char *out = print(true, &ev);

	/* tetragon.proto: kernel_stack_trace (7) after action, user_stack_trace (12) after tags;
	 * uint64 as strings, empty fields left out */
	ck_assert_msg(strstr(out, "\"action\":\"KPROBE_ACTION_POST\",\"kernel_stack_trace\":["
				  "{\"offset\":\"475\",\"symbol\":\"perf_syscall_enter\"},"
				  "{\"offset\":\"66\",\"symbol\":\"mod_fn\",\"module\":\"ext4\"}],"
				  "\"policy_name\":\"p\",\"message\":\"m\",\"user_stack_trace\":["
				  "{\"address\":\"139637976731648\",\"offset\":\"1016207\","
				  "\"symbol\":\"openat64\",\"module\":\"/usr/lib/libc.so.6\"},"
				  "{\"address\":\"139637976735744\",\"offset\":\"160330\","
				  "\"module\":\"/usr/lib/libc.so.6\"}]},"),
		      "json: %s", out);
	ck_assert_msg(json_lines_valid(out), "valid JSON");
	free(out);

	out = print(false, &ev);
	ck_assert_msg(strstr(out, "\nKernel:\n"
				  "   0x0: perf_syscall_enter+0x1db\n"
				  "   0x0: mod_fn+0x42\n"
				  "User:\n"
				  "   0x7f0000001000: openat64 (/usr/lib/libc.so.6+0xf818f)\n"
				  "   0x7f0000002000: (/usr/lib/libc.so.6+0x2724a)\n") &&
			  out[strlen(out) - 1] == '\n',
		      "compact: %s", out);
	free(out);

	/* no frames: no keys, no blocks */
	ev.nkernel_stack = ev.nuser_stack = 0;
	out = print(true, &ev);
	ck_assert_msg(!strstr(out, "stack_trace"), "json without stacks: %s", out);
	free(out);
	out = print(false, &ev);
	ck_assert_msg(!strstr(out, "Kernel:") && !strstr(out, "User:"), "compact: %s", out);
	free(out);
}
END_TEST

static Suite *stack_suite(void)
{
	Suite *s = suite_create("stack");
	TCase *tc = tcase_create("stack");

	tcase_add_test(tc, test_kallsyms);
	tcase_add_test(tc, test_kallsyms_live);
	tcase_add_test(tc, test_user_symbols);
	tcase_add_test(tc, test_raw_decode);
	tcase_add_test(tc, test_print_shapes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return tp_test_run(stack_suite());
}
