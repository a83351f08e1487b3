// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A process's flags as Tetragon words them. */
#include <stdlib.h>
#include <string.h>

#include "flags.h"

/* bits beside the record's TP_EXECF_*, for the words the record does not carry */
#define W_EXECVE	(1u << 28)
#define W_ROOTCWD	(1u << 29)
#define W_DATA_FILENAME (1u << 30)
#define W_DATA_ARGS	(1u << 31)

/*
 * Where Tetragon's exec event (bpf/process/bpf_execve_event.h) has no room
 * and sends a data event instead: a filename of MAXARGLENGTH - 2 (254) bytes
 * or more (read_path: the 255-byte read came back full), arguments as long as
 * what is left of its 1024-byte BUFFER after msg_process's 64-byte head and
 * the path: the filename, or the 32-byte data_event_desc that stands for it
 * (read_args: args_size not < free_size). Its arguments' length counts the
 * last one's NUL, as ours does.
 */
#define DATA_FILENAME_MIN 254
#define EXEC_ROOM	  (1024 - 64)
#define DATA_DESC_SIZE	  32

static uint32_t data_words(size_t filename_len, size_t args_len)
{
	size_t path = filename_len >= DATA_FILENAME_MIN ? DATA_DESC_SIZE : filename_len;

	return (filename_len >= DATA_FILENAME_MIN ? W_DATA_FILENAME : 0) |
	       (args_len >= EXEC_ROOM - path ? W_DATA_ARGS : 0);
}

/*
 * The words we can say, in pkg/reader/exec/exec.go flagsOrdered's order (its
 * FlagStrings). A filename is never cut (bprm->filename fits TP_PATH_MAX): no
 * word for that, Tetragon has none either.
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
	{ W_DATA_FILENAME, "dataFilename" },
	{ W_DATA_ARGS, "dataArgs" },
};

const char *tp_proc_flags__word(uint32_t bit)
{
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (words[i].bit == bit)
			return words[i].word;
	return "";
}

bool tp_proc_flags__has_cwd(const char *cwd)
{
	return cwd && *cwd && strcmp(cwd, "/");
}

char *tp_proc_flags__words(uint32_t execf, const char *cwd, size_t filename_len, size_t args_len)
{
	char buf[96] = "";
	size_t i, o = 0;

	/* "execve" for what BPF saw exec; rootcwd as Tetragon's getcwd (bpf_process_event.h:
	 * nothing resolved for "/") and procfs getCWD (proc_reader_linux.go) set it */
	execf |= execf & TP_EXECF_PROCFS ? 0 : W_EXECVE;
	execf |= cwd && !strcmp(cwd, "/") ? W_ROOTCWD : 0;
	if (!(execf & TP_EXECF_PROCFS))
		execf |= data_words(filename_len, args_len);
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
