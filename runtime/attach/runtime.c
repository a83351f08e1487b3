// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Loading and attaching, bpftool's generic loader style: open, size the
 * per-CPU heaps, choose autoload per program, load, fill and freeze the
 * value sets, attach each program, and on any failure undo what was attached.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <tp/event.h>

#include "libtp.h"
#include "attach_priv.h"
#include "object/object.h"
#include "tracefs.h"

static const char *const process_progs[] = { "tp_fork", "tp_exec", "tp_exit", "tp_learn" };

struct tp_runtime {
	struct tp_object *o;
	struct bpf_object *obj;
	struct bpf_link **links;
	size_t nlinks;
	const struct tp_meta_variant_view **var;	/* per hook */
	int counters_fd;
};

static int add_link(struct tp_runtime *r, struct bpf_link *l)
{
	struct bpf_link **links;

	if (!l)
		return -errno;
	links = realloc(r->links, (r->nlinks + 1) * sizeof(*links));
	if (!links) {
		bpf_link__destroy(l);
		return -ENOMEM;
	}
	r->links = links;
	r->links[r->nlinks++] = l;
	return 0;
}

static const char *hook_name(const struct tp_meta_hook_view *h)
{
	return *h->call ? h->call : h->function_name;
}

/*
 * A tracepoint's args are read at the offsets tpgen took from the format of
 * the kernel it compiled on. Another kernel may lay the record out otherwise:
 * then the object must be rebuilt, not run reading the wrong bytes.
 */
static int check_tracepoint_fields(const struct tp_meta_hook_view *h, char *err, size_t errlen)
{
	struct tp_tracefs_format fmt = { 0 };
	size_t i;
	int e, idx;

	if (h->kind != TP_HOOK_TRACEPOINT || (h->flags & TP_HOOKF_RAW))
		return 0;
	e = tp_tracefs_format__load(&fmt, tp_probe__tracefs(), h->subsys, h->event);
	if (e) {
		snprintf(err, errlen, "hook '%s': cannot read its tracepoint format: %s", h->call,
			 strerror(-e));
		return e;
	}
	for (i = 0; i < h->nargs && !e; i++) {
		const struct tp_meta_arg_view *a = &h->args[i];

		if (!*a->field_name)
			continue;
		idx = tp_tracefs_format__find(&fmt, a->field_name);
		if (idx < 0) {
			snprintf(err, errlen, "hook '%s': this kernel's tracepoint has no field '%s': "
				 "rebuild the object with tpgen on this kernel", h->call, a->field_name);
			e = -ENOENT;
		} else if (fmt.fields[idx].offset != (int)a->field_off ||
			   fmt.fields[idx].size != (int)a->field_size) {
			snprintf(err, errlen, "hook '%s': field '%s' is at offset %d (%d bytes) on this "
				 "kernel, the object reads offset %u (%u bytes): rebuild it with tpgen "
				 "on this kernel", h->call, a->field_name, fmt.fields[idx].offset,
				 fmt.fields[idx].size, a->field_off, a->field_size);
			e = -EINVAL;
		}
	}
	tp_tracefs_format__free(&fmt);
	return e;
}

/* Size the heaps by CPU count before load. */
int tp_attach__size_maps(struct bpf_object *obj, const struct tp_runtime_opts *opts)
{
	static const char *const heaps[] = { "tp_heap_map", "tp_exec_heap_map" };
	int ncpus = libbpf_num_possible_cpus();
	struct bpf_map *m;
	size_t i;

	if (ncpus <= 0)
		return ncpus ? ncpus : -EINVAL;
	for (i = 0; i < sizeof(heaps) / sizeof(heaps[0]); i++) {
		m = bpf_object__find_map_by_name(obj, heaps[i]);
		if (!m || bpf_map__set_max_entries(m, ncpus))
			return -EINVAL;
	}
	if (opts && opts->ringbuf_size) {
		m = bpf_object__find_map_by_name(obj, "tp_events");
		if (!m || bpf_map__set_max_entries(m, opts->ringbuf_size))
			return -EINVAL;
	}
	return 0;
}

