// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A tpgen object loaded and attached, in bpftool's generic loader steps:
 * choose each hook's variant, open, size the maps and set read-only data,
 * choose autoload per program, load, fill and freeze the value sets, attach
 * process tracking; once /proc is learned, the hooks attach and every map is
 * frozen (tp_runtime__attach_hooks). On a failure whatever was attached is
 * undone.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <tp/event.h>

#include "bpf_obj.h"
#include "libtp.h"
#include "links.h"
#include "object/object.h"
#include "pin.h"
#include "runtime.h"
#include "tracepoint_layout.h"
#include "uprobe_addr.h"
#include "variant.h"

/* A hook and the program its variant names: the index of programs to hooks. */
struct prog_ref {
	const char *prog;
	size_t hook;
};

static int by_prog(const void *a, const void *b)
{
	const struct prog_ref *x = a, *y = b;
	int c = strcmp(x->prog, y->prog);

	return c ? c : (x->hook > y->hook) - (x->hook < y->hook);
}

static bool attach_alike(const struct tp_meta_variant_view *a, const struct tp_meta_variant_view *b)
{
	return a->kind == b->kind && !strcmp(a->target, b->target) &&
	       !strcmp(a->target_exit, b->target_exit) && !*a->prog_exit && !*b->prog_exit;
}

/*
 * Hooks that name one program (fused, gen/lower/fuse.c) must attach it alike:
 * one program has one target, set when it loads. It is attached once, for the
 * first of them: r->fused marks the others.
 */
static int index_shared_progs(struct tp_runtime *r, char *err, size_t errlen)
{
	size_t n = tp_meta__hook_cnt(r->o->meta), i, k = 0, first = 0, bad = SIZE_MAX,
	       bad_first = 0;
	struct prog_ref *refs = calloc(n ? n : 1, sizeof(*refs));

	if (!refs) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		if (r->var[i])
			refs[k++] = (struct prog_ref){ r->var[i]->prog, i };
	qsort(refs, k, sizeof(*refs), by_prog);
	for (i = 0; i < k; i++) {
		size_t h = refs[i].hook;

		if (!i || strcmp(refs[i].prog, refs[i - 1].prog)) {
			first = h;
			continue;
		}
		r->fused[h] = true;
		/* the first hook that does not, as a walk in hook order would find it */
		if (h < bad && !attach_alike(r->var[first], r->var[h])) {
			bad = h;
			bad_first = first;
		}
	}
	free(refs);
	if (bad == SIZE_MAX)
		return 0;
	snprintf(err, errlen,
		 "hooks %zu and %zu share a program but not its target: not an object tpgen wrote",
		 bad_first, bad);
	return -EINVAL;
}

/* The best variant of each hook, probed on this kernel; a tracepoint's layout checked. */
static int choose_variants(struct tp_runtime *r, uint32_t forbid, char *err, size_t errlen)
{
	const struct tp_meta *m = r->o->meta;
	size_t i;
	int e = 0;

	for (i = 0; !e && i < tp_meta__hook_cnt(m); i++) {
		const struct tp_meta_hook_view *h = tp_meta__hook(m, i);

		e = tp_variant__choose(m, h, forbid, &r->var[i], err, errlen);
		if (e && h->kind == TP_HOOK_ENFORCER && (h->flags & TP_HOOKF_SIGNAL_ONLY)) {
			/* signals only: the notifying hooks send them (tp_enforcer.bpf.h) */
			if (!r->enforcer_inline)
				r->enforcer_inline = strdup(err);
			e = r->enforcer_inline ? 0 : -ENOMEM;
		}
		if (!e && r->var[i])
			e = tp_tracepoint__check_layout(h, err, errlen);
	}
	/* inline, every enforcer stays unattached: a notification is never left behind */
	for (i = 0; !e && r->enforcer_inline && i < tp_meta__hook_cnt(m); i++)
		if (tp_meta__hook(m, i)->kind == TP_HOOK_ENFORCER)
			r->var[i] = NULL;
	if (!e)
		e = index_shared_progs(r, err, errlen);
	/* several MiB of kernel BTF a long-running tprun does not need past the choice */
	tp_probe__release();
	return e;
}

int tp_runtime__open_object(struct tp_runtime *r, const struct tp_runtime_opts *opts, char *err,
			    size_t errlen)
{
	r->obj = tp_bpf_obj__open(r->o);
	if (!r->obj) {
		snprintf(err, errlen, "libbpf cannot open the object");
		return -EINVAL;
	}
	if (tp_bpf_obj__size_maps(r->obj, opts)) {
		snprintf(err, errlen, "the object lacks tpgen's maps");
		return -EINVAL;
	}
	return 0;
}

/*
 * Records wake tprun once the ring buffer is a quarter full (tp_common.bpf.h's
 * tp_output); the audit ring's thresholds are of its size, as sized.
 */
