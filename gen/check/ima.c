// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * imaHash on a Post action. Tetragon computes the hash only for lsmhooks, in
 * a sleepable LSM program that calls bpf_ima_file_hash or bpf_ima_inode_hash
 * (pkg/sensors/tracing/genericlsm.go, imaProgLoad; bpf/process/
 * bpf_generic_lsm_ima_*.c); elsewhere it is carried and never used, so it is
 * refused here. On lsmhooks the hook is marked and tprun refuses the load,
 * naming what the kernel lacks (runtime/attach/variant.c).
 */
#include "checker.h"

static void check_actions(struct checker *c, const struct tp_action_spec *a, size_t n)
{
	struct tp_hook *h = c->h;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!a[i].ima_hash)
			continue;
		if (a[i].action != TP_ACT_POST)
			hook_err(c, a[i].ima_hash_loc,
				 "imaHash is not supported on action '%s' (it is for Post)",
				 a[i].name ? a[i].name : "?");
		else if (h->kind != TP_HOOK_LSM)
			hook_err(c, a[i].ima_hash_loc,
				 "imaHash is not supported on %s (Tetragon computes it in "
				 "lsmhooks only)",
				 h->kind == TP_HOOK_KPROBE ? "kprobes" : "tracepoints");
		else
			h->ima_hash = true;
	}
}

void tp_check__ima_hash(struct checker *c)
{
	struct tp_hook *h = c->h;
	size_t s;

	h->ima_hash = false;
	for (s = 0; s < h->nselectors; s++) {
		check_actions(c, h->selectors[s].actions, h->selectors[s].nactions);
		check_actions(c, h->selectors[s].ret_actions, h->selectors[s].nret_actions);
	}
}
