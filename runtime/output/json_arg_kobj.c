// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * JSON for cred, capabilities, user_namespace, bpf_attr/map/prog, perf_event, module, load_info, iov_iter, char_iovec, data_loc, nop arguments.
 * Shapes and value spellings are Tetragon's (pkg/grpc/tracing, pkg/reader/caps, bpf, kernel):
 * cred is a process_credentials_arg, user_namespace a user_ns_arg, module and
 * load_info a module_arg, the capability sets "%016x" strings.
 */
#include <stdio.h>
#include <string.h>

#include "cap_names.h"
#include "json_arg.h"

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

/* tetragon.SecureBitsType: the SECBIT_* masks */
static const char *securebit_name(unsigned int bit)
{
	static const char *const names[] = {
		"SecBitNoRoot",		 "SecBitNoRootLocked",	    "SecBitNoSetUidFixup",
		"SecBitNoSetUidFixupLocked", "SecBitKeepCaps",	    "SecBitKeepCapsLocked",
		"SecBitNoCapAmbientRaise",   "SecBitNoCapAmbientRaiseLocked",
	};

	return bit < sizeof(names) / sizeof(names[0]) ? names[bit] : NULL;
}

/* tetragon.TaintedBitsType: the module taints Tetragon names (1 << TAINT_*) */
static const char *taint_name(unsigned int bit)
{
	switch (bit) {
	case 0:
		return "TAINT_PROPRIETARY_MODULE";
	case 1:
		return "TAINT_FORCED_MODULE";
	case 2:
		return "TAINT_FORCED_UNLOAD_MODULE";
	case 10:
		return "TAINT_STAGED_MODULE";
	case 12:
		return "TAINT_OUT_OF_TREE_MODULE";
	case 13:
		return "TAINT_UNSIGNED_MODULE";
	case 15:
		return "TAINT_KERNEL_LIVE_PATCH_MODULE";
	case 18:
		return "TAINT_TEST_MODULE";
	default:
		return NULL;
	}
}

/* uapi names as Tetragon's pkg/reader/bpf tables spell them; numbers beyond */
static void put_enum(struct tp_json *j, const char *key, uint32_t v, const char *const *names,
		     size_t n)
{
	char num[16];

	if (v < n && names[v]) {
		tp_json__str(j, key, names[v]);
		return;
	}
	snprintf(num, sizeof(num), "%u", v);
	tp_json__str(j, key, num);
}

static const char *const prog_types[] = {
	"BPF_PROG_TYPE_UNSPEC",		   "BPF_PROG_TYPE_SOCKET_FILTER",
	"BPF_PROG_TYPE_KPROBE",		   "BPF_PROG_TYPE_SCHED_CLS",
	"BPF_PROG_TYPE_SCHED_ACT",	   "BPF_PROG_TYPE_TRACEPOINT",
	"BPF_PROG_TYPE_XDP",		   "BPF_PROG_TYPE_PERF_EVENT",
	"BPF_PROG_TYPE_CGROUP_SKB",	   "BPF_PROG_TYPE_CGROUP_SOCK",
	"BPF_PROG_TYPE_LWT_IN",		   "BPF_PROG_TYPE_LWT_OUT",
	"BPF_PROG_TYPE_LWT_XMIT",	   "BPF_PROG_TYPE_SOCK_OPS",
	"BPF_PROG_TYPE_SK_SKB",		   "BPF_PROG_TYPE_CGROUP_DEVICE",
	"BPF_PROG_TYPE_SK_MSG",		   "BPF_PROG_TYPE_RAW_TRACEPOINT",
	"BPF_PROG_TYPE_CGROUP_SOCK_ADDR",  "BPF_PROG_TYPE_LWT_SEG6LOCAL",
	"BPF_PROG_TYPE_LIRC_MODE2",	   "BPF_PROG_TYPE_SK_REUSEPORT",
	"BPF_PROG_TYPE_FLOW_DISSECTOR",	   "BPF_PROG_TYPE_CGROUP_SYSCTL",
	"BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE", "BPF_PROG_TYPE_CGROUP_SOCKOPT",
	"BPF_PROG_TYPE_TRACING",	   "BPF_PROG_TYPE_STRUCT_OPS",
	"BPF_PROG_TYPE_EXT",		   "BPF_PROG_TYPE_LSM",
	"BPF_PROG_TYPE_SK_LOOKUP",	   "BPF_PROG_TYPE_SYSCALL",
};

