// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The bench's floors: attach empty.bpf.o's empty_VARIANT program (or
 * read_VARIANT, which reads the path and nothing else), say "ready", hold it
 * until SIGINT or SIGTERM.
 *
 *   empty EMPTY.bpf.o [empty|read] tracepoint|kprobe|fentry
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

static volatile sig_atomic_t done;

static void on_signal(int sig)
{
	done = 1;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *p, *keep = NULL;
	const char *kind = argc == 4 ? argv[2] : "empty";
	const char *variant = argc > 1 ? argv[argc - 1] : "";
	char name[64];

	if ((argc != 3 && argc != 4) || (strcmp(kind, "empty") && strcmp(kind, "read")) ||
	    (strcmp(variant, "tracepoint") && strcmp(variant, "kprobe") &&
	     strcmp(variant, "fentry"))) {
		fprintf(stderr, "usage: empty EMPTY.bpf.o [empty|read] tracepoint|kprobe|fentry\n");
		return 2;
	}
	snprintf(name, sizeof(name), "%s_%s", kind, variant);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		perror("empty: open");
		return 1;
	}
	bpf_object__for_each_program(p, obj) {
		if (strcmp(bpf_program__name(p), name))
			bpf_program__set_autoload(p, false);
		else
			keep = p;
	}
	if (!keep || bpf_object__load(obj) || !bpf_program__attach(keep)) {
		fprintf(stderr, "empty: cannot attach %s\n", name);
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	fprintf(stderr, "empty: ready\n");
	while (!done)
		pause();
	return 0;
}
