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
#include "json_creds.h"
#include "names.h"

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
	struct tp_creds pc;

	tp_arg_val__copy(a, &c, sizeof(c));
	pc = (struct tp_creds){
		.uid = c.uid,
		.gid = c.gid,
		.euid = c.euid,
		.egid = c.egid,
		.suid = c.suid,
		.sgid = c.sgid,
		.fsuid = c.fsuid,
		.fsgid = c.fsgid,
		.securebits = c.securebits,
		.caps = { [TP_CAPSET_PERMITTED] = c.cap_permitted,
			  [TP_CAPSET_EFFECTIVE] = c.cap_effective,
			  [TP_CAPSET_INHERITABLE] = c.cap_inheritable },
	};
	tp_json__begin_obj(j, key);
	tp_json_creds__ids(j, &pc);
	tp_json_creds__caps(j, "caps", &pc);
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
	tp_json_creds__bits(j, "tainted", m.taints, tp_names__taint, false);
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
