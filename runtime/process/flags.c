// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A process's flags as Tetragon words them. */
#include <stdlib.h>
#include <string.h>

#include "flags.h"

/* bits beside the record's TP_EXECF_*, for the words the record does not carry */
#define W_EXECVE  (1u << 30)
#define W_ROOTCWD (1u << 31)

/*
 * The words we can say, in pkg/reader/exec/exec.go flagsOrdered's order (its
 * FlagStrings). A filename is never cut (bprm->filename fits TP_PATH_MAX), so
 * there is no word for it: Tetragon has none either ("dataFilename" only says
 * how it was sent).
 */
static const struct {
	uint32_t bit;
	const char *word;
} words[] = {
	{ W_EXECVE, "execve" },
	{ TP_EXECF_PROCFS, "procFS" },
	{ TP_EXECF_TRUNC_ARGS, "truncArgs" },
	{ W_ROOTCWD, "rootcwd" },
	{ TP_EXECF_CLONE, "clone" },
};

bool tp_proc_flags__has_cwd(const char *cwd)
{
	return cwd && *cwd && strcmp(cwd, "/");
}

char *tp_proc_flags__words(uint32_t execf, const char *cwd)
{
	char buf[64] = "";
	size_t i, o = 0;

	/* "execve" for what BPF saw exec; rootcwd as Tetragon's getcwd (bpf_process_event.h:
	 * nothing resolved for "/") and procfs getCWD (proc_reader_linux.go) set it */
	execf |= execf & TP_EXECF_PROCFS ? 0 : W_EXECVE;
	execf |= cwd && !strcmp(cwd, "/") ? W_ROOTCWD : 0;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i].word);

		if (!(execf & words[i].bit))
			continue;
		if (o)
			buf[o++] = ' ';
		memcpy(buf + o, words[i].word, n + 1);
		o += n;
	}
	return strdup(buf);
}