static int set_wake_bytes(struct bpf_object *obj)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, "tp_events");
	struct bpf_map *audit = bpf_object__find_map_by_name(obj, "tp_audit");
	__u64 quarter = m ? bpf_map__max_entries(m) / 4 : 0;

	if (!quarter || tp_bpf_obj__set_u64(obj, "tp_wake_bytes", quarter))
		return -EINVAL;
	return audit ? tp_bpf_obj__set_u64(obj, "tp_audit_bytes", bpf_map__max_entries(audit)) : 0;
}

static int set_rodata(struct tp_runtime *r, const struct tp_runtime_opts *opts, char *err,
		      size_t errlen)
{
	int e = tp_bpf_obj__set_self(r->obj, opts && opts->process_creds);

	if (e == -EPROTO) {
		snprintf(err, errlen,
			 "the object's exec and fork records cannot carry credentials and "
			 "namespaces (build it with this tpgen)");
		return e;
	}
	if (e) {
		snprintf(err, errlen, "the object lacks tpgen's read-only data");
		return -EINVAL;
	}
	e = set_wake_bytes(r->obj);
	if (e) {
		snprintf(err, errlen,
			 "the object lacks tp_wake_bytes or tp_audit_bytes (build it with "
			 "this tpgen)");
		return e;
	}
	/* an object from an older tpgen sends them all the same: tprun skips them */
	e = opts && opts->quiet_processes ? tp_bpf_obj__set_u32(r->obj, "tp_proc_records", 0) : 0;
	if (e && e != -ENOENT) {
		snprintf(err, errlen, "the object's tp_proc_records cannot be set");
		return e;
	}
	if (r->enforcer_inline && tp_bpf_obj__set_u32(r->obj, "tp_enforcer_inline", 1)) {
		snprintf(err, errlen, "the object lacks tp_enforcer_inline");
		return -EINVAL;
	}
	/*
	 * Pinned programs outlive this tprun, whose pid another process may get:
	 * none is exempt from the policy then, tprun included, as in Tetragon.
	 */
	if (opts && opts->pin && tp_bpf_obj__set_u32(r->obj, "tp_self_tgid", UINT32_MAX)) {
		snprintf(err, errlen, "the object lacks tp_self_tgid");
		return -EINVAL;
	}
	return 0;
}

int tp_runtime__find_counters(struct tp_runtime *r, char *err, size_t errlen)
{
	struct bpf_map *cnt = bpf_object__find_map_by_name(r->obj, "tp_counters");

	/* tp_runtime__counter reads one word: a map of another shape is not tpgen's */
	if (!cnt || bpf_map__type(cnt) != BPF_MAP_TYPE_ARRAY || bpf_map__value_size(cnt) != 8) {
		snprintf(err, errlen, "the object's tp_counters is not an array of words");
		return -EINVAL;
	}
	r->counters_fd = bpf_map__fd(cnt);
	return 0;
}

/* Fork, exec and exit tracking, before /proc is read: no process goes unseen. */
static int attach_process_tracking(struct tp_runtime *r, char *err, size_t errlen)
{
	size_t i;
	int e = tp_runtime__find_counters(r, err, errlen);

	if (e)
		return e;
	r->learn_fd = bpf_program__fd(bpf_object__find_program_by_name(r->obj, TP_LEARN_PROG));
	for (i = 0; tp_process_progs[i]; i++) {
		e = tp_links__attach_prog(&r->links, r->obj, tp_process_progs[i]);
		if (e) {
			snprintf(err, errlen, "attaching '%s': %s", tp_process_progs[i],
				 strerror(-e));
			return e;
		}
	}
	return 0;
}

struct tp_runtime *tp_runtime__start(struct tp_object *o, const struct tp_runtime_opts *opts,
				     char *err, size_t errlen)
{
	size_t nh = tp_meta__hook_cnt(o->meta);
	struct tp_runtime *r;
	int e = -ENOMEM;

	snprintf(err, errlen, "out of memory");
	r = calloc(1, sizeof(*r));
	if (!r)
		goto cleanup;
	r->o = o;
	r->counters_fd = -1;
	r->learn_fd = -1;
	r->pin_lock = -1;
	r->reported_fd = -1;
	if (opts)
		r->opts = *opts;
	r->var = calloc(nh ? nh : 1, sizeof(*r->var));
	r->fused = calloc(nh ? nh : 1, sizeof(*r->fused));
	if (!r->var || !r->fused)
		goto cleanup;

	if (opts && opts->pin) {
		e = tp_runtime__adopt(r, err, errlen);
		if (e > 0)
			return r;
		if (e)
			goto cleanup;
	}
	e = choose_variants(r, opts ? opts->forbid : 0, err, errlen);
	if (!e && r->pin)
		e = tp_runtime__check_pinnable(r, err, errlen);
	if (e)
		goto cleanup;
	e = tp_runtime__open_object(r, opts, err, errlen);
	if (e)
		goto cleanup;
	e = set_rodata(r, opts, err, errlen);
	if (e)
		goto cleanup;
	e = tp_bpf_obj__set_autoload(r->obj, o->meta, r->var, err, errlen);
	if (e)
		goto cleanup;
	e = tp_bpf_obj__load(r->obj, o->meta, err, errlen);
	if (e)
		goto cleanup;
	e = tp_bpf_obj__fill_maps(r->obj, o->meta, err, errlen);
	if (e)
		goto cleanup;
	e = attach_process_tracking(r, err, errlen);
	if (e)
		goto cleanup;
	return r;

cleanup:
	tp_runtime__stop(r);
	errno = e < 0 ? -e : EINVAL;
	return NULL;
}

