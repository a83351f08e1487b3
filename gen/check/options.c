// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* spec.options: read once per policy into what every hook takes from them. */
#include <string.h>

#include "checker.h"

/*
 * A boolean option's value as Go's strconv.ParseBool reads it, which is how
 * Tetragon reads disable-kprobe-multi and disable-uprobe-multi
 * (pkg/sensors/tracing/common: GetSpecOptions); anything else fails the policy.
 */
static bool go_bool(struct checker *c, const struct tp_option *o, const char *v, bool *out)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcmp(v, yes[i]) || !strcmp(v, no[i])) {
			*out = !strcmp(v, yes[i]);
			return true;
		}
	}
	tp_diag__error(c->d, o->loc, "option %s: '%s' is not a boolean (true, false, 1, 0, ...)",
		       o->name, v);
	return false;
}

void tp_check__options(struct checker *c)
{
	struct tp_hook_options *ho = &c->opts;
	bool unused;
	size_t i;

	memset(ho, 0, sizeof(*ho));
	ho->override_method = TP_OVERRIDE_ANY;
	for (i = 0; i < c->p->noptions; i++) {
		const struct tp_option *o = &c->p->options[i];
		const char *v = o->value ? o->value : "";

		if (!o->name)
			continue;
		if (!strcmp(o->name, "disable-kprobe-multi")) {
			go_bool(c, o, v, &ho->no_kprobe_multi);
		} else if (!strcmp(o->name, "disable-uprobe-multi")) {
			/* no uprobes in tpgen: the value has nothing to change, but is checked */
			go_bool(c, o, v, &unused);
		} else if (!strcmp(o->name, "override-method")) {
			if (!strcmp(v, "fmod-ret"))
				ho->override_method = TP_OVERRIDE_FMOD_RET;
			else if (!strcmp(v, "override-return"))
				ho->override_method = TP_OVERRIDE_RETURN;
			else
				tp_diag__error(c->d, o->loc,
					       "option override-method: '%s' is not "
					       "fmod-ret or override-return",
					       v);
		} else if (!strcmp(o->name, "policy-mode")) {
			if (!strcmp(v, "monitor"))
				ho->monitor = true;
			else if (strcmp(v, "enforce"))
				tp_diag__error(c->d, o->loc,
					       "option policy-mode: '%s' is not enforce "
					       "or monitor",
					       v);
		} else {
			/* Tetragon ignores the options it does not know; tpgen never
			 * accepts and ignores (docs/differences.md) */
			tp_diag__error(c->d, o->loc,
				       "option '%s' is not supported (tpgen knows "
				       "disable-kprobe-multi, disable-uprobe-multi, "
				       "override-method and policy-mode)",
				       o->name);
		}
	}
}