/* Tell the hooks which process is ours (tp_self_tgid in .rodata). */
static int set_self(struct bpf_object *obj)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, ".rodata");
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *sec;
	const struct btf_var_secinfo *vs;
	__u32 self = getpid();
	const void *init;
	size_t size, i;
	char *data;
	int id, err = -ENOENT;

	if (!m || !btf)
		return -ENOENT;
	init = bpf_map__initial_value(m, &size);
	id = btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC);
	if (!init || id < 0)
		return -ENOENT;
	data = malloc(size);
	if (!data)
		return -ENOMEM;
	memcpy(data, init, size);
	sec = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);

		if (!strcmp(btf__name_by_offset(btf, var->name_off), "tp_self_tgid") &&
		    vs->offset + sizeof(self) <= size) {
			memcpy(data + vs->offset, &self, sizeof(self));
			err = bpf_map__set_initial_value(m, data, size);
			break;
		}
	}
	free(data);
	return err;
}

struct bpf_object *tp_attach__open_obj(const struct tp_object *o)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = "tp");
	struct bpf_object *obj = bpf_object__open_mem(o->data, o->size, &oo);

	return libbpf_get_error(obj) ? NULL : obj;
}

static int fill_maps(struct tp_runtime *r, char *err, size_t errlen)
{
	const struct tp_meta *m = r->o->meta;
	size_t i, j;

	for (i = 0; i < tp_meta__fill_cnt(m); i++) {
		const struct tp_meta_fill_view *f = tp_meta__fill(m, i);
		struct bpf_map *map = bpf_object__find_map_by_name(r->obj, f->map_name);
		const unsigned char *e = f->data;
		int fd;

		if (!map || bpf_map__key_size(map) != f->key_size ||
		    bpf_map__value_size(map) != f->value_size) {
			snprintf(err, errlen, "value set '%s' does not match the object's maps",
				 f->map_name);
			return -EINVAL;
		}
		fd = bpf_map__fd(map);
		for (j = 0; j < f->count; j++, e += f->key_size + f->value_size)
			if (bpf_map_update_elem(fd, e, e + f->key_size, BPF_ANY)) {
				snprintf(err, errlen, "filling '%s': %s", f->map_name,
					 strerror(errno));
				return -errno;
			}
		/* read-only from here on, for user space too */
		if (bpf_map_freeze(fd)) {
			snprintf(err, errlen, "freezing '%s': %s", f->map_name, strerror(errno));
			return -errno;
		}
	}
	return 0;
}

/* A load failure, named by the hook whose program the kernel refused. */
static void load_error(const struct tp_meta *m, int e, char *err, size_t errlen)
{
	const struct tp_meta_hook_view *h = NULL;
	const struct tp_meta_variant_view *v = NULL;
	bool core;
	const char *prog = tp_log__failed_prog(&core);
	size_t i, j;

	for (i = 0; prog && !v && i < tp_meta__hook_cnt(m); i++) {
		h = tp_meta__hook(m, i);
		for (j = 0; j < h->nvariants && !v; j++)
			if (!strcmp(h->variants[j].prog, prog) || !strcmp(h->variants[j].prog_exit, prog))
				v = &h->variants[j];
	}
	if (!v) {
		snprintf(err, errlen, "loading programs: %s%s%s (run with -v for the verifier log)",
			 prog ? prog : "", prog ? ": " : "", strerror(-e));
		return;
	}
	snprintf(err, errlen, "hook '%s' (policy line %u): this kernel refused its %s program "
		 "%s: %s%s (run with -v for the verifier log)", hook_name(h), h->line,
		 tp_variant__name(v->kind), prog, strerror(-e),
		 core ? "; an argument type reads a kernel structure or field this kernel "
			"does not have" : "");
}

