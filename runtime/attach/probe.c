/*
 * What the running kernel can attach. fentry is tried for real, as bcc's
 * fentry_can_attach() does: load a two-instruction program against the
 * target and attach it. kprobes need the kprobe PMU (or kprobe_events) and
 * the target in available_filter_functions; tracepoints need their tracefs
 * directory. Each verdict, with its reason, is found once: the loads are
 * remembered by variant kind and target, available_filter_functions is read
 * once into a sorted array, until tp_probe__release().
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

#include "file.h"
#include "libtp.h"
#include "tracefs.h"

/* available_filter_functions is a few MiB; a bound keeps a wrong file from eating memory */
#define FILTER_FUNCS_MAX (256u << 20)

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

/* The verdicts of the probes that load programs, by variant kind and target. */
static struct verdict {
	enum tp_variant_kind kind;
	char *target;
	const char *why; /* NULL: it attaches */
} * verdicts;
static size_t nverdicts;

/* available_filter_functions: the file, its names cut out in place and sorted. */
static char *filter_text;
static const char **filter_funcs;
static size_t nfilter_funcs;
static const char *filter_why; /* why there is no list, once it was looked for */

void tp_probe__release(void)
{
	size_t i;

	/* several MiB a long-running tprun does not need once variants are chosen */
	btf__free(kernel_btf);
	kernel_btf = NULL;
	btf_tried = false;
	for (i = 0; i < nverdicts; i++)
		free(verdicts[i].target);
	free(verdicts);
	verdicts = NULL;
	nverdicts = 0;
	free(filter_funcs);
	free(filter_text);
	filter_funcs = NULL;
	filter_text = NULL;
	nfilter_funcs = 0;
	filter_why = NULL;
}

/* probe(target)'s verdict for kind, run once per kind and target. */
static const char *remembered(enum tp_variant_kind kind, const char *target,
			      const char *(*probe)(const char *target))
{
	struct verdict *v;
	const char *why;
	size_t i;

	for (i = 0; i < nverdicts; i++)
		if (verdicts[i].kind == kind && !strcmp(verdicts[i].target, target))
			return verdicts[i].why;
	why = probe(target);
	v = realloc(verdicts, (nverdicts + 1) * sizeof(*v));
	if (!v)
		return why; /* not remembered: asked again next time */
	verdicts = v;
	v[nverdicts].target = strdup(target);
	if (!v[nverdicts].target)
		return why;
	v[nverdicts].kind = kind;
	v[nverdicts++].why = why;
	return why;
}

/*
 * Load a two-instruction trampoline program against the BTF function func
 * and attach it: what bcc's fentry_can_attach() does. The kernel's own
 * checks (trampolines at all, fmod_ret only on error-injectable or
 * security_ functions, LSM hooks) run for real. NULL when it works; the
 * caller says why for its kind when the program does not load.
 */
static const char *try_trampoline_flags(const char *func, enum bpf_prog_type type,
					enum bpf_attach_type attach, __u32 flags,
					const char *refused)
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
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = attach, .attach_btf_id = id,
		    .prog_flags = flags);
	fd = bpf_prog_load(type, "tp_probe", "GPL", insns, 2, &opts);
	if (fd < 0)
		return refused;
	if (attach == BPF_LSM_MAC)
		lfd = bpf_link_create(fd, 0, BPF_LSM_MAC, NULL);
	else
		lfd = bpf_raw_tracepoint_open(NULL, fd);
	close(fd);
	if (lfd < 0)
		return "attach refused by this kernel";
	close(lfd);
	return NULL;
}

static const char *try_trampoline(const char *func, enum bpf_prog_type type,
				  enum bpf_attach_type attach, const char *refused)
{
	return try_trampoline_flags(func, type, attach, 0, refused);
}

static const char *probe_fentry(const char *func)
{
	return try_trampoline(func, BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY,
			      "BPF trampolines (fentry) refused by this kernel");
}

const char *tp_probe__fentry(const char *func)
{
	return remembered(TP_VAR_FENTRY, func, probe_fentry);
}

bool tp_probe__error_injection(void)
{
	static int have = -1;

	/* lib/error-inject.c, built only with CONFIG_FUNCTION_ERROR_INJECTION */
	if (have < 0)
		have = tp_probe__function_exists("within_error_injection_list");
	return have;
}

/*
 * The kernel lets fmod_ret change security_* functions and, with
 * CONFIG_FUNCTION_ERROR_INJECTION, the error-injectable ones
 * (kernel/bpf/verifier.c, check_attach_modify_return): say which rule
 * refused func, after whether trampolines work at all.
 */
