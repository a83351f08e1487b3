// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * GetUrl and DnsLookup: actions tprun performs in user space when the
 * selector's record arrives (Tetragon: pkg/sensors/tracing/generickprobe.go
 * handleMsgGenericKprobe, getUrl, dnsLookup). Their argument travels in
 * .tp.meta; here it is checked to be what the action can use: an http or
 * https URL, a host name.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checker.h"

#define URL_MAX	 2048
#define FQDN_MAX 253 /* RFC 1035: 255 octets on the wire, 253 characters written */

/* A host name of LDH labels (RFC 1123), n bytes; a trailing dot is allowed. */
static const char *fqdn_error(const char *s, size_t n)
{
	size_t label = 0, i;

	if (n && s[n - 1] == '.')
		n--;
	if (!n)
		return "it is empty";
	if (n > FQDN_MAX)
		return "it is longer than 253 characters";
	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (!label)
				return "it has an empty label";
			if (s[i - 1] == '-')
				return "a label ends in '-'";
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return "it has a character other than letters, digits, '-' and '.'";
		if (!label && s[i] == '-')
			return "a label starts with '-'";
		if (++label > 63)
			return "a label is longer than 63 characters";
	}
	return NULL;
}

/* An http or https URL whose host is a name or an address, with an optional port. */
static const char *url_error(const char *s)
{
	size_t n = strlen(s), skip, hlen;
	const char *host, *end, *port;
	char *pend;
	long p;

	if (n > URL_MAX)
		return "it is longer than 2048 characters";
	for (skip = 0; skip < n; skip++)
		if (!isgraph((unsigned char)s[skip]))
			return "it has a space or a control character";
	if (!strncasecmp(s, "http://", 7))
		skip = 7;
	else if (!strncasecmp(s, "https://", 8))
		skip = 8;
	else
		return "its scheme is not http:// or https://";
	host = s + skip;
	end = host + strcspn(host, "/?#");
	if (memchr(host, '@', end - host))
		return "it has user information before the host";
	if (*host == '[') { /* an IPv6 address */
		const char *close = memchr(host, ']', end - host);

		if (!close || close == host + 1 ||
		    strspn(host + 1, "0123456789abcdefABCDEF:.") != (size_t)(close - host - 1))
			return "its host is not a bracketed IPv6 address";
		port = close + 1 < end ? close + 1 : NULL;
		if (port && *port != ':')
			return "its host is not a bracketed IPv6 address";
	} else {
		port = memchr(host, ':', end - host);
		hlen = (port ? port : end) - host;
		if (fqdn_error(host, hlen))
			return "its host is not a host name or an IPv4 address";
	}
	if (port) {
		if (!isdigit((unsigned char)port[1]))
			return "its port is not a number";
		p = strtol(port + 1, &pend, 10);
		if (pend != end || p < 1 || p > 65535)
			return "its port is not a number from 1 to 65535";
	}
	return NULL;
}

void tp_check__user_action(struct checker *c, struct tp_action_spec *act, bool in_ret)
{
	const char *name = act->name ? act->name : "?";
	bool url = act->action == TP_ACT_GETURL;
	const char *key = tp_action_param__key(url ? TP_AP_ARG_URL : TP_AP_ARG_FQDN);
	const char *why;

	if (in_ret) {
		hook_err(c, act->loc, "action '%s' is not supported in matchReturnActions yet",
			 name);
		return;
	}
	if (c->h->kind == TP_HOOK_LSM) {
		/* Tetragon's lsm sensor never performs them (generic lsm has no handler) */
		hook_err(c, act->loc,
			 "action '%s' is not supported on lsmhooks: Tetragon performs it for "
			 "kprobes and tracepoints only",
			 name);
		return;
	}
	if (!act->arg_str) {
		hook_err(c, act->loc, "action '%s' needs %s", name, key);
		return;
	}
	why = url ? url_error(act->arg_str) : fqdn_error(act->arg_str, strlen(act->arg_str));
	if (why)
		hook_err(c, act->param_loc[url ? TP_AP_ARG_URL : TP_AP_ARG_FQDN],
			 "action '%s': %s '%s' is not %s: %s", name, key, act->arg_str,
			 url ? "an http or https URL" : "a host name", why);
}
