// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Whether an attach variant of a hook works on the running kernel, and why
 * not: the probes of probe.c applied to a hook's variant, with --forbid and
 * the needs of list and Override hooks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "libtp.h"
#include "variant.h"

/*
 * imaHash: Tetragon hashes the file in a sleepable LSM program with
 * bpf_ima_file_hash (bpf/process/bpf_generic_lsm_ima_file.c); so does the
 * hook's second program here (templates/bpf/tp_ima.bpf.h). Where this
 * kernel cannot run it, the load is refused, naming what it lacks first.
 */
static const char *ima_why_not(const struct tp_meta_variant_view *v)
{
	static char buf[400];
	const char *why;

	if (v->kind != TP_VAR_LSM)
		why = "this is not an LSM program";
	else
		why = tp_probe__ima_hash(v->target);
	if (!why)
		return NULL;
	snprintf(buf, sizeof(buf), "imaHash needs bpf_ima_file_hash in a sleepable LSM program; %s",
		 why);
	return buf;
}

bool tp_variant__sets_args(const struct tp_meta_hook_view *h)
{
	size_t i;

	for (i = 0; i < h->nargs; i++)
		if (h->args[i].flags & TP_ARGF_META_SET)
			return true;
	return false;
}

/* NULL when variant v of hook h (of m) attaches here, else why not. */
const char *tp_variant__why_not(const struct tp_meta *m, const struct tp_meta_hook_view *h,
				const struct tp_meta_variant_view *v, uint32_t forbid)
{
	static char buf[320];
	const char *const *funcs;
	const char *why;
	size_t i, n;

	if (forbid & (1u << v->kind))
		return "forbidden (--forbid)";
	if (h->flags & TP_HOOKF_IMA_HASH)
		return ima_why_not(v);
	if (v->kind == TP_VAR_USDT && tp_variant__sets_args(h) && tp_probe__write_user())
		return tp_probe__write_user();
	if (v->kind == TP_VAR_UPROBE || v->kind == TP_VAR_USDT) /* symbols, notes: at attach */
		return access(h->call, R_OK) ? "the binary at the uprobe's path cannot be read"
					     : NULL;
	if (h->flags & TP_HOOKF_LIST) {
		funcs = tp_meta__list_funcs(m, h, &n);
		for (i = 0; i < n; i++) {
			why = tp_probe__kprobe(funcs[i]);
			if (why) {
				snprintf(buf, sizeof(buf), "%s: %s", funcs[i], why);
				return buf;
			}
		}
		if (v->kind == TP_VAR_KPROBE_MULTI && n)
			return tp_probe__kprobe_multi(funcs[0]);
		return NULL;
	}
	switch (v->kind) {
	case TP_VAR_FENTRY:
		return tp_probe__fentry(v->target);
	case TP_VAR_KPROBE:
		why = tp_probe__kprobe(v->target);
		if (!why && (h->flags & TP_HOOKF_OVERRIDE) && !tp_probe__override_return())
			why = !tp_probe__error_injection()
				  ? "no bpf_override_return in this kernel "
				    "(CONFIG_BPF_KPROBE_OVERRIDE needs "
				    "CONFIG_FUNCTION_ERROR_INJECTION, "
				    "which is not set)"
			      : h->kind == TP_HOOK_ENFORCER
				  ? "no bpf_override_return in this kernel "
				    "(CONFIG_BPF_KPROBE_OVERRIDE off)"
				  : "Override needs bpf_override_return, which this kernel lacks "
				    "(CONFIG_BPF_KPROBE_OVERRIDE off)";
		return why;
	case TP_VAR_TRACEPOINT:
		why = tp_probe__tracepoint(v->target);
		if (!why && *v->target_exit)
			why = tp_probe__tracepoint(v->target_exit);
		return why;
	case TP_VAR_RAW_TP:
		return tp_probe__tracepoint(v->target);
	case TP_VAR_FMOD_RET:
		return tp_probe__fmod_ret(v->target);
	case TP_VAR_LSM:
		return tp_probe__lsm(v->target);
	default:
		return "unknown attach variant";
	}
}

/* Why the hook has only the variants it has, for the error when none attaches. */
static const char *hook_only(const struct tp_meta_hook_view *h)
{
	if (h->flags & TP_HOOKF_FENTRY)
		return " (a fentries hook attaches only through BPF trampolines, never as a "
		       "kprobe)";
	if (h->flags & TP_HOOKF_PT_REGS)
		return h->kind == TP_HOOK_UPROBE ? ""
						 : " (its data entries read registers, source "
						   "pt_regs, which only a kprobe program has)";
	return "";
}

int tp_variant__choose(const struct tp_meta *m, const struct tp_meta_hook_view *h, uint32_t forbid,
		       const struct tp_meta_variant_view **v, char *err, size_t errlen)
{
	char why[1024], where[300];
	const char *w;
	size_t off = 0, i;

	*v = NULL;
	why[0] = 0;
	/* the first that attaches; each one's reason kept for the error, as it is found */
	for (i = 0; i < h->nvariants; i++) {
		w = tp_variant__why_not(m, h, &h->variants[i], forbid);
		if (!w) {
			*v = &h->variants[i];
			return 0;
		}
		if (off < sizeof(why))
			off += snprintf(why + off, sizeof(why) - off, "%s%s: %s", i ? "; " : "",
					tp_variant__name(h->variants[i].kind), w);
	}
	/* ignore.callNotFound: a function this kernel lacks is skipped, and said so */
	if ((h->flags & TP_HOOKF_IGNORE_MISSING) && h->nvariants &&
	    !tp_probe__function_exists(h->variants[0].target))
		return 0;
	if (h->kind == TP_HOOK_ENFORCER) {
		snprintf(err, errlen,
			 "enforcer '%s' (%s) cannot override the return value of '%s' "
			 "on this kernel: %s",
			 h->call, tp_meta__hook_where(m, h, where, sizeof(where)), h->function_name,
			 why);
		return -EOPNOTSUPP;
	}
	snprintf(err, errlen, "%s '%s' (%s) %s on this kernel: %s%s",
		 h->flags & TP_HOOKF_FENTRY ? "fentries hook" : "hook", tp_meta__hook_name(h),
		 tp_meta__hook_where(m, h, where, sizeof(where)),
		 h->flags & TP_HOOKF_OVERRIDE ? "has an Override, which cannot be enforced"
					      : "cannot attach",
		 why, hook_only(h));
	return -EOPNOTSUPP;
}
