// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Name tables of the kernel-object printers, spelled as Tetragon's pkg/reader tables spell them. */
#include <stdio.h>

#include "names.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const bpf_prog_types[] = {
	"BPF_PROG_TYPE_UNSPEC",
	"BPF_PROG_TYPE_SOCKET_FILTER",
	"BPF_PROG_TYPE_KPROBE",
	"BPF_PROG_TYPE_SCHED_CLS",
	"BPF_PROG_TYPE_SCHED_ACT",
	"BPF_PROG_TYPE_TRACEPOINT",
	"BPF_PROG_TYPE_XDP",
	"BPF_PROG_TYPE_PERF_EVENT",
	"BPF_PROG_TYPE_CGROUP_SKB",
	"BPF_PROG_TYPE_CGROUP_SOCK",
	"BPF_PROG_TYPE_LWT_IN",
	"BPF_PROG_TYPE_LWT_OUT",
	"BPF_PROG_TYPE_LWT_XMIT",
	"BPF_PROG_TYPE_SOCK_OPS",
	"BPF_PROG_TYPE_SK_SKB",
	"BPF_PROG_TYPE_CGROUP_DEVICE",
	"BPF_PROG_TYPE_SK_MSG",
	"BPF_PROG_TYPE_RAW_TRACEPOINT",
	"BPF_PROG_TYPE_CGROUP_SOCK_ADDR",
	"BPF_PROG_TYPE_LWT_SEG6LOCAL",
	"BPF_PROG_TYPE_LIRC_MODE2",
	"BPF_PROG_TYPE_SK_REUSEPORT",
	"BPF_PROG_TYPE_FLOW_DISSECTOR",
	"BPF_PROG_TYPE_CGROUP_SYSCTL",
	"BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE",
	"BPF_PROG_TYPE_CGROUP_SOCKOPT",
	"BPF_PROG_TYPE_TRACING",
	"BPF_PROG_TYPE_STRUCT_OPS",
	"BPF_PROG_TYPE_EXT",
	"BPF_PROG_TYPE_LSM",
	"BPF_PROG_TYPE_SK_LOOKUP",
	"BPF_PROG_TYPE_SYSCALL",
};

/* tetragon.BpfCmd, enum bpf_cmd */
static const char *const bpf_cmds[] = {
	"BPF_MAP_CREATE",	 "BPF_MAP_LOOKUP_ELEM",
	"BPF_MAP_UPDATE_ELEM",	 "BPF_MAP_DELETE_ELEM",
	"BPF_MAP_GET_NEXT_KEY",	 "BPF_PROG_LOAD",
	"BPF_OBJ_PIN",		 "BPF_OBJ_GET",
	"BPF_PROG_ATTACH",	 "BPF_PROG_DETACH",
	"BPF_PROG_TEST_RUN",	 "BPF_PROG_GET_NEXT_ID",
	"BPF_MAP_GET_NEXT_ID",	 "BPF_PROG_GET_FD_BY_ID",
	"BPF_MAP_GET_FD_BY_ID",	 "BPF_OBJ_GET_INFO_BY_FD",
	"BPF_PROG_QUERY",	 "BPF_RAW_TRACEPOINT_OPEN",
	"BPF_BTF_LOAD",		 "BPF_BTF_GET_FD_BY_ID",
	"BPF_TASK_FD_QUERY",	 "BPF_MAP_LOOKUP_AND_DELETE_ELEM",
	"BPF_MAP_FREEZE",	 "BPF_BTF_GET_NEXT_ID",
	"BPF_MAP_LOOKUP_BATCH",	 "BPF_MAP_LOOKUP_AND_DELETE_BATCH",
	"BPF_MAP_UPDATE_BATCH",	 "BPF_MAP_DELETE_BATCH",
	"BPF_LINK_CREATE",	 "BPF_LINK_UPDATE",
	"BPF_LINK_GET_FD_BY_ID", "BPF_LINK_GET_NEXT_ID",
	"BPF_ENABLE_STATS",	 "BPF_ITER_CREATE",
	"BPF_LINK_DETACH",	 "BPF_PROG_BIND_MAP",
	"BPF_TOKEN_CREATE",
};

