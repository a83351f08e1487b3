// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The bench's floors, on each hook the bench measures: empty_VARIANT does
 * nothing; read_VARIANT reads openat's path into its stack and decides
 * nothing, what any filter on the path pays before it compares a byte.
 */
#include <linux/bpf.h>
#include <asm/ptrace.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* the read stops at the path's NUL: the bench's path is far shorter than this */
#define READ_MAX 256

static __always_inline int read_path(const char *path)
{
	char buf[READ_MAX];

	bpf_probe_read_user_str(buf, sizeof(buf), path);
	return 0;
}

/* __x64_sys_openat(const struct pt_regs *regs): the path is regs->si */
static __always_inline int read_regs(const struct pt_regs *regs)
{
	const char *path = NULL;

	bpf_probe_read_kernel(&path, sizeof(path), &regs->rsi);
	return read_path(path);
}

SEC("tracepoint/syscalls/sys_enter_openat")
int empty_tracepoint(void *ctx)
{
	return 0;
}

/* the record: 8 bytes of common fields, __syscall_nr, dfd, then filename at 24 */
SEC("tracepoint/syscalls/sys_enter_openat")
int read_tracepoint(void *ctx)
{
	return read_path(*(const char **)((char *)ctx + 24));
}

SEC("kprobe/__x64_sys_openat")
int empty_kprobe(void *ctx)
{
	return 0;
}

SEC("kprobe/__x64_sys_openat")
int read_kprobe(struct pt_regs *ctx)
{
	return read_regs((const struct pt_regs *)ctx->rdi);
}

SEC("fentry/__x64_sys_openat")
int empty_fentry(void *ctx)
{
	return 0;
}

SEC("fentry/__x64_sys_openat")
int read_fentry(__u64 *ctx)
{
	return read_regs((const struct pt_regs *)ctx[0]);
}
