// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * One line per event, as `tetra getevents -o compact` prints it (no colours):
 * "<emoji> <label padded to 7> <node> <binary> <details>", and the action
 * when it is not Post.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <linux/capability.h>

#include "cap_names.h"
#include "loader.h"
#include "print.h"
#include "vocab.h"

enum detail {
	DETAIL_STR,  /* the first string arg */
	DETAIL_STR2, /* the first two string args */
	DETAIL_INT,  /* the first integer arg */
};

struct kind {
	const char *name; /* syscall without "sys_", or a kernel function */
	bool syscall;
	const char *emoji;
	const char *label;
	enum detail detail;
};

static const struct kind kinds[] = {
	{ "open", true, "📬", "open", DETAIL_STR },
	{ "openat", true, "📬", "open", DETAIL_STR },
	{ "openat2", true, "📬", "open", DETAIL_STR },
	{ "fd_install", false, "📬", "open", DETAIL_STR },
	{ "read", true, "📚", "read", DETAIL_STR },
	{ "write", true, "📝", "write", DETAIL_STR },
	{ "close", true, "📪", "close", DETAIL_STR },
	{ "mount", true, "💾", "mount", DETAIL_STR2 },
	{ "setuid", true, "🔑", "setuid", DETAIL_INT },
	{ "setreuid", true, "🔑", "setuid", DETAIL_INT },
	{ "setresuid", true, "🔑", "setuid", DETAIL_INT },
	{ "setfsuid", true, "🔑", "setuid", DETAIL_INT },
	{ "connect", true, "🔌", "connect", DETAIL_STR },
	{ "tcp_connect", false, "🔌", "connect", DETAIL_STR },
};

/* "__x64_sys_openat" -> "openat"; NULL when fn is not a syscall symbol. */
static const char *syscall_of(const char *fn)
{
	static const char *const arch[] = { "__x64_", "__ia32_", "__arm64_", "__s390x_",
					    "__riscv_" };
	size_t i;

	for (i = 0; i < sizeof(arch) / sizeof(arch[0]); i++) {
		if (!strncmp(fn, arch[i], strlen(arch[i]))) {
			fn += strlen(arch[i]);
			break;
		}
	}
	return strncmp(fn, "sys_", 4) ? NULL : fn + 4;
}

static enum tp_arg_compact compact_of(enum tp_arg_type t)
{
	const struct tp_arg_type_info *ti = tp_arg_type__info(t);

	return ti ? ti->compact : TP_COMPACT_NONE;
}

/*
 * Detail text into buf, from the args the table shows in compact lines; control characters as '?'.
 */
static void detail(const struct tp_out_event *ev, enum detail d, char *buf, size_t len)
{
	size_t i, o = 0;
	int want = d == DETAIL_STR2 ? 2 : 1;

	buf[0] = '\0';
	for (i = 0; i < ev->nargs && want; i++) {
		const struct tp_arg_val *a = &ev->args[i];
		enum tp_arg_compact how = a->data ? TP_COMPACT_NONE : compact_of(a->type);

		if (d == DETAIL_INT && (how == TP_COMPACT_INT || how == TP_COMPACT_SYSCALL)) {
			uint64_t v =
			    how == TP_COMPACT_SYSCALL ? a->u & (TP_SYSCALL64_I386 - 1) : a->u;

			if (tp_arg_type__is_signed(a->type))
				snprintf(buf, len, "%" PRId64, a->i);
			else
				snprintf(buf, len, "%" PRIu64, v);
			return;
		}
		if (d != DETAIL_INT && how == TP_COMPACT_TEXT) {
			size_t n = a->len, k;

			if (o && o + 1 < len)
				buf[o++] = ' ';
			for (k = 0; k < n && o + 1 < len; k++) {
				uint8_t c = a->bytes[k];

				buf[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
			}
			buf[o] = '\0';
			want--;
		}
	}
}

static int hook_line(FILE *f, const char *head, const struct tp_out_event *ev)
{
	const struct tp_meta_hook_view *h = ev->hook;
	const char *emoji = "❓", *label = "syscall", *sys, *fn;
	char text[4096] = "";
	size_t i;

	if (h->kind == TP_HOOK_TRACEPOINT) {
		if (!strcmp(h->subsys, "raw_syscalls") && !strcmp(h->event, "sys_enter")) {
			detail(ev, DETAIL_INT, text, sizeof(text));
			return fprintf(f, "☎  %-7s %s %s", "syscall", head, text);
		}
		return fprintf(f, "⁉️ %-7s %s %s %s", "tracepoint", head, h->subsys, h->event);
	}
	if (h->kind == TP_HOOK_LSM)
		return fprintf(f, "🔒 %-7s %s %s", "lsm", head, h->function_name);
	if (h->kind == TP_HOOK_UPROBE) { /* path and symbol, "" for an offset, as Tetragon's */
		struct tp_uprobe_target u;

		tp_meta__uprobe_target(ev->function, &u);
		return fprintf(f, "🕵️ %-7s %s %s %s", "uprobe", head, h->call, u.symbol);
	}
	if (h->kind == TP_HOOK_USDT)
		return fprintf(f, "🕵️ %-7s %s %s %s %s", "usdt", head, h->call, h->subsys,
			       h->event);
	fn = ev->function;
	sys = syscall_of(fn);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const struct kind *k = &kinds[i];

		if (k->syscall ? sys && !strcmp(sys, k->name) : !strcmp(fn, k->name)) {
			detail(ev, k->detail, text, sizeof(text));
			return fprintf(f, "%s %-7s %s %s", k->emoji, k->label, head, text);
		}
	}
	return fprintf(f, "%s %-7s %s %s", emoji, label, head, fn);
}

