/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * tprun --metrics-addr: counters and gauges served as Prometheus text on
 * /metrics, under Tetragon's names (docs/content/en/docs/reference/metrics.md,
 * pkg/metrics/) where it has them and tprun_* where it has none. Tetragon's
 * pod, namespace, workload and node_name labels are left out: tprun knows no
 * Kubernetes, and Tetragon's --metrics-label-filter drops a label it does not
 * fill the same way (the label is absent, not empty).
 *
 * The thread that drains the ring buffers adds and sets; the server's thread
 * renders. One lock, held for an update and for copying the text out.
 */
#ifndef TP_METRICS_API_H
#define TP_METRICS_API_H

#include <stddef.h>
#include <stdint.h>

#include <sys/socket.h>

/*
 * X(ID, NAME, TYPE, HELP, NLABELS, LABEL0, LABEL1, LABEL2, LABEL3): the
 * families, in the order they are rendered; unused label names NULL.
 */
/* clang-format off */
#define TP_METRICS(X)								\
	X(EVENTS, "tetragon_events_total", "counter",				\
	  "The total number of Tetragon events",				\
	  2, "type", "binary", NULL, NULL)					\
	X(POLICY_EVENTS, "tetragon_policy_events_total", "counter",		\
	  "Policy events calls observed.",					\
	  3, "policy", "hook", "binary", NULL)					\
	X(ACTIONS, "tetragon_tracingpolicy_selector_actions_total", "counter",	\
	  "The total number of tracing policy actions observed per selector.",	\
	  4, "policy", "hook", "selector_index", "action")			\
	X(ACTIONS_UNCOUNTED, "tprun_selector_actions_uncounted_total", "counter", \
	  "Selector actions taken that the kernel's tp_actions had no room to count.", \
	  0, NULL, NULL, NULL, NULL)						\
	X(FILTERED, "tprun_events_filtered_total", "counter",			\
	  "Events the export allowlist or denylist kept out.",			\
	  2, "type", "policy", NULL, NULL)					\
	X(EXPORT_DROPPED, "tprun_export_file_lines_dropped_total", "counter",	\
	  "Event lines a write error to the export file lost.",			\
	  0, NULL, NULL, NULL, NULL)						\
	X(RING_LOST, "tetragon_observer_ringbuf_events_lost_total", "counter",	\
	  "Records the ring buffers (tp_events, tp_audit) refused in the kernel.", \
	  0, NULL, NULL, NULL, NULL)						\
	X(HOOK_LOST, "tprun_hook_events_lost_total", "counter",		\
	  "Hook events lost in the kernel: what rate_limit_info reports.",	\
	  0, NULL, NULL, NULL, NULL)						\
	X(PROC_TABLE_FULL, "tprun_process_table_full_total", "counter",		\
	  "Processes the kernel's process table had no room for.",		\
	  0, NULL, NULL, NULL, NULL)						\
	X(PROC_SIZE, "tetragon_process_cache_size", "gauge",			\
	  "The size of the process cache",					\
	  0, NULL, NULL, NULL, NULL)						\
	X(PROC_MISSES, "tetragon_process_cache_misses_total", "counter",	\
	  "Number of process cache misses.",					\
	  1, "operation", NULL, NULL, NULL)					\
	X(USER_ACTIONS, "tprun_user_actions_total", "counter",			\
	  "GetUrl and DnsLookup actions by result (done, failed, rate_limited, dropped).", \
	  1, "result", NULL, NULL, NULL)					\
	X(SERIES_DROPPED, "tprun_metrics_series_dropped_total", "counter",	\
	  "Updates of label sets past the most series tprun keeps.",		\
	  0, NULL, NULL, NULL, NULL)
/* clang-format on */

/* clang-format off */
enum tp_metric {
#define TP_M_ENUM(ID, ...) TP_M_##ID,
	TP_METRICS(TP_M_ENUM)
#undef TP_M_ENUM
	TP_M__N,
};
/* clang-format on */

#define TP_METRICS_LABELS_MAX	     4
#define TP_METRICS_SERIES_MAX	     16384 /* label sets kept, all families together */
/* of them, at most this many with a binary label: the rest keep room for the others */
#define TP_METRICS_BINARY_SERIES_MAX 12288

struct tp_metrics;

struct tp_metrics *tp_metrics__new(void);
void tp_metrics__free(struct tp_metrics *m);

/*
 * Add n to, or set to v, the series of family id with these label values (as
 * many as the family has labels; NULL is ""). Any bytes: they are escaped.
 */
void tp_metrics__add(struct tp_metrics *m, enum tp_metric id, const char *const *values,
		     uint64_t n);
void tp_metrics__set(struct tp_metrics *m, enum tp_metric id, const char *const *values,
		     uint64_t v);

/*
 * A series, for a caller that updates it often: tp_metrics__add_series adds
 * n as tp_metrics__add does (escaping its label values and looking them up)
 * and returns the series' handle, which tp_metrics__add_to adds to then
 * without either, good until tp_metrics__free. NULL when the series has no
 * room (counted in tprun_metrics_series_dropped_total, as an update is) or
 * no memory: ask again at the next update.
 */
struct tp_metrics_series;
struct tp_metrics_series *tp_metrics__add_series(struct tp_metrics *m, enum tp_metric id,
						 const char *const *values, uint64_t n);
void tp_metrics__add_to(struct tp_metrics_series *s, uint64_t n);

/*
 * What sampling the selector actions of an object needs of its .tp.meta
 * (meta, which must outlive it): its hooks' labels, made once. NULL when out
 * of memory.
 */
struct tp_meta;
struct tp_metrics_actions;
struct tp_metrics_actions *tp_metrics_actions__new(const struct tp_meta *meta);
void tp_metrics_actions__free(struct tp_metrics_actions *a);

/*
 * Set, from the kernel's map (tp_actions), what the selectors of r's object
 * (a: made from its .tp.meta) did: tetragon_tracingpolicy_selector_actions_total.
 */
struct tp_runtime;
void tp_metrics__sample_actions(struct tp_metrics *m, const struct tp_runtime *r,
				const struct tp_metrics_actions *a);

/* The text exposition of every family, malloc'd, in *len bytes; NULL when out of memory. */
char *tp_metrics__render(struct tp_metrics *m, size_t *len);

/*
 * --metrics-addr: "IPv4:PORT", "[IPv6]:PORT", or ":PORT" for every address
 * (IPv6 and IPv4), as Go's net.Listen takes Tetragon's --metrics-server.
 * Numeric addresses only, PORT 1 to 65535. 0, or -EINVAL.
 */
int tp_metrics__parse_addr(const char *s, struct sockaddr_storage *ss, socklen_t *len);

struct tp_metrics_server;

/*
 * Bind addr and serve GET /metrics from m on a thread of the server's own
 * (libmicrohttpd); anything else is 404. NULL after saying why in err.
 */
struct tp_metrics_server *tp_metrics_server__start(struct tp_metrics *m, const char *addr,
						   char *err, size_t errlen);
void tp_metrics_server__stop(struct tp_metrics_server *s);

#endif /* TP_METRICS_API_H */
