/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* struct tp_runtime, for the files of runtime/attach that make one: runtime.c and pinned.c. */
#ifndef TP_RUNTIME_PRIV_H
#define TP_RUNTIME_PRIV_H

#include <stdbool.h>

#include "libtp.h"
#include "links.h"

struct tp_runtime {
	struct tp_object *o;
	struct bpf_object *obj;
	struct tp_links links;
	const struct tp_meta_variant_view **var; /* per hook; NULL: skipped */
	bool *fused; /* per hook: its program is an earlier hook's, attached for that one */
	int counters_fd;
	char *enforcer_inline; /* why no enforcer attaches, its signals sent inline; NULL */
	int learn_fd;	       /* tp_learn's: the object's, or the pinned one's (adopted) */
	char *pin;	       /* --pin: DIR/NAME, where the object is pinned; NULL */
	bool adopted;	       /* taken from pin: nothing loaded or attached by this tprun */
	bool pinned;	       /* pinned by this tprun (tp_runtime__pin) */
	int pin_lock;	       /* pin held (tp_pin__lock) while this tprun runs; -1 */
	int reported_fd;       /* the pin's record of what was reported (tp_pin__reported); -1 */
	struct tp_runtime_opts opts;
};

/* libbpf's object over r's file, its maps sized (opts). 0 or -EINVAL with err. */
int tp_runtime__open_object(struct tp_runtime *r, const struct tp_runtime_opts *opts, char *err,
			    size_t errlen);
/* r->counters_fd from the object's tp_counters, which must be an array of words. */
int tp_runtime__find_counters(struct tp_runtime *r, char *err, size_t errlen);
/*
 * --pin: when r->pin holds a complete pin of this object with r's options,
 * take its maps, links and tp_learn into r: 1. 0 when nothing is pinned
 * there; -errno with err for a mismatch or an incomplete pin.
 */
int tp_runtime__adopt(struct tp_runtime *r, char *err, size_t errlen);
/* --pin, before loading: every variant chosen can be pinned. 0 or -EOPNOTSUPP with err. */
int tp_runtime__check_pinnable(const struct tp_runtime *r, char *err, size_t errlen);

#endif /* TP_RUNTIME_PRIV_H */
