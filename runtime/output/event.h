/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* One event, decoded, as the JSON and compact printers see it. */
#ifndef TP_OUT_EVENT_H
#define TP_OUT_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "arg_val.h"
#include "frag_json.h"
#include "proc_json.h"
#include "proc_cache.h"
#include "stack.h"

/*
 * Not a record: tprun's report of the events the kernel could not hand over,
 * Tetragon's rate_limit_info (ktime: when it is reported; dropped: how many).
 */
#define TP_OUT_RATE_LIMIT_INFO 64

struct tp_out_event {
	enum tp_event_type type; /* TP_EV_EXEC, _EXIT, _HOOK, _LOADER or TP_OUT_RATE_LIMIT_INFO */
	uint64_t ktime;		 /* CLOCK_BOOTTIME ns of the event */
	uint32_t pid;		 /* tgid, for a process not in the cache */
	uint32_t tid;
	const struct tp_process *proc;	      /* NULL when unknown */
	const struct tp_process *parent;      /* NULL when unknown */
	uint32_t exit_code;		      /* TP_EV_EXIT: status << 8 | signal */
	const struct tp_meta_hook_view *hook; /* TP_EV_HOOK */
	uint32_t action;		      /* enum tp_action */
	uint32_t selector;		      /* TP_EV_HOOK: the matching selector, 0-based */
	const char *function;		      /* TP_EV_HOOK: the function it is about */
	const struct tp_arg_val *args;
	size_t nargs;
	const struct tp_arg_val *ret; /* NULL: no return value */
	uint32_t ret_action;	      /* 0: none */
	/* Post's kernelStackTrace, userStackTrace: the frames that resolved */
	const struct tp_stack_frame *kernel_stack;
	size_t nkernel_stack;
	const struct tp_stack_frame *user_stack;
	size_t nuser_stack;
	const char *ima_hash;	    /* Post's imaHash: "sha256:..."; NULL or "": none */
	unsigned int proc_fields;   /* TP_OUT_PROC_*: what processes show of their creds */
	const uint32_t *host_ns;    /* TP_NS__N inode numbers is_host compares with */
	struct tp_proc_json *procs; /* processes rendered for JSON; NULL: render each time */
	struct tp_frag_json *frags; /* hooks' constant members for JSON; NULL: render each time */
	/* TP_EV_LOADER: the mapped file and its build id (buildid_len 0: none) */
	const char *path;
	const uint8_t *buildid;
	size_t buildid_len;
	uint64_t dropped; /* TP_OUT_RATE_LIMIT_INFO: events lost since the last report */
};

#define TP_OUT_PROC_CRED (1u << 0) /* cap and process_credentials */
#define TP_OUT_PROC_NS	 (1u << 1) /* ns */

/* The function an event of hook h (of m) is about: a list hook's func-th, else the hook's own. */
const char *tp_out_event__function(const struct tp_meta *m, const struct tp_meta_hook_view *h,
				   uint32_t func);

/*
 * How a TP_EV_EXIT's process ended: the signal that killed it ("SIGKILL"),
 * NULL for none or a real-time one (Tetragon has no name for it); its exit status.
 */
const char *tp_out_event__exit_signal(const struct tp_out_event *ev);
unsigned int tp_out_event__exit_status(const struct tp_out_event *ev);

#endif /* TP_OUT_EVENT_H */
