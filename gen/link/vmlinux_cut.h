/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* vmlinux.h cut to the structs a policy reaches (vmlinux_cut.c). */
#ifndef TP_VMLINUX_CUT_H
#define TP_VMLINUX_CUT_H

#include <stdbool.h>
#include <stddef.h>

struct btf;

/* struct and union names, sorted, each once */
struct tp_cut_names {
	char **name;
	size_t n, cap;
};

int tp_cut_names__add(struct tp_cut_names *s, const char *name, size_t len);

bool tp_cut_names__has(const struct tp_cut_names *s, const char *name);

int tp_cut_names__add_text(struct tp_cut_names *s, const char *text, size_t len);

int tp_cut_names__add_errors(struct tp_cut_names *s, const char *text, size_t len);

void tp_cut_names__free(struct tp_cut_names *s);

/* A BTF file, parsed once, when a cut is first written from it. */
struct tp_cut_btf {
	const char *path;
	struct btf *btf;
};

/* The parsed BTF (the caller frees it with btf__free), or NULL with errno set. */
struct btf *tp_cut_btf__get(struct tp_cut_btf *b);

int tp_vmlinux_cut__write(const struct btf *btf, const struct tp_cut_names *names, const char *out);

#endif /* TP_VMLINUX_CUT_H */
