// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* A tracepoint hook's fields where the object reads them, checked against this kernel's format. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "libtp.h"
#include "tracefs.h"
#include "tracepoint_layout.h"

int tp_tracepoint__check_layout(const struct tp_meta_hook_view *h, char *err, size_t errlen)
{
	struct tp_tracefs_format fmt = { 0 };
	size_t i;
	int e, idx;

	if (h->kind != TP_HOOK_TRACEPOINT || (h->flags & TP_HOOKF_RAW))
		return 0;
	e = tp_tracefs_format__load(&fmt, tp_tracefs__root(), h->subsys, h->event);
	if (e) {
		snprintf(err, errlen, "hook '%s': cannot read its tracepoint format: %s", h->call,
			 strerror(-e));
		return e;
	}
	for (i = 0; i < h->nargs && !e; i++) {
		const struct tp_meta_arg_view *a = &h->args[i];

		if (!*a->field_name)
			continue;
		idx = tp_tracefs_format__find(&fmt, a->field_name);
		if (idx < 0) {
			snprintf(err, errlen,
				 "hook '%s': this kernel's tracepoint has no field '%s': "
				 "rebuild the object with tpgen on this kernel",
				 h->call, a->field_name);
			e = -ENOENT;
		} else if (fmt.fields[idx].offset != (int)a->field_off ||
			   fmt.fields[idx].size != (int)a->field_size) {
			snprintf(
			    err, errlen,
			    "hook '%s': field '%s' is at offset %d (%d bytes) on this "
			    "kernel, the object reads offset %u (%u bytes): rebuild it with tpgen "
			    "on this kernel",
			    h->call, a->field_name, fmt.fields[idx].offset, fmt.fields[idx].size,
			    a->field_off, a->field_size);
			e = -EINVAL;
		}
	}
	tp_tracefs_format__free(&fmt);
	return e;
}
