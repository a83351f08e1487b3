/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Turning records into Tetragon-shaped output: one JSON object per line
 * (-o json) or one compact line per event (-o compact).
 */
#ifndef TP_OUTPUT_H
#define TP_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "meta.h"
#include "proc_cache.h"

enum tp_output_fmt {
	TP_OUT_JSON = 1,
	TP_OUT_COMPACT,
};

struct tp_output;

struct tp_output *tp_output__new(FILE *f, enum tp_output_fmt fmt, const char *node_name,
				 const struct tp_meta *meta, struct tp_proc_cache *cache);
void tp_output__free(struct tp_output *o);

/*
 * Show each process's cap and process_credentials (Tetragon's
 * --enable-process-cred) and its ns (--enable-process-ns), whose is_host
 * compares with host_ns (TP_NS__N inode numbers; NULL: this host's).
 */
void tp_output__process_fields(struct tp_output *o, bool cred, bool ns, const uint32_t *host_ns);

/*
 * Several objects in one tprun see the same processes: the outputs of all but
 * one skip their exec, clone and exit records (the process cache is fed, and
 * exec and exit printed, once), and of all but one loader hook their loader
 * records. types: 1u << enum tp_event_type, for each type skipped.
 */
void tp_output__skip(struct tp_output *o, unsigned int types);

/*
 * Print only the events the export filters let through (export_filter.h):
 * allow empty or matching, deny not matching; NULL for none. The lists are
 * the caller's, and may be shared by several outputs (pid_set learns from
 * each event it sees).
 */
struct tp_filter_list;
void tp_output__filters(struct tp_output *o, struct tp_filter_list *allow,
			struct tp_filter_list *deny);

/*
 * Count what is printed and filtered out in m (--metrics-addr; not owned:
 * it must outlive the events counted); NULL: none. 0, or -ENOMEM.
 */
struct tp_metrics;
int tp_output__metrics(struct tp_output *o, struct tp_metrics *m);

/* Print stack frames with their addresses (Tetragon's --expose-stack-addresses). */
void tp_output__expose_stack_addresses(struct tp_output *o, bool on);

/*
 * Consume one ring-buffer record: update the process cache and print what
 * the record means (exec, exit, hook events; a hook with a pending return is
 * held until its TP_EV_HOOK_RET). Returns 0, or -EINVAL for a malformed
 * record (reported, not fatal).
 */
int tp_output__record(struct tp_output *o, const void *rec, size_t size);

/*
 * Records come on several rings (tp_events, tp_audit): a process's exit may be
 * read before a return record that came earlier, on the other ring. Deferred,
 * an exit drops the held entries of its process at the second tp_output__reap
 * from now; the reader calls it each time it has read every ring once.
 */
void tp_output__defer_exits(struct tp_output *o, bool on);
void tp_output__reap(struct tp_output *o);

/*
 * Tetragon's rate_limit_info event: dropped events the kernel could not hand
 * over since the last report (ratelimit.go's reportRateLimitInfo reports a
 * delta each interval, none when it is 0), at CLOCK_BOOTTIME ns ktime. 0,
 * or -errno (-EIO when the stream failed).
 */
int tp_output__rate_limit_info(struct tp_output *o, uint64_t dropped, uint64_t ktime);

/*
 * Write out what the printers buffered in the stream: they do not flush each
 * line, so that a flood is written in large blocks; whoever feeds records
 * flushes when the ring buffer is empty (and at the end). 0 or -EIO.
 */
int tp_output__flush(struct tp_output *o);

/* Events printed so far, by kind, for the exit summary. */
struct tp_output_stats {
	uint64_t exec, exit, hook, loader, malformed;
	uint64_t rate_limit_info; /* tp_output__rate_limit_info's lines */
	uint64_t skipped;	  /* records of types another output handles (tp_output__skip) */
	uint64_t filtered;	  /* events the export filters kept out */
};
void tp_output__stats(const struct tp_output *o, struct tp_output_stats *s);

#endif /* TP_OUTPUT_H */
