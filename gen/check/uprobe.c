// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * uprobes and usdts: the binary and where in it. Each symbol or offset becomes one
 * target in h->funcs, as Tetragon makes one uprobe per entry
 * (genericuprobe.go, addUprobeEntries): a symbol as written ("main",
 * "main+0x10"), an offset as "+0xN". tprun attaches each with libbpf by
 * name or offset in the binary it finds at path on the target machine.
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

	if (!*sym || strchr(sym, '\n'))
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

void tp_check__uprobe_target(struct checker *c)
{
	struct tp_hook *h = c->h;
	char *t;
	size_t i;

	if (!h->call || !*h->call) {
		hook_err(c, h->loc, "path must name the binary to probe");
		return;
	}
	if (strchr(h->call, '\n')) {
		hook_err(c, h->loc, "path is not a file name");
		return;
	}
	/* Tetragon: "uprobe needs exactly one of either Symbols, Offsets or Addrs defined" */
	if (!h->nsymbols == !h->noffsets) {
		hook_err(c, h->loc, "uprobe needs exactly one of symbols or offsets");
		return;
	}
	for (i = 0; i < h->nsymbols; i++) {
		if (symbol_ok(c, h->symbols[i]) && add_target(h, strdup(h->symbols[i])))
			tp_diag__error(c->d, h->loc, "out of memory");
	}
	for (i = 0; i < h->noffsets; i++) {
		if (asprintf(&t, "+0x%" PRIx64, h->offsets[i]) < 0)
			t = NULL;
		if (add_target(h, t))
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
}
