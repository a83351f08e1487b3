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
#include "tracefs.h"

static struct btf *kernel_btf; /* parsed once for the fentry probes */
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
static const char *fmod_ret_why = "fmod_ret not tried";
static const char *lsm_why = "BPF LSM not tried";

/*
 * Load a two-instruction trampoline program against the BTF function func
 * and attach it: what bcc's fentry_can_attach() does. The kernel's own
 * checks (trampolines at all, fmod_ret only on error-injectable or
 * security_ functions, LSM hooks) run for real. NULL when it works.
 */
static const char *try_trampoline(const char *func, enum bpf_prog_type type,
				  enum bpf_attach_type attach)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct btf *btf = vmlinux_btf();
	int id, fd, lfd;

	if (!btf)
		return "no kernel BTF";
	id = btf__find_by_name_kind(btf, func, BTF_KIND_FUNC);
	if (id < 0)
		return "no BTF for the function";
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = attach, .attach_btf_id = id);
	fd = bpf_prog_load(type, "tp_probe", "GPL", insns, 2, &opts);
	if (fd < 0)
		return NULL; /* the caller says why for its kind */
	if (attach == BPF_LSM_MAC)
		lfd = bpf_link_create(fd, 0, BPF_LSM_MAC, NULL);
	else
		lfd = bpf_raw_tracepoint_open(NULL, fd);
	close(fd);
	if (lfd < 0)
		return "attach refused by this kernel";
	close(lfd);
	return "";
}

bool tp_probe__fentry(const char *func)
{
	const char *why = try_trampoline(func, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY);

	if (why && !*why)
		return true;
	fentry_why = why ? why : "BPF trampolines (fentry) refused by this kernel";
	return false;
}

bool tp_probe__fmod_ret(const char *func)
{
	const char *why = try_trampoline(func, BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN);

	if (why && !*why)
		return true;
	fmod_ret_why =
	    why ? why
		: "fmod_ret refused (BPF trampolines refused, or the function is neither "
		  "security_* nor error-injectable)";
	return false;
}

/* Is "bpf" among the active LSMs? Without it BPF LSM programs load but never run. */
static bool bpf_lsm_active(void)
{
	char buf[512];
	size_t n;
	FILE *f = fopen("/sys/kernel/security/lsm", "re");
	char *tok, *save;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	for (tok = strtok_r(buf, ",\n", &save); tok; tok = strtok_r(NULL, ",\n", &save))
		if (!strcmp(tok, "bpf"))
			return true;
	return false;
}

bool tp_probe__lsm(const char *hook)
{
	char fn[256];
	const char *why;

	if (access("/sys/kernel/security/lsm", R_OK)) {
		lsm_why = "no /sys/kernel/security/lsm (securityfs not mounted?)";
		return false;
	}
	if (!bpf_lsm_active()) {
		lsm_why = "BPF LSM is not active (boot with lsm=...,bpf)";
		return false;
	}
	snprintf(fn, sizeof(fn), "bpf_lsm_%s", hook);
	why = try_trampoline(fn, BPF_PROG_TYPE_LSM, BPF_LSM_MAC);
	if (why && !*why)
		return true;
	lsm_why = why ? why : "BPF LSM programs refused by this kernel";
	return false;
}

static int kprobes_available(void)
{
	static int avail = -1;
	char p[256];

	if (avail < 0) {
		snprintf(p, sizeof(p), "%s/kprobe_events", tp_tracefs__root());
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
		kprobe_why =
		    "kprobes unavailable (no kprobe PMU, no kprobe_events: CONFIG_KPROBES off?)";
		return false;
	}
	snprintf(path, sizeof(path), "%s/available_filter_functions", tp_tracefs__root());
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

bool tp_probe__function_exists(const char *func)
{
	struct btf *btf = vmlinux_btf();
	char line[512], *name;
	bool found = false;
	FILE *f;

	if (btf && btf__find_by_name_kind(btf, func, BTF_KIND_FUNC) >= 0)
		return true;
	/* functions without BTF: the kernel's symbol table */
	f = fopen("/proc/kallsyms", "re");
	if (!f)
		return true; /* cannot tell: not missing */
	while (!found && fgets(line, sizeof(line), f)) {
		name = strchr(line, ' ');
		name = name ? strchr(name + 1, ' ') : NULL;
		if (name) {
			name++;
			name[strcspn(name, " \t\n")] = 0;
			found = !strcmp(name, func);
		}
	}
	fclose(f);
	return found;
}

static const char *kprobe_multi_why = "kprobe_multi not tried";

bool tp_probe__kprobe_multi(const char *func)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	const char *syms[1] = { func };
	int fd, lfd;

	if (!tp_probe__kprobe(func)) {
		kprobe_multi_why = kprobe_why;
		return false;
	}
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_KPROBE_MULTI);
	fd = bpf_prog_load(BPF_PROG_TYPE_KPROBE, "tp_probe", "GPL", insns, 2, &opts);
	if (fd < 0) {
		kprobe_multi_why = "kprobe_multi programs refused by this kernel";
		return false;
	}
	LIBBPF_OPTS(bpf_link_create_opts, lo, .kprobe_multi.syms = syms, .kprobe_multi.cnt = 1);
	lfd = bpf_link_create(fd, 0, BPF_TRACE_KPROBE_MULTI, &lo);
	close(fd);
	if (lfd < 0) {
		kprobe_multi_why = "kprobe_multi links refused by this kernel (CONFIG_FPROBE off?)";
		return false;
	}
	close(lfd);
	return true;
}

bool tp_probe__override_return(void)
{
	static int have = -1;

	/* load a kprobe that calls it: libbpf's helper probe assumes support on odd errors */
	if (have < 0) {
		struct bpf_insn insns[] = {
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2, .imm = 0 },
			{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_override_return },
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
			{ .code = BPF_JMP | BPF_EXIT },
		};
		int fd = bpf_prog_load(BPF_PROG_TYPE_KPROBE, "tp_probe", "GPL", insns, 4, NULL);

		have = fd >= 0;
		if (fd >= 0)
			close(fd);
	}
	return have;
}

bool tp_probe__tracepoint(const char *subsys_event)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/events/%s/id", tp_tracefs__root(), subsys_event);
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
	case TP_VAR_FMOD_RET:
		return fmod_ret_why;
	case TP_VAR_LSM:
		return lsm_why;
	case TP_VAR_KPROBE_MULTI:
		return kprobe_multi_why;
	default:
		return "unknown attach variant";
	}
}
