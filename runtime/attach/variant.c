// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Whether an attach variant of a hook works on the running kernel, and why
 * not: the probes of probe.c applied to a hook's variant, with --forbid and
 * the needs of list and Override hooks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libtp.h"
#include "variant.h"

/* NULL when variant v of hook h (of m) attaches here, else why not. */
const char *tp_variant__why_not(const struct tp_meta *m, const struct tp_meta_hook_view *h,
				const struct tp_meta_variant_view *v, uint32_t forbid)
{
	static char why[320];
	const char *const *funcs;
	size_t i, n;

	if (forbid & (1u << v->kind))
		return "forbidden (--forbid)";
	if (h->flags & TP_HOOKF_LIST) {
		funcs = tp_meta__list_funcs(m, h, &n);
		for (i = 0; i < n; i++) {
			if (!tp_probe__kprobe(funcs[i])) {
				snprintf(why, sizeof(why), "%s: %s", funcs[i],
					 tp_probe__why_not(TP_VAR_KPROBE, funcs[i]));
				return why;
			}
		}
		if (v->kind == TP_VAR_KPROBE_MULTI && n && !tp_probe__kprobe_multi(funcs[0]))
			return tp_probe__why_not(v->kind, v->target);
		return NULL;
	}
	switch (v->kind) {
	case TP_VAR_FENTRY:
		if (tp_probe__fentry(v->target))
			return NULL;
		break;
	case TP_VAR_KPROBE:
		if (!tp_probe__kprobe(v->target))
			break;
		if ((h->flags & TP_HOOKF_OVERRIDE) && !tp_probe__override_return())
			return "Override needs bpf_override_return, which this kernel lacks "
			       "(CONFIG_BPF_KPROBE_OVERRIDE off)";
		return NULL;
	case TP_VAR_TRACEPOINT:
		if (tp_probe__tracepoint(v->target) &&
		    (!*v->target_exit || tp_probe__tracepoint(v->target_exit)))
			return NULL;
		break;
	case TP_VAR_RAW_TP:
		if (tp_probe__tracepoint(v->target))
			return NULL;
		break;
	case TP_VAR_FMOD_RET:
		if (tp_probe__fmod_ret(v->target))
			return NULL;
		break;
	case TP_VAR_LSM:
		if (tp_probe__lsm(v->target))
			return NULL;
		break;
	default:
		return "unknown attach variant";
	}
	return tp_probe__why_not(v->kind, v->target);
}

int tp_variant__choose(const struct tp_meta *m, const struct tp_meta_hook_view *h, uint32_t forbid,
		       const struct tp_meta_variant_view **v, char *err, size_t errlen)
{
	char why[1024];
	size_t off = 0, i;

	*v = NULL;
	for (i = 0; i < h->nvariants; i++) {
		if (!tp_variant__why_not(m, h, &h->variants[i], forbid)) {
			*v = &h->variants[i];
			return 0;
		}
	}
	/* ignore.callNotFound: a function this kernel lacks is skipped, and said so */
	if ((h->flags & TP_HOOKF_IGNORE_MISSING) && h->nvariants &&
	    !tp_probe__function_exists(h->variants[0].target))
		return 0;
	why[0] = 0;
	for (i = 0; i < h->nvariants; i++)
		off += snprintf(why + off, off < sizeof(why) ? sizeof(why) - off : 0, "%s%s: %s",
				i ? "; " : "", tp_variant__name(h->variants[i].kind),
				tp_variant__why_not(m, h, &h->variants[i], forbid));
	snprintf(err, errlen, "hook '%s' (policy line %u) %s on this kernel: %s",
		 tp_meta__hook_name(h), h->line,
		 h->flags & TP_HOOKF_OVERRIDE ? "has an Override, which cannot be enforced"
					      : "cannot attach",
		 why);
	return -EOPNOTSUPP;
}