static const char *const map_types[] = {
	"BPF_MAP_TYPE_UNSPEC",		"BPF_MAP_TYPE_HASH",
	"BPF_MAP_TYPE_ARRAY",		"BPF_MAP_TYPE_PROG_ARRAY",
	"BPF_MAP_TYPE_PERF_EVENT_ARRAY", "BPF_MAP_TYPE_PERCPU_HASH",
	"BPF_MAP_TYPE_PERCPU_ARRAY",	"BPF_MAP_TYPE_STACK_TRACE",
	"BPF_MAP_TYPE_CGROUP_ARRAY",	"BPF_MAP_TYPE_LRU_HASH",
	"BPF_MAP_TYPE_LRU_PERCPU_HASH", "BPF_MAP_TYPE_LPM_TRIE",
	"BPF_MAP_TYPE_ARRAY_OF_MAPS",	"BPF_MAP_TYPE_HASH_OF_MAPS",
	"BPF_MAP_TYPE_DEVMAP",		"BPF_MAP_TYPE_SOCKMAP",
	"BPF_MAP_TYPE_CPUMAP",		"BPF_MAP_TYPE_XSKMAP",
	"BPF_MAP_TYPE_SOCKHASH",	"BPF_MAP_TYPE_CGROUP_STORAGE",
	"BPF_MAP_TYPE_REUSEPORT_SOCKARRAY", "BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE",
	"BPF_MAP_TYPE_QUEUE",		"BPF_MAP_TYPE_STACK",
	"BPF_MAP_TYPE_SK_STORAGE",	"BPF_MAP_TYPE_DEVMAP_HASH",
	"BPF_MAP_TYPE_STRUCT_OPS",	"BPF_MAP_TYPE_RINGBUF",
	"BPF_MAP_TYPE_INODE_STORAGE",	"BPF_MAP_TYPE_TASK_STORAGE",
	"BPF_MAP_TYPE_BLOOM_FILTER",
};

static const char *const perf_types[] = {
	"PERF_TYPE_HARDWARE", "PERF_TYPE_SOFTWARE", "PERF_TYPE_TRACEPOINT",
	"PERF_TYPE_HW_CACHE", "PERF_TYPE_RAW",	    "PERF_TYPE_BREAKPOINT",
	"PERF_TYPE_MAX",
};

/* The blob as struct of size bytes: missing bytes (a short or failed read) are zeros. */
static void copy_blob(void *dst, size_t size, const struct tp_arg_val *a)
{
	memset(dst, 0, size);
	if (a->bytes && !a->error)
		memcpy(dst, a->bytes, a->len < size ? a->len : size);
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
	if (u->inum)
		tp_json__uint(j, "inum", u->inum);
	if (u->level == 0)	/* Tetragon: level 0 is the host's */
		tp_json__bool(j, "is_host", true);
	tp_json__end_obj(j);
	tp_json__end_obj(j);
}

static void put_cred(struct tp_json *j, const struct tp_arg_val *a)
{
	struct tp_kobj_cred c;

	copy_blob(&c, sizeof(c), a);
	tp_json__begin_obj(j, "process_credentials_arg");
	tp_json__uint(j, "uid", c.uid);
	tp_json__uint(j, "gid", c.gid);
	tp_json__uint(j, "euid", c.euid);
	tp_json__uint(j, "egid", c.egid);
	tp_json__uint(j, "suid", c.suid);
	tp_json__uint(j, "sgid", c.sgid);
	tp_json__uint(j, "fsuid", c.fsuid);
	tp_json__uint(j, "fsgid", c.fsgid);
	put_bits(j, "securebits", c.securebits, securebit_name, false);
	tp_json__begin_obj(j, "caps");
	put_bits(j, "permitted", c.cap_permitted, cap_bit_name, true);
	put_bits(j, "effective", c.cap_effective, cap_bit_name, true);
	put_bits(j, "inheritable", c.cap_inheritable, cap_bit_name, true);
	tp_json__end_obj(j);
	put_user_ns(j, "user_ns", &c.user_ns);
	tp_json__end_obj(j);
}

static void put_caps(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	uint64_t v;
	char hex[17];

	copy_blob(&v, sizeof(v), a);
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)v);
	tp_json__str(j, key, hex);
}

static void put_capability(struct tp_json *j, const struct tp_arg_val *a)
{
	int64_t v;
	const char *name;

	copy_blob(&v, sizeof(v), a);
	name = tp_cap_name((int32_t)v);
	tp_json__begin_obj(j, "capability_arg");
	tp_json__int(j, "value", (int32_t)v);
	if (name)
		tp_json__str(j, "name", name);
	tp_json__end_obj(j);
}

static void put_bpf_prog(struct tp_json *j, const char *key, const struct tp_arg_val *a)
{
	struct tp_kobj_bpf_prog p;

	copy_blob(&p, sizeof(p), a);
	tp_json__begin_obj(j, key);
	put_enum(j, "ProgType", p.prog_type, prog_types, sizeof(prog_types) / sizeof(*prog_types));
	if (p.insn_cnt)
		tp_json__uint(j, "InsnCnt", p.insn_cnt);
	put_name(j, "ProgName", p.name, sizeof(p.name));
	tp_json__end_obj(j);
}

