// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Hooks on the same function, one program. Tetragon attaches a program per
 * hook and each reads its args again; here the hooks that attach alike run in
 * the first one's programs, in policy order, and an arg they filter on is
 * read into a slot once for all of them (gen/emit/entry.c; its length kept in
 * the heap's shared[]). A hook
 * whose program does more than enter and post keeps its own programs: a
 * return half (return: true, returnCopy), an Override (one return value per
 * program), an imaHash program, enforcers, loaders, lists, uprobes and usdts.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "model/vec.h"

#include "fuse.h"

/*
 * Hooks a program runs at most. The verifier's work grows in proportion (32
 * hooks of two selectors: 7.9k instructions, 37k processed on 6.1), but a
 * program's jumps reach 32k instructions at most; the next hook starts a
 * program of its own.
 */
#define FUSE_MAX 32

/* Does the hook's program only enter, filter and post? */
static bool fusable(const struct tp_lhook *lh)
{
	const struct tp_hook *h = lh->hook;

	if (h->kind != TP_HOOK_KPROBE && h->kind != TP_HOOK_TRACEPOINT && h->kind != TP_HOOK_LSM)
		return false;
	return !h->nfuncs && !h->override && !lh->ima && !tp_hook__has_exit(h);
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Do the hooks attach alike: the same target, the same variants (gen/emit/variants.c)? */
static bool same_attach(const struct tp_hook *a, const struct tp_hook *b)
{
	return a->kind == b->kind && a->syscall == b->syscall && a->fentry == b->fentry &&
	       a->raw == b->raw && a->ignore_call_not_found == b->ignore_call_not_found &&
	       !tp_hook__reg_arg(a) == !tp_hook__reg_arg(b) &&
	       same_str(a->function_name, b->function_name) &&
	       same_str(a->subsystem, b->subsystem) && same_str(a->event, b->event);
}

/*
 * Can one read of the arg stand for every hook's? Not when what it reads
 * depends on more than the arg: a size another arg gives, a resolve path, a
 * register, or the follow map an earlier hook's FollowFD may change (fd).
 */
static bool shareable(const struct tp_arg *a)
{
	return !a->res && !a->data && !a->pt_regs && a->type != TP_ARG_FD &&
	       !(tp_arg_type__info(a->type)->flags & TP_ARGF_SIZE_ARG);
}

static bool same_read(const struct tp_arg *a, const struct tp_arg *b)
{
	return a->index == b->index && a->type == b->type &&
	       a->size_arg_index == b->size_arg_index && a->field_off == b->field_off &&
	       a->field_size == b->field_size;
}

/*
 * The group's shared reads take slots 0.., each hook's own reads the slots
 * after them: a hook never writes over a read another one takes from shared[].
 */
static int share_reads(struct tp_plan *plan, struct tp_lhook *leader)
{
	const struct tp_arg **reads = NULL;
	size_t i, pos, k, n = 0;
	int own;

	for (i = 0; i < plan->nhooks; i++) {
		struct tp_lhook *lh = &plan->hooks[i];
		const struct tp_hook *h = lh->hook;

		if (lh->leader != leader->id)
			continue;
		lh->shared = tp_vec__calloc(h->nargs, sizeof(*lh->shared));
		if (!lh->shared)
			goto nomem;
		for (pos = 0; pos < h->nargs; pos++) {
			lh->shared[pos] = -1;
			if (lh->slot[pos] < 0 || !shareable(&h->args[pos]))
				continue;
			for (k = 0; k < n && !same_read(reads[k], &h->args[pos]); k++)
				;
			if (k == n) {
				const struct tp_arg **r = realloc(reads, (n + 1) * sizeof(*r));

				if (!r)
					goto nomem;
				reads = r;
				reads[n++] = &h->args[pos];
			}
			lh->shared[pos] = (int)k;
		}
	}
	for (i = 0; i < plan->nhooks; i++) {
		struct tp_lhook *lh = &plan->hooks[i];

		if (lh->leader != leader->id)
			continue;
		own = (int)n;
		for (pos = 0; pos < lh->hook->nargs; pos++)
			if (lh->shared[pos] >= 0)
				lh->slot[pos] = lh->shared[pos];
			else if (lh->slot[pos] >= 0)
				lh->slot[pos] = own++;
		if (own > plan->slots)
			plan->slots = own;
	}
	leader->nshared = (int)n;
	if (leader->nshared > plan->shared_reads)
		plan->shared_reads = leader->nshared;
	free(reads);
	return 0;
nomem:
	free(reads);
	return -1;
}

int tp_lower__fuse(struct tp_plan *plan)
{
	int *members = tp_vec__calloc(plan->nhooks, sizeof(*members));
	size_t i, j;

	if (!members)
		return -1;
	for (i = 0; i < plan->nhooks; i++) {
		struct tp_lhook *lh = &plan->hooks[i];

		if (!fusable(lh))
			continue;
		for (j = 0; j < i; j++) {
			struct tp_lhook *l = &plan->hooks[j];

			if (l->leader == l->id && members[j] < FUSE_MAX - 1 && fusable(l) &&
			    same_attach(l->hook, lh->hook)) {
				lh->leader = l->id;
				lh->fused = l->fused = true;
				members[j]++;
				break;
			}
		}
	}
	free(members);
	for (i = 0; i < plan->nhooks; i++)
		if (plan->hooks[i].fused && plan->hooks[i].leader == plan->hooks[i].id &&
		    share_reads(plan, &plan->hooks[i]))
			return -1;
	return 0;
}
