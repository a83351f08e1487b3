// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The export filters' regular expressions. Tetragon compiles them with Go's
 * regexp (RE2 syntax) and matches anywhere in the string (MatchString);
 * PCRE2 reads that syntax with these options: UTF-8 (invalid bytes match
 * nothing but do not fail), '$' only at the very end as RE2's, \d \w \s \b
 * ASCII as RE2's. PCRE2 takes more than RE2 (lookaround, atomic groups,
 * recursion); backreferences, which RE2 refuses, are refused here too. As
 * PCRE2 backtracks where RE2 does not, a match is bounded (MATCH_LIMIT) so
 * that no pattern can hold the drain: past it, the event does not match.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "libtp.h"
#include "filter.h"

#define MATCH_LIMIT 100000

struct tp_filter_regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	bool warned; /* the limit was met once: said so */
};

void tp_filter_regex__free(struct tp_filter_regex *re)
{
	if (!re)
		return;
	pcre2_match_context_free(re->mc);
	pcre2_match_data_free(re->md);
	pcre2_code_free(re->code);
	free(re);
}

struct tp_filter_regex *tp_filter_regex__new(const char *pattern, char *err, size_t len)
{
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY;
	struct tp_filter_regex *re = calloc(1, sizeof(*re));
	PCRE2_UCHAR msg[256];
	uint32_t backrefs = 0;
	PCRE2_SIZE off;
	int e;

	if (!re) {
		snprintf(err, len, "out of memory");
		return NULL;
	}
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &e, &off, NULL);
	if (!re->code) {
		pcre2_get_error_message(e, msg, sizeof(msg));
		snprintf(err, len, "%s at offset %zu", (char *)msg, (size_t)off);
		goto fail;
	}
	pcre2_pattern_info(re->code, PCRE2_INFO_BACKREFMAX, &backrefs);
	if (backrefs) {
		snprintf(err, len, "backreferences are not RE2 syntax");
		goto fail;
	}
	pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE); /* without JIT it only runs slower */
	re->md = pcre2_match_data_create(1, NULL);
	re->mc = pcre2_match_context_create(NULL);
	if (!re->md || !re->mc) {
		snprintf(err, len, "out of memory");
		goto fail;
	}
	pcre2_set_match_limit(re->mc, MATCH_LIMIT);
	return re;
fail:
	tp_filter_regex__free(re);
	errno = EINVAL;
	return NULL;
}

bool tp_filter_regex__match(struct tp_filter_regex *re, const char *s)
{
	int r = pcre2_match(re->code, (PCRE2_SPTR)s, strlen(s), 0, 0, re->md, re->mc);

	if (r == PCRE2_ERROR_MATCHLIMIT && !re->warned) {
		re->warned = true;
		tp_log(TP_LOG_WARN,
		       "export filter: a regex met its match limit (%d): taken as no match\n",
		       MATCH_LIMIT);
	}
	return r >= 0;
}
