/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Reading the args of classes TP_ACL_CAPS and TP_ACL_OBJECT
 * (include/tp/arg_types.h): tp_out_T appends one to a record, T the type's
 * reader, and tp_val_T gives the integer a CAPS filter compares. The blobs'
 * layouts are the structs of include/tp/arg_blobs.h.
 *
 * Every field is read with CO-RE, so one object loads on 6.1 (kernel_cap_t
 * is u32[2]), 6.12 and later (a u64), whatever the layouts around the fields.
 * A failed read leaves zeros (the probe-read helpers clear on failure).
 */
#ifndef TP_KOBJ_BPF_H
#define TP_KOBJ_BPF_H

#include "tp_capture.bpf.h"

/* kernel/module/internal.h: not in every vmlinux BTF (this one's may lack it) */
struct load_info___tp {
	const char *name;
	struct module *mod;
	bool sig_ok;
} __attribute__((preserve_access_index));

/* iov_iter before 6.4 named its iovec pointer iov; kvec is at the same place in all */
struct iov_iter___tp {
	__u8 iter_type;
	size_t count;
	union {
		const struct kvec *kvec;
		void *ubuf;
	};
} __attribute__((preserve_access_index));

/* kernel_cap_t is struct { u32 cap[2]; } before 6.3 and struct { u64 val; } since: 8 bytes either
 * way */
static __always_inline __u64 tp_kobj_caps(const void *set)
{
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), set);
	return v;
}

static __always_inline void tp_kobj_read_user_ns(struct tp_kobj_user_ns *u,
						 const struct user_namespace *ns)
{
	bpf_core_read(&u->level, sizeof(u->level), &ns->level);
	bpf_core_read(&u->uid, sizeof(u->uid), &ns->owner);
	bpf_core_read(&u->gid, sizeof(u->gid), &ns->group);
	bpf_core_read(&u->inum, sizeof(u->inum), &ns->ns.inum);
}

TP_LIBPROG __u32 tp_out_cred(int mode, struct tp_rec *r, __u32 off, __u64 raw) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	const struct cred *cred = (const void *)raw;
	struct tp_kobj_cred *c = tp_blob_begin(mode, r, off, sizeof(*c));
	struct user_namespace *ns = 0;

	if (!c)
		return tp_blob_end(off, sizeof(*c));
	bpf_core_read(&c->uid, sizeof(c->uid), &cred->uid);
	bpf_core_read(&c->gid, sizeof(c->gid), &cred->gid);
	bpf_core_read(&c->euid, sizeof(c->euid), &cred->euid);
	bpf_core_read(&c->egid, sizeof(c->egid), &cred->egid);
	bpf_core_read(&c->suid, sizeof(c->suid), &cred->suid);
	bpf_core_read(&c->sgid, sizeof(c->sgid), &cred->sgid);
	bpf_core_read(&c->fsuid, sizeof(c->fsuid), &cred->fsuid);
	bpf_core_read(&c->fsgid, sizeof(c->fsgid), &cred->fsgid);
	bpf_core_read(&c->securebits, sizeof(c->securebits), &cred->securebits);
	c->pad = 0;
	c->cap_permitted = tp_kobj_caps(&cred->cap_permitted);
	c->cap_effective = tp_kobj_caps(&cred->cap_effective);
	c->cap_inheritable = tp_kobj_caps(&cred->cap_inheritable);
	bpf_core_read(&ns, sizeof(ns), &cred->user_ns);
	tp_kobj_read_user_ns(&c->user_ns, ns);
	return tp_blob_end(off, sizeof(*c));
}
#endif

static __always_inline __u32 tp_out_user_namespace(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	struct tp_kobj_user_ns *u = tp_blob_begin(mode, r, off, sizeof(*u));

	if (!u)
		return tp_blob_end(off, sizeof(*u));
	tp_kobj_read_user_ns(u, (const void *)raw);
	return tp_blob_end(off, sizeof(*u));
}

/* capability filters compare the number itself */
static __always_inline __u64 tp_val_capability(__u64 raw)
{
	return (__u64)(__s64)(__s32)raw;
}

