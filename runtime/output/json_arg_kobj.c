// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * JSON for cred, capability and capability-set, user_namespace, bpf_attr,
 * bpf_prog, bpf_map, perf_event, module and load_info arguments. Shapes and
 * value spellings are Tetragon's (pkg/grpc/tracing, pkg/reader/caps, bpf,
 * kernel): cred is a process_credentials_arg, module and load_info a
 * module_arg, the capability sets "%016x" strings.
 */
#include <stdio.h>
#include <string.h>

#include "cap_names.h"
#include "json_arg_printers.h"
#include "names.h"

/*
 * A set of bits as a repeated enum, omitted when empty: capability sets
 * (their enum numbers the bits) print a bit without a name as its number;
 * the other sets leave it out, as Tetragon's converters do.
 */
static void put_bits(struct tp_json *j, const char *key, uint64_t bits,
		     const char *(*name)(unsigned int bit), bool number_unnamed)
{
	unsigned int i;

	for (i = 0; i < 64; i++)
		if (!number_unnamed && !name(i))
			bits &= ~((uint64_t)1 << i);
	if (!bits)
		return;
	tp_json__begin_arr(j, key);
	for (i = 0; i < 64; i++) {
		if (!(bits & ((uint64_t)1 << i)))
			continue;
		if (name(i))
			tp_json__str(j, NULL, name(i));
		else
			tp_json__uint(j, NULL, i);
	}
	tp_json__end_arr(j);
}

static const char *cap_bit_name(unsigned int bit)
{
	return tp_cap_name(bit);
}

/* A kernel string field: up to its NUL or the end of the field. */
static void put_name(struct tp_json *j, const char *key, const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	if (n)
		tp_json__strn(j, key, s, n);
}

static void put_user_ns(struct tp_json *j, const char *key, const struct tp_kobj_user_ns *u)
{
	tp_json__begin_obj(j, key);
	tp_json__int(j, "level", u->level);
	tp_json__uint(j, "uid", u->uid);
	tp_json__uint(j, "gid", u->gid);
	tp_json__begin_obj(j, "ns");
	tp_json_arg__put_u32(j, "inum", u->inum);
	if (u->level == 0) /* Tetragon: level 0 is the host's */
		tp_json__bool(j, "is_host", true);
	tp_json__end_obj(j);
	tp_json__end_obj(j);
}

void tp_json_arg__cred(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	struct tp_kobj_cred c;

	tp_arg_val__copy(a, &c, sizeof(c));
	tp_json__begin_obj(j, key);
	/* wrapper types: printed when zero too */
	tp_json__uint(j, "uid", c.uid);
	tp_json__uint(j, "gid", c.gid);
	tp_json__uint(j, "euid", c.euid);
	tp_json__uint(j, "egid", c.egid);
	tp_json__uint(j, "suid", c.suid);
	tp_json__uint(j, "sgid", c.sgid);
	tp_json__uint(j, "fsuid", c.fsuid);
	tp_json__uint(j, "fsgid", c.fsgid);
	put_bits(j, "securebits", c.securebits, tp_names__securebit, false);
	tp_json__begin_obj(j, "caps");
	put_bits(j, "permitted", c.cap_permitted, cap_bit_name, true);
	put_bits(j, "effective", c.cap_effective, cap_bit_name, true);
	put_bits(j, "inheritable", c.cap_inheritable, cap_bit_name, true);
	tp_json__end_obj(j);
	put_user_ns(j, "user_ns", &c.user_ns);
	tp_json__end_obj(j);
}

void tp_json_arg__user_ns(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	struct tp_kobj_user_ns u;

	tp_arg_val__copy(a, &u, sizeof(u));
	put_user_ns(j, key, &u);
}

/* kernel_cap_t and the cap_* sets: the bits, "%016x" */
void tp_json_arg__capset(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	uint64_t v;
	char hex[17];

	tp_arg_val__copy(a, &v, sizeof(v));
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)v);
	tp_json__str(j, key, hex);
}

void tp_json_arg__capability(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	int64_t v;
	const char *name;

	tp_arg_val__copy(a, &v, sizeof(v));
	name = tp_cap_name((int32_t)v);
	tp_json__begin_obj(j, key);
	tp_json__int(j, "value", (int32_t)v);
	if (name)
		tp_json__str(j, "name", name);
	tp_json__end_obj(j);
}

/* bpf_attr (BPF_PROG_LOAD's fields) and bpf_prog */
void tp_json_arg__bpf_prog(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	struct tp_kobj_bpf_prog p;

	tp_arg_val__copy(a, &p, sizeof(p));
	tp_json__begin_obj(j, key);
	tp_json_arg__put_enum(j, "ProgType", tp_names__bpf_prog_type(p.prog_type), p.prog_type);
	tp_json_arg__put_u32(j, "InsnCnt", p.insn_cnt);
	put_name(j, "ProgName", p.name, sizeof(p.name));
	tp_json__end_obj(j);
}

void tp_json_arg__bpf_map(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	struct tp_kobj_bpf_map m;

	tp_arg_val__copy(a, &m, sizeof(m));
	tp_json__begin_obj(j, key);
	tp_json_arg__put_enum(j, "MapType", tp_names__bpf_map_type(m.map_type), m.map_type);
	tp_json_arg__put_u32(j, "KeySize", m.key_size);
	tp_json_arg__put_u32(j, "ValueSize", m.value_size);
	tp_json_arg__put_u32(j, "MaxEntries", m.max_entries);
	put_name(j, "MapName", m.name, sizeof(m.name));
	tp_json__end_obj(j);
}

void tp_json_arg__perf_event(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	struct tp_kobj_perf_event p;

	tp_arg_val__copy(a, &p, sizeof(p));
	tp_json__begin_obj(j, key);
	put_name(j, "KprobeFunc", p.kprobe_func, sizeof(p.kprobe_func));
	tp_json_arg__put_enum(j, "Type", tp_names__perf_type(p.type), p.type);
	if (p.config)
		tp_json__uint_str(j, "Config", p.config);
	if (p.probe_offset)
		tp_json__uint_str(j, "ProbeOffset", p.probe_offset);
	tp_json__end_obj(j);
}

static void put_module(struct tp_json *j, const char *key, const struct tp_arg_val *a,
		       bool signature)
{
	struct tp_kobj_module m;

	tp_arg_val__copy(a, &m, sizeof(m));
	tp_json__begin_obj(j, key);
	put_name(j, "name", m.name, sizeof(m.name));
	if (signature)
		tp_json__bool(j, "signature_ok", m.sig_ok);
	put_bits(j, "tainted", m.taints, tp_names__taint, false);
	tp_json__end_obj(j);
}

/* signature_ok is a BoolValue Tetragon cannot tell for a module */
void tp_json_arg__module(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	put_module(j, key, a, false);
}

void tp_json_arg__load_info(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	put_module(j, key, a, true);
}

/* Tetragon leaves nop args out of events: the table gives them no member. */
void tp_json_arg__nop(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
}