static const char *probe_fmod_ret(const char *func)
{
	const char *why = try_trampoline(func, BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, "refused");

	if (!why || strcmp(why, "refused"))
		return why;
	if (tp_probe__fentry(func))
		return "fmod_ret refused (BPF trampolines refused by this kernel)";
	if (!strncmp(func, "security_", strlen("security_")))
		return "fmod_ret refused on this security_ function";
	if (!tp_probe__error_injection())
		return "fmod_ret refused: the function is not security_*, and this kernel has no "
		       "error injection to allow it (CONFIG_FUNCTION_ERROR_INJECTION is not set)";
	return "fmod_ret refused: the function is neither security_* nor error-injectable";
}

const char *tp_probe__fmod_ret(const char *func)
{
	return remembered(TP_VAR_FMOD_RET, func, probe_fmod_ret);
}

/* Does the kernel's enum type name a value value? */
static bool enum_has(const struct btf *btf, const char *type, const char *value)
{
	const struct btf_type *t;
	const struct btf_enum *e;
	int id = btf__find_by_name_kind(btf, type, BTF_KIND_ENUM);
	__u16 i;

	if (id < 0)
		return false;
	t = btf__type_by_id(btf, id);
	e = btf_enum(t);
	for (i = 0; i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, e[i].name_off), value))
			return true;
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

static const char *probe_lsm(const char *hook)
{
	char fn[256];

	if (access("/sys/kernel/security/lsm", R_OK))
		return "no /sys/kernel/security/lsm (securityfs not mounted?)";
	if (!bpf_lsm_active())
		return "BPF LSM is not active (boot with lsm=...,bpf)";
	snprintf(fn, sizeof(fn), "bpf_lsm_%s", hook);
	return try_trampoline(fn, BPF_PROG_TYPE_LSM, BPF_LSM_MAC,
			      "BPF LSM programs refused by this kernel");
}

const char *tp_probe__lsm(const char *hook)
{
	return remembered(TP_VAR_LSM, hook, probe_lsm);
}

/*
 * imaHash: a sleepable LSM program on the hook (Linux 5.11+, and only on the
 * hooks the kernel lists as sleepable) that calls bpf_ima_file_hash (Linux
 * 6.0+) of a kernel with IMA, initialised. Remembered under no variant kind
 * of its own: the hook's name with a prefix no LSM hook has.
 */
static const char *probe_ima(const char *key)
{
	const char *hook = key + strlen("ima:");
	struct btf *btf = vmlinux_btf();
	char fn[256];
	const char *why = probe_lsm(hook);

	if (why)
		return why;
	snprintf(fn, sizeof(fn), "bpf_lsm_%s", hook);
	if (try_trampoline_flags(fn, BPF_PROG_TYPE_LSM, BPF_LSM_MAC, BPF_F_SLEEPABLE, "refused"))
		return "sleepable BPF LSM programs refused on this hook (Linux 5.11+, a hook the "
		       "kernel lets sleep)";
	if (!btf || !enum_has(btf, "bpf_func_id", "BPF_FUNC_ima_file_hash"))
		return "this kernel has no bpf_ima_file_hash (Linux 6.0+)";
	if (btf__find_by_name_kind(btf, "ima_file_hash", BTF_KIND_FUNC) < 0)
		return "this kernel has no IMA (CONFIG_IMA off)";
	if (access("/sys/kernel/security/ima", F_OK))
		return "IMA is not initialised in this kernel (no /sys/kernel/security/ima)";
	return NULL;
}

