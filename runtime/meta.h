/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Reading .tp.meta: the validating reader tprun uses; it gives the section as
 * views (include/tp/meta.h) whose strings point into the section.
 */
#ifndef TP_META_API_H
#define TP_META_API_H

#include <stddef.h>
#include <stdint.h>

#include <tp/meta.h>

struct tp_meta;

/*
 * Validate and decode a .tp.meta section. The data must outlive the result.
 * On error returns NULL, sets errno (EINVAL for a malformed section,
 * EPROTO for a foreign version) and writes a one-line reason into err.
 */
struct tp_meta *tp_meta__parse(const void *data, size_t size, char *err, size_t errlen);
void tp_meta__free(struct tp_meta *m);
/* The digest (TP_DIGEST_SIZE bytes) of the object the section was written for. */
const uint8_t *tp_meta__digest(const struct tp_meta *m);
/* The architecture its programs are built for (enum tp_arch, tpgen --target). */
unsigned int tp_meta__arch(const struct tp_meta *m);

/*
 * The object's policies (more than one from tpgen a.yaml b.yaml), by their
 * metadata.name, in the order tpgen was given them.
 */
size_t tp_meta__policy_cnt(const struct tp_meta *m);
const char *tp_meta__policy(const struct tp_meta *m, size_t i);
/* The name of the policy hook h (one of m's) is from: what its events print. */
const char *tp_meta__hook_policy(const struct tp_meta *m, const struct tp_meta_hook_view *h);
/* The object's names for messages: "'a'", or "'a', 'b'" for a set. */
const char *tp_meta__set_name(const struct tp_meta *m);
/* Where hook h (of m) is, for messages: "policy line 12", in a set "policy 'b' line 12". */
const char *tp_meta__hook_where(const struct tp_meta *m, const struct tp_meta_hook_view *h,
				char *buf, size_t len);
size_t tp_meta__hook_cnt(const struct tp_meta *m);
const struct tp_meta_hook_view *tp_meta__hook(const struct tp_meta *m, size_t i);
size_t tp_meta__fill_cnt(const struct tp_meta *m);
const struct tp_meta_fill_view *tp_meta__fill(const struct tp_meta *m, size_t i);
/* The GetUrl and DnsLookup actions tprun performs, in the policy's order. */
size_t tp_meta__user_act_cnt(const struct tp_meta *m);
const struct tp_meta_user_act_view *tp_meta__user_act(const struct tp_meta *m, size_t i);

/* A hook's name in messages: its call as the policy wrote it, else its function. */
const char *tp_meta__hook_name(const struct tp_meta_hook_view *h);
/* The variant whose entry or exit program is prog, and its hook in *hook; NULL for none. */
const struct tp_meta_variant_view *tp_meta__prog_variant(const struct tp_meta *m, const char *prog,
							 const struct tp_meta_hook_view **hook);

/*
 * A list hook's functions, split from its variants' target (one per line)
 * when the section was read: how many in *n. NULL and 0 for a hook that is
 * not a list. h is one of m's hooks.
 */
const char *const *tp_meta__list_funcs(const struct tp_meta *m, const struct tp_meta_hook_view *h,
				       size_t *n);

/* Function i of list hook h (of m) becomes func: a uprobe's address, its file offset. */
int tp_meta__set_list_func(struct tp_meta *m, const struct tp_meta_hook_view *h, size_t i,
			   const char *func);

/* A uprobe target (include/tp/meta.h): the symbol ("" for an offset), offset and ref_ctr. */
struct tp_uprobe_target {
	char symbol[256];	/* with its "+OFF" as the policy wrote it, "" for an offset */
	char name[256];		/* the symbol's name alone, what libbpf looks up */
	unsigned long long off; /* added to the symbol, or the file offset */
	unsigned long long ref_ctr_off;
};
/* Split target t; -ENAMETOOLONG when it does not fit. */
int tp_meta__uprobe_target(const char *t, struct tp_uprobe_target *u);

#endif /* TP_META_API_H */
