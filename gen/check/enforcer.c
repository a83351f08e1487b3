// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * spec.enforcers: the function each enforcer hook overrides, named as
 * Tetragon's createEnforcerSensor (pkg/sensors/tracing/enforcer.go) names it:
 * a syscall ("sys_dup", or with its arch prefix "__x64_sys_dup") or a
 * security_* function, and nothing else; and the policy's NotifyEnforcer
 * actions, which need an enforcer to notify.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "kbtf.h"

/* Tetragon's pkg/arch supportedArchPrefix */
static const char *const arch_prefixes[] = { "__x64_", "__arm64_", "__ia32_" };

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static bool has_arch_prefix(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(arch_prefixes) / sizeof(arch_prefixes[0]); i++)
		if (starts_with(s, arch_prefixes[i]) &&
		    starts_with(s + strlen(arch_prefixes[i]), "sys_"))
			return true;
	return false;
}

void tp_check__enforcer_target(struct checker *c)
{
	struct tp_hook *h = c->h;
	const char *call = h->call;
	bool security = starts_with(call, "security_");
	struct tp_kfunc_proto pr;
	int e;

	if (h->syscall && strchr(call, '/')) {
		/* Tetragon's parseSyscallValue takes "i386/sys_dup" */
		hook_err(c, h->loc, "an ABI/NAME syscall ('%s') is not supported yet", call);
		return;
	}
	if (!tp_check__valid_ident(call)) {
		hook_err(c, h->loc, "invalid function name");
		return;
	}
	if (has_arch_prefix(call)) {
		h->function_name = strdup(call);
	} else if (starts_with(call, "sys_")) {
		char *name;

		if (tp_check__syscall_name(c, call, &name, &h->function_name))
			return;
		free(name);
	} else if (security && !h->syscall) {
		h->function_name = strdup(call);
	} else if (h->syscall) {
		hook_err(c, h->loc, "'%s' is not a syscall (sys_NAME or __ARCH_sys_NAME)", call);
		return;
	} else {
		hook_err(c, h->loc,
			 "enforcer calls must be syscalls or security_ functions, and '%s' "
			 "appears to be neither (Tetragon's rule)",
			 call);
		return;
	}
	if (!h->function_name) {
		hook_err(c, h->loc, "out of memory");
		return;
	}
	h->syscall = !security;
	h->override = true;
	if (security && h->override_method == TP_OVERRIDE_RETURN)
		/* bpf_override_return cannot change a security_ function (enforcer.go) */
		hook_err(c, h->loc,
			 "override-method override-return cannot override the security function "
			 "'%s' (only fmod_ret can)",
			 call);
	e = tp_kbtf__func(h->function_name, &pr);
	if (e == -ENOENT)
		hook_err(c, h->loc, "kernel function '%s' not found in %s", h->function_name,
			 tp_kbtf__file() ? tp_kbtf__file() : "this kernel's BTF");
	else if (e == -ENODATA)
		hook_warn(c, h->loc, "cannot check the function: no kernel BTF on this machine");
}

static bool has_enforcer(const struct tp_policy *p)
{
	size_t i;

	for (i = 0; i < p->nhooks; i++)
		if (p->hooks[i].kind == TP_HOOK_ENFORCER)
			return true;
	return false;
}

void tp_check__notify_enforcer(struct checker *c, const struct tp_action_spec *act)
{
	const char *name = act->name ? act->name : "?";

	if (c->h->kind == TP_HOOK_ENFORCER)
		return;
	if (act->action == TP_ACT_NOTIFYENFORCER && !has_enforcer(c->p))
		/* generickprobe.go, preValidateKprobes */
		hook_err(c, act->loc,
			 "action '%s' specified, but spec contains no enforcers (spec.enforcers)",
			 name);
	if (act->action != TP_ACT_NOTIFYENFORCER)
		return;
	/* the enforcer keeps both as 16-bit numbers (bpf_enforcer.h) */
	if (act->has_arg_sig && (act->arg_sig < 0 || act->arg_sig > TP_SIG_MAX))
		hook_err(c, act->param_loc[TP_AP_ARG_SIG],
			 "action '%s': argSig %d is not a signal number (1 to %d, or 0 for none)",
			 name, act->arg_sig, TP_SIG_MAX);
	if (act->has_arg_error && (act->arg_error < -32768 || act->arg_error > 32767))
		hook_err(c, act->param_loc[TP_AP_ARG_ERROR],
			 "action '%s': argError %d does not fit the enforcer's 16 bits", name,
			 act->arg_error);
}

void tp_check__enforcers(struct tp_policy *p, bool monitor)
{
	bool signal_only = true;
	size_t i, s, a;

	/* policy-mode: monitor notifies nobody: nothing to override */
	for (i = 0; i < p->nhooks && !monitor; i++) {
		const struct tp_hook *h = &p->hooks[i];

		for (s = 0; s < h->nselectors; s++) {
			const struct tp_selector *sel = &h->selectors[s];

			for (a = 0; a < sel->nactions; a++)
				if (sel->actions[a].action == TP_ACT_NOTIFYENFORCER &&
				    sel->actions[a].arg_error)
					signal_only = false;
			for (a = 0; a < sel->nret_actions; a++)
				if (sel->ret_actions[a].action == TP_ACT_NOTIFYENFORCER &&
				    sel->ret_actions[a].arg_error)
					signal_only = false;
		}
	}
	for (i = 0; i < p->nhooks; i++)
		if (p->hooks[i].kind == TP_HOOK_ENFORCER)
			p->hooks[i].signal_only = signal_only;
}
