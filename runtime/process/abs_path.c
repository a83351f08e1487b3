// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* process.binary as Tetragon makes it from an exec's filename. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "abs_path.h"

/*
 * Go's filepath.Clean in place (it only shortens): one slash between names,
 * "." names gone, ".." takes the name before it (dropped at the root, kept
 * at the start of a relative path), no trailing slash; "" becomes ".".
 */
static void clean(char *s)
{
	size_t r = 0, w = 0, dotdot = 0; /* read, write, end of the kept leading ".." */
	bool rooted = s[0] == '/';

	if (rooted)
		r = w = dotdot = 1;
	while (s[r]) {
		size_t n = strcspn(s + r, "/");

		if (n == 0 || (n == 1 && s[r] == '.')) {
			r += n ? n : 1;
		} else if (n == 2 && s[r] == '.' && s[r + 1] == '.') {
			r += 2;
			if (w > dotdot) {
				for (w--; w > dotdot && s[w] != '/'; w--)
					;
			} else if (!rooted) {
				if (w > 0)
					s[w++] = '/';
				s[w++] = '.';
				s[w++] = '.';
				dotdot = w;
			}
		} else {
			if (w != (rooted ? 1u : 0u))
				s[w++] = '/';
			memmove(s + w, s + r, n);
			w += n;
			r += n;
		}
	}
	if (w == 0)
		s[w++] = '.';
	s[w] = '\0';
}

char *tp_abs_path(const char *cwd, const char *name)
{
	size_t lc = strlen(cwd), ln = strlen(name);
	char *s;

	if (name[0] == '/')
		return strdup(name);
	if (!lc && !ln)
		return strdup("");
	/* filepath.Join: the non-empty elements joined by '/', then cleaned */
	s = malloc(lc + ln + 2);
	if (!s)
		return NULL;
	memcpy(s, cwd, lc);
	s[lc] = lc && ln ? '/' : '\0';
	memcpy(s + lc + (lc && ln), name, ln + 1);
	clean(s);
	return s;
}
