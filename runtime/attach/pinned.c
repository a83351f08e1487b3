// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * A runtime pinned (--pin DIR): its maps, programs and links pinned in
 * DIR/NAME once attached, or adopted from there when an earlier tprun pinned
 * the same object with the same options: the maps and links are the kernel's
 * same ones (no second load, no second attach), the ring buffer is read on
 * from where the last reader left it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf_obj.h"
#include "object/object.h"
#include "pin.h"
#include "runtime.h"

/* "ab12cd34ef56": the first bytes of a digest, for messages */
static const char *hex(const unsigned char *d, char *buf)
{
	int i;

	for (i = 0; i < 6; i++)
		sprintf(buf + 2 * i, "%02x", d[i]);
	return buf;
}

/*
 * What r is loaded with, as a pin records it (without the hooks' variants).
 * The object is its .tp.meta's digest, which opening it checked (object.c).
 */
static void want_state(const struct tp_runtime *r, struct tp_pin_state *st)
{
	struct bpf_map *rb = bpf_object__find_map_by_name(r->obj, "tp_events");

	memset(st, 0, sizeof(*st));
	st->index = r->opts.pin_index;
	st->count = r->opts.pin_count;
	st->ringbuf_size = rb ? bpf_map__max_entries(rb) : 0;
	st->forbid = r->opts.forbid;
	st->flags = r->opts.process_creds ? TP_PINF_CREDS : 0;
	st->nhooks = tp_meta__hook_cnt(r->o->meta);
	memcpy(st->digest, tp_meta__digest(r->o->meta), sizeof(st->digest));
}

/* The pinned state st against what this run would load: a mismatch said in err. */
static int match_state(const struct tp_runtime *r, const struct tp_pin_state *st, char *err,
		       size_t errlen)
{
	struct tp_pin_state want;
	char a[16], b[16];

	want_state(r, &want);
	if (!st->complete) {
		snprintf(err, errlen,
			 "%s: an incomplete pin (a tprun stopped while pinning): remove it "
			 "with tprun --unpin",
			 r->pin);
		return -EBUSY;
	}
	if (memcmp(st->digest, want.digest, sizeof(want.digest)) || st->nhooks != want.nhooks) {
		snprintf(err, errlen,
			 "%s holds policy %s from another object (sha256 %s..., this one "
			 "%s...): run that object, or remove it with tprun --unpin first",
			 r->pin, tp_meta__set_name(r->o->meta), hex(st->digest, a),
			 hex(want.digest, b));
		return -EEXIST;
	}
	if (st->index != want.index || st->count != want.count) {
		snprintf(err, errlen,
			 "%s was pinned as object %u of %u, here it is %u of %u: give the "
			 "objects as they were pinned",
			 r->pin, st->index + 1, st->count, want.index + 1, want.count);
		return -EEXIST;
	}
	if (st->ringbuf_size != want.ringbuf_size || st->forbid != want.forbid ||
	    (st->flags & TP_PINF_CREDS) != want.flags) {
		snprintf(err, errlen,
			 "%s was pinned with --ringbuf-size %u%s%s, here %u%s%s: the programs "
			 "were loaded with them; give the same, or remove it with tprun --unpin",
			 r->pin, st->ringbuf_size, st->forbid ? " and a --forbid" : "",
			 st->flags & TP_PINF_CREDS ? " and process credentials" : "",
			 want.ringbuf_size, want.forbid ? " and a --forbid" : "",
			 want.flags & TP_PINF_CREDS ? " and process credentials" : "");
		return -EEXIST;
	}
	return 0;
}

/* The hooks' variants as pinned. */
static int take_variants(struct tp_runtime *r, const struct tp_pin_state *st, char *err,
			 size_t errlen)
{
	const struct tp_meta *m = r->o->meta;
	size_t i;

	for (i = 0; i < st->nhooks; i++) {
		const struct tp_meta_hook_view *h = tp_meta__hook(m, i);

		if (st->var[i] > h->nvariants) {
			snprintf(err, errlen, "%s: the state names no variant of hook %zu", r->pin,
				 i);
			return -EINVAL;
		}
		r->var[i] = st->var[i] ? &h->variants[st->var[i] - 1] : NULL;
	}
	if (st->flags & TP_PINF_INLINE) {
		r->enforcer_inline = strdup("the enforcer was pinned inline");
		if (!r->enforcer_inline)
			return -ENOMEM;
	}
	return 0;
}

