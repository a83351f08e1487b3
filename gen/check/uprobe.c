// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * uprobes and usdts: the binary and where in it. Each symbol, offset or address becomes one
 * target in h->funcs, as Tetragon makes one uprobe per entry
 * (genericuprobe.go, addUprobeEntries), spelt as include/tp/meta.h says.
 * tprun attaches each with libbpf by name or offset in the binary it finds
 * at path on the target machine.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "number.h"

/* Tetragon's parseSymbol: NAME or NAME+OFFSET, OFFSET as Go's ParseUint(s, 0) reads it. */
static bool symbol_ok(struct checker *c, const char *sym)
{
	const char *plus = strchr(sym, '+');
	uint64_t off;
	bool neg;

	if (!*sym || strchr(sym, '\n') || strchr(sym, TP_UPROBE_REF_SEP))
		hook_err(c, c->h->loc, "symbol '%s' is not a symbol name", sym);
	else if (plus == sym)
		hook_err(c, c->h->loc, "symbol '%s' has no name before '+' (use offsets)", sym);
	else if (plus && (strchr(plus + 1, '+') ||
			  tp_number__parse(plus + 1, strlen(plus + 1), &neg, &off) || neg))
		hook_err(c, c->h->loc, "symbol '%s': wrong offset after '+'", sym);
	else
		return true;
	return false;
}

/* Target i: symbols first, then offsets; with its reference counter's offset */
static char *target(const struct tp_hook *h, size_t i)
{
	char *t, *u;
	int r;

	if (i < h->nsymbols)
		r = asprintf(&t, "%s", h->symbols[i]);
	else if (h->noffsets)
		r = asprintf(&t, "+0x%" PRIx64, h->offsets[i - h->nsymbols]);
	else
		r = asprintf(&t, "@0x%" PRIx64, h->addrs[i]);
	if (r < 0)
		return NULL;
	if (!h->nref_ctr_offsets)
		return t;
	r = asprintf(&u, "%s%c0x%" PRIx64, t, TP_UPROBE_REF_SEP, h->ref_ctr_offsets[i]);
	free(t);
	return r < 0 ? NULL : u;
}

static int add_target(struct tp_hook *h, char *t)
{
	char **v;

	if (!t)
		return -1;
	v = realloc(h->funcs, (h->nfuncs + 1) * sizeof(*v));
	if (!v) {
		free(t);
		return -1;
	}
	h->funcs = v;
	h->funcs[h->nfuncs++] = t;
	return 0;
}

/* btfPath: Tetragon reads it only to resolve an arg; tpgen does not accept it unused */
static void check_btf_path(struct checker *c)
{
	const struct tp_hook *h = c->h;
	size_t i;

	if (!h->btf_path)
		return;
	for (i = 0; i < h->nargs; i++)
		if (h->args[i].resolve && *h->args[i].resolve)
			return;
	hook_err(c, h->btf_path_loc,
		 "btfPath is not supported without an arg that has resolve (Tetragon reads it "
		 "only to resolve)");
}

void tp_check__uprobe_target(struct checker *c)
{
	struct tp_hook *h = c->h;
	size_t i, n;

	if (!h->call || !*h->call) {
		hook_err(c, h->loc, "path must name the binary to probe");
		return;
	}
	if (strchr(h->call, '\n')) {
		hook_err(c, h->loc, "path is not a file name");
		return;
	}
	/* Tetragon: "uprobe needs exactly one of either Symbols, Offsets or Addrs defined" */
	if (!!h->nsymbols + !!h->noffsets + !!h->naddrs != 1) {
		hook_err(c, h->loc, "uprobe needs exactly one of symbols, offsets or addrs");
		return;
	}
	n = h->nsymbols + h->noffsets + h->naddrs;
	/*
	 * Tetragon: "RefCtrOffsets(%d) has different dimension than Symbols(%d)";
	 * it does not compare them with addrs, and reads one per address
	 */
	if (h->nref_ctr_offsets && h->nref_ctr_offsets != n) {
		hook_err(c, h->loc, "refCtrOffsets has %zu entries, %s %zu", h->nref_ctr_offsets,
			 h->nsymbols   ? "symbols"
			 : h->noffsets ? "offsets"
				       : "addrs",
			 n);
		return;
	}
	check_btf_path(c);
	for (i = 0; i < n; i++) {
		if (i < h->nsymbols && !symbol_ok(c, h->symbols[i]))
			continue;
		if (add_target(h, target(h, i)))
			tp_diag__error(c->d, h->loc, "out of memory");
	}
	h->function_name = strdup(h->call);
}

void tp_check__usdt_target(struct checker *c)
{
	struct tp_hook *h = c->h;

	if (!*h->call)
		hook_err(c, h->loc, "path must name the binary whose probe is used");
	else if (!*h->subsystem || !*h->event)
		hook_err(c, h->loc, "provider and name must name the probe");
	else
		h->function_name = strdup(h->call);
	check_btf_path(c);
}
