// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * What user space may do to a running tprun's maps, through the bpf(2)
 * syscall alone (no libbpf, no bpftool):
 *
 *   mapwriter update ID [KEY]   write an all-zero value at KEY (0 when absent)
 *   mapwriter delete ID [KEY]   delete KEY
 *   mapwriter lookup ID [KEY]   whether KEY is present
 *
 * KEY is a u32 in the key's first four bytes, the rest zero. Prints one line,
 * "NAME TYPE RESULT": RESULT is "ok" (done, or present), or the errno's name
 * (EPERM, ENOENT, EINVAL, ENOTSUPP, ...). Exits 0 unless the map cannot be
 * read at all.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ENOTSUPP 524 /* the kernel's own, not in errno.h */

static long sys_bpf(int cmd, union bpf_attr *a)
{
	return syscall(SYS_bpf, cmd, a, sizeof(*a));
}

static const char *errname(int e)
{
	switch (e) {
	case EPERM:
		return "EPERM";
	case ENOENT:
		return "ENOENT";
	case EINVAL:
		return "EINVAL";
	case E2BIG:
		return "E2BIG";
	case EBUSY:
		return "EBUSY";
	case EACCES:
		return "EACCES";
	case ENOTSUPP:
		return "ENOTSUPP";
	default:
		return strerror(e);
	}
}

/* The possible CPUs: a per-CPU map's value is one slot of 8-byte-aligned size per CPU. */
static unsigned int possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	unsigned int a, b, n = 0;
	int c;

	if (!f)
		return 1024;
	while (fscanf(f, "%u", &a) == 1) {
		b = a;
		c = fgetc(f);
		if (c == '-' && fscanf(f, "%u", &b) == 1)
			c = fgetc(f);
		n += b - a + 1;
		if (c != ',')
			break;
	}
	fclose(f);
	return n ? n : 1024;
}

static int is_percpu(__u32 type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

int main(int argc, char **argv)
{
	struct bpf_map_info info;
	union bpf_attr a;
	uint32_t key32 = argc > 3 ? strtoul(argv[3], NULL, 0) : 0;
	size_t vsize;
	void *key, *val;
	int fd, cmd;
	long r;

	if (argc < 3) {
		fprintf(stderr, "usage: mapwriter update|delete|lookup ID [KEY]\n");
		return 2;
	}
	if (!strcmp(argv[1], "update"))
		cmd = BPF_MAP_UPDATE_ELEM;
	else if (!strcmp(argv[1], "delete"))
		cmd = BPF_MAP_DELETE_ELEM;
	else if (!strcmp(argv[1], "lookup"))
		cmd = BPF_MAP_LOOKUP_ELEM;
	else
		return 2;

	memset(&a, 0, sizeof(a));
	a.map_id = strtoul(argv[2], NULL, 0);
	fd = sys_bpf(BPF_MAP_GET_FD_BY_ID, &a);
	if (fd < 0) {
		fprintf(stderr, "mapwriter: map %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(info);
	a.info.info = (uintptr_t)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a)) {
		fprintf(stderr, "mapwriter: map %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	vsize = is_percpu(info.type) ? ((info.value_size + 7) & ~7u) * possible_cpus()
				     : info.value_size;
	key = calloc(1, info.key_size + 4);
	val = calloc(1, vsize + 8);
	if (!key || !val)
		return 1;
	if (info.key_size >= 4)
		memcpy(key, &key32, 4);

	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = info.key_size ? (uintptr_t)key : 0;
	if (cmd != BPF_MAP_DELETE_ELEM)
		a.value = (uintptr_t)val;
	a.flags = BPF_ANY;
	r = sys_bpf(cmd, &a);
	printf("%s %u %s\n", info.name, info.type, r ? errname(errno) : "ok");
	return 0;
}
