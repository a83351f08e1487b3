// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* JSON for cred, capabilities, user_namespace, bpf_attr/map/prog, perf_event, module, load_info, iov_iter, char_iovec, data_loc, nop arguments. */
#include "output_priv.h"

bool tp_output_json__kobj_arg(struct tp_json *j, const struct tp_arg_val *a)
{
	(void)j;
	(void)a;
	return false;
}
