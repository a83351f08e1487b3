// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* JSON for file, path, dentry, filename, linux_binprm, kiocb (and fd paths) arguments. */
#include "output_priv.h"

bool tp_output_json__file_arg(struct tp_json *j, const struct tp_arg_val *a)
{
	(void)j;
	(void)a;
	return false;
}
