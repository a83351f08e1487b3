// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* file, path, dentry, linux_binprm, kiocb, fd and filename args in Tetragon's JSON shape. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "records.h"
#include "tp_argjson.h"
#include "tp_test.h"

/* The JSON of one arg object: "{" member "}" as put_arg would frame it. */
static char *arg_json(enum tp_arg_type type, const char *path, uint32_t info)
{
	return tp_test_blob_json(type, path, strlen(path), info);
}

#define ASSERT_ARG(type, path, info, want) TP_ASSERT_JSON(#type, arg_json(type, path, info), want)

START_TEST(test_members)
{
	/* Tetragon: file, fd and kiocb are file_arg; path and dentry path_arg */
	ASSERT_ARG(TP_ARG_FILE, "/etc/passwd", 0100644,
		   "{\"file_arg\":{\"path\":\"/etc/passwd\",\"permission\":\"-rw-r--r--\"}}");
	ASSERT_ARG(TP_ARG_FD, "/dev/null", 0020666,
		   "{\"file_arg\":{\"path\":\"/dev/null\",\"permission\":\"crw-rw-rw-\"}}");
	ASSERT_ARG(
	    TP_ARG_KIOCB, "/var/log/x (deleted)", 0100600,
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
int main(void)
{
	Suite *s = suite_create("output_file");
	TCase *tc = tcase_create("json");

	tcase_add_test(tc, test_members);
	tcase_add_test(tc, test_flags_and_modes);
	suite_add_tcase(s, tc);
	return tp_test_run(s);
}