struct tp_runtime *tp_runtime__start(struct tp_object *o, const struct tp_runtime_opts *opts,
				     char *err, size_t errlen)
{
	const struct tp_meta *m = o->meta;
	size_t nh = tp_meta__hook_cnt(m), i, j;
	struct tp_runtime *r = calloc(1, sizeof(*r));
	struct bpf_program *prog;
	struct bpf_map *cnt;
	int e = -ENOMEM;

	snprintf(err, errlen, "out of memory");
	if (!r)
		goto fail;
	r->o = o;
	r->counters_fd = -1;
	r->var = calloc(nh ? nh : 1, sizeof(*r->var));
	if (!r->var)
		goto fail;

	/* choose, best first, the variant each hook will use */
	for (i = 0; i < nh; i++) {
		const struct tp_meta_hook_view *h = tp_meta__hook(m, i);
		char why[1024];
		size_t off = 0;

		for (j = 0; j < h->nvariants && !r->var[i]; j++)
			if (!tp_variant__why_not(h, &h->variants[j], opts ? opts->forbid : 0))
				r->var[i] = &h->variants[j];
		if (r->var[i]) {
			e = check_tracepoint_fields(h, err, errlen);
			if (e)
				goto fail;
			continue;
		}
		/* ignore.callNotFound: a function this kernel lacks is skipped, and said so */
		if ((h->flags & TP_HOOKF_IGNORE_MISSING) && h->nvariants &&
		    !tp_probe__function_exists(h->variants[0].target))
			continue;
		why[0] = 0;
		for (j = 0; j < h->nvariants; j++)
			off += snprintf(why + off, off < sizeof(why) ? sizeof(why) - off : 0,
					"%s%s: %s", j ? "; " : "",
					tp_variant__name(h->variants[j].kind),
					tp_variant__why_not(h, &h->variants[j], opts ? opts->forbid : 0));
		snprintf(err, errlen, "hook '%s' (policy line %u) %s on this kernel: %s",
			 hook_name(h), h->line,
			 h->flags & TP_HOOKF_OVERRIDE ? "has an Override, which cannot be enforced" :
							"cannot attach",
			 why);
		e = -EOPNOTSUPP;
		goto fail;
	}

	tp_probe__release();

	e = -EINVAL;
	r->obj = tp_attach__open_obj(o);
	if (!r->obj) {
		snprintf(err, errlen, "libbpf cannot open the object");
		goto fail;
	}
	if (tp_attach__size_maps(r->obj, opts)) {
		snprintf(err, errlen, "the object lacks tpgen's maps");
		goto fail;
	}
	if (set_self(r->obj)) {
		snprintf(err, errlen, "the object lacks tpgen's read-only data");
		goto fail;
	}
	bpf_object__for_each_program(prog, r->obj)
		bpf_program__set_autoload(prog, false);
	for (i = 0; i < sizeof(process_progs) / sizeof(process_progs[0]); i++) {
		prog = bpf_object__find_program_by_name(r->obj, process_progs[i]);
		if (!prog) {
			snprintf(err, errlen, "the object lacks program '%s'", process_progs[i]);
			goto fail;
		}
		bpf_program__set_autoload(prog, true);
	}
	for (i = 0; i < nh; i++) {
		const struct tp_meta_variant_view *v = r->var[i];
		const char *names[2];

		if (!v)
			continue;	/* skipped: ignore.callNotFound */
		names[0] = v->prog;
		names[1] = v->prog_exit;

		for (j = 0; j < 2; j++) {
			if (!*names[j])
				continue;
			prog = bpf_object__find_program_by_name(r->obj, names[j]);
			if (!prog) {
				snprintf(err, errlen, "the object lacks program '%s'", names[j]);
				goto fail;
			}
			bpf_program__set_autoload(prog, true);
			if (tp_variant__is_trampoline(v->kind) &&
			    bpf_program__set_attach_target(prog, 0, v->target)) {
				snprintf(err, errlen, "%s target '%s' not found",
					 tp_variant__name(v->kind), v->target);
				goto fail;
			}
		}
	}
	tp_log__clear_failure();
	e = bpf_object__load(r->obj);
	if (e) {
		load_error(o->meta, e, err, errlen);
		goto fail;
	}
	e = fill_maps(r, err, errlen);
	if (e)
		goto fail;
	cnt = bpf_object__find_map_by_name(r->obj, "tp_counters");
	r->counters_fd = cnt ? bpf_map__fd(cnt) : -1;

	for (i = 0; i < 3; i++) {
		prog = bpf_object__find_program_by_name(r->obj, process_progs[i]);
		e = add_link(r, bpf_program__attach(prog));
		if (e) {
			snprintf(err, errlen, "attaching '%s': %s", process_progs[i], strerror(-e));
			goto fail;
		}
	}
	return r;
fail:
	tp_runtime__stop(r);
	errno = e < 0 ? -e : EINVAL;
	return NULL;
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
static int attach_list(struct tp_runtime *r, struct bpf_program *prog, enum tp_variant_kind kind,
		       const char *target, bool exit)
{
	size_t n = tp_meta__list_count(target), i;
	char fn[256];
	int e = 0;

	if (kind == TP_VAR_KPROBE_MULTI) {
		const char **syms = calloc(n ? n : 1, sizeof(*syms));
		__u64 *cookies = calloc(n ? n : 1, sizeof(*cookies));
		char *names = strdup(target), *p;

		if (!syms || !cookies || !names) {
			e = -ENOMEM;
		} else {
			for (i = 0, p = names; i < n && p; i++) {
				syms[i] = p;
				cookies[i] = i;
				p = strchr(p, '\n');
				if (p)
					*p++ = 0;
			}
			LIBBPF_OPTS(bpf_kprobe_multi_opts, mo, .syms = syms, .cookies = cookies,
				    .cnt = n, .retprobe = exit);
			e = add_link(r, bpf_program__attach_kprobe_multi_opts(prog, NULL, &mo));
		}
		free(syms);
		free(cookies);
		free(names);
		return e;
	}
	for (i = 0; i < n && !e; i++) {
		LIBBPF_OPTS(bpf_kprobe_opts, ko, .bpf_cookie = i, .retprobe = exit);

		if (!tp_meta__list_func(target, i, fn, sizeof(fn)))
			return -EINVAL;
		e = add_link(r, bpf_program__attach_kprobe_opts(prog, fn, &ko));
	}
	return e;
}

int tp_runtime__attach_hooks(struct tp_runtime *r, char *err, size_t errlen)
{
	size_t nh = tp_meta__hook_cnt(r->o->meta), i;
	int e;

	for (i = 0; i < nh; i++) {
		const struct tp_meta_variant_view *v = r->var[i];
		const struct tp_meta_hook_view *h = tp_meta__hook(r->o->meta, i);
		struct bpf_program *prog;
		bool list = h->flags & TP_HOOKF_LIST;

		if (!v)
			continue;	/* skipped: ignore.callNotFound */
		prog = bpf_object__find_program_by_name(r->obj, v->prog);

		e = list ? attach_list(r, prog, v->kind, v->target, false) :
			   add_link(r, attach_one(prog, v->kind, v->target, false));
		if (!e && *v->prog_exit) {
			prog = bpf_object__find_program_by_name(r->obj, v->prog_exit);
			e = list ? attach_list(r, prog, v->kind, v->target, true) :
				   add_link(r, attach_one(prog, v->kind,
							  *v->target_exit ? v->target_exit :
									    v->target,
							  true));
		}
		if (e) {
			snprintf(err, errlen, "hook '%s': attaching %s '%s': %s", hook_name(h),
				 tp_variant__name(v->kind), v->target, strerror(-e));
			goto fail;
		}
	}
	return 0;
fail:
	/* a half-attached policy is not enforcing: take everything down */
	while (r->nlinks)
		bpf_link__destroy(r->links[--r->nlinks]);
	return e;
}

void tp_runtime__stop(struct tp_runtime *r)
{
	if (!r)
		return;
	while (r->nlinks)
		bpf_link__destroy(r->links[--r->nlinks]);
	free(r->links);
	bpf_object__close(r->obj);
	free(r->var);
	free(r);
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

uint64_t tp_runtime__counter(const struct tp_runtime *r, uint32_t which)
{
	int ncpus = libbpf_num_possible_cpus(), i;
	uint64_t sum = 0;

	if (r->counters_fd < 0 || ncpus <= 0)
		return 0;
	{
		uint64_t vals[ncpus];

		if (bpf_map_lookup_elem(r->counters_fd, &which, vals))
			return 0;
		for (i = 0; i < ncpus; i++)
			sum += vals[i];
	}
	return sum;
}

int tp_runtime__learn(struct tp_runtime *r, uint32_t tgid, uint32_t ppid, uint32_t nspid,
		      uint64_t ktime, const char *binary)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(r->obj, "tp_learn");
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
	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &t);
	free(c);
	if (err)
		return -errno;
	return t.retval ? -EIO : 0;
}
