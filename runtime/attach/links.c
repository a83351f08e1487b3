// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Attaching programs the way each variant attaches, one link at a time, all kept. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "libtp.h"
#include "links.h"

/* Keep link of program prog (NULL: the attach failed, errno says why). */
static int add_named(struct tp_links *l, struct bpf_link *link, const char *prog)
{
	struct bpf_link **v;
	const char **p;

	if (!link)
		return -errno;
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (v)
		l->v = v;
	p = v ? realloc(l->progs, (l->n + 1) * sizeof(*p)) : NULL;
	if (!p) {
		bpf_link__destroy(link);
		return -ENOMEM;
	}
	l->progs = p;
	l->progs[l->n] = prog;
	l->v[l->n++] = link;
	return 0;
}

/* Keep link of prog. */
static int add(struct tp_links *l, struct bpf_link *link, const struct bpf_program *prog)
{
	return add_named(l, link, bpf_program__name(prog));
}

static struct bpf_link *attach_one(struct bpf_program *prog, enum tp_variant_kind kind,
				   const char *target, bool exit)
{
	char subsys[256];
	const char *slash;

	switch (kind) {
	case TP_VAR_FENTRY:
	case TP_VAR_FMOD_RET:
	case TP_VAR_LSM:
		return bpf_program__attach(prog);
	case TP_VAR_KPROBE:
		return bpf_program__attach_kprobe(prog, exit, target);
	case TP_VAR_RAW_TP:
		/* raw tracepoints are named by the event alone */
		slash = strchr(target, '/');
		return bpf_program__attach_raw_tracepoint(prog, slash ? slash + 1 : target);
	case TP_VAR_TRACEPOINT:
		slash = strchr(target, '/');
		if (!slash || (size_t)(slash - target) >= sizeof(subsys)) {
			errno = EINVAL;
			return NULL;
		}
		memcpy(subsys, target, slash - target);
		subsys[slash - target] = 0;
		return bpf_program__attach_tracepoint(prog, subsys, slash + 1);
	default:
		errno = EINVAL;
		return NULL;
	}
}

/*
 * A list hook: one program on all the list's functions, each attachment's
 * cookie the function's index, which the program puts in its events.
 */
static int attach_list(struct tp_links *l, struct bpf_program *prog, enum tp_variant_kind kind,
		       const char *const *funcs, size_t n, bool exit)
{
	size_t i;
	int e = 0;

	if (kind == TP_VAR_KPROBE_MULTI) {
		__u64 *cookies = calloc(n ? n : 1, sizeof(*cookies));

		if (!cookies)
			return -ENOMEM;
		for (i = 0; i < n; i++)
			cookies[i] = i;
		LIBBPF_OPTS(bpf_kprobe_multi_opts, mo, .syms = (const char **)funcs,
			    .cookies = cookies, .cnt = n, .retprobe = exit);
		e = add(l, bpf_program__attach_kprobe_multi_opts(prog, NULL, &mo), prog);
		free(cookies);
		return e;
	}
	for (i = 0; i < n && !e; i++) {
		LIBBPF_OPTS(bpf_kprobe_opts, ko, .bpf_cookie = i, .retprobe = exit);

		e = add(l, bpf_program__attach_kprobe_opts(prog, funcs[i], &ko), prog);
	}
	return e;
}

/*
 * A uprobe: one program on each target of path (include/tp/meta.h), each
 * attachment's cookie the target's index. libbpf finds NAME in the binary's
 * symbol tables and adds OFF.
 */
static int attach_uprobes(struct tp_links *l, struct bpf_program *prog, const char *path,
			  const char *const *targets, size_t n, bool exit)
{
	struct tp_uprobe_target u;
	size_t i;
	int e = 0;

	for (i = 0; i < n && !e; i++) {
		LIBBPF_OPTS(bpf_uprobe_opts, uo, .bpf_cookie = i, .retprobe = exit);

		e = tp_meta__uprobe_target(targets[i], &u);
		if (e)
			return e;
		uo.func_name = *u.name ? u.name : NULL;
		uo.ref_ctr_offset = u.ref_ctr_off;
		e = add(l, bpf_program__attach_uprobe_opts(prog, -1, path, u.off, &uo), prog);
	}
	return e;
}

/*
 * libbpf's USDT spec as its usdt.bpf.h lays it out in the __bpf_usdt_specs
 * map (libbpf fills it at attach; the layout is libbpf's, user space and BPF).
 */
struct usdt_arg_spec {
	unsigned long long val_off;
	int arg_type; /* 2: BPF_USDT_ARG_REG_DEREF, a register plus val_off */
	short reg_off;
	bool arg_signed;
	char arg_bitshift; /* 64 - 8 * the argument's size */
};

struct usdt_spec {
	struct usdt_arg_spec args[12];
	unsigned long long usdt_cookie;
	short arg_cnt;
};

/*
 * Set writes 4 bytes where the note keeps an argument in memory; Tetragon's
 * addUsdt refuses a probe whose argument is elsewhere or of another size.
 * The specs of the attach just made carry its cookie.
 */
