/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Inside libtp: one event, decoded, as the JSON and compact printers see it. */
#ifndef TP_OUTPUT_PRIV_H
#define TP_OUTPUT_PRIV_H

#include <stdio.h>

#include "arg_val.h"
#include "json.h"
#include "output.h"
#include "vocab.h"

struct tp_out_event {
	enum tp_event_type type;		/* TP_EV_EXEC, TP_EV_EXIT or TP_EV_HOOK */
	uint64_t ktime;				/* CLOCK_BOOTTIME ns of the event */
	uint32_t pid;				/* tgid, for a process not in the cache */
	uint32_t tid;
	const struct tp_process *proc;		/* NULL when unknown */
	const struct tp_process *parent;	/* NULL when unknown */
	uint32_t exit_code;			/* TP_EV_EXIT: status << 8 | signal */
	const struct tp_meta_hook_view *hook;	/* TP_EV_HOOK */
	uint32_t action;			/* enum tp_action */
	uint32_t func;				/* list hooks: which function */
	const struct tp_arg_val *args;
	size_t nargs;
	const struct tp_arg_val *ret;		/* NULL: no return value */
	uint32_t ret_action;			/* 0: none */
};

/* Print one event as a line; 0 or -errno (-EIO when the stream failed). */
int tp_output_json__print(FILE *f, struct tp_json *j, const char *node, const char *policy,
			  const struct tp_out_event *ev);
int tp_output_compact__print(FILE *f, const char *node, const struct tp_out_event *ev);

/*
 * Kernel-object arguments in Tetragon's KprobeArgument shape: each prints
 * its oneof member into the open arg object and returns true, or returns
 * false for a type it does not own.
 */
bool tp_output_json__file_arg(struct tp_json *j, const struct tp_arg_val *a);	/* file, path, ... */
bool tp_output_json__net_arg(struct tp_json *j, const struct tp_arg_val *a);	/* sock, skb, ... */
bool tp_output_json__kobj_arg(struct tp_json *j, const struct tp_arg_val *a);	/* cred, bpf_*, ... */

/* The function a hook event is about: a list hook's func-th, else the hook's own. */
const char *tp_out_event__function(const struct tp_out_event *ev, char *buf, size_t len);

#endif /* TP_OUTPUT_PRIV_H */
