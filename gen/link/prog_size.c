// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Program sizes, from the object libbpf opens (no load: the sizes are the
 * compiler's). A hook's selectors compile to straight code, so a policy with
 * thousands of them is one long program; past a jump's span it is refused
 * here, with the hook's place, rather than by the verifier on the appliance.
 */
#include <errno.h>
#include <stdio.h>

#include <bpf/libbpf.h>

#include "prog_size.h"

int tp_obj__oversized(const char *path, int *hook, size_t *insns)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog;
	size_t n;
	int id, err;

	err = libbpf_get_error(obj);
	if (err)
		return err < 0 ? err : -EINVAL;
	*insns = 0;
	bpf_object__for_each_program(prog, obj) {
		n = bpf_program__insn_cnt(prog);
		if (n <= TP_PROG_INSNS_MAX || n <= *insns)
			continue;
		*insns = n;
		if (sscanf(bpf_program__name(prog), "tp_h%d_", &id) != 1)
			id = -1;
		*hook = id;
	}
	bpf_object__close(obj);
	return *insns ? 1 : 0;
}