/* Every map of the object is the pinned one, its fd reused by libbpf. */
static int take_maps(struct tp_runtime *r, char *err, size_t errlen)
{
	char path[PATH_MAX];
	struct bpf_map *m;
	int fd, e;

	bpf_object__for_each_map(m, r->obj) {
		if (bpf_map__is_internal(m))
			continue; /* not pinned (pin_objects) */
		snprintf(path, sizeof(path), "%s/maps/%s", r->pin, bpf_map__name(m));
		fd = bpf_obj_get(path);
		e = fd < 0 ? -errno : bpf_map__reuse_fd(m, fd);
		if (fd >= 0)
			close(fd);
		if (e) {
			snprintf(err, errlen, "adopting %s: %s", path, strerror(-e));
			return e;
		}
	}
	return 0;
}

int tp_runtime__adopt(struct tp_runtime *r, char *err, size_t errlen)
{
	struct tp_pin_state *st = NULL;
	char name[256], path[PATH_MAX];
	int e = tp_pin__name(r->o->meta, name, sizeof(name));

	if (e) {
		snprintf(err, errlen, "--pin: the policy names %s make no directory name",
			 tp_meta__set_name(r->o->meta));
		return e;
	}
	if (asprintf(&r->pin, "%s/%s", r->opts.pin, name) < 0) {
		r->pin = NULL;
		return -ENOMEM;
	}
	r->pin_lock = tp_pin__lock(r->pin);
	if (r->pin_lock == -EBUSY) {
		snprintf(err, errlen, "%s: another tprun runs on it", r->pin);
		return -EBUSY;
	}
	e = tp_pin__read_state(r->pin, &st);
	if (e == -ENOENT)
		return 0; /* nothing pinned: load and pin */
	if (e) {
		snprintf(err, errlen, "%s: what is there was not pinned by tprun", r->pin);
		return e;
	}
	e = tp_runtime__open_object(r, &r->opts, err, errlen);
	if (!e)
		e = match_state(r, st, err, errlen);
	if (!e)
		e = take_variants(r, st, err, errlen);
	if (!e)
		e = take_maps(r, err, errlen);
	if (!e)
		e = tp_runtime__find_counters(r, err, errlen);
	if (!e) {
		snprintf(path, sizeof(path), "%s/progs/%s", r->pin, TP_LEARN_PROG);
		r->learn_fd = bpf_obj_get(path);
		r->adopted = true; /* learn_fd is ours to close */
		if (r->learn_fd < 0) {
			e = -errno;
			snprintf(err, errlen, "adopting %s: %s", path, strerror(-e));
		}
	}
	if (!e) {
		snprintf(path, sizeof(path), "%s/links", r->pin);
		e = tp_links__open_pinned(&r->links, path, st->nlinks, err, errlen);
	}
	if (!e) {
		/* a pin made before there was a record: everything since it counts as new */
		r->reported_fd = tp_pin__reported(r->pin, false, err, errlen);
		e = r->reported_fd < 0 && r->reported_fd != -ENOENT ? r->reported_fd : 0;
	}
	free(st);
	return e ? e : 1;
}