int tp_runtime__attach_hooks(struct tp_runtime *r, char *err, size_t errlen)
{
	size_t i;
	int e;

	e = tp_uprobe__addr_offsets(r->o->meta, err, errlen);
	if (e || r->adopted)
		return e; /* adopted: attached and frozen by the tprun that pinned it */

	for (i = 0; i < tp_meta__hook_cnt(r->o->meta); i++) {
		const struct tp_meta_hook_view *h = tp_meta__hook(r->o->meta, i);
		const struct tp_meta_variant_view *v = r->var[i];

		if (!v)
			continue; /* skipped: ignore.callNotFound */
		if (r->fused[i])
			continue; /* an earlier hook's program runs this one too */
		e = tp_links__attach_hook(&r->links, r->obj, r->o->meta, h, v);
		if (e) {
			snprintf(err, errlen, "hook '%s': attaching %s '%s': %s",
				 tp_meta__hook_name(h), tp_variant__name(v->kind), v->target,
				 strerror(-e));
			/* a half-attached policy is not enforcing: take everything down */
			tp_links__destroy(&r->links);
			return e;
		}
	}
	/*
	 * /proc is learned and libbpf has written its USDT spec maps while
	 * attaching: from here only BPF writes the maps.
	 */
	e = tp_bpf_obj__freeze_maps(r->obj, err, errlen);
	if (e)
		tp_links__destroy(&r->links);
	return e;
}

void tp_runtime__detach(struct tp_runtime *r)
{
	tp_links__destroy(&r->links);
}

void tp_runtime__stop(struct tp_runtime *r)
{
	if (!r)
		return;
	tp_links__free(&r->links);
	if (r->adopted && r->learn_fd >= 0)
		close(r->learn_fd);
	if (r->pin_lock >= 0)
		close(r->pin_lock);
	if (r->reported_fd >= 0)
		close(r->reported_fd);
	bpf_object__close(r->obj);
	free(r->pin);
	free(r->var);
	free(r->fused);
	free(r->enforcer_inline);
	free(r);
}

const char *tp_runtime__enforcer_inline(const struct tp_runtime *r)
{
	return r->enforcer_inline;
}

const struct tp_meta_variant_view *tp_runtime__variant(const struct tp_runtime *r, size_t i)
{
	return r->var[i];
}

int tp_runtime__ringbuf_fd(const struct tp_runtime *r)
{
	struct bpf_map *m = bpf_object__find_map_by_name(r->obj, "tp_events");

	return m ? bpf_map__fd(m) : -1;
}

int tp_runtime__audit_fd(const struct tp_runtime *r)
{
	struct bpf_map *m = bpf_object__find_map_by_name(r->obj, "tp_audit");

	return m ? bpf_map__fd(m) : -1;
}

int tp_runtime__actions_fd(const struct tp_runtime *r)
{
	struct bpf_map *m = bpf_object__find_map_by_name(r->obj, "tp_actions");

	return m ? bpf_map__fd(m) : -1;
}

uint64_t tp_runtime__counter(const struct tp_runtime *r, uint32_t which)
{
	uint64_t n = 0;

	if (r->counters_fd < 0 || bpf_map_lookup_elem(r->counters_fd, &which, &n))
		return 0;
	return n;
}

int tp_runtime__learn(struct tp_runtime *r, uint32_t tgid, uint32_t ppid, uint32_t nspid,
		      uint64_t ktime, const char *binary)
{
	struct tp_learn_ctx *c = calloc(1, sizeof(*c));
	size_t len = strlen(binary);
	uint64_t args[1];
	int err;

	if (!c)
		return -ENOMEM;
	if (len > sizeof(c->path) - 1)
		len = sizeof(c->path) - 1;
	c->tgid = tgid;
	c->ppid = ppid;
	c->nspid = nspid;
	c->ktime = ktime;
	c->len = len;
	memcpy(c->path, binary, len);
	/* a raw_tp program: its one argument points at the context in our memory */
	args[0] = (uint64_t)(uintptr_t)c;
	LIBBPF_OPTS(bpf_test_run_opts, t, .ctx_in = args, .ctx_size_in = sizeof(args));
	err = bpf_prog_test_run_opts(r->learn_fd, &t);
	free(c);
	if (err)
		return -errno;
	return t.retval ? -EIO : 0;
}
