// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * How a hook's programs read its args. The same body runs under every
 * attach variant: tp_sys_arg() and tp_kf_arg() take the variant, a constant
 * in each program, so its verifier follows only that variant's read (clang
 * keeps them all where the body is one subprogram: tp_emit__enter_decl).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "parts.h"

/* The C type of a size-byte integer; __u64 for any other size. */
const char *tp_emit__ctype(int size, bool is_signed)
{
	static const char *const types[2][9] = {
		{ [1] = "__u8", [2] = "__u16", [4] = "__u32", [8] = "__u64" },
		{ [1] = "__s8", [2] = "__s16", [4] = "__s32", [8] = "__s64" },
	};

	if (size != 1 && size != 2 && size != 4 && size != 8)
		return "__u64";
	return types[is_signed][size];
}

const char *tp_emit__arg(char *buf, size_t len, const struct tp_lhook *lh, size_t pos)
{
	const struct tp_arg *a = &lh->hook->args[pos];

	if (a->res) /* read into rN by tp_emit__resolve_reads */
		snprintf(buf, len, "r%d", a->index);
	else
		tp_emit__arg_raw(buf, len, lh, pos);
	return buf;
}

/* A register read in part (eax, ax, al): its low bytes, as Tetragon's shifts keep them. */
static const char *reg_cast(const struct tp_arg *a)
{
	static const char *const casts[9] = {
		[1] = "(__u8)",
		[2] = "(__u16)",
		[4] = "(__u32)",
	};

	return a->reg_size > 0 && a->reg_size < 8 ? casts[a->reg_size] : "";
}

const char *tp_emit__arg_raw(char *buf, size_t len, const struct tp_lhook *lh, size_t pos)
{
	const struct tp_hook *h = lh->hook;
	const struct tp_arg *a = &h->args[pos];

	/* source: pt_regs on a syscall: its caller's registers (get_pt_regs_arg_syscall) */
	if (a->pt_regs && h->kind == TP_HOOK_KPROBE && h->syscall)
		snprintf(buf, len, "%sBPF_CORE_READ(regs, %s)", reg_cast(a), tp_reg__field(a->reg));
	else if (a->pt_regs) /* the kprobe's or uprobe's own */
		snprintf(buf, len, "%s((const struct pt_regs *)ctx)->%s", reg_cast(a),
			 tp_reg__field(a->reg));
	else if (a->data) /* source: current_task */
		snprintf(buf, len, "bpf_get_current_task()");
	else if (h->kind == TP_HOOK_KPROBE && h->syscall)
		snprintf(buf, len, "tp_sys_arg(variant, ctx, regs, %d)", a->index);
	else if (h->kind == TP_HOOK_USDT) /* libbpf's bpf_usdt_arg, from the probe's note */
		snprintf(buf, len, "tp_usdt_arg(ctx, %d)", a->index);
	else if (h->kind == TP_HOOK_KPROBE || h->kind == TP_HOOK_LSM || h->kind == TP_HOOK_UPROBE)
		snprintf(buf, len, "tp_kf_arg(variant, ctx, %d)", a->index); /* uprobe: regs */
	else if (h->raw)
		snprintf(buf, len, "tp_raw_arg(ctx, %d)", a->index);
	else if (a->type == TP_ARG_STRING && a->field_size == 4)
		snprintf(buf, len, "tp_field_data_loc(ctx, %d)", a->field_off);
	else
		snprintf(buf, len, "TP_FIELD(%s, ctx, %d)",
			 tp_emit__ctype(a->field_size, a->field_signed), a->field_off);
	return buf;
}

const char *tp_emit__arg_mem(const struct tp_lhook *lh, size_t pos)
{
	const struct tp_hook *h = lh->hook;
	const struct tp_arg *a = &h->args[pos];
	bool user;

	if (a->res) /* a field of a kernel struct, or (btfPath) of one in user memory */
		return a->res->user ? "TP_MEM_USER" : "TP_MEM_KERNEL";
	if (h->kind == TP_HOOK_TRACEPOINT) {
		/*
		 * syscall records hold user pointers; raw args, __data_loc and the rest kernel ones
		 */
		user = !h->raw && a->field_size != 4 && h->subsystem &&
		       (!strcmp(h->subsystem, "syscalls") || !strcmp(h->subsystem, "raw_syscalls"));
		return user ? "TP_MEM_USER" : "TP_MEM_KERNEL";
	}
	if ((h->kind == TP_HOOK_KPROBE && h->syscall) || h->kind == TP_HOOK_UPROBE ||
	    h->kind == TP_HOOK_USDT)
		return "TP_MEM_USER";
	return "TP_MEM_EITHER"; /* a kernel function's char * may be __user or not */
}