int tp_runtime__check_pinnable(const struct tp_runtime *r, char *err, size_t errlen)
{
	const struct tp_meta *m = r->o->meta;
	const char *why;
	char where[300];
	size_t i;

	for (i = 0; i < tp_meta__hook_cnt(m); i++) {
		const struct tp_meta_hook_view *h = tp_meta__hook(m, i);

		if (!r->var[i] || !(why = tp_pin__why_not(r->var[i]->kind)))
			continue;
		snprintf(err, errlen,
			 "--pin: hook '%s' (%s) attaches with %s, which cannot be pinned: %s",
			 tp_meta__hook_name(h), tp_meta__hook_where(m, h, where, sizeof(where)),
			 tp_variant__name(r->var[i]->kind), why);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Pin every fd of the object's maps (or loaded programs) in r->pin/what/NAME. */
static int pin_objects(struct tp_runtime *r, bool maps, char *err, size_t errlen)
{
	char path[PATH_MAX];
	struct bpf_program *p;
	struct bpf_map *m;
	int e = 0;

	snprintf(path, sizeof(path), "%s/%s", r->pin, maps ? "maps" : "progs");
	e = tp_pin__mkdirs(path, err, errlen);
	if (e)
		return e;
	if (maps)
		bpf_object__for_each_map(m, r->obj) {
			/*
			 * .rodata and .bss: the programs hold them, tprun never reads
			 * them, and bpffs takes no '.' in a name ("tp.rodata")
			 */
			if (bpf_map__is_internal(m) || bpf_map__fd(m) < 0)
				continue;
			snprintf(path, sizeof(path), "%s/maps/%s", r->pin, bpf_map__name(m));
			if (bpf_obj_pin(bpf_map__fd(m), path))
				goto fail;
		}
	else
		bpf_object__for_each_program(p, r->obj) {
			snprintf(path, sizeof(path), "%s/progs/%s", r->pin, bpf_program__name(p));
			if (bpf_program__fd(p) >= 0 && bpf_obj_pin(bpf_program__fd(p), path))
				goto fail;
		}
	return 0;
fail:
	e = -errno;
	snprintf(err, errlen, "pinning %s: %s", path, strerror(-e));
	return e;
}

/* Link i of r's failed to pin: which hook's program it is, and why. */
static int link_error(struct tp_runtime *r, size_t i, int e, char *err, size_t errlen)
{
	const struct tp_meta_hook_view *h = NULL;
	const char *prog = r->links.progs[i];
	const struct tp_meta_variant_view *v =
	    prog ? tp_meta__prog_variant(r->o->meta, prog, &h) : NULL;

	if (v)
		snprintf(err, errlen,
			 "--pin: hook '%s': the kernel cannot pin the %s link of program '%s': %s",
			 tp_meta__hook_name(h), tp_variant__name(v->kind), prog, strerror(-e));
	else
		snprintf(err, errlen, "--pin: the kernel cannot pin the link of program '%s': %s",
			 prog ? prog : "?", strerror(-e));
	return e;
}

int tp_runtime__pin(struct tp_runtime *r, char *err, size_t errlen)
{
	size_t nh = tp_meta__hook_cnt(r->o->meta), i, failed = 0;
	struct tp_pin_state *st;
	char path[PATH_MAX];
	int fd = -1, e;

	if (!r->pin || r->adopted)
		return 0;
	st = calloc(1, tp_pin__state_size(nh));
	if (!st)
		return -ENOMEM;
	want_state(r, st);
	for (i = 0; i < nh; i++)
		st->var[i] = r->var[i] ? r->var[i] - tp_meta__hook(r->o->meta, i)->variants + 1 : 0;
	st->flags |= r->enforcer_inline ? TP_PINF_INLINE : 0;
	st->nlinks = r->links.n;
	fd = tp_pin__create_state(r->pin, st, err, errlen);
	if (fd >= 0 && r->pin_lock < 0)
		r->pin_lock = tp_pin__lock(r->pin);
	if (fd >= 0 && r->pin_lock < 0) {
		e = r->pin_lock;
		snprintf(err, errlen, "%s: %s", r->pin,
			 e == -EBUSY ? "another tprun runs on it" : strerror(-e));
		goto cleanup;
	}
	e = fd < 0 ? fd : pin_objects(r, true, err, errlen);
	if (!e)
		e = pin_objects(r, false, err, errlen);
	snprintf(path, sizeof(path), "%s/links", r->pin);
	if (!e)
		e = tp_pin__mkdirs(path, err, errlen);
	if (!e) {
		e = tp_links__pin(&r->links, path, &failed);
		if (e)
			link_error(r, failed, e, err, errlen);
	}
	if (!e) {
		r->reported_fd = tp_pin__reported(r->pin, true, err, errlen);
		e = r->reported_fd < 0 ? r->reported_fd : 0;
	}
	if (!e)
		e = tp_pin__complete_state(fd, st, err, errlen);
cleanup:
	if (fd >= 0) {
		close(fd);
		r->pinned = true; /* its state at least: tp_runtime__unpin removes what is there */
	}
	free(st);
	if (e)
		tp_runtime__unpin(r);
	return e;
}

void tp_runtime__unpin(struct tp_runtime *r)
{
	char err[256];

	if (r->pinned && !r->adopted && tp_pin__remove_sub(r->pin, err, sizeof(err)))
		tp_log(TP_LOG_WARN, "tprun: %s\n", err);
	r->pinned = false;
}

const char *tp_runtime__pin_path(const struct tp_runtime *r)
{
	return r->pin;
}

void tp_runtime__reported(const struct tp_runtime *r, struct tp_reported *rep)
{
	__u32 key = 0;

	memset(rep, 0, sizeof(*rep));
	if (r->adopted && r->reported_fd >= 0 && bpf_map_lookup_elem(r->reported_fd, &key, rep))
		memset(rep, 0, sizeof(*rep));
}

void tp_runtime__set_reported(struct tp_runtime *r, const struct tp_reported *rep)
{
	__u32 key = 0;

	/* a failed write only makes the next tprun report these losses again */
	if (r->reported_fd >= 0)
		bpf_map_update_elem(r->reported_fd, &key, rep, BPF_ANY);
}

bool tp_runtime__adopted(const struct tp_runtime *r, size_t *nlinks)
{
	if (nlinks)
		*nlinks = r->links.n;
	return r->adopted;
}