static void put_bpf_map(struct tp_json *j, const struct tp_arg_val *a)
{
	struct tp_kobj_bpf_map m;

	copy_blob(&m, sizeof(m), a);
	tp_json__begin_obj(j, "bpf_map_arg");
	put_enum(j, "MapType", m.map_type, map_types, sizeof(map_types) / sizeof(*map_types));
	if (m.key_size)
		tp_json__uint(j, "KeySize", m.key_size);
	if (m.value_size)
		tp_json__uint(j, "ValueSize", m.value_size);
	if (m.max_entries)
		tp_json__uint(j, "MaxEntries", m.max_entries);
	put_name(j, "MapName", m.name, sizeof(m.name));
	tp_json__end_obj(j);
}

static void put_perf_event(struct tp_json *j, const struct tp_arg_val *a)
{
	struct tp_kobj_perf_event p;

	copy_blob(&p, sizeof(p), a);
	tp_json__begin_obj(j, "perf_event_arg");
	put_name(j, "KprobeFunc", p.kprobe_func, sizeof(p.kprobe_func));
	put_enum(j, "Type", p.type, perf_types, sizeof(perf_types) / sizeof(*perf_types));
	if (p.config)
		tp_json__uint_str(j, "Config", p.config);
	if (p.probe_offset)
		tp_json__uint_str(j, "ProbeOffset", p.probe_offset);
	tp_json__end_obj(j);
}

static void put_module(struct tp_json *j, const struct tp_arg_val *a)
{
	struct tp_kobj_module m;

	copy_blob(&m, sizeof(m), a);
	tp_json__begin_obj(j, "module_arg");
	put_name(j, "name", m.name, sizeof(m.name));
	/* a BoolValue: set for load_info, absent for module (Tetragon cannot tell there) */
	if (a->type == TP_ARG_LOAD_INFO)
		tp_json__bool(j, "signature_ok", m.sig_ok);
	put_bits(j, "tainted", m.taints, taint_name, false);
	tp_json__end_obj(j);
}

/* Like char_buf: bytes_arg, or truncated_bytes_arg when more existed than was captured. */
static void put_bytes(struct tp_json *j, const struct tp_arg_val *a)
{
	uint32_t orig = a->info & ((1u << 30) - 1);

	if (a->truncated || orig > a->len) {
		tp_json__begin_obj(j, "truncated_bytes_arg");
		if (a->len)
			tp_json__base64(j, "bytes_arg", a->bytes, a->len);
		if (orig)
			tp_json__uint_str(j, "orig_size", orig);
		tp_json__end_obj(j);
	} else {
		tp_json__base64(j, "bytes_arg", a->bytes, a->len);
	}
}

bool tp_output_json__kobj_arg(struct tp_json *j, const struct tp_arg_val *a)
{
	switch (a->type) {
	case TP_ARG_CRED:
		put_cred(j, a);
		return true;
	case TP_ARG_CAPABILITY:
		put_capability(j, a);
		return true;
	case TP_ARG_KERNEL_CAP:
		put_caps(j, "kernel_cap_t_arg", a);
		return true;
	case TP_ARG_CAP_INHERITABLE:
		put_caps(j, "cap_inheritable_arg", a);
		return true;
	case TP_ARG_CAP_PERMITTED:
		put_caps(j, "cap_permitted_arg", a);
		return true;
	case TP_ARG_CAP_EFFECTIVE:
		put_caps(j, "cap_effective_arg", a);
		return true;
	case TP_ARG_USER_NS: {
		struct tp_kobj_user_ns u;

		copy_blob(&u, sizeof(u), a);
		put_user_ns(j, "user_ns_arg", &u);
		return true;
	}
	case TP_ARG_BPF_ATTR:
		put_bpf_prog(j, "bpf_attr_arg", a);
		return true;
	case TP_ARG_BPF_PROG:
		put_bpf_prog(j, "bpf_prog_arg", a);
		return true;
	case TP_ARG_BPF_MAP:
		put_bpf_map(j, a);
		return true;
	case TP_ARG_PERF_EVENT:
		put_perf_event(j, a);
		return true;
	case TP_ARG_MODULE:
	case TP_ARG_LOAD_INFO:
		put_module(j, a);
		return true;
	case TP_ARG_IOV_ITER:
	case TP_ARG_CHAR_IOVEC:
		put_bytes(j, a);
		return true;
	case TP_ARG_DATA_LOC:
		tp_json__strn(j, "string_arg", a->bytes, a->len);
		return true;
	case TP_ARG_NOP:
		return true;	/* the args list leaves it out */
	default:
		return false;
	}
}
