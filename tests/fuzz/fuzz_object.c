// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * libFuzzer target: tprun's object reader, through libtp's public API only
 * (runtime/libtp.h, runtime/meta.h), then every view of the meta a loader
 * reads. Nothing is loaded into the kernel. An input that starts as an ELF
 * file does is a whole object: written to a memfd and opened by its
 * /proc/self/fd path, as tprun opens a file (ELF, .tp.meta, .tp.policy).
 * Any other input is a .tp.meta section alone, so that mutations reach the
 * meta reader without first breaking the ELF around it.
 */
#include <elf.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd = -1;
static char path[64];

/* Read every string a view gives, so a bad pointer shows under ASan. */
static size_t touch(const char *s)
{
	return s ? strlen(s) : 0;
}

static size_t walk_hook(const struct tp_meta *m, const struct tp_meta_hook_view *h)
{
	const struct tp_meta_hook_view *owner;
	const char *const *funcs;
	struct tp_uprobe_target u;
	char where[256];
	size_t i, n, sum = 0;

	sum += touch(tp_meta__hook_name(h)) + touch(tp_meta__hook_policy(m, h));
	sum += touch(tp_meta__hook_where(m, h, where, sizeof(where)));
	sum += touch(h->call) + touch(h->function_name) + touch(h->subsys) + touch(h->event);
	sum += touch(h->message);
	for (i = 0; i < h->ntags; i++)
		sum += touch(h->tags[i]);
	for (i = 0; i < h->nargs; i++)
		sum += touch(h->args[i].label) + touch(h->args[i].field_name);
	for (i = 0; i < h->nvariants; i++) {
		const struct tp_meta_variant_view *v = &h->variants[i];

		sum += touch(v->target) + touch(v->target_exit) + touch(v->prog_exit);
		sum += touch(v->prog) + !!tp_meta__prog_variant(m, v->prog, &owner);
		if (!tp_meta__uprobe_target(v->target, &u))
			sum += touch(u.name);
	}
	funcs = tp_meta__list_funcs(m, h, &n);
	for (i = 0; funcs && i < n; i++)
		sum += touch(funcs[i]);
	return sum;
}

static void walk(const struct tp_meta *m)
{
	const struct tp_meta_fill_view *f;
	const struct tp_meta_user_act_view *a;
	size_t i, n, sum = 0;

	sum += touch(tp_meta__set_name(m));
	for (i = 0; i < tp_meta__policy_cnt(m); i++)
		sum += touch(tp_meta__policy(m, i));
	for (i = 0; i < tp_meta__hook_cnt(m); i++)
		if (tp_meta__hook(m, i))
			sum += walk_hook(m, tp_meta__hook(m, i));
	for (i = 0; i < tp_meta__fill_cnt(m); i++) {
		f = tp_meta__fill(m, i);
		n = f ? (size_t)f->count * ((size_t)f->key_size + f->value_size) : 0;
		if (n) /* the last byte of its data */
			sum += touch(f->map_name) + ((const uint8_t *)f->data)[n - 1];
	}
	for (i = 0; i < tp_meta__user_act_cnt(m); i++) {
		a = tp_meta__user_act(m, i);
		if (a)
			sum += touch(a->arg);
	}
	/* keep the reads */
	__asm__ volatile("" : : "r"(sum));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tp_object *o;
	const char *policy;
	char err[512];
	size_t n;

	if (size < SELFMAG || memcmp(data, ELFMAG, SELFMAG)) {
		struct tp_meta *m = tp_meta__parse(data, size, err, sizeof(err));

		if (m)
			walk(m);
		tp_meta__free(m);
		return 0;
	}
	if (fd < 0) {
		fd = memfd_create("fuzz.bpf.o", MFD_CLOEXEC);
		if (fd < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();
	o = tp_object__open(path, err, sizeof(err));
	if (!o)
		return 0;
	walk(tp_object__meta(o));
	policy = tp_object__policy(o, &n);
	if (policy && n)
		__asm__ volatile("" : : "r"(policy[0]), "r"(policy[n - 1]));
	tp_object__close(o);
	return 0;
}