static int check_set_args(struct bpf_object *obj, const struct tp_meta_hook_view *h,
			  unsigned long long cookie)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, "__bpf_usdt_specs");
	struct usdt_spec spec;
	unsigned int id, n;
	size_t i;

	for (id = 0; map && id < bpf_map__max_entries(map); id++) {
		if (bpf_map__lookup_elem(map, &id, sizeof(id), &spec, sizeof(spec), 0))
			return -errno;
		if (spec.usdt_cookie != cookie)
			continue;
		for (i = 0; i < h->nargs; i++) {
			n = h->args[i].index;
			if (!(h->args[i].flags & TP_ARGF_META_SET))
				continue;
			if (n < (unsigned int)spec.arg_cnt && n < 12 &&
			    spec.args[n].arg_type == 2 && spec.args[n].arg_bitshift == 32)
				continue;
			tp_log(TP_LOG_WARN,
			       "usdt '%s:%s' in %s: action Set: argument %u of the probe is not 4 "
			       "bytes in memory, which Set writes\n",
			       h->subsys, h->event, h->call, n);
			return -EINVAL;
		}
	}
	return 0;
}

/* A usdt: libbpf finds the probe's notes in path; cookie: the attach's specs (for Set) */
static int attach_usdt(struct tp_links *l, struct bpf_object *obj, struct bpf_program *prog,
		       const struct tp_meta_hook_view *h)
{
	LIBBPF_OPTS(bpf_usdt_opts, uo, .usdt_cookie = (unsigned long long)(uintptr_t)h);
	int e = add(l, bpf_program__attach_usdt(prog, -1, h->call, h->subsys, h->event, &uo), prog);

	return e ? e : check_set_args(obj, h, uo.usdt_cookie);
}

/* One program of a hook: on each of a list's functions, or on its target. */
static int attach(struct tp_links *l, struct bpf_object *obj, const struct tp_meta *m,
		  const struct tp_meta_hook_view *h, const struct tp_meta_variant_view *v,
		  bool exit)
{
	struct bpf_program *prog =
	    bpf_object__find_program_by_name(obj, exit ? v->prog_exit : v->prog);
	const char *target = exit && *v->target_exit ? v->target_exit : v->target;
	const char *const *funcs;
	size_t n;

	if (!prog)
		return -ENOENT;
	if (v->kind == TP_VAR_USDT)
		return attach_usdt(l, obj, prog, h);
	if (v->kind == TP_VAR_UPROBE) {
		funcs = tp_meta__list_funcs(m, h, &n);
		return attach_uprobes(l, prog, h->call, funcs, n, exit);
	}
	if (h->flags & TP_HOOKF_LIST) {
		funcs = tp_meta__list_funcs(m, h, &n);
		return attach_list(l, prog, v->kind, funcs, n, exit);
	}
	return add(l, attach_one(prog, v->kind, target, exit), prog);
}

int tp_links__attach_hook(struct tp_links *l, struct bpf_object *obj, const struct tp_meta *m,
			  const struct tp_meta_hook_view *h, const struct tp_meta_variant_view *v)
{
	int e;

	/*
	 * imaHash: the hash program must run after the LSM one, and a BPF
	 * trampoline runs the program attached last first (kernel/bpf/
	 * trampoline.c adds each link at the head of its list). So it is
	 * attached first, as Tetragon loads its core program last
	 * (genericlsm.go, createLsmSensorFromEntry).
	 */
	if (v->kind == TP_VAR_LSM && *v->prog_exit) {
		e = attach(l, obj, m, h, v, true);
		return e ? e : attach(l, obj, m, h, v, false);
	}
	e = attach(l, obj, m, h, v, false);
	if (!e && *v->prog_exit)
		e = attach(l, obj, m, h, v, true);
	return e;
}

int tp_links__attach_prog(struct tp_links *l, struct bpf_object *obj, const char *name)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, name);

	return prog ? add(l, bpf_program__attach(prog), prog) : -ENOENT;
}

void tp_links__destroy(struct tp_links *l)
{
	while (l->n)
		bpf_link__destroy(l->v[--l->n]);
}

void tp_links__free(struct tp_links *l)
{
	tp_links__destroy(l);
	free(l->v);
	free(l->progs);
	l->v = NULL;
	l->progs = NULL;
}

int tp_links__pin(struct tp_links *l, const char *dir, size_t *failed)
{
	char path[PATH_MAX];
	size_t i;
	int e;

	for (i = 0; i < l->n; i++) {
		snprintf(path, sizeof(path), "%s/%zu", dir, i);
		e = bpf_link__pin(l->v[i], path);
		if (e) {
			*failed = i;
			return e;
		}
	}
	return 0;
}

int tp_links__open_pinned(struct tp_links *l, const char *dir, size_t n, char *err, size_t errlen)
{
	char path[PATH_MAX];
	size_t i;
	int e;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%zu", dir, i);
		e = add_named(l, bpf_link__open(path), NULL);
		if (e) {
			snprintf(err, errlen, "opening %s: %s", path, strerror(-e));
			return e;
		}
	}
	return 0;
}