/* The position of buffer arg pos's size arg (the checker saw that it is declared); -1 none. */
static int size_pos(const struct tp_lhook *lh, size_t pos)
{
	const struct tp_hook *h = lh->hook;
	size_t i;

	if (!tp_arg_type__has(h->args[pos].type, TP_ARGF_SIZE_ARG))
		return -1;
	for (i = 0; i < h->nargs; i++)
		if (h->args[i].index == h->args[pos].size_arg_index - 1)
			return i;
	return -1;
}

/* aN holds the raw u64 unchanged when the integer is 8 bytes wide (a narrower one is cast). */
int tp_emit__size_local(const struct tp_lhook *lh, size_t pos)
{
	int sp = size_pos(lh, pos);
	enum tp_arg_type t;

	if (sp < 0)
		return -1;
	t = lh->hook->args[sp].type;
	return tp_arg_type__class(t) == TP_ACL_INT && tp_arg_type__size(t) == 8 ? sp : -1;
}

bool tp_emit__raw_size(const struct tp_lhook *lh, size_t pos)
{
	size_t i;

	for (i = 0; i < lh->hook->nargs; i++)
		if (size_pos(lh, i) == (int)pos && tp_emit__size_local(lh, i) < 0)
			return true;
	return false;
}

bool tp_emit__raw_gated(const struct tp_lhook *lh, const struct tp_reads *r, size_t pos)
{
	return r->slot[pos] == TP_MAYBE_READ && !lh->hook->args[pos].max_data;
}

/* A buffer's full size: a fixed one's (const_buf), or the 1-based sizeArgIndex arg's. */
const char *tp_emit__buf_size(char *buf, size_t len, const struct tp_lhook *lh,
			      const struct tp_reads *r, size_t pos)
{
	const struct tp_arg *a = &lh->hook->args[pos];
	int sl = tp_emit__size_local(lh, pos), sp = size_pos(lh, pos);

	if (!tp_arg_type__has(a->type, TP_ARGF_SIZE_ARG))
		snprintf(buf, len, "%d", a->size_arg_index);
	else if (sl >= 0 && r->val[sl] == TP_READ)
		snprintf(buf, len, "a%d", lh->hook->args[sl].index);
	else if (sp >= 0 && r->raw && r->raw[sp])
		snprintf(buf, len, "p%d", lh->hook->args[sp].index);
	else
		tp_emit__arg(buf, len, lh, sp);
	return buf;
}

void tp_emit__read_val(struct tp_emitter *e, const struct tp_lhook *lh, size_t pos)
{
	const struct tp_arg *a = &lh->hook->args[pos];
	const struct tp_arg_type_info *ti = tp_arg_type__info(a->type);
	char raw[TP_NAME_MAX];

	tp_emit__arg(raw, sizeof(raw), lh, pos);
	if (ti->cls == TP_ACL_CAPS) /* a capability, or a set behind a pointer */
		tp_emitter__line(e, "a%d = tp_val_%s(%s);", a->index, ti->reader, raw);
	else
		tp_emitter__line(e, "a%d = (%s)%s;", a->index, tp_emit__int_ctype(a->type), raw);
}

const char *tp_emit__int_ctype(enum tp_arg_type t)
{
	return tp_emit__ctype(tp_arg_type__size(t), tp_arg_type__is_signed(t));
}

const char *tp_emit__cmp_ctype(enum tp_arg_type t)
{
	return tp_arg_type__is_signed(t) ? "__s64" : "__u64";
}

const char *tp_emit__int_const(char *buf, size_t len, uint64_t v, bool is_signed)
{
	int64_t s = (int64_t)v;

	if (is_signed && s == INT64_MIN)
		snprintf(buf, len, "(-9223372036854775807LL - 1)");
	else if (is_signed)
		snprintf(buf, len, "%" PRId64 "%s", s, s > INT32_MAX || s < INT32_MIN ? "LL" : "");
	else if (v <= 0xffff)
		snprintf(buf, len, "%" PRIu64, v);
	else
		snprintf(buf, len, "0x%" PRIx64 "ULL", v);
	return buf;
}
