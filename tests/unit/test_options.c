// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * loader/options.c: tprun's command line, one object or several
 * (tprun a.bpf.o b.bpf.o ...), the options before, between or after them.
 */
#include <check.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../../loader/options.h"
#include "tp_test.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

/* Parse a NULL-ended argv afresh (getopt keeps state between calls). */
static int parse(struct tprun_opts *o, int argc, char **argv)
{
	optind = 0;
	opterr = 0;
	return tprun_opts__parse(o, argc, argv);
}

/* --ringbuf-size VALUE a.bpf.o: the parse's result, the size in o */
static int ringbuf_size(struct tprun_opts *o, const char *value)
{
	char *argv[] = { "tprun", "--ringbuf-size", (char *)value, "a.bpf.o", NULL };

	return parse(o, ARGC(argv), argv);
}

START_TEST(test_one_object)
{
	char *argv[] = { "tprun", "a.bpf.o", NULL };
	struct tprun_opts o;

	ck_assert_int_eq(parse(&o, ARGC(argv), argv), 0);
	ck_assert_uint_eq(o.nobjects, 1);
	ck_assert_str_eq(o.object, "a.bpf.o");
	ck_assert_str_eq(o.objects[0], "a.bpf.o");
	ck_assert_int_eq(o.fmt, TP_OUT_JSON);
}
END_TEST

START_TEST(test_several_objects_in_order)
{
	char *argv[] = { "tprun", "a.bpf.o", "b.bpf.o", "c.bpf.o", NULL };
	struct tprun_opts o;

	ck_assert_int_eq(parse(&o, ARGC(argv), argv), 0);
	ck_assert_uint_eq(o.nobjects, 3);
	ck_assert_str_eq(o.object, "a.bpf.o");
	ck_assert_str_eq(o.objects[1], "b.bpf.o");
	ck_assert_str_eq(o.objects[2], "c.bpf.o");
}
END_TEST

/* options may come between and after the objects; they apply to every one */
START_TEST(test_options_between_objects)
{
	char *argv[] = { "tprun",   "a.bpf.o", "-o",	   "compact", "b.bpf.o",
			 "--check", "c.bpf.o", "--forbid", "kprobe",  NULL };
	struct tprun_opts o;

	ck_assert_int_eq(parse(&o, ARGC(argv), argv), 0);
	ck_assert_uint_eq(o.nobjects, 3);
	ck_assert_str_eq(o.objects[0], "a.bpf.o");
	ck_assert_str_eq(o.objects[1], "b.bpf.o");
	ck_assert_str_eq(o.objects[2], "c.bpf.o");
	ck_assert_int_eq(o.fmt, TP_OUT_COMPACT);
	ck_assert(o.check);
	ck_assert_uint_eq(o.rt.forbid, 1u << tp_variant__by_name("kprobe"));
}
END_TEST

/* --verify-key applies to every object; without it, none is asked for a signature */
START_TEST(test_verify_key)
{
	char *argv[] = { "tprun", "a.bpf.o", "--verify-key", "pub.pem", "b.bpf.o", NULL };
	char *none[] = { "tprun", "a.bpf.o", NULL };
	struct tprun_opts o;

	ck_assert_int_eq(parse(&o, ARGC(argv), argv), 0);
	ck_assert_uint_eq(o.nobjects, 2);
	ck_assert_str_eq(o.verify_key, "pub.pem");
	ck_assert_int_eq(parse(&o, ARGC(none), none), 0);
	ck_assert_ptr_null(o.verify_key);
}
END_TEST

/* after --, a name that starts with a dash is an object */
START_TEST(test_double_dash)
{
	char *argv[] = { "tprun", "-v", "--", "-a.bpf.o", "b.bpf.o", NULL };
	struct tprun_opts o;

	ck_assert_int_eq(parse(&o, ARGC(argv), argv), 0);
	ck_assert(o.verbose);
	ck_assert_uint_eq(o.nobjects, 2);
	ck_assert_str_eq(o.objects[0], "-a.bpf.o");
	ck_assert_str_eq(o.objects[1], "b.bpf.o");
}
END_TEST

/* a power of two from the page size to 1 GiB; the values are refused */
START_TEST(test_ringbuf_size)
{
	static const char *const bad[] = {
		"abc",	      "-1",	     "1099511627776",	    "3000", "2GiB", "", "0", "1024",
		"2147483648", "0x100000000", "18446744073709551616"
	};
	struct tprun_opts o;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(ringbuf_size(&o, bad[i]) == -EINVAL, "'%s' accepted", bad[i]);
	ck_assert_int_eq(ringbuf_size(&o, "4096"), 0);
	ck_assert_uint_eq(o.rt.ringbuf_size, 4096);
	ck_assert_int_eq(ringbuf_size(&o, "0x40000000"), 0);
	ck_assert_uint_eq(o.rt.ringbuf_size, 1u << 30);
}
END_TEST

