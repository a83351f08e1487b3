// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The user-action worker: the ring-buffer thread queues the index of an
 * action (never waits for it); one worker thread performs them in order.
 * Tetragon performs them inline in its event handler (generickprobe.go
 * handleMsgGenericKprobe), so a slow server holds its events back: tprun
 * does not.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>
#include <curl/curl.h>

#include <tp/actions.h>
#include <tp/event.h>

#include "libtp.h"
#include "perform.h"
#include "useract.h"

struct act {
	const struct tp_meta_user_act_view *v;
	uint64_t last_ms; /* when it was last queued, monotonic; 0 never */
};

struct tp_useract {
	struct act *acts;
	size_t nacts;
	uint32_t timeout_ms;
	uint32_t server_be; /* --dns-server, 0 none */
	uint16_t port;
	pthread_t worker;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	uint32_t queue[TP_USERACT_QUEUE]; /* act indexes, a ring */
	size_t head, len;
	volatile bool stop;
	struct tp_useract_stats stats; /* under lock */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int tp_useract__parse_server(const char *s, uint32_t *addr_be, uint16_t *port)
{
	char host[INET_ADDRSTRLEN];
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	struct in_addr a;
	char *end;
	long p = 53;

	if (n >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, n);
	host[n] = '\0';
	if (inet_pton(AF_INET, host, &a) != 1 || !a.s_addr)
		return -EINVAL;
	if (colon) {
		errno = 0;
		p = strtol(colon + 1, &end, 10);
		if (!colon[1] || *end || errno || p < 1 || p > 65535)
			return -EINVAL;
	}
	*addr_be = a.s_addr;
	*port = p;
	return 0;
}

static void perform(struct tp_useract *u, const struct tp_meta_user_act_view *v)
{
	bool url = v->action == TP_ACT_GETURL;
	char why[CURL_ERROR_SIZE + 64];
	int err;

	if (url)
		err = tp_useract__get_url(v->arg, u->timeout_ms, &u->stop, why, sizeof(why));
	else
		err = tp_useract__dns_lookup(v->arg, u->server_be, u->port, u->timeout_ms, why,
					     sizeof(why));
	pthread_mutex_lock(&u->lock);
	if (err)
		u->stats.failed++;
	else
		u->stats.done++;
	pthread_mutex_unlock(&u->lock);
	if (err && !u->stop)
		tp_log(TP_LOG_WARN, "tprun: %s '%s' failed: %s\n", url ? "GetUrl" : "DnsLookup",
		       v->arg, why);
	else if (!err)
		tp_log(TP_LOG_DEBUG, "tprun: %s '%s': %s\n", url ? "GetUrl" : "DnsLookup", v->arg,
		       why);
}

static void *work(void *arg)
{
	struct tp_useract *u = arg;
	uint32_t i;

	pthread_mutex_lock(&u->lock);
	for (;;) {
		while (!u->len && !u->stop)
			pthread_cond_wait(&u->cond, &u->lock);
		if (u->stop)
			break;
		i = u->queue[u->head];
		u->head = (u->head + 1) % TP_USERACT_QUEUE;
		u->len--;
		pthread_mutex_unlock(&u->lock);
		perform(u, u->acts[i].v);
		pthread_mutex_lock(&u->lock);
	}
	u->stats.dropped += u->len; /* exiting: what waits is not performed */
	u->len = 0;
	pthread_mutex_unlock(&u->lock);
	return NULL;
}

struct tp_useract *tp_useract__new(const struct tp_meta *m, const struct tp_useract_opts *opts,
				   char *err, size_t errlen)
{
	struct tp_useract *u = calloc(1, sizeof(*u));
	size_t i, n = tp_meta__user_act_cnt(m);
	int e;

	if (!u || !(u->acts = calloc(n ? n : 1, sizeof(*u->acts)))) {
		free(u);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	u->nacts = n;
	for (i = 0; i < n; i++)
		u->acts[i].v = tp_meta__user_act(m, i);
	u->timeout_ms = opts && opts->timeout_ms ? opts->timeout_ms : TP_USERACT_TIMEOUT_MS;
	if (opts && opts->dns_server &&
	    tp_useract__parse_server(opts->dns_server, &u->server_be, &u->port)) {
		snprintf(err, errlen, "--dns-server '%s' is not an IPv4 address[:port]",
			 opts->dns_server);
		goto fail;
	}
	pthread_mutex_init(&u->lock, NULL);
	pthread_cond_init(&u->cond, NULL);
	if (!n)
		return u;
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		snprintf(err, errlen, "libcurl did not initialise");
		goto fail;
	}
	e = pthread_create(&u->worker, NULL, work, u);
	if (e) {
		curl_global_cleanup();
		snprintf(err, errlen, "user-action worker: %s", strerror(e));
		goto fail;
	}
	u->started = true;
	return u;
fail:
	free(u->acts);
	free(u);
	return NULL;
}

size_t tp_useract__count(const struct tp_useract *u)
{
	return u ? u->nacts : 0;
}

static void enqueue(struct tp_useract *u, size_t i, uint64_t now)
{
	struct act *a = &u->acts[i];

	if (a->last_ms && now - a->last_ms < TP_USERACT_INTERVAL_MS) {
		u->stats.rate_limited++;
		return;
	}
	if (u->len == TP_USERACT_QUEUE) {
		u->stats.dropped++;
		return;
	}
	a->last_ms = now ? now : 1;
	u->queue[(u->head + u->len) % TP_USERACT_QUEUE] = i;
	u->len++;
	pthread_cond_signal(&u->cond);
}

void tp_useract__record(struct tp_useract *u, const void *rec, size_t size)
{
	struct tp_event_hook e;
	uint64_t now = 0;
	bool locked = false;
	size_t i;

	if (!u || !u->started || size < sizeof(e))
		return;
	memcpy(&e, rec, sizeof(e));
	if (e.hdr.type != TP_EV_HOOK)
		return;
	/* the table is fixed once started: the lock is taken only for a record with actions */
	for (i = 0; i < u->nacts; i++) {
		if (u->acts[i].v->hook != e.hook || u->acts[i].v->selector != e.selector)
			continue;
		if (!locked) {
			now = now_ms();
			pthread_mutex_lock(&u->lock);
			locked = true;
		}
		enqueue(u, i, now);
	}
	if (locked)
		pthread_mutex_unlock(&u->lock);
}

void tp_useract__stats(struct tp_useract *u, struct tp_useract_stats *stats)
{
	pthread_mutex_lock(&u->lock);
	*stats = u->stats;
	pthread_mutex_unlock(&u->lock);
}

void tp_useract__stop(struct tp_useract *u, struct tp_useract_stats *stats)
{
	if (u->started) {
		pthread_mutex_lock(&u->lock);
		u->stop = true;
		pthread_cond_signal(&u->cond);
		pthread_mutex_unlock(&u->lock);
		pthread_join(u->worker, NULL);
		curl_global_cleanup();
		u->started = false;
	}
	if (stats)
		*stats = u->stats;
}

void tp_useract__free(struct tp_useract *u)
{
	if (!u)
		return;
	tp_useract__stop(u, NULL);
	pthread_mutex_destroy(&u->lock);
	pthread_cond_destroy(&u->cond);
	free(u->acts);
	free(u);
}
