// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * imaHash on a Post action. Tetragon computes the hash only for lsmhooks, in
 * a sleepable LSM program that calls bpf_ima_file_hash on the hook's file
 * or bprm->file (pkg/sensors/tracing/genericlsm.go, imaProgName;
 * bpf/process/bpf_generic_lsm_ima_*.c); elsewhere it is carried and never
 * used, so it is refused here. On lsmhooks the hook is marked with the file
 * it hashes; tprun refuses the load where the kernel cannot hash it, naming
 * what is missing (runtime/attach/variant.c).
 */
#include <string.h>

#include "checker.h"

/* The hooks Tetragon hashes for, and whose file (genericlsm.go, imaProgName). */
static const struct {
	const char *hook;
	enum tp_ima_of of;
} ima_hooks[] = {
	{ "bprm_check_security", TP_IMA_BPRM },
	{ "bprm_committed_creds", TP_IMA_BPRM },
	{ "bprm_committing_creds", TP_IMA_BPRM },
	{ "bprm_creds_for_exec", TP_IMA_BPRM },
	{ "bprm_creds_from_file", TP_IMA_BPRM },
	{ "file_ioctl", TP_IMA_FILE },
	{ "file_lock", TP_IMA_FILE },
	{ "file_open", TP_IMA_FILE },
	{ "file_post_open", TP_IMA_FILE },
	{ "file_receive", TP_IMA_FILE },
	{ "mmap_file", TP_IMA_FILE },
};

static enum tp_ima_of ima_of(const char *hook)
{
	size_t i;

	for (i = 0; hook && i < sizeof(ima_hooks) / sizeof(ima_hooks[0]); i++)
		if (!strcmp(ima_hooks[i].hook, hook))
			return ima_hooks[i].of;
	return TP_IMA_NONE;
}

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
				 h->fentry		     ? "fentries"
				 : h->kind == TP_HOOK_KPROBE ? "kprobes"
				 : h->kind == TP_HOOK_UPROBE ? "uprobes"
				 : h->kind == TP_HOOK_USDT   ? "usdts"
							     : "tracepoints");
		else if (!ima_of(h->call))
			/* Tetragon loads no hash program there and drops the events */
			hook_err(c, a[i].ima_hash_loc,
				 "imaHash is not supported on this hook (Tetragon hashes a file "
				 "for the bprm_* hooks, file_ioctl, file_lock, file_open, "
				 "file_post_open, file_receive and mmap_file only)");
		else
			h->ima_hash = ima_of(h->call);
	}
}

void tp_check__ima_hash(struct checker *c)
{
	struct tp_hook *h = c->h;
	size_t s;

	h->ima_hash = TP_IMA_NONE;
	for (s = 0; s < h->nselectors; s++) {
		check_actions(c, h->selectors[s].actions, h->selectors[s].nactions);
		check_actions(c, h->selectors[s].ret_actions, h->selectors[s].nret_actions);
	}
}
