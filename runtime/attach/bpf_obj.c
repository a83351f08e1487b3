// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The libbpf object of a tpgen object, from open to loaded: heaps sized by
 * CPU count, our pid, the host's namespaces and whether records carry
 * credentials in read-only data, only the chosen programs loaded,
 * value sets filled and frozen.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <tp/event.h>
#include <tp/nscaps.h>

#include "bpf_obj.h"
#include "object/object.h"
#include "proc_ns.h"

struct bpf_object *tp_bpf_obj__open(const struct tp_object *o)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = "tp");
	struct bpf_object *obj = bpf_object__open_mem(o->data, o->size, &oo);

	return libbpf_get_error(obj) ? NULL : obj;
}

/*
 * The audit ring's bytes for a tp_events of ringbuf bytes: a quarter of it,
 * TP_AUDIT_RING_SIZE at least. Both powers of two, so the quarter is one too,
 * and at least 256 KiB it is a whole number of pages (ringbuf_map_alloc).
 */
static uint32_t audit_ring_size(uint32_t ringbuf)
{
	return ringbuf / 4 > TP_AUDIT_RING_SIZE ? ringbuf / 4 : TP_AUDIT_RING_SIZE;
}

int tp_bpf_obj__size_maps(struct bpf_object *obj, const struct tp_runtime_opts *opts)
{
	int ncpus = libbpf_num_possible_cpus();
	struct bpf_map *m, *audit;

	if (ncpus <= 0)
		return ncpus ? ncpus : -EINVAL;
	m = bpf_object__find_map_by_name(obj, "tp_heap_map");
	if (!m || bpf_map__set_max_entries(m, ncpus))
		return -EINVAL;
	/* only matchBinaries and matchParentBinaries need one at exec (tp_process.bpf.h) */
	m = bpf_object__find_map_by_name(obj, "tp_exec_heap_map");
	if (m && bpf_map__set_max_entries(m, ncpus))
		return -EINVAL;
	m = bpf_object__find_map_by_name(obj, "tp_events");
	if (!m || (opts && opts->ringbuf_size && bpf_map__set_max_entries(m, opts->ringbuf_size)))
		return -EINVAL;
	/* an object without it (an older tpgen's) sends every record on tp_events */
	audit = bpf_object__find_map_by_name(obj, "tp_audit");
	if (audit && bpf_map__set_max_entries(audit, audit_ring_size(bpf_map__max_entries(m))))
		return -EINVAL;
	return 0;
}

/* Where .rodata's variable name of size bytes is, or -1 when the object lacks it. */
static long rodata_var(const struct btf *btf, const struct btf_type *sec, size_t data_size,
		       const char *name, size_t size)
{
	const struct btf_var_secinfo *vs = btf_var_secinfos(sec);
	size_t i;

	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *var = btf__type_by_id(btf, vs->type);

		if (!strcmp(btf__name_by_offset(btf, var->name_off), name) && vs->size == size &&
		    vs->offset + size <= data_size)
			return vs->offset;
	}
	return -1;
}

/* .rodata's variable name (of size bytes) set to val before load: 0, -ENOENT or -errno */
static int rodata_set(struct bpf_object *obj, const char *name, const void *val, size_t size)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, ".rodata");
	const struct btf *btf = bpf_object__btf(obj);
	int sec = btf ? btf__find_by_name_kind(btf, ".rodata", BTF_KIND_DATASEC) : -ENOENT;
	size_t data_size = 0;
	const char *init = m && sec >= 0 ? bpf_map__initial_value(m, &data_size) : NULL;
	long off = init ? rodata_var(btf, btf__type_by_id(btf, sec), data_size, name, size) : -1;
	char *data;
	int err;

	if (off < 0)
		return -ENOENT;
	data = malloc(data_size);
	if (!data)
		return -ENOMEM;
	memcpy(data, init, data_size);
	memcpy(data + off, val, size);
	err = bpf_map__set_initial_value(m, data, data_size);
	free(data);
	return err;
}

int tp_bpf_obj__set_self(struct bpf_object *obj, bool want_creds)
{
	__u32 self = getpid(), want = want_creds;
	int err = rodata_set(obj, "tp_self_tgid", &self, sizeof(self));

	if (err)
		return err;
	err = rodata_set(obj, "tp_host_ns", tp_proc_ns__host(), sizeof(__u32[TP_NS__N]));
	if (err && err != -ENOENT)
		return err;
	err = rodata_set(obj, "tp_want_creds", &want, sizeof(want));
	/* an object from a tpgen without it cannot carry them: say so, never omit them */
	if (err == -ENOENT)
		return want ? -EPROTO : 0;
	return err;
}

int tp_bpf_obj__set_u32(struct bpf_object *obj, const char *name, __u32 value)
{
	return rodata_set(obj, name, &value, sizeof(value));
}

int tp_bpf_obj__set_u64(struct bpf_object *obj, const char *name, __u64 value)
{
	return rodata_set(obj, name, &value, sizeof(value));
}