/* The capability sets: raw points to a kernel_cap_t (security_capset's effective, ...). */
static __always_inline __u64 tp_val_caps(__u64 raw)
{
	return tp_kobj_caps((const void *)raw);
}

/*
 * A CAPS arg's blob: the value its filters compare, v = tp_val_T(raw). The
 * capture passes the one they read, when they did.
 */
static __always_inline __u32 tp_out_caps_val(int mode, struct tp_rec *r, __u32 off, __u64 v)
{
	__u64 *p = tp_blob_begin(mode, r, off, sizeof(*p));

	if (!p)
		return tp_blob_end(off, sizeof(*p));
	*p = v;
	return tp_blob_end(off, sizeof(*p));
}

/* capability: the int itself */
static __always_inline __u32 tp_out_capability(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	return tp_out_caps_val(mode, r, off, tp_val_capability(raw));
}

static __always_inline __u32 tp_out_caps(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	return tp_out_caps_val(mode, r, off, tp_val_caps(raw));
}

TP_LIBPROG __u32 tp_out_bpf_attr(int mode, struct tp_rec *r, __u32 off, __u64 raw) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	const union bpf_attr *attr = (const void *)raw;
	struct tp_kobj_bpf_prog *p = tp_blob_begin(mode, r, off, sizeof(*p));

	if (!p)
		return tp_blob_end(off, sizeof(*p));
	bpf_core_read(&p->prog_type, sizeof(p->prog_type), &attr->prog_type);
	bpf_core_read(&p->insn_cnt, sizeof(p->insn_cnt), &attr->insn_cnt);
	bpf_core_read(&p->name, sizeof(p->name), &attr->prog_name);
	return tp_blob_end(off, sizeof(*p));
}
#endif

TP_LIBPROG __u32 tp_out_bpf_prog(int mode, struct tp_rec *r, __u32 off, __u64 raw) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	const struct bpf_prog *prog = (const void *)raw;
	struct tp_kobj_bpf_prog *p = tp_blob_begin(mode, r, off, sizeof(*p));
	struct bpf_prog_aux *aux = 0;

	if (!p)
		return tp_blob_end(off, sizeof(*p));
	bpf_core_read(&p->prog_type, sizeof(p->prog_type), &prog->type);
	bpf_core_read(&p->insn_cnt, sizeof(p->insn_cnt), &prog->len);
	bpf_core_read(&aux, sizeof(aux), &prog->aux);
	bpf_core_read(&p->name, sizeof(p->name), &aux->name);
	return tp_blob_end(off, sizeof(*p));
}
#endif

TP_LIBPROG __u32 tp_out_bpf_map(int mode, struct tp_rec *r, __u32 off, __u64 raw) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	const struct bpf_map *map = (const void *)raw;
	struct tp_kobj_bpf_map *m = tp_blob_begin(mode, r, off, sizeof(*m));

	if (!m)
		return tp_blob_end(off, sizeof(*m));
	bpf_core_read(&m->map_type, sizeof(m->map_type), &map->map_type);
	bpf_core_read(&m->key_size, sizeof(m->key_size), &map->key_size);
	bpf_core_read(&m->value_size, sizeof(m->value_size), &map->value_size);
	bpf_core_read(&m->max_entries, sizeof(m->max_entries), &map->max_entries);
	bpf_core_read(&m->name, sizeof(m->name), &map->name);
	return tp_blob_end(off, sizeof(*m));
}
#endif