const char *tp_probe__ima_hash(const char *hook)
{
	char key[256];

	snprintf(key, sizeof(key), "ima:%s", hook);
	return remembered(TP_VAR_LSM, key, probe_ima);
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

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* NULL when tracefs is mounted (where tp_tracefs__root looks), else where it was looked for. */
static const char *tracefs_why(void)
{
	if (tp_tracefs__has_dir(tp_tracefs__root(), "events"))
		return NULL;
	return "tracefs is not mounted (neither " TP_TRACEFS_DIR " nor " TP_TRACEFS_DEBUG_DIR
	       " has events/; mount it: mount -t tracefs tracefs " TP_TRACEFS_DIR ")";
}

/* available_filter_functions, one "name [module]" a line, into the sorted filter_funcs. */
static const char *read_filter_funcs(void)
{
	char path[256], *line, *end;
	size_t len, n = 0;

	if (tracefs_why())
		return tracefs_why();
	snprintf(path, sizeof(path), "%s/available_filter_functions", tp_tracefs__root());
	if (tp_file__read(path, FILTER_FUNCS_MAX, &filter_text, &len))
		return "cannot read available_filter_functions";
	for (line = filter_text; *line; n++) {
		line += strcspn(line, "\n");
		if (*line)
			line++;
	}
	filter_funcs = malloc((n ? n : 1) * sizeof(*filter_funcs));
	if (!filter_funcs)
		return "cannot read available_filter_functions";
	for (line = filter_text; *line; line = end) {
		end = line + strcspn(line, "\n");
		if (*end)
			*end++ = '\0';
		line[strcspn(line, " \t")] = '\0';
		filter_funcs[nfilter_funcs++] = line;
	}
	qsort(filter_funcs, nfilter_funcs, sizeof(*filter_funcs), cmp_name);
	return NULL;
}

const char *tp_probe__kprobe(const char *func)
{
	if (!kprobes_available())
		return "kprobes unavailable (no kprobe PMU, no kprobe_events: CONFIG_KPROBES off?)";
	if (!filter_text && !filter_why)
		filter_why = read_filter_funcs();
	if (filter_why)
		return filter_why;
	if (!bsearch(&func, filter_funcs, nfilter_funcs, sizeof(*filter_funcs), cmp_name))
		return "function not in available_filter_functions";
	return NULL;
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

static const char *probe_kprobe_multi(const char *func)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	const char *syms[1] = { func };
	const char *why = tp_probe__kprobe(func);
	int fd, lfd;

	if (why)
		return why;
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_KPROBE_MULTI);
	fd = bpf_prog_load(BPF_PROG_TYPE_KPROBE, "tp_probe", "GPL", insns, 2, &opts);
	if (fd < 0)
		return "kprobe_multi programs refused by this kernel";
	LIBBPF_OPTS(bpf_link_create_opts, lo, .kprobe_multi.syms = syms, .kprobe_multi.cnt = 1);
	lfd = bpf_link_create(fd, 0, BPF_TRACE_KPROBE_MULTI, &lo);
	close(fd);
	if (lfd < 0)
		return "kprobe_multi links refused by this kernel (CONFIG_FPROBE off?)";
	close(lfd);
	return NULL;
}

const char *tp_probe__kprobe_multi(const char *func)
{
	return remembered(TP_VAR_KPROBE_MULTI, func, probe_kprobe_multi);
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

/* Whether this process has CAP_SYS_ADMIN effective: /proc/self/status's CapEff. */
static bool has_sys_admin(void)
{
	unsigned long long eff = 0;
	char line[128];
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return true; /* cannot tell: the kernel's refusal is blamed on itself */
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	return eff >> 21 & 1; /* CAP_SYS_ADMIN */
}

/* Whether securityfs's lockdown says integrity or confidentiality: "none [integrity] ..." */
static bool locked_down(void)
{
	char line[128] = "";
	FILE *f = fopen("/sys/kernel/security/lockdown", "re");

	if (!f)
		return false;
	if (!fgets(line, sizeof(line), f))
		line[0] = 0;
	fclose(f);
	return !strstr(line, "[none]") && strchr(line, '[');
}

/*
 * The kernel hands bpf_probe_write_user only to a program loaded with
 * CAP_SYS_ADMIN, outside lockdown's integrity and confidentiality modes
 * (kernel/trace/bpf_trace.c, bpf_get_probe_write_proto and
 * bpf_tracing_func_proto); libbpf's helper probe takes either refusal for
 * missing support, so the program is loaded here and the refusal explained.
 */
const char *tp_probe__write_user(void)
{
	static const char *why = "";

	if (why && !*why) {
		struct bpf_insn insns[] = {
			{ .code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .off = -4 },
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_1, .imm = 0 },
			{ .code = BPF_ALU64 | BPF_MOV | BPF_X,
			  .dst_reg = BPF_REG_2,
			  .src_reg = BPF_REG_10 },
			{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_2, .imm = -4 },
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_3, .imm = 4 },
			{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_probe_write_user },
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
			{ .code = BPF_JMP | BPF_EXIT },
		};
		int fd = bpf_prog_load(BPF_PROG_TYPE_KPROBE, "tp_probe", "GPL", insns, 8, NULL);

		if (fd >= 0) {
			close(fd);
			why = NULL;
		} else if (locked_down()) {
			why = "action Set needs bpf_probe_write_user, which kernel lockdown "
			      "(integrity or confidentiality) takes away";
		} else if (!has_sys_admin()) {
			why = "action Set needs bpf_probe_write_user, which the kernel gives only "
			      "to a program loaded with CAP_SYS_ADMIN";
		} else {
			why = "action Set needs bpf_probe_write_user, which this kernel refuses";
		}
	}
	return why;
}

const char *tp_probe__tracepoint(const char *subsys_event)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/events/%s/id", tp_tracefs__root(), subsys_event);
	if (!access(p, R_OK))
		return NULL;
	return tracefs_why() ? tracefs_why() : "tracepoint not found in tracefs";
}
