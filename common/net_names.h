/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Names of socket families, types, protocols and TCP states as Tetragon
 * spells them (its pkg/reader/network), both ways, and IP addresses printed
 * the way Go's net.IP.String() prints them. Shared by the JSON printer and
 * the policy checker, so a name a policy may use is a name an event shows.
 */
#ifndef TP_NET_NAMES_H
#define TP_NET_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include <tp/arg_blobs.h>

/* "AF_INET" for 2; NULL for a number without a name. */
const char *tp_net_family_name(unsigned int family);
/* "SOCK_STREAM" for 1; NULL for a number without a name. */
const char *tp_net_type_name(unsigned int type);
/* "IPPROTO_TCP" for 6; NULL for a number without a name. */
const char *tp_net_protocol_name(unsigned int proto);
/* "TCP_ESTABLISHED" for 1; NULL for a number without a name. */
const char *tp_net_state_name(unsigned int state);

/* The number of an exact name ("AF_INET6", "IPPROTO_UDP", "TCP_CLOSE"), or -1. */
int tp_net_family_number(const char *name);
int tp_net_protocol_number(const char *name);
int tp_net_state_number(const char *name);

/*
 * Write addr (4 or 16 bytes, network order) to buf as Go's net.IP.String()
 * does: dotted quad for IPv4 and IPv4-mapped IPv6, else RFC 5952 (lowercase
 * hex, the longest run of two or more zero groups as "::"). buf needs 46 bytes.
 */
void tp_net_ip_str(const uint8_t *addr, size_t len, char *buf, size_t size);

#endif /* TP_NET_NAMES_H */