TP_LIBPROG __u32 tp_out_perf_event(int mode, struct tp_rec *r, __u32 off, __u64 raw) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	const struct perf_event *ev = (const void *)raw;
	struct tp_kobj_perf_event *p = tp_blob_begin(mode, r, off, sizeof(*p));
	__u64 func = 0;

	if (!p)
		return tp_blob_end(off, sizeof(*p));
	bpf_core_read(&p->type, sizeof(p->type), &ev->attr.type);
	p->pad = 0;
	bpf_core_read(&p->config, sizeof(p->config), &ev->attr.config);
	bpf_core_read(&p->probe_offset, sizeof(p->probe_offset), &ev->attr.probe_offset);
	bpf_core_read(&func, sizeof(func), &ev->attr.kprobe_func);
	p->kprobe_func[0] = 0;
	/*
	 * attr.kprobe_func means a string only for the kprobe and uprobe PMUs
	 * (dynamic types); the pointer is the caller's, not yet copied.
	 */
	if (p->type >= PERF_TYPE_MAX && func &&
	    bpf_probe_read_user_str(p->kprobe_func, sizeof(p->kprobe_func), (const void *)func) < 0)
		bpf_probe_read_kernel_str(p->kprobe_func, sizeof(p->kprobe_func),
					  (const void *)func);
	return tp_blob_end(off, sizeof(*p));
}
#endif

static __always_inline void tp_kobj_read_module(struct tp_kobj_module *m, const struct module *mod)
{
	bpf_core_read(&m->taints, sizeof(m->taints), &mod->taints);
	if (bpf_probe_read_kernel_str(m->name, sizeof(m->name), &mod->name) < 0)
		m->name[0] = 0;
}

TP_LIBPROG __u32 tp_out_module(int mode, struct tp_rec *r, __u32 off, __u64 raw) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	struct tp_kobj_module *m = tp_blob_begin(mode, r, off, sizeof(*m));

	if (!m)
		return tp_blob_end(off, sizeof(*m));
	m->sig_ok = 0;
	m->flags = 0;
	tp_kobj_read_module(m, (const struct module *)raw);
	return tp_blob_end(off, sizeof(*m));
}
#endif

/* load_info: the module being loaded (its name from info->name, as Tetragon), and sig_ok */
TP_LIBPROG __u32 tp_out_load_info(int mode, struct tp_rec *r, __u32 off, __u64 raw) TP_LIBPROG_DECL
#ifdef TP_LIB_PROGS
{
	const struct load_info___tp *info = (const void *)raw;
	struct tp_kobj_module *m = tp_blob_begin(mode, r, off, sizeof(*m));
	const char *name = 0;
	struct module *mod = 0;
	bool ok = 0;

	if (!m)
		return tp_blob_end(off, sizeof(*m));
	m->taints = 0;
	m->sig_ok = 0;
	m->flags = 0;
	m->name[0] = 0;
	if (!bpf_core_type_exists(struct load_info___tp))
		return tp_blob_end(off, sizeof(*m));
	bpf_core_read(&name, sizeof(name), &info->name);
	if (bpf_probe_read_kernel_str(m->name, sizeof(m->name), name) < 0)
		m->name[0] = 0;
	bpf_core_read(&mod, sizeof(mod), &info->mod);
	if (mod)
		bpf_core_read(&m->taints, sizeof(m->taints), &mod->taints);
	if (bpf_core_field_exists(info->sig_ok)) {
		bpf_core_read(&ok, sizeof(ok), &info->sig_ok);
		m->sig_ok = ok;
		m->flags = TP_KMODF_SIG_OK;
	}
	return tp_blob_end(off, sizeof(*m));
}
#endif

/*
 * iov_iter: its first segment, as Tetragon reads it: a ITER_UBUF's buffer or
 * the first iovec (or kvec) of an ITER_IOVEC (ITER_KVEC); other kinds give an
 * empty segment. Returns where the bytes are (TP_MEM_*).
 */
