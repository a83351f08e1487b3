// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* file, path, dentry, linux_binprm, kiocb, fd and filename args in Tetragon's JSON shape. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "output/json_arg.h"
#include "records.h"
#include "tp_argjson.h"

/* The JSON of one arg object: "{" member "}" as put_arg would frame it. */
static char *arg_json(enum tp_arg_type type, const char *path, uint32_t info)
{
	struct tp_arg_val a = {
		.type = type, .label = "", .bytes = (const uint8_t *)path, .len = strlen(path),
		.info = info, .truncated = info & TP_BLOB_TRUNCATED, .error = info & TP_BLOB_ERROR,
	};

	return tp_test_arg_json(tp_output_json__file_arg, &a);
}

#define ASSERT_ARG(type, path, info, want)                                                   \
	do {                                                                                 \
		char *got_ = arg_json(type, path, info);                                     \
		ck_assert_msg(!strcmp(got_, want), "%s:\ngot:  %s\nwant: %s", #type, got_,   \
			      want);                                                         \
		ck_assert_msg(json_lines_valid(got_), "%s: invalid JSON %s", #type, got_);    \
		free(got_);                                                                  \
	} while (0)

START_TEST(test_members)
{
	/* Tetragon: file, fd and kiocb are file_arg; path and dentry path_arg */
	ASSERT_ARG(TP_ARG_FILE, "/etc/passwd", 0100644,
		   "{\"file_arg\":{\"path\":\"/etc/passwd\",\"permission\":\"-rw-r--r--\"}}");
	ASSERT_ARG(TP_ARG_FD, "/dev/null", 0020666,
		   "{\"file_arg\":{\"path\":\"/dev/null\",\"permission\":\"crw-rw-rw-\"}}");
	ASSERT_ARG(TP_ARG_KIOCB, "/var/log/x (deleted)", 0100600,
		   "{\"file_arg\":{\"path\":\"/var/log/x (deleted)\",\"permission\":\"-rw-------\"}}");
	ASSERT_ARG(TP_ARG_PATH, "/tmp/dir", 0041777,
		   "{\"path_arg\":{\"path\":\"/tmp/dir\",\"permission\":\"drwxrwxrwt\"}}");
	ASSERT_ARG(TP_ARG_DENTRY, "/victim", 0120777,
		   "{\"path_arg\":{\"path\":\"/victim\",\"permission\":\"lrwxrwxrwx\"}}");
	ASSERT_ARG(TP_ARG_LINUX_BINPRM, "/usr/bin/passwd", 0104755,
		   "{\"linux_binprm_arg\":{\"path\":\"/usr/bin/passwd\","
		   "\"permission\":\"-rwsr-xr-x\"}}");
	/* filename: the name as the caller gave it, a string */
	ASSERT_ARG(TP_ARG_FILENAME, "rel/dir", 0, "{\"string_arg\":\"rel/dir\"}");
}
END_TEST

START_TEST(test_flags_and_modes)
{
	/* the walk was cut short: Tetragon's flag */
	ASSERT_ARG(TP_ARG_FILE, "/a/b", TP_BLOB_TRUNCATED | 0100644,
		   "{\"file_arg\":{\"path\":\"/a/b\",\"flags\":\"unresolvedPathComponents\","
		   "\"permission\":\"-rw-r--r--\"}}");
	/* special bits without x show upper case, like ls */
	ASSERT_ARG(TP_ARG_FILE, "/x", 0107644,
		   "{\"file_arg\":{\"path\":\"/x\",\"permission\":\"-rwSr-Sr-T\"}}");
	ASSERT_ARG(TP_ARG_FILE, "/x", 0012751,
		   "{\"file_arg\":{\"path\":\"/x\",\"permission\":\"prwxr-s--x\"}}");
	ASSERT_ARG(TP_ARG_FILE, "/s", 0140755,
		   "{\"file_arg\":{\"path\":\"/s\",\"permission\":\"srwxr-xr-x\"}}");
	ASSERT_ARG(TP_ARG_FILE, "/b", 0060660,
		   "{\"file_arg\":{\"path\":\"/b\",\"permission\":\"brw-rw----\"}}");
	/* no mode read: no permission */
	ASSERT_ARG(TP_ARG_PATH, "/", 0, "{\"path_arg\":{\"path\":\"/\"}}");
	/* the read failed: the member, empty */
	ASSERT_ARG(TP_ARG_FILE, "", TP_BLOB_ERROR, "{\"file_arg\":{}}");
	ASSERT_ARG(TP_ARG_FD, "", TP_BLOB_ERROR, "{\"file_arg\":{}}");
}
END_TEST

START_TEST(test_not_ours)
{
	struct tp_arg_val a = { .type = TP_ARG_SOCK };
	struct tp_json *j = tp_json__new();

	tp_json__begin_obj(j, NULL);
	ck_assert_msg(!tp_output_json__file_arg(j, &a), "sock is not a file-like arg");
	a.type = TP_ARG_STRING;
	ck_assert_msg(!tp_output_json__file_arg(j, &a), "string is not ours");
	tp_json__end_obj(j);
	ck_assert_str_eq(tp_json__text(j, NULL), "{}");
	tp_json__free(j);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("output_file");
	TCase *tc = tcase_create("json");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_members);
	tcase_add_test(tc, test_flags_and_modes);
	tcase_add_test(tc, test_not_ours);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
