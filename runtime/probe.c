// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * What the running kernel can attach. fentry is tried for real, as bcc's
 * fentry_can_attach() does: load a two-instruction program against the
 * target and attach it. kprobes need the kprobe PMU (or kprobe_events) and
 * the target in available_filter_functions; tracepoints need their tracefs
 * directory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "libtp.h"

const char *tp_probe__tracefs(void)
{
	static const char *root;

	if (!root)
		root = access("/sys/kernel/tracing/events", F_OK) == 0 ? "/sys/kernel/tracing" :
									 "/sys/kernel/debug/tracing";
	return root;
}

static struct btf *kernel_btf;	/* parsed once for the fentry probes */
static bool btf_tried;

static struct btf *vmlinux_btf(void)
{
	if (!btf_tried) {
		btf_tried = true;
		kernel_btf = btf__load_vmlinux_btf();
		if (libbpf_get_error(kernel_btf))
			kernel_btf = NULL;
	}
	return kernel_btf;
}

void tp_probe__release(void)
{
	/* several MiB a long-running tprun does not need once variants are chosen */
	btf__free(kernel_btf);
	kernel_btf = NULL;
	btf_tried = false;
}

static const char *fentry_why = "BPF trampolines (fentry) not tried";

bool tp_probe__fentry(const char *func)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct btf *btf = vmlinux_btf();
	int id, fd, lfd;

	if (!btf) {
		fentry_why = "no kernel BTF";
		return false;
	}
	id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
	if (id < 0) {
		fentry_why = "no BTF for the function";
		return false;
	}
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY,
		    .attach_btf_id = id);
	fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "tp_probe", "GPL", insns, 2, &opts);
	if (fd < 0) {
		fentry_why = "BPF trampolines (fentry) refused by this kernel";
		return false;
	}
	lfd = bpf_raw_tracepoint_open(NULL, fd);
	close(fd);
	if (lfd < 0) {
		fentry_why = "fentry attach refused by this kernel";
		return false;
	}
	close(lfd);
	return true;
}

static int kprobes_available(void)
{
	static int avail = -1;
	char p[256];

	if (avail < 0) {
		snprintf(p, sizeof(p), "%s/kprobe_events", tp_probe__tracefs());
		avail = access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0 ||
			access(p, F_OK) == 0;
	}
	return avail;
}

static const char *kprobe_why = "kprobes not tried";

bool tp_probe__kprobe(const char *func)
{
	char path[256], line[512];
	size_t len = strlen(func);
	bool found = false;
	FILE *f;

	if (!kprobes_available()) {
		kprobe_why = "kprobes unavailable (no kprobe PMU, no kprobe_events: CONFIG_KPROBES off?)";
		return false;
	}
	snprintf(path, sizeof(path), "%s/available_filter_functions", tp_probe__tracefs());
	f = fopen(path, "re");
	if (!f) {
		kprobe_why = "cannot read available_filter_functions";
		return false;
	}
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, func, len) &&
			(line[len] == '\n' || line[len] == ' ' || line[len] == '\0');
	fclose(f);
	if (!found)
		kprobe_why = "function not in available_filter_functions";
	return found;
}

bool tp_probe__tracepoint(const char *subsys_event)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/events/%s/id", tp_probe__tracefs(), subsys_event);
	return access(p, R_OK) == 0;
}

const char *tp_probe__why_not(enum tp_variant_kind kind, const char *target)
{
	switch (kind) {
	case TP_VAR_FENTRY:
		return fentry_why;
	case TP_VAR_KPROBE:
		return kprobe_why;
	case TP_VAR_TRACEPOINT:
	case TP_VAR_RAW_TP:
		return "tracepoint not found in tracefs";
	default:
		return "unknown attach variant";
	}
}

const char *tp_variant__name(enum tp_variant_kind kind)
{
	switch (kind) {
	case TP_VAR_FENTRY:
		return "fentry";
	case TP_VAR_KPROBE:
		return "kprobe";
	case TP_VAR_TRACEPOINT:
		return "tracepoint";
	case TP_VAR_RAW_TP:
		return "raw_tracepoint";
	default:
		return "?";
	}
}
