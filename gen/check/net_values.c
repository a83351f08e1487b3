// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Network operators and their values: ports, ranges, addresses, CIDRs, names. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "net_values.h"
#include "values.h"
#include "net_names.h"

/* A decimal number of at most 10 digits, the whole of s[0..n). */
static int dec(const char *s, size_t n, uint64_t *out)
{
	size_t i;

	if (!n || n > 10)
		return -EINVAL;
	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		*out = *out * 10 + (uint64_t)(s[i] - '0');
	}
	return 0;
}

static const char *what(enum tp_net_field f)
{
	switch (f) {
	case TP_NF_SPORT:
	case TP_NF_DPORT:
		return "port";
	case TP_NF_PROTOCOL:
		return "protocol";
	case TP_NF_FAMILY:
		return "family";
	case TP_NF_STATE:
		return "state";
	default:
		return "address";
	}
}

static int parse_number(enum tp_net_field f, const char *s, size_t n, const char *q,
			struct tp_net_value *out, char *err, size_t errlen)
{
	uint64_t max = f == TP_NF_STATE ? 255 : 65535, lo = 0, hi = 0;
	const char *colon = memchr(s, ':', n);
	char name[32];
	int num = -1;

	if (!colon && n && n < sizeof(name) && (s[0] < '0' || s[0] > '9')) {
		memcpy(name, s, n);
		name[n] = 0;
		num = f == TP_NF_PROTOCOL ? tp_net_protocol_number(name)
		      : f == TP_NF_FAMILY ? tp_net_family_number(name)
		      : f == TP_NF_STATE  ? tp_net_state_number(name)
					  : -1;
		if (num >= 0) {
			out->lo = out->hi = (uint32_t)num;
			return 0;
		}
	}
	if (colon ? dec(s, (size_t)(colon - s), &lo) ||
			dec(colon + 1, n - (size_t)(colon - s) - 1, &hi)
		  : dec(s, n, &lo)) {
		if (f == TP_NF_SPORT || f == TP_NF_DPORT)
			snprintf(err, errlen, "port '%s' is not a number or a min:max range", q);
		else
			snprintf(err, errlen,
				 "%s '%s' is not a number, a min:max range or a%s %s name", what(f),
				 q, f == TP_NF_STATE ? "" : "n",
				 f == TP_NF_PROTOCOL ? "IPPROTO_"
				 : f == TP_NF_FAMILY ? "AF_"
						     : "TCP_");
		return -EINVAL;
	}
	if (!colon)
		hi = lo;
	if (lo > max || hi > max) {
		snprintf(err, errlen, "%s '%s' is out of range 0 to %u", what(f), q,
			 (unsigned int)max);
		return -EINVAL;
	}
	out->lo = (uint32_t)(lo < hi ? lo : hi);
	out->hi = (uint32_t)(lo < hi ? hi : lo);
	return 0;
}

static int parse_addr(const char *s, size_t n, const char *q, struct tp_net_value *out, char *err,
		      size_t errlen)
{
	const char *slash = memchr(s, '/', n);
	char buf[64];
	uint64_t bits;
	size_t alen = slash ? (size_t)(slash - s) : n, i;

	if (alen >= sizeof(buf))
		goto bad;
	memcpy(buf, s, alen);
	buf[alen] = 0;
	if (inet_pton(AF_INET, buf, out->addr) == 1)
		out->alen = 4;
	else if (inet_pton(AF_INET6, buf, out->addr) == 1)
		out->alen = 16;
	else
		goto bad;
	out->bits = out->alen * 8;
	if (slash) {
		const char *b = slash + 1;
		size_t bn = n - alen - 1;

		/*
		 * as Go's netip.ParsePrefix: decimal, no leading zero, at most the address's bits
		 */
		if (dec(b, bn, &bits) || (bn > 1 && b[0] == '0') ||
		    bits > (uint64_t)out->alen * 8) {
			snprintf(err, errlen, "CIDR '%s' has an invalid prefix length (0 to %d)", q,
				 out->alen * 8);
			return -EINVAL;
		}
		out->bits = (int)bits;
	}
	for (i = 0; i < (size_t)out->alen; i++) {
		int keep = out->bits - 8 * (int)i;

		if (keep <= 0)
			out->addr[i] = 0;
		else if (keep < 8)
			out->addr[i] &= (uint8_t)(0xff00 >> keep);
	}
	return 0;
bad:
	/* Tetragon's docs (getting-started/network.md) fill these in with envsubst from kubectl */
	if (n > 3 && !strncmp(s, "${", 2) && s[n - 1] == '}') {
		snprintf(err, errlen,
			 "'%s' is a Kubernetes template variable (the cluster's pod or service "
			 "CIDR, which Tetragon's examples fill in with envsubst from kubectl): "
			 "write the address or CIDR it stands for",
			 q);
		return -EINVAL;
	}
	snprintf(err, errlen, "'%s' is not an IPv4 or IPv6 address%s", q, slash ? " or CIDR" : "");
	return -EINVAL;
}

int tp_net_value__parse(enum tp_net_field f, const struct tp_value *v, struct tp_net_value *out,
			char *err, size_t errlen)
{
	const char *s = v->str ? v->str : "";
	size_t n = v->str ? v->len : 0;
	char q[80];

	memset(out, 0, sizeof(*out));
	tp_value__quote(v, q, sizeof(q));
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (memchr(s, '\0', n)) {
		snprintf(err, errlen, "%s '%s' has a NUL byte", what(f), q);
		return -EINVAL;
	}
	if (f == TP_NF_SADDR || f == TP_NF_DADDR)
		return parse_addr(s, n, q, out, err, errlen);
	return parse_number(f, s, n, q, out, err, errlen);
}
