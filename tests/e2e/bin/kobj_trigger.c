// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Test trigger for the kernel-object argument types: does what it is told,
 * in order, then exits 0 (1 when a step failed).
 *   nice N               setpriority(PRIO_PROCESS, 0, N): below 0 is a CAP_SYS_NICE check
 *   hostname             sethostname() to the current name: a CAP_SYS_ADMIN check
 *   writev S...          one writev() of the strings, an iovec each, to /dev/null
 *   writevn N M          one writev() of two iovecs of N and M bytes of 'x' to /dev/null
 *   direct PATH          O_DIRECT: write 4096 bytes of "kobj-direct-io!\n" to PATH, read them back
 *   directv PATH         O_DIRECT: pwritev() of two 2048-byte halves, "first-half-2048\n"
 *                        and "second-half-2048" repeated
 *   capset               capset() to the sets capget() gives (no change)
 *   bpf                  create an array map "kobj_map" (key 4, value 8, 16 entries) and
 *                        load a 2-instruction socket filter "kobj_prog"
 *   perf                 perf_event_open a software dummy event, then a kprobe PMU
 *                        event on do_sys_openat2 when the kernel has that PMU
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/perf_event.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define BLK 4096

static void fill(char *buf, size_t n, const char *pat)
{
	size_t i, len = strlen(pat);

	for (i = 0; i < n; i++)
		buf[i] = pat[i % len];
}

static int direct(const char *path, int vectored)
{
	char *buf;
	int fd, rc = 0;

	if (posix_memalign((void **)&buf, BLK, BLK))
		return -1;
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0600);
	if (fd < 0) {
		perror("open O_DIRECT");
		free(buf);
		return -1;
	}
	if (vectored) {
		struct iovec iov[2] = { { buf, BLK / 2 }, { buf + BLK / 2, BLK / 2 } };

		fill(buf, BLK / 2, "first-half-2048\n");
		fill(buf + BLK / 2, BLK / 2, "second-half-2048");
		if (pwritev(fd, iov, 2, 0) != BLK)
			rc = -1;
	} else {
		fill(buf, BLK, "kobj-direct-io!\n");
		if (pwrite(fd, buf, BLK, 0) != BLK || pread(fd, buf, BLK, 0) != BLK)
			rc = -1;
	}
	if (rc)
		perror("direct io");
	close(fd);
	free(buf);
	return rc;
}

static int do_capset(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) || syscall(SYS_capset, &hdr, data)) {
		perror("capset");
		return -1;
	}
	return 0;
}

static int do_bpf(void)
{
	struct bpf_insn insns[2] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	int map, prog;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 16;
	strcpy(attr.map_name, "kobj_map");
	map = syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = 2;
	attr.license = (unsigned long)"GPL";
	strcpy(attr.prog_name, "kobj_prog");
	prog = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (map < 0 || prog < 0) {
		perror("bpf");
		return -1;
	}
	close(map);
	close(prog);
	return 0;
}

static int perf_open(struct perf_event_attr *attr)
{
	int fd = syscall(SYS_perf_event_open, attr, 0, -1, -1, 0);

	if (fd < 0)
		perror("perf_event_open");
	else
		close(fd);
	return fd < 0 ? -1 : 0;
}

static int do_perf(void)
{
	struct perf_event_attr attr;
	FILE *f = fopen("/sys/bus/event_source/devices/kprobe/type", "r");
	int type = -1, rc;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_DUMMY; /* cpu-clock moves to its own PMU in 6.12 */
	rc = perf_open(&attr);
	if (!f)
		return rc;
	if (fscanf(f, "%d", &type) != 1)
		type = -1;
	fclose(f);
	if (type < 0)
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = type;
	attr.kprobe_func = (unsigned long)"do_sys_openat2";
	return perf_open(&attr) || rc;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "nice") && i + 1 < argc) {
			if (setpriority(PRIO_PROCESS, 0, atoi(argv[++i])))
				perror("setpriority");
		} else if (!strcmp(argv[i], "hostname")) {
			char name[256] = "";

			if (gethostname(name, sizeof(name) - 1) || sethostname(name, strlen(name)))
				rc = 1;
		} else if (!strcmp(argv[i], "capset")) {
			rc |= do_capset() ? 1 : 0;
		} else if (!strcmp(argv[i], "bpf")) {
			rc |= do_bpf() ? 1 : 0;
		} else if (!strcmp(argv[i], "perf")) {
			rc |= do_perf() ? 1 : 0;
		} else if (!strcmp(argv[i], "writev")) {
			struct iovec iov[16];
			int n = 0, fd = open("/dev/null", O_WRONLY);

			while (i + 1 < argc && n < 16 && strchr(argv[i + 1], ' ') == NULL &&
			       strcmp(argv[i + 1], "nice") && strcmp(argv[i + 1], "writev") &&
			       strcmp(argv[i + 1], "hostname") && strcmp(argv[i + 1], "capset") &&
			       strcmp(argv[i + 1], "bpf") && strcmp(argv[i + 1], "perf") &&
			       strcmp(argv[i + 1], "writevn") && strcmp(argv[i + 1], "direct") &&
			       strcmp(argv[i + 1], "directv")) {
				iov[n].iov_base = argv[++i];
				iov[n].iov_len = strlen(argv[i]);
				n++;
			}
			if (fd < 0 || writev(fd, iov, n) < 0)
				rc = 1;
			if (fd >= 0)
				close(fd);
		} else if (!strcmp(argv[i], "writevn") && i + 2 < argc) {
			size_t a = strtoul(argv[i + 1], NULL, 0), b = strtoul(argv[i + 2], NULL, 0);
			char *x = malloc(a + b + 1);
			int fd = open("/dev/null", O_WRONLY);
			struct iovec iov[2];

			i += 2;
			if (!x || fd < 0)
				return 1;
			memset(x, 'x', a + b);
			iov[0].iov_base = x;
			iov[0].iov_len = a;
			iov[1].iov_base = x + a;
			iov[1].iov_len = b;
			if (writev(fd, iov, 2) < 0)
				rc = 1;
			close(fd);
			free(x);
		} else if ((!strcmp(argv[i], "direct") || !strcmp(argv[i], "directv")) &&
			   i + 1 < argc) {
			if (direct(argv[i + 1], argv[i][6] == 'v'))
				rc = 1;
			i++;
		} else {
			fprintf(stderr, "kobj_trigger: bad step '%s'\n", argv[i]);
			return 2;
		}
	}
	return rc;
}
