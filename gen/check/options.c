// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* spec.options: read once per policy into what every hook takes from them. */
#include <string.h>

#include "checker.h"

void tp_check__options(struct checker *c)
{
	struct tp_hook_options *ho = &c->opts;
	size_t i;

	memset(ho, 0, sizeof(*ho));
	ho->override_method = TP_OVERRIDE_ANY;
	for (i = 0; i < c->p->noptions; i++) {
		const struct tp_option *o = &c->p->options[i];
		const char *v = o->value ? o->value : "";

		if (!o->name)
			continue;
		if (!strcmp(o->name, "disable-kprobe-multi")) {
			ho->no_kprobe_multi =
			    !*v || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "enabled");
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
		} else if (strcmp(o->name, "disable-uprobe-multi")) {
			tp_diag__warn(c->d, o->loc, "option '%s' is not supported; ignored",
				      o->name);
		}
	}
}
