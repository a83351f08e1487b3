// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * tprun --check: every program of an object through the running kernel's
 * verifier, one at a time, with the programs this kernel cannot judge
 * (trampolines where they do not attach, missing helpers) skipped and said so.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "bpf_obj.h"
#include "object/object.h"
#include "variant.h"

/*
 * Programs not to load: those of variants --forbid names, and those the
 * verifier cannot judge here (trampolines where they do not attach,
 * kprobe.multi, bpf_override_return and Set's bpf_probe_write_user where
 * the kernel lacks them). NULL
 * when the program can be loaded.
 */
static const char *verify_skip(const struct tp_meta *m, const struct tp_meta_hook_view *h,
			       const struct tp_meta_variant_view *v, uint32_t forbid,
			       struct bpf_program *me)
{
	if (forbid & (1u << v->kind))
		return "forbidden (--forbid)";
	if (tp_variant__is_trampoline(v->kind) && !(h->flags & TP_HOOKF_LIST)) {
		const char *why = tp_variant__why_not(m, h, v, 0);

		if (why)
			return why;
		if (bpf_program__set_attach_target(me, 0, v->target))
			return "attach target not found";
		return NULL;
	}
	if (v->kind == TP_VAR_KPROBE && (h->flags & TP_HOOKF_OVERRIDE) &&
	    !tp_probe__override_return())
		return "no bpf_override_return in this kernel";
	if (v->kind == TP_VAR_USDT && tp_variant__sets_args(h) && tp_probe__write_user())
		return tp_probe__write_user();
	return NULL;
}

int tp_object__verify_all(struct tp_object *o, uint32_t forbid, int *loaded, int *skipped)
{
	struct bpf_object *probe = tp_bpf_obj__open(o);
	struct bpf_program *p;
	int rejected = 0;

	*loaded = *skipped = 0;
	if (!probe)
		return 1;
	bpf_object__for_each_program(p, probe) {
		const char *name = bpf_program__name(p);
		const struct tp_meta_variant_view *v;
		const struct tp_meta_hook_view *h = NULL;
		struct bpf_object *obj = tp_bpf_obj__open(o);
		struct bpf_program *q, *me = NULL;
		const char *skip;
		char stats[4096];
		int err;

		if (!obj) {
			rejected++;
			continue;
		}
		tp_bpf_obj__size_maps(obj, NULL);
		/* as tprun loads them, and with the most code: records carrying credentials */
		tp_bpf_obj__set_self(obj, true);
		bpf_object__for_each_program(q, obj) {
			bool mine = !strcmp(bpf_program__name(q), name);

			bpf_program__set_autoload(q, mine);
			if (mine)
				me = q;
		}
		v = tp_meta__prog_variant(o->meta, name, &h);
		skip = v ? verify_skip(o->meta, h, v, forbid, me) : NULL;
		if (skip) {
			tp_log(TP_LOG_INFO, "verify: %-24s skipped (%s)\n", name, skip);
			(*skipped)++;
			bpf_object__close(obj);
			continue;
		}
		/* the verifier's statistics (log level 4), for the summary line */
		stats[0] = 0;
		bpf_program__set_log_buf(me, stats, sizeof(stats));
		bpf_program__set_log_level(me, 4);
		err = bpf_object__load(obj);
		if (err) {
			tp_log(TP_LOG_WARN, "verify: %-24s REJECTED: %s\n", name, strerror(-err));
			rejected++;
		} else {
			const char *st = strstr(stats, "processed ");

			tp_log(TP_LOG_INFO, "verify: %-24s ok (%zu insns, verifier %.*s)\n", name,
			       bpf_program__insn_cnt(me), st ? (int)strcspn(st, "(\n") - 1 : 0,
			       st ? st : "");
			(*loaded)++;
		}
		bpf_object__close(obj);
	}
	bpf_object__close(probe);
	return rejected;
}