static int put_action(FILE *f, uint32_t action)
{
	const char *name = tp_action__id(action);

	if (action == TP_ACT_UNKNOWN || action == TP_ACT_POST)
		return 0;
	if (name)
		return fprintf(f, " %s", name);
	return fprintf(f, " %u", action);
}

/* Copy of s with control characters shown as '?': one event, one line. */
static size_t clean(char *dst, size_t len, const char *s)
{
	size_t o = 0;

	for (; s && *s && o + 1 < len; s++)
		dst[o++] = (uint8_t)*s < 0x20 || *s == 0x7f ? '?' : *s;
	dst[o] = '\0';
	return o;
}

/* The stacks under the event's line, as tetra getevents -o compact prints them. */
static int put_stacks(FILE *f, const struct tp_out_event *ev)
{
	const struct tp_stack_frame *s;
	char sym[512], mod[4096];
	size_t i;

	if (ev->nkernel_stack && fputs("Kernel:\n", f) == EOF)
		return -1;
	for (i = 0; i < ev->nkernel_stack; i++) {
		s = &ev->kernel_stack[i];
		clean(sym, sizeof(sym), s->symbol);
		if (fprintf(f, "   0x%" PRIx64 ": %s+0x%" PRIx64 "\n", s->address, sym, s->offset) <
		    0)
			return -1;
	}
	if (ev->nuser_stack && fputs("User:\n", f) == EOF)
		return -1;
	for (i = 0; i < ev->nuser_stack; i++) {
		s = &ev->user_stack[i];
		clean(sym, sizeof(sym), s->symbol);
		clean(mod, sizeof(mod), s->module);
		if (fprintf(f, "   0x%" PRIx64 ":%s%s (%s+0x%" PRIx64 ")\n", s->address,
			    *sym ? " " : "", sym, mod, s->offset) < 0)
			return -1;
	}
	return 0;
}

/*
 * --enable-process-cred: a process with CAP_SYS_ADMIN effective gets
 * Tetragon's trailer (pkg/encoder: processCaps, CapTrailorPrinter), the
 * capability right-aligned to 120 columns counted as Go does: the line so
 * far in bytes (len), the trailer in characters.
 */
static int put_caps(FILE *f, int len, const struct tp_out_event *ev)
{
	static const int cols = 120, emoji_bytes = 4;
	const struct tp_process *p = ev->proc;
	char trailer[64];
	int width;

	if (!p || !p->creds.known || !(ev->proc_fields & TP_OUT_PROC_CRED) ||
	    !(p->creds.caps[TP_CAPSET_EFFECTIVE] >> CAP_SYS_ADMIN & 1))
		return 0;
	snprintf(trailer, sizeof(trailer), "🛑 %s", tp_cap_name(CAP_SYS_ADMIN));
	width = len < cols ? cols - len : 0;
	width -= (int)strlen(trailer) - (emoji_bytes - 1);
	return fprintf(f, " %*s%s", width > 0 ? width : 0, "", trailer);
}

int tp_output_compact__print(FILE *f, const char *node, const struct tp_out_event *ev)
{
	const struct tp_process *p = ev->proc;
	char head[8192], args[8192];
	size_t n;
	int rc, len = 0;

	n = clean(head, sizeof(head) - 1, node);
	/* Tetragon's compact encoder has no line for it (ErrUnknownEventType): ours */
	if (ev->type == (enum tp_event_type)TP_OUT_RATE_LIMIT_INFO)
		return fprintf(f, "🚦 %-7s %s %" PRIu64 " events dropped\n", "dropped", head,
			       ev->dropped) < 0
			   ? -EIO
			   : 0;
	head[n++] = ' ';
	clean(head + n, sizeof(head) - n, p ? p->binary : NULL);
	clean(args, sizeof(args), p ? p->arguments : NULL);
	switch (ev->type) {
	case TP_EV_EXEC:
		rc = fprintf(f, "🚀 %-7s %s %s", "process", head, args);
		break;
	case TP_EV_EXIT: {
		const char *sig = tp_out_event__exit_signal(ev);

		if (sig)
			rc = fprintf(f, "💥 %-7s %s %s %s", "exit", head, args, sig);
		else
			rc = fprintf(f, "💥 %-7s %s %s %u", "exit", head, args,
				     tp_out_event__exit_status(ev));
		break;
	}
	case TP_EV_HOOK:
		len = rc = hook_line(f, head, ev);
		if (rc >= 0)
			len += rc = put_action(f, ev->action);
		/* the return's action, when it is not the entry's again */
		if (rc >= 0 && ev->ret_action != ev->action)
			len += rc = put_action(f, ev->ret_action);
		break;
	case TP_EV_LOADER: { /* the build id in hex, then the path, as Tetragon's encoder */
		char hex[2 * TP_BUILD_ID_MAX + 2] = "";
		size_t i;

		for (i = 0; i < ev->buildid_len && 2 * i + 2 < sizeof(hex); i++)
			snprintf(hex + 2 * i, 3, "%02x", ev->buildid[i]);
		if (ev->buildid_len)
			strcat(hex, " ");
		clean(args, sizeof(args), ev->path);
		rc = fprintf(f, "🧬 %-7s %s %s%s", "loader", head, hex, args);
		break;
	}
	default:
		return -EINVAL;
	}
	if (ev->type != TP_EV_HOOK)
		len = rc;
	if (rc >= 0)
		rc = put_caps(f, len, ev);
	if (rc < 0 || putc('\n', f) == EOF || put_stacks(f, ev))
		return -EIO;
	return 0;
}
