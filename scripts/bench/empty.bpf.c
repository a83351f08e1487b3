// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The bench's floor: a program that does nothing, on each hook the bench measures. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("tracepoint/syscalls/sys_enter_openat")
int empty_tracepoint(void *ctx)
{
	return 0;
}

SEC("kprobe/__x64_sys_openat")
int empty_kprobe(void *ctx)
{
	return 0;
}

SEC("fentry/__x64_sys_openat")
int empty_fentry(void *ctx)
{
	return 0;
}