static __always_inline int tp_iov_iter_seg(__u64 raw, struct kvec *seg)
{
	const struct iov_iter___tp *it = (const void *)raw;
	const struct kvec *kv = 0;
	__u8 type = 0xff;
	__s64 ubuf = -1, iovec = -1, kvec = -1;

	if (bpf_core_enum_value_exists(enum iter_type, ITER_UBUF))
		ubuf = bpf_core_enum_value(enum iter_type, ITER_UBUF);
	if (bpf_core_enum_value_exists(enum iter_type, ITER_IOVEC))
		iovec = bpf_core_enum_value(enum iter_type, ITER_IOVEC);
	if (bpf_core_enum_value_exists(enum iter_type, ITER_KVEC))
		kvec = bpf_core_enum_value(enum iter_type, ITER_KVEC);
	if (bpf_core_field_exists(it->iter_type))
		bpf_core_read(&type, sizeof(type), &it->iter_type);
	if (type == ubuf) {
		bpf_core_read(&seg->iov_base, sizeof(seg->iov_base), &it->ubuf);
		bpf_core_read(&seg->iov_len, sizeof(seg->iov_len), &it->count);
	} else if (type == iovec || type == kvec) {
		bpf_core_read(&kv, sizeof(kv), &it->kvec);
		bpf_probe_read_kernel(seg, sizeof(*seg), kv);
	}
	return type == kvec ? TP_MEM_KERNEL : TP_MEM_USER;
}

/* iov_iter: up to TP_BUF_MAX bytes of its first segment */
static __always_inline __u32 tp_out_iov_iter(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	struct kvec seg = {};
	int mem = tp_iov_iter_seg(raw, &seg);

	return tp_out_buf(mode, r, off, seg.iov_base, seg.iov_len, TP_BUF_MAX, mem);
}

#ifdef TP_OUT_DATA
/* iov_iter with maxData: up to TP_MAX_DATA bytes of its first segment */
static __always_inline __u32 tp_out_iov_iter_data(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	struct kvec seg = {};
	int mem = tp_iov_iter_seg(raw, &seg);

	return tp_out_data(mode, r, off, seg.iov_base, seg.iov_len, mem);
}
#endif

/*
 * char_iovec: the bytes of cnt iovecs at raw, one after the other, up to
 * TP_BUF_MAX. A later iovec starts at most TP_BUF_MAX / 2 in and adds at most
 * that much; what does not fit is counted in the original size and flagged
 * truncated. The sizing pass counts the iovecs' lengths; the writing pass
 * reads them again and copies their bytes, no more than were counted.
 */
static __always_inline __u32 tp_out_char_iovec(int mode, struct tp_rec *r, __u32 off, __u64 raw,
					       __u64 cnt)
{
	const struct iovec *iov = (const void *)raw;
	__u64 pos = 0, total = 0, most = TP_BUF_MAX;
	int i;

	if (mode == TP_WRITE)
		most = (__u32)tp_rec_memo_take(r);
	if (cnt > TP_KOBJ_IOVEC_MAX)
		cnt = TP_KOBJ_IOVEC_MAX;
#pragma unroll
	for (i = 0; i < TP_KOBJ_IOVEC_MAX; i++) {
		struct iovec v = {};
		__u64 n;

		if (i >= cnt)
			break;
		if (bpf_probe_read_user(&v, sizeof(v), &iov[i]))
			bpf_probe_read_kernel(&v, sizeof(v), &iov[i]);
		total += v.iov_len;
		n = v.iov_len;
		if (!i) {
			TP_CLAMP(n, TP_BUF_MAX);
		} else {
			if (pos >= TP_BUF_MAX / 2)
				continue;
			TP_CLAMP(n, TP_BUF_MAX / 2);
		}
		if (pos + n > most)
			n = most - pos;
		if (mode == TP_WRITE && n &&
		    tp_mem_copy(&r->d, off + sizeof(struct tp_blob) + pos, v.iov_base, n,
				TP_MEM_EITHER))
			n = 0;
		pos += n;
	}
	if (mode == TP_SIZE) {
		tp_rec_memo_put(r, pos);
		return tp_blob_end(off, pos);
	}
	tp_rec_blob(r, off, pos,
		    (total > TP_BLOB_SIZE_MASK ? TP_BLOB_SIZE_MASK : total) |
			(total > pos ? TP_BLOB_TRUNCATED : 0));
	return tp_blob_end(off, pos);
}

/* nop: declared, never read; an empty blob keeps the record's arg order */
static __always_inline __u32 tp_out_nop(int mode, struct tp_rec *r, __u32 off, __u64 raw)
{
	return tp_out_empty(mode, r, off, 0);
}

#endif /* TP_KOBJ_BPF_H */
