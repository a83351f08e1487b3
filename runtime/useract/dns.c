// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * DnsLookup: one query for the name's IPv4 addresses (Tetragon's dnsLookup:
 * LookupIP "ip4", fire and forget), through glibc's resolver with a state of
 * its own: the system's name servers, or the one --dns-server names. Tetragon
 * always asks 1.1.1.1:53; an appliance asks its own resolver.
 */
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <string.h>

#include "perform.h"

int tp_useract__dns_lookup(const char *fqdn, uint32_t server_be, uint16_t port, uint32_t timeout_ms,
			   char *why, size_t whylen)
{
	unsigned char answer[NS_PACKETSZ];
	struct __res_state st;
	int n, secs = (timeout_ms + 999) / 1000;

	memset(&st, 0, sizeof(st));
	if (res_ninit(&st)) {
		snprintf(why, whylen, "the resolver could not start");
		return -1;
	}
	if (server_be) {
		st.nscount = 1;
		memset(&st.nsaddr_list[0], 0, sizeof(st.nsaddr_list[0]));
		st.nsaddr_list[0].sin_family = AF_INET;
		st.nsaddr_list[0].sin_addr.s_addr = server_be;
		st.nsaddr_list[0].sin_port = htons(port);
	}
	st.retrans = secs > 0 ? secs : 1;
	st.retry = 1;
	n = res_nquery(&st, fqdn, ns_c_in, ns_t_a, answer, sizeof(answer));
	if (n < 0)
		snprintf(why, whylen, "%s", hstrerror(st.res_h_errno));
	else
		snprintf(why, whylen, "%d bytes of answer", n);
	res_nclose(&st);
	return n < 0 ? -1 : 0;
}