/* --export-*: Tetragon's defaults (10 MiB, 5 backups), MB in MiB, 0 lumberjack's 100 */
START_TEST(test_export_options)
{
	char *plain[] = { "tprun", "a.bpf.o", NULL };
	char *defaults[] = { "tprun", "--export-file", "/tmp/ev.log", "a.bpf.o", NULL };
	char *all[] = { "tprun",
			"--export-file",
			"ev.log",
			"--export-max-size",
			"3",
			"--export-max-backups",
			"0",
			"--export-compress",
			"--export-allowlist",
			"{}",
			"--export-denylist",
			"{\"pid\":[1]}",
			"--enable-pid-set-filter",
			"a.bpf.o",
			NULL };
	char *zero[] = { "tprun", "--export-file", "f", "--export-max-size", "0", "a.bpf.o", NULL };
	char *alone[] = { "tprun", "--export-compress", "a.bpf.o", NULL };
	char *size_alone[] = { "tprun", "--export-max-size", "1", "a.bpf.o", NULL };
	char *compact[] = { "tprun", "-o", "compact", "--export-file", "f", "a.bpf.o", NULL };
	char *bad_size[] = { "tprun", "--export-file", "f", "--export-max-size", "1.5", "a", NULL };
	char *big[] = { "tprun", "--export-file", "f", "--export-max-size", "1048577", "a", NULL };
	char *empty[] = { "tprun", "--export-file", "", "a.bpf.o", NULL };
	char *check[] = { "tprun", "--check", "--export-allowlist", "{}", "a.bpf.o", NULL };
	char *unpin[] = { "tprun", "--unpin", "/sys/fs/bpf/x", "--export-file", "f", NULL };
	struct tprun_opts o;

	ck_assert_int_eq(parse(&o, ARGC(plain), plain), 0);
	ck_assert_ptr_null(o.export.path);
	ck_assert_ptr_null(o.allowlist);
	ck_assert_int_eq(parse(&o, ARGC(defaults), defaults), 0);
	ck_assert_str_eq(o.export.path, "/tmp/ev.log");
	ck_assert_int_eq(o.export.max_bytes, 10 << 20);
	ck_assert_int_eq(o.export.max_backups, 5);
	ck_assert(!o.export.compress);
	ck_assert_int_eq(parse(&o, ARGC(all), all), 0);
	ck_assert_int_eq(o.export.max_bytes, 3 << 20);
	ck_assert_int_eq(o.export.max_backups, 0);
	ck_assert(o.export.compress);
	ck_assert_str_eq(o.allowlist, "{}");
	ck_assert_str_eq(o.denylist, "{\"pid\":[1]}");
	ck_assert(o.pid_set_filter);
	ck_assert_int_eq(parse(&o, ARGC(zero), zero), 0);
	ck_assert_int_eq(o.export.max_bytes, 100 << 20);
	ck_assert_int_eq(parse(&o, ARGC(alone), alone), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(size_alone), size_alone), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(compact), compact), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(bad_size), bad_size), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(big), big), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(empty), empty), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(check), check), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(unpin), unpin), -EINVAL);
}
END_TEST

START_TEST(test_refused)
{
	char *none[] = { "tprun", NULL };
	char *opts_only[] = { "tprun", "-o", "json", NULL };
	char *bad_fmt[] = { "tprun", "a.bpf.o", "-o", "yaml", "b.bpf.o", NULL };
	char *unknown[] = { "tprun", "a.bpf.o", "--nope", "b.bpf.o", NULL };
	struct tprun_opts o;

	ck_assert_int_eq(parse(&o, ARGC(none), none), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(opts_only), opts_only), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(bad_fmt), bad_fmt), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(unknown), unknown), -EINVAL);
}
END_TEST

/* --pin DIR with objects, into the runtime's options; --unpin DIR alone */
START_TEST(test_pin_unpin)
{
	char *pin[] = { "tprun", "--pin", "/sys/fs/bpf/t", "a.bpf.o", "b.bpf.o", NULL };
	char *unpin[] = { "tprun", "--unpin", "/sys/fs/bpf/t", NULL };
	char *unpin_obj[] = { "tprun", "--unpin", "/sys/fs/bpf/t", "a.bpf.o", NULL };
	char *unpin_pin[] = { "tprun", "--unpin", "/x", "--pin", "/x", NULL };
	char *pin_check[] = { "tprun", "--pin", "/x", "--check", "a.bpf.o", NULL };
	char *pin_empty[] = { "tprun", "--pin", "", "a.bpf.o", NULL };
	char *pin_none[] = { "tprun", "--pin", "/x", NULL };
	struct tprun_opts o;

	ck_assert_int_eq(parse(&o, ARGC(pin), pin), 0);
	ck_assert_str_eq(o.pin, "/sys/fs/bpf/t");
	ck_assert_str_eq(o.rt.pin, "/sys/fs/bpf/t");
	ck_assert_uint_eq(o.nobjects, 2);
	ck_assert_ptr_null(o.unpin);
	ck_assert_int_eq(parse(&o, ARGC(unpin), unpin), 0);
	ck_assert_str_eq(o.unpin, "/sys/fs/bpf/t");
	ck_assert_uint_eq(o.nobjects, 0);
	ck_assert_ptr_null(o.rt.pin);
	ck_assert_int_eq(parse(&o, ARGC(unpin_obj), unpin_obj), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(unpin_pin), unpin_pin), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(pin_check), pin_check), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(pin_empty), pin_empty), -EINVAL);
	ck_assert_int_eq(parse(&o, ARGC(pin_none), pin_none), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("core");

	/* the usage that a refusal prints is not the test's output */
	if (!freopen("/dev/null", "w", stderr))
		return 1;
	tcase_add_test(tc, test_one_object);
	tcase_add_test(tc, test_several_objects_in_order);
	tcase_add_test(tc, test_options_between_objects);
	tcase_add_test(tc, test_double_dash);
	tcase_add_test(tc, test_verify_key);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_ringbuf_size);
	tcase_add_test(tc, test_pin_unpin);
	tcase_add_test(tc, test_export_options);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
