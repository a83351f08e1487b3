// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * /metrics over HTTP through libmicrohttpd, on a thread of its own. tprun
 * binds the socket itself, so that an address it cannot have is refused
 * with the reason, before enforcement starts; libmicrohttpd serves it.
 */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "metrics.h"

#define CONNECTIONS_MAX 16 /* scrapers at once */
#define TIMEOUT_SECS	10 /* an idle connection is closed */

struct tp_metrics_server {
	struct MHD_Daemon *d;
	struct tp_metrics *m;
	int fd;
};

static const char not_found[] = "404 page not found\n";

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int status, void *body, size_t len,
			     enum MHD_ResponseMemoryMode mode, const char *type)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, mode);
	enum MHD_Result ret;

	if (!r) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **state)
{
	struct tp_metrics_server *s = cls;
	size_t len = 0;
	char *text;

	if (strcmp(method, MHD_HTTP_METHOD_GET) || strcmp(url, "/metrics"))
		return reply(c, MHD_HTTP_NOT_FOUND, (void *)not_found, sizeof(not_found) - 1,
			     MHD_RESPMEM_PERSISTENT, "text/plain; charset=utf-8");
	text = tp_metrics__render(s->m, &len);
	if (!text)
		return MHD_NO;
	/* the text format, version 0.0.4, as Prometheus' client libraries serve it */
	return reply(c, MHD_HTTP_OK, text, len, MHD_RESPMEM_MUST_FREE,
		     "text/plain; version=0.0.4; charset=utf-8");
}

static int listen_on(const char *addr, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1, zero = 0;

	if (tp_metrics__parse_addr(addr, &ss, &len)) {
		snprintf(err, errlen, "'%s' is not IPv4:PORT, [IPv6]:PORT or :PORT", addr);
		return -1;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 && addr[0] == ':' && errno == EAFNOSUPPORT) {
		/* ":PORT" on a host without IPv6: every IPv4 address */
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;
		uint16_t port = ((struct sockaddr_in6 *)&ss)->sin6_port;

		memset(&ss, 0, sizeof(ss));
		in->sin_family = AF_INET;
		in->sin_port = port;
		len = sizeof(*in);
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	}
	if (fd < 0) {
		snprintf(err, errlen, "%s: socket: %s", addr, strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* [::] is every address, IPv4 too, as Go listens on ":PORT" */
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, (struct sockaddr *)&ss, len) || listen(fd, CONNECTIONS_MAX)) {
		snprintf(err, errlen, "%s: cannot listen: %s", addr, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

struct tp_metrics_server *tp_metrics_server__start(struct tp_metrics *m, const char *addr,
						   char *err, size_t errlen)
{
	struct tp_metrics_server *s = calloc(1, sizeof(*s));
	sigset_t all, old;

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->m = m;
	s->fd = listen_on(addr, err, errlen);
	if (s->fd < 0) {
		free(s);
		return NULL;
	}
	/* its thread takes no signal: tprun's SIGINT and SIGTERM are the drain thread's */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	s->d = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL, on_request, s,
				MHD_OPTION_LISTEN_SOCKET, s->fd, MHD_OPTION_CONNECTION_LIMIT,
				(unsigned int)CONNECTIONS_MAX, MHD_OPTION_CONNECTION_TIMEOUT,
				(unsigned int)TIMEOUT_SECS, MHD_OPTION_END);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!s->d) {
		snprintf(err, errlen, "%s: libmicrohttpd did not start", addr);
		close(s->fd);
		free(s);
		return NULL;
	}
	return s;
}

void tp_metrics_server__stop(struct tp_metrics_server *s)
{
	if (!s)
		return;
	/*
	 * joins its thread and closes the socket it was given
	 * (MHD_OPTION_LISTEN_SOCKET): closed again here, it would close whatever
	 * fd another thread opened since under that number
	 */
	MHD_stop_daemon(s->d);
	free(s);
}