const char *const tp_process_progs[] = { "tp_fork", "tp_exec", "tp_exit", NULL };

static int autoload(struct bpf_object *obj, const char *name, char *err, size_t errlen)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, name);

	if (!prog) {
		snprintf(err, errlen, "the object lacks program '%s'", name);
		return -EINVAL;
	}
	bpf_program__set_autoload(prog, true);
	return 0;
}

/* A variant's entry or exit program: loaded, a trampoline's target set. */
static int autoload_variant(struct bpf_object *obj, const struct tp_meta_variant_view *v,
			    const char *name, char *err, size_t errlen)
{
	int e = autoload(obj, name, err, errlen);

	if (e || !tp_variant__is_trampoline(v->kind))
		return e;
	if (bpf_program__set_attach_target(bpf_object__find_program_by_name(obj, name), 0,
					   v->target)) {
		snprintf(err, errlen, "%s target '%s' not found", tp_variant__name(v->kind),
			 v->target);
		return -EINVAL;
	}
	return 0;
}

int tp_bpf_obj__set_autoload(struct bpf_object *obj, const struct tp_meta *m,
			     const struct tp_meta_variant_view *const *var, char *err,
			     size_t errlen)
{
	struct bpf_program *prog;
	size_t i;
	int e = 0;

	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog, false);
	for (i = 0; !e && tp_process_progs[i]; i++)
		e = autoload(obj, tp_process_progs[i], err, errlen);
	if (!e)
		e = autoload(obj, TP_LEARN_PROG, err, errlen);
	for (i = 0; !e && i < tp_meta__hook_cnt(m); i++) {
		if (!var[i])
			continue; /* skipped: ignore.callNotFound */
		if (*var[i]->prog)
			e = autoload_variant(obj, var[i], var[i]->prog, err, errlen);
		if (!e && *var[i]->prog_exit)
			e = autoload_variant(obj, var[i], var[i]->prog_exit, err, errlen);
	}
	return e;
}

/* A load failure, named by the hook whose program the kernel refused. */
static void load_error(const struct tp_meta *m, int e, char *err, size_t errlen)
{
	const struct tp_meta_hook_view *h = NULL;
	char where[300];
	bool core;
	const char *prog = tp_log__failed_prog(&core);
	const struct tp_meta_variant_view *v = tp_meta__prog_variant(m, prog, &h);

	if (!v) {
		snprintf(err, errlen, "loading programs: %s%s%s (run with -v for the verifier log)",
			 prog ? prog : "", prog ? ": " : "", strerror(-e));
		return;
	}
	snprintf(err, errlen,
		 "hook '%s' (%s): this kernel refused its %s program "
		 "%s: %s%s (run with -v for the verifier log)",
		 tp_meta__hook_name(h), tp_meta__hook_where(m, h, where, sizeof(where)),
		 tp_variant__name(v->kind), prog, strerror(-e),
		 core ? "; an argument type reads a kernel structure or field this kernel "
			"does not have"
		      : "");
}

int tp_bpf_obj__load(struct bpf_object *obj, const struct tp_meta *m, char *err, size_t errlen)
{
	int e;

	tp_log__clear_failure();
	e = bpf_object__load(obj);
	if (e)
		load_error(m, e, err, errlen);
	return e;
}

int tp_bpf_obj__fill_maps(struct bpf_object *obj, const struct tp_meta *m, char *err, size_t errlen)
{
	size_t i, j;

	for (i = 0; i < tp_meta__fill_cnt(m); i++) {
		const struct tp_meta_fill_view *f = tp_meta__fill(m, i);
		struct bpf_map *map = bpf_object__find_map_by_name(obj, f->map_name);
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

/* Whether the kernel says map fd is frozen: its fdinfo's "frozen:\t1" (since 5.2). */
static bool map_frozen(int fd)
{
	char path[64], line[128];
	bool frozen = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!frozen && fgets(line, sizeof(line), f))
		frozen = !strcmp(line, "frozen:\t1\n");
	fclose(f);
	return frozen;
}

int tp_bpf_obj__freeze_maps(struct bpf_object *obj, char *err, size_t errlen)
{
	struct bpf_map *m;

	bpf_object__for_each_map(m, obj) {
		int fd = bpf_map__fd(m);

		/*
		 * The ring buffer takes no update or delete from user space; its
		 * consumer page is mapped writable by libbpf's reader, and the kernel
		 * freezes no map mapped writable (map_freeze: -EBUSY).
		 */
		if (fd < 0 || bpf_map__type(m) == BPF_MAP_TYPE_RINGBUF)
			continue;
		/* value sets (fill_maps) and .rodata (libbpf) are frozen already */
		if (!map_frozen(fd) && bpf_map_freeze(fd)) {
			snprintf(err, errlen, "freezing map '%s': %s", bpf_map__name(m),
				 strerror(errno));
			return -errno;
		}
	}
	return 0;
}