static const char *const bpf_map_types[] = {
	"BPF_MAP_TYPE_UNSPEC",
	"BPF_MAP_TYPE_HASH",
	"BPF_MAP_TYPE_ARRAY",
	"BPF_MAP_TYPE_PROG_ARRAY",
	"BPF_MAP_TYPE_PERF_EVENT_ARRAY",
	"BPF_MAP_TYPE_PERCPU_HASH",
	"BPF_MAP_TYPE_PERCPU_ARRAY",
	"BPF_MAP_TYPE_STACK_TRACE",
	"BPF_MAP_TYPE_CGROUP_ARRAY",
	"BPF_MAP_TYPE_LRU_HASH",
	"BPF_MAP_TYPE_LRU_PERCPU_HASH",
	"BPF_MAP_TYPE_LPM_TRIE",
	"BPF_MAP_TYPE_ARRAY_OF_MAPS",
	"BPF_MAP_TYPE_HASH_OF_MAPS",
	"BPF_MAP_TYPE_DEVMAP",
	"BPF_MAP_TYPE_SOCKMAP",
	"BPF_MAP_TYPE_CPUMAP",
	"BPF_MAP_TYPE_XSKMAP",
	"BPF_MAP_TYPE_SOCKHASH",
	"BPF_MAP_TYPE_CGROUP_STORAGE",
	"BPF_MAP_TYPE_REUSEPORT_SOCKARRAY",
	"BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE",
	"BPF_MAP_TYPE_QUEUE",
	"BPF_MAP_TYPE_STACK",
	"BPF_MAP_TYPE_SK_STORAGE",
	"BPF_MAP_TYPE_DEVMAP_HASH",
	"BPF_MAP_TYPE_STRUCT_OPS",
	"BPF_MAP_TYPE_RINGBUF",
	"BPF_MAP_TYPE_INODE_STORAGE",
	"BPF_MAP_TYPE_TASK_STORAGE",
	"BPF_MAP_TYPE_BLOOM_FILTER",
};

static const char *const perf_types[] = {
	"PERF_TYPE_HARDWARE", "PERF_TYPE_SOFTWARE",   "PERF_TYPE_TRACEPOINT", "PERF_TYPE_HW_CACHE",
	"PERF_TYPE_RAW",      "PERF_TYPE_BREAKPOINT", "PERF_TYPE_MAX",
};

/* the SECBIT_* masks */
static const char *const securebits[] = {
	"SecBitNoRoot",
	"SecBitNoRootLocked",
	"SecBitNoSetUidFixup",
	"SecBitNoSetUidFixupLocked",
	"SecBitKeepCaps",
	"SecBitKeepCapsLocked",
	"SecBitNoCapAmbientRaise",
	"SecBitNoCapAmbientRaiseLocked",
};

/* 1 << TAINT_*: only the module taints Tetragon names */
static const char *const taints[] = {
	[0] = "TAINT_PROPRIETARY_MODULE",	 [1] = "TAINT_FORCED_MODULE",
	[2] = "TAINT_FORCED_UNLOAD_MODULE",	 [10] = "TAINT_STAGED_MODULE",
	[12] = "TAINT_OUT_OF_TREE_MODULE",	 [13] = "TAINT_UNSIGNED_MODULE",
	[15] = "TAINT_KERNEL_LIVE_PATCH_MODULE", [18] = "TAINT_TEST_MODULE",
};

static const char *lookup(const char *const *names, size_t n, uint64_t v)
{
	return v < n ? names[v] : NULL;
}

const char *tp_names__bpf_prog_type(uint32_t type)
{
	return lookup(bpf_prog_types, ARRAY_SIZE(bpf_prog_types), type);
}

const char *tp_names__bpf_cmd(uint32_t cmd)
{
	return lookup(bpf_cmds, ARRAY_SIZE(bpf_cmds), cmd);
}

const char *tp_names__bpf_map_type(uint32_t type)
{
	return lookup(bpf_map_types, ARRAY_SIZE(bpf_map_types), type);
}

const char *tp_names__perf_type(uint32_t type)
{
	return lookup(perf_types, ARRAY_SIZE(perf_types), type);
}

const char *tp_names__securebit(unsigned int bit)
{
	return lookup(securebits, ARRAY_SIZE(securebits), bit);
}

const char *tp_names__taint(unsigned int bit)
{
	return lookup(taints, ARRAY_SIZE(taints), bit);
}

const char *tp_names__or_num(const char *name, unsigned int num, char *buf, size_t len)
{
	if (name)
		return name;
	snprintf(buf, len, "%u", num);
	return buf;
}
